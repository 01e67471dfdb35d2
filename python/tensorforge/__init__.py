"""TensorForge: a TensorRT-like inference engine, with TensorRT's Python API.

Write ``import tensorforge as trt`` and TensorRT code runs on TensorForge (on the CPU by default)::

    import tensorforge as trt

    logger = trt.Logger(trt.Logger.WARNING)
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \\
            builder.create_builder_config() as config:
        x = network.add_input("data", trt.float32, (-1, 1, 28, 28))
        ...
        plan = builder.build_serialized_network(network, config)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \\
            engine.create_execution_context() as context:
        context.set_input_shape("data", (8, 1, 28, 28))
        context.set_tensor_address("data", int(d_input))
        ...
        context.execute_async_v3(stream.handle)

Both the current API (TensorRT 10) and the legacy one of TensorRT 5-7 (implicit batch,
``builder.max_workspace_size``, ``build_cuda_engine``, bindings, ``context.execute``) work; the
legacy names are thin shims over the current ones (see ``tensorforge._legacy``). The pycuda
subset that TensorRT samples use is ``tensorforge.cuda``.

Errors follow TensorRT: calls that TensorRT answers with None / False (a failed build, a
rejected layer, an input shape outside the profile, a corrupt plan) do the same here and say why
through the logger; misuse that would crash the process (a destroyed object, weights of an
unsupported dtype, a bindings list of the wrong length) raises a Python exception.

Weights are numpy arrays (float32 usually; float16, int8, int32, int64, uint8 and bool are
accepted too). Other dtypes such as float64 raise TypeError: convert with ``.astype(np.float32)``.
The library copies weights when a layer is added, so the arrays need not outlive the call.
"""

from __future__ import annotations

import typing as _typing

import numpy as _np

from . import _tensorforge
from ._tensorforge import (  # noqa: F401  (re-exported API)
    ActivationType,
    Builder,
    BuilderFlag,
    DataType,
    DeviceType,
    Dims,
    Dims2,
    Dims3,
    Dims4,
    DimsHW,
    ElementWiseOperation,
    EngineInspector,
    ErrorCode,
    IActivationLayer,
    ICastLayer,
    IBuilderConfig,
    IConcatenationLayer,
    IConstantLayer,
    IConvolutionLayer,
    ICudaEngine,
    IElementWiseLayer,
    IExecutionContext,
    IFullyConnectedLayer,
    IHostMemory,
    ILayer,
    ILogger,
    IMatrixMultiplyLayer,
    INetworkDefinition,
    IOptimizationProfile,
    IPoolingLayer,
    IProfiler,
    IScaleLayer,
    IShuffleLayer,
    ISoftMaxLayer,
    ITensor,
    ITimingCache,
    LayerInformationFormat,
    LayerType,
    Logger,
    MatrixOperation,
    MemoryPoolType,
    NetworkDefinitionCreationFlag,
    OptProfileSelector,
    PaddingMode,
    PoolingType,
    Profiler,
    ProfilingVerbosity,
    Runtime,
    ScaleMode,
    TacticSource,
    TensorFormat,
    TensorIOMode,
    Weights,
)
from . import _legacy  # noqa: F401  (adds the TensorRT <= 7 methods to the classes above)

__version__ = _tensorforge.__version__

# DataType aliases, as in TensorRT.
float32 = DataType.FLOAT
float16 = DataType.HALF
bfloat16 = DataType.BF16
fp8 = DataType.FP8
int4 = DataType.INT4
int8 = DataType.INT8
int32 = DataType.INT32
int64 = DataType.INT64
uint8 = DataType.UINT8
bool = DataType.BOOL  # noqa: A001  (TensorRT shadows the builtin the same way)

_NPTYPES = {
    DataType.FLOAT: _np.float32,
    DataType.HALF: _np.float16,
    DataType.INT8: _np.int8,
    DataType.INT32: _np.int32,
    DataType.INT64: _np.int64,
    DataType.UINT8: _np.uint8,
    DataType.BOOL: _np.bool_,
}


def nptype(trt_type: DataType) -> type:
    """The numpy type of a DataType: ``nptype(trt.float32) is np.float32``.

    Raises TypeError for types numpy does not have (FP8, BF16, INT4).
    """
    try:
        return _NPTYPES[trt_type]
    except (KeyError, TypeError):
        raise TypeError(f"numpy has no type for {trt_type!r}") from None


def volume(iterable: _typing.Iterable[int]) -> int:
    """Number of elements of a shape: the product of its extents (0 for an empty shape)."""
    vol = 1
    for elem in iterable:
        vol *= elem
    return vol if iterable else 0


def init_libnvinfer_plugins(logger: ILogger, namespace: str) -> bool:  # noqa: ARG001
    """TensorRT's plugin registration; TensorForge has no plugins, so this does nothing."""
    return True


__all__ = [name for name in dir() if not name.startswith("_") and name != "annotations"]
