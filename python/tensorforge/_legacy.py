"""The legacy Python API of TensorRT 5-7 (and the TensorRT 8 names removed in 10), as thin shims
over the current API.

Implicit batch: ``builder.create_network()`` without flags gives a network whose shapes exclude the
batch dimension. Underneath it is a C++ network created with ``kIMPLICIT_BATCH_LEGACY`` whose inputs
have a leading ``-1`` dimension (added by ``add_input`` and hidden by ``ITensor.shape``; axes of
softmax, concatenation, scale, shuffle and constant layers are shifted by one, see
python/src/network.cpp). ``builder.max_batch_size`` is ``IBuilder::setMaxBatchSize``; when the
network is built it also becomes an optimization profile (batch 1 .. max_batch_size, tuned for
max_batch_size) unless the config already has one. ``context.execute(batch_size, bindings)`` sets
every input's shape to that batch and runs ``execute_v2``.

The engine records both (``ICudaEngine::hasImplicitBatchDimension`` / ``getMaxBatchSize``, kept in
the plan), so an engine loaded with ``Runtime.deserialize_cuda_engine`` behaves exactly like the one
built: ``has_implicit_batch_dimension``, ``max_batch_size``, ``get_binding_shape`` (without the batch
dimension) and ``execute(batch_size, ...)`` read them from the C++ engine.

Added here:

- ``Builder.build_cuda_engine(network)``, ``Builder.build_engine(network, config)``
  (``max_batch_size``, ``max_workspace_size``, ``fp16_mode``, ``int8_mode`` are Builder properties);
- ``ICudaEngine``: ``num_bindings``, ``get_binding_name``, ``get_binding_index``,
  ``binding_is_input``, ``get_binding_shape``, ``get_binding_dtype``, ``get_profile_shape``,
  ``len(engine)``, ``engine[i]`` (name), ``engine[name]`` (index), ``for name in engine``;
- ``IExecutionContext``: ``execute(batch_size, bindings)``, ``execute_async(batch_size, bindings,
  stream_handle)``, ``execute_async_v2(bindings, stream_handle)``, ``get_binding_shape``,
  ``set_binding_shape``, ``all_binding_shapes_specified``.

A binding is an I/O tensor index (engine order: ``get_tensor_name(i)``) or its name.
"""

from __future__ import annotations

import typing

from ._tensorforge import (
    Builder,
    BuilderFlag,
    DataType,
    Dims,
    ICudaEngine,
    IExecutionContext,
    INetworkDefinition,
    IBuilderConfig,
    MemoryPoolType,
    TensorIOMode,
)

# ----------------------------------------------------------------------------- Builder


def _build_engine(self: Builder, network: INetworkDefinition, config: IBuilderConfig) -> ICudaEngine | None:
    """Legacy (TensorRT 8): builds the network with config and returns the ICudaEngine, or None
    if the build failed (the logger says why). Same as build_engine_with_config."""
    return self.build_engine_with_config(network, config)


def _build_cuda_engine(self: Builder, network: INetworkDefinition) -> ICudaEngine | None:
    """Legacy (TensorRT <= 7): builds the network with the builder's legacy settings
    (max_batch_size, max_workspace_size, fp16_mode, int8_mode) and returns the ICudaEngine,
    or None if the build failed (the logger says why)."""
    with self.create_builder_config() as config:
        if self.max_workspace_size:
            config.set_memory_pool_limit(MemoryPoolType.WORKSPACE, self.max_workspace_size)
        if self.fp16_mode:
            config.set_flag(BuilderFlag.FP16)
        if self.int8_mode:
            config.set_flag(BuilderFlag.INT8)
        return self.build_engine_with_config(network, config)


Builder.build_engine = _build_engine
Builder.build_cuda_engine = _build_cuda_engine

# ----------------------------------------------------------------------------- ICudaEngine


def _binding_name(engine, binding):
    """Name of a binding given by index or name; raises IndexError / KeyError / TypeError."""
    if isinstance(binding, str):
        if engine.get_tensor_mode(binding) == TensorIOMode.NONE:
            raise KeyError(f"the engine has no binding named {binding!r}")
        return binding
    try:
        index = binding.__index__()
    except AttributeError:
        raise TypeError(f"a binding is an int index or a str name, not {type(binding).__name__}") from None
    n = engine.num_io_tensors
    if index < 0 or index >= n:
        raise IndexError(f"binding index {index} out of range [0, {n})")
    return engine.get_tensor_name(index)


def _drop_batch(shape):
    return Dims(tuple(shape)[1:])


def _engine_num_bindings(self: ICudaEngine) -> int:
    """Legacy: number of bindings (num_io_tensors)."""
    return self.num_io_tensors


def _engine_get_binding_name(self: ICudaEngine, index: int) -> str:
    """Legacy: name of binding index (get_tensor_name)."""
    return _binding_name(self, index)


def _engine_get_binding_index(self: ICudaEngine, name: str) -> int:
    """Legacy: index of the binding named name, or -1."""
    for i in range(self.num_io_tensors):
        if self.get_tensor_name(i) == name:
            return i
    return -1


def _engine_binding_is_input(self: ICudaEngine, binding: int | str) -> bool:
    """Legacy: whether a binding (index or name) is an input."""
    return self.get_tensor_mode(_binding_name(self, binding)) == TensorIOMode.INPUT


def _engine_get_binding_shape(self: ICudaEngine, binding: int | str) -> Dims:
    """Legacy: shape of a binding; for an implicit-batch engine without the batch dimension."""
    shape = self.get_tensor_shape(_binding_name(self, binding))
    return _drop_batch(shape) if self.has_implicit_batch_dimension else shape


def _engine_get_binding_dtype(self: ICudaEngine, binding: int | str) -> DataType:
    """Legacy: DataType of a binding."""
    return self.get_tensor_dtype(_binding_name(self, binding))


def _engine_get_profile_shape(self: ICudaEngine, profile_index: int, binding: int | str) -> list[Dims]:
    """Legacy: [min, opt, max] shapes of an input binding in a profile."""
    return self.get_tensor_profile_shape(_binding_name(self, binding), profile_index)


def _engine_len(self: ICudaEngine) -> int:
    return self.num_io_tensors


def _engine_getitem(self: ICudaEngine, key: int | str) -> str | int:
    """engine[i] is the name of binding i; engine[name] is the index of binding name."""
    if isinstance(key, str):
        index = _engine_get_binding_index(self, key)
        if index < 0:
            raise KeyError(f"the engine has no binding named {key!r}")
        return index
    return _binding_name(self, key)


def _engine_iter(self: ICudaEngine) -> typing.Iterator[str]:
    for i in range(self.num_io_tensors):
        yield self.get_tensor_name(i)


ICudaEngine.num_bindings = property(_engine_num_bindings, doc=_engine_num_bindings.__doc__)
ICudaEngine.get_binding_name = _engine_get_binding_name
ICudaEngine.get_binding_index = _engine_get_binding_index
ICudaEngine.binding_is_input = _engine_binding_is_input
ICudaEngine.get_binding_shape = _engine_get_binding_shape
ICudaEngine.get_binding_dtype = _engine_get_binding_dtype
ICudaEngine.get_profile_shape = _engine_get_profile_shape
ICudaEngine.__len__ = _engine_len
ICudaEngine.__getitem__ = _engine_getitem
ICudaEngine.__iter__ = _engine_iter

# ----------------------------------------------------------------------------- IExecutionContext


def _set_batch(context, batch_size):
    """Sets every input of an implicit-batch engine to batch_size; False (logged) if rejected."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise TypeError(f"batch_size must be an int, not {type(batch_size).__name__}")
    ok = True
    for name, is_input, shape in context._io_tensors():
        if is_input:
            ok = context.set_input_shape(name, (batch_size,) + tuple(shape)[1:]) and ok
    return ok


def _context_execute(self: IExecutionContext, batch_size: int = 1, bindings: typing.Sequence[typing.Any] | None = None) -> bool:
    """Legacy: synchronous run of batch_size samples; bindings[i] is the address of binding i.
    Returns False (the logger says why) if the batch exceeds max_batch_size or an address is missing."""
    if bindings is None:
        raise TypeError("execute() needs bindings: a list with the address of each binding")
    if self._implicit_batch and not _set_batch(self, batch_size):
        return False
    return self.execute_v2(bindings)


def _context_execute_async(self: IExecutionContext, batch_size: int = 1, bindings: typing.Sequence[typing.Any] | None = None,
                           stream_handle: int = 0, input_consumed: typing.Any = None) -> bool:  # noqa: ARG001
    """Legacy: execute() on a stream (on the CPU the run has completed when this returns)."""
    if bindings is None:
        raise TypeError("execute_async() needs bindings: a list with the address of each binding")
    if self._implicit_batch and not _set_batch(self, batch_size):
        return False
    return self.execute_v2(bindings)


def _context_execute_async_v2(self: IExecutionContext, bindings: typing.Sequence[typing.Any], stream_handle: int = 0,
                              input_consumed: typing.Any = None) -> bool:  # noqa: ARG001
    """Legacy (TensorRT 7/8): execute_v2 on a stream (complete when this returns on the CPU)."""
    return self.execute_v2(bindings)


def _context_binding_name(context, binding):
    io = context._io_tensors()
    if isinstance(binding, str):
        for name, _, _ in io:
            if name == binding:
                return name
        raise KeyError(f"the engine has no binding named {binding!r}")
    index = binding.__index__()
    if index < 0 or index >= len(io):
        raise IndexError(f"binding index {index} out of range [0, {len(io)})")
    return io[index][0]


def _context_get_binding_shape(self: IExecutionContext, binding: int | str) -> Dims:
    """Legacy: shape of a binding in this context (get_tensor_shape); without the batch
    dimension for an implicit-batch engine."""
    shape = self.get_tensor_shape(_context_binding_name(self, binding))
    return _drop_batch(shape) if self._implicit_batch else shape


def _context_set_binding_shape(self: IExecutionContext, binding: int | str, shape: typing.Sequence[int]) -> bool:
    """Legacy: set_input_shape for a binding given by index or name."""
    return self.set_input_shape(_context_binding_name(self, binding), shape)


IExecutionContext.execute = _context_execute
IExecutionContext.execute_async = _context_execute_async
IExecutionContext.execute_async_v2 = _context_execute_async_v2
IExecutionContext.get_binding_shape = _context_get_binding_shape
IExecutionContext.set_binding_shape = _context_set_binding_shape
IExecutionContext.all_binding_shapes_specified = property(
    lambda self: self.all_input_dimensions_specified,
    doc="Legacy: all_input_dimensions_specified.",
)
