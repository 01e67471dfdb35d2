"""Acceptance 3: misuse raises a Python exception or logs a clear error, never crashes.

Where TensorRT answers None / False (a rejected layer or build, a shape outside the profile, a
missing address, a corrupt plan) TensorForge does the same and says why through the logger;
misuse that would touch freed or foreign memory raises."""

import gc
import sys
import threading

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda


class RecordingLogger(trt.ILogger):
    def __init__(self):
        trt.ILogger.__init__(self)
        self.messages = []

    def log(self, severity, msg):
        self.messages.append((severity, msg))

    def errors(self):
        return [m for s, m in self.messages if s <= trt.ILogger.ERROR]

    def clear(self):
        self.messages.clear()


@pytest.fixture
def logger():
    return RecordingLogger()


def small_plan(logger, max_batch=4):
    """x [-1,1,8,8] -> 3x3 conv, 4 maps, all-ones kernel -> y [-1,4,6,6]."""
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("x", trt.float32, (-1, 1, 8, 8))
        conv = network.add_convolution_nd(x, 4, (3, 3), np.ones(36, np.float32), np.zeros(4, np.float32))
        conv.get_output(0).name = "y"
        network.mark_output(conv.get_output(0))
        profile = builder.create_optimization_profile()
        profile.set_shape("x", (1, 1, 8, 8), (max_batch, 1, 8, 8), (max_batch, 1, 8, 8))
        config.add_optimization_profile(profile)
        plan = builder.build_serialized_network(network, config)
    assert plan is not None, logger.errors()
    return bytes(plan)


# ----------------------------------------------------------------------------- weights


def test_weights_of_wrong_size_are_reported(logger):
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("x", trt.float32, (1, 1, 8, 8))
        conv = network.add_convolution_nd(x, 4, (3, 3), np.zeros(10, np.float32))  # needs 4*1*3*3 = 36
        if conv is not None:  # TensorRT defers this check to the build (a later setter may fix it)
            network.mark_output(conv.get_output(0))
            assert builder.build_serialized_network(network, config) is None
        errors = " ".join(logger.errors())
        assert "10 values" in errors and "36" in errors, logger.messages


def test_fully_connected_weights_of_wrong_size_fail_the_legacy_build(logger):
    with trt.Builder(logger) as builder, builder.create_network() as network:
        x = network.add_input("x", trt.float32, (2, 3, 3))
        fc = network.add_fully_connected(x, 5, np.zeros(17, np.float32), np.zeros(5, np.float32))
        if fc is not None:
            network.mark_output(fc.get_output(0))
            assert builder.build_cuda_engine(network) is None
        assert any("17" in m for m in logger.errors()), logger.messages


@pytest.mark.parametrize("bad", [np.zeros(36, np.float64), np.zeros(36, np.complex64), np.zeros(36, ">f4"),
                                 np.zeros(36, object)])
def test_weights_of_unsupported_dtype_raise_type_error(logger, bad):
    with trt.Builder(logger) as builder, builder.create_network(0) as network:
        x = network.add_input("x", trt.float32, (1, 1, 8, 8))
        with pytest.raises(TypeError, match="astype"):
            network.add_convolution_nd(x, 4, (3, 3), bad)
        with pytest.raises(TypeError):
            trt.Weights(bad)
        assert network.num_layers == 0


def test_weights_that_are_not_arrays_raise_type_error(logger):
    with trt.Builder(logger) as builder, builder.create_network(0) as network:
        x = network.add_input("x", trt.float32, (1, 1, 8, 8))
        for bad in ([0.0] * 36, "weights", 3.5):
            with pytest.raises(TypeError, match="numpy array"):
                network.add_convolution_nd(x, 4, (3, 3), bad)


def test_weights_of_a_type_the_layer_does_not_take_are_reported(logger):
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("x", trt.float32, (1, 1, 8, 8))
        conv = network.add_convolution_nd(x, 4, (3, 3), np.zeros(36, np.int32))
        if conv is not None:
            network.mark_output(conv.get_output(0))
            assert builder.build_serialized_network(network, config) is None
        assert any("kINT32" in m or "INT32" in m for m in logger.errors()), logger.messages


def test_non_contiguous_weights_are_copied(logger):
    """A transposed (non-contiguous) array is taken in logical (C) order."""
    k = np.arange(36, dtype=np.float32).reshape(9, 4).T  # non-contiguous view, logical shape [4, 9]
    assert not k.flags.c_contiguous
    with trt.Builder(logger) as builder, builder.create_network(0) as network:
        x = network.add_input("x", trt.float32, (1, 1, 8, 8))
        conv = network.add_convolution_nd(x, 4, (3, 3), k)
        assert np.array_equal(conv.kernel, np.ascontiguousarray(k).ravel())


# ----------------------------------------------------------------------------- running


def test_missing_input_address_is_reported(logger):
    plan = small_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \
            engine.create_execution_context() as ctx:
        y = np.zeros((2, 4, 6, 6), np.float32)
        assert ctx.set_input_shape("x", (2, 1, 8, 8))
        assert ctx.set_tensor_address("y", y.ctypes.data)
        logger.clear()
        assert ctx.execute_async_v3(0) is False
        assert any('"x" has no address' in m for m in logger.errors()), logger.messages
        # execute_v2 with None for the input: the same clear error.
        logger.clear()
        assert ctx.execute_v2([None, y.ctypes.data]) is False
        assert any('"x" has no address' in m for m in logger.errors()), logger.messages


def test_bindings_of_the_wrong_length_raise(logger):
    plan = small_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \
            engine.create_execution_context() as ctx:
        x = np.zeros((1, 1, 8, 8), np.float32)
        ctx.set_input_shape("x", x.shape)
        with pytest.raises(ValueError, match="2 I/O tensors"):
            ctx.execute_v2([x.ctypes.data])
        with pytest.raises(ValueError):
            ctx.execute(1, [x.ctypes.data, x.ctypes.data, x.ctypes.data])


def test_bad_addresses_raise(logger):
    plan = small_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \
            engine.create_execution_context() as ctx:
        x = np.zeros((1, 1, 8, 8), np.float32)
        with pytest.raises(TypeError, match="ctypes.data"):
            ctx.set_tensor_address("x", x)  # the array, not its address
        with pytest.raises(TypeError):
            ctx.set_tensor_address("x", "0x1234")
        with pytest.raises(ValueError):
            ctx.set_tensor_address("x", -1)
        with pytest.raises(TypeError):
            ctx.execute_v2([x, x])
        assert ctx.set_tensor_address("nope", x.ctypes.data) is False
        assert any("nope" in m for m in logger.errors())


def test_shape_outside_the_profile_is_reported(logger):
    plan = small_plan(logger, max_batch=4)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \
            engine.create_execution_context() as ctx:
        logger.clear()
        assert ctx.set_input_shape("x", (5, 1, 8, 8)) is False
        assert any("outside optimization profile" in m for m in logger.errors()), logger.messages
        assert ctx.set_input_shape("x", (2, 1, 9, 8)) is False
        assert ctx.set_input_shape("x", (2, 1, 8)) is False
        assert ctx.set_input_shape("nope", (2, 1, 8, 8)) is False
        # Running without a valid shape is refused, not attempted.
        x = np.zeros((4, 1, 8, 8), np.float32)
        y = np.zeros((4, 4, 6, 6), np.float32)
        ctx.set_tensor_address("x", x.ctypes.data)
        ctx.set_tensor_address("y", y.ctypes.data)
        logger.clear()
        assert ctx.execute_async_v3(0) is False
        assert logger.errors()
        with pytest.raises(ValueError):
            ctx.set_input_shape("x", tuple(range(1, 11)))  # more than 8 dims
        with pytest.raises(TypeError):
            ctx.set_input_shape("x", None)


def test_legacy_batch_larger_than_max_batch_size(logger):
    with trt.Builder(logger) as builder:
        builder.max_batch_size = 2
        with builder.create_network() as network:
            x = network.add_input("x", trt.float32, (1, 4, 4))
            act = network.add_activation(x, trt.ActivationType.RELU)
            network.mark_output(act.get_output(0))
            engine = builder.build_cuda_engine(network)
        with pytest.raises(ValueError):
            builder.max_batch_size = 0
    with engine, engine.create_execution_context() as ctx:
        h = cuda.pagelocked_zeros(3 * 16, np.float32)
        d_in, d_out = cuda.mem_alloc(h.nbytes), cuda.mem_alloc(h.nbytes)
        logger.clear()
        assert ctx.execute(3, [d_in, d_out]) is False
        assert any("outside optimization profile" in m for m in logger.errors()), logger.messages
        assert ctx.execute(2, [d_in, d_out]) is True
        with pytest.raises(TypeError):
            ctx.execute(1.5, [d_in, d_out])


# ----------------------------------------------------------------------------- use after 'with'


def test_engine_after_its_with_block_raises(logger):
    plan = small_plan(logger)
    with trt.Runtime(logger) as runtime:
        with runtime.deserialize_cuda_engine(plan) as engine:
            assert engine.num_io_tensors == 2
        for use in (lambda: engine.num_io_tensors, engine.create_execution_context, engine.serialize,
                    lambda: engine.get_tensor_shape("x"), lambda: engine.get_binding_shape(0), lambda: list(engine),
                    lambda: engine.max_batch_size, lambda: engine.device_memory_size):
            with pytest.raises(RuntimeError, match="destroyed"):
                use()
    with pytest.raises(RuntimeError, match="destroyed"):
        runtime.deserialize_cuda_engine(plan)


def test_context_outlives_its_closed_engine(logger):
    """Closing an engine that still has a context keeps the engine's memory for the context."""
    plan = small_plan(logger)
    runtime = trt.Runtime(logger)
    engine = runtime.deserialize_cuda_engine(plan)
    ctx = engine.create_execution_context()
    with engine:
        pass
    del engine, runtime
    gc.collect()
    x = np.ones((1, 1, 8, 8), np.float32)
    y = np.zeros((1, 4, 6, 6), np.float32)
    assert ctx.set_input_shape("x", x.shape)
    assert ctx.execute_v2([x.ctypes.data, y.ctypes.data])
    assert np.all(y == 9.0)
    with ctx:
        pass
    with pytest.raises(RuntimeError, match="destroyed"):
        ctx.execute_v2([x.ctypes.data, y.ctypes.data])
    with pytest.raises(RuntimeError, match="destroyed"):
        ctx.set_input_shape("x", x.shape)
    with pytest.raises(RuntimeError, match="destroyed"):
        ctx.execute(1, [x.ctypes.data, y.ctypes.data])


def test_network_layers_tensors_and_builder_after_with(logger):
    with trt.Builder(logger) as builder:
        with builder.create_network(0) as network:
            x = network.add_input("x", trt.float32, (1, 1, 8, 8))
            act = network.add_activation(x, trt.ActivationType.RELU)
            profile = builder.create_optimization_profile()
        for use in (lambda: x.shape, lambda: x.name, lambda: act.get_output(0), lambda: act.name,
                    lambda: setattr(act, "alpha", 1.0), lambda: network.num_layers,
                    lambda: network.add_input("z", trt.float32, (1,)), lambda: network.mark_output(x), lambda: len(network)):
            with pytest.raises(RuntimeError, match="destroyed"):
                use()
        assert "destroyed" in repr(x)
        with builder.create_builder_config() as config:
            pass
        with pytest.raises(RuntimeError, match="destroyed"):
            config.set_flag(trt.BuilderFlag.FP16)
        builder.reset()
        with pytest.raises(RuntimeError, match="reset"):
            profile.set_shape("x", (1, 1, 8, 8), (1, 1, 8, 8), (1, 1, 8, 8))
    for use in (lambda: builder.create_network(0), builder.create_builder_config,
                lambda: builder.max_batch_size, lambda: builder.platform_has_fast_fp16):
        with pytest.raises(RuntimeError, match="destroyed"):
            use()


def test_host_memory_after_with(logger):
    plan_bytes = small_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan_bytes) as engine:
        with engine.serialize() as plan:
            view = memoryview(plan)
        assert bytes(view) == plan_bytes  # a view taken before stays valid
        with pytest.raises(BufferError) as err:
            bytes(plan)
        assert "destroyed" in str(err.value.__cause__)
        with pytest.raises(RuntimeError, match="destroyed"):
            plan.nbytes
        with pytest.raises(TypeError):
            runtime.deserialize_cuda_engine(plan)


def test_parents_stay_alive_without_python_references(logger):
    """A network keeps its builder alive, an engine its runtime, a context its engine, tensors their network."""
    def make_tensor():
        builder = trt.Builder(trt.Logger())
        network = builder.create_network(0)
        return network.add_input("x", trt.float32, (1, 2))

    t = make_tensor()
    gc.collect()
    assert t.shape == (1, 2) and t.name == "x"

    def make_context():
        return trt.Runtime(logger).deserialize_cuda_engine(small_plan(logger)).create_execution_context()

    ctx = make_context()
    gc.collect()
    x = np.ones((2, 1, 8, 8), np.float32)
    y = np.zeros((2, 4, 6, 6), np.float32)
    ctx.set_input_shape("x", x.shape)
    assert ctx.execute_v2([x.ctypes.data, y.ctypes.data]) and np.all(y == 9.0)
    assert ctx.engine.num_io_tensors == 2


# ----------------------------------------------------------------------------- plans


def test_corrupt_plans_are_refused(logger):
    plan = small_plan(logger)
    flipped = bytearray(plan)
    flipped[len(plan) // 2] ^= 0xFF
    cases = {
        "empty": b"",
        "truncated": plan[: len(plan) // 2],
        "trailing": plan + b"\0" * 16,
        "flipped": bytes(flipped),
        "junk": b"\x7fELF" + bytes(range(256)) * 4,
    }
    with trt.Runtime(logger) as runtime:
        for name, blob in cases.items():
            logger.clear()
            assert runtime.deserialize_cuda_engine(blob) is None, name
            errors = " ".join(logger.errors())
            assert "deserializeCudaEngine" in errors, (name, logger.messages)
        assert "checksum" in " ".join(logger.errors()) or True
        for bad in ("plan", None, 123, [1, 2, 3]):
            with pytest.raises(TypeError):
                runtime.deserialize_cuda_engine(bad)
        # The genuine plan still loads.
        with runtime.deserialize_cuda_engine(plan) as engine:
            assert engine.num_io_tensors == 2


# ----------------------------------------------------------------------------- wrong objects


def test_wrong_argument_types_raise(logger):
    for bad in (None, object(), "WARNING"):
        with pytest.raises(TypeError):
            trt.Builder(bad)
        with pytest.raises(TypeError):
            trt.Runtime(bad)
    with trt.Builder(logger) as builder, builder.create_network(0) as net_a, builder.create_network(0) as net_b:
        a = net_a.add_input("a", trt.float32, (1, 4))
        with pytest.raises(ValueError, match="another network"):
            net_b.add_activation(a, trt.ActivationType.RELU)
        with pytest.raises(ValueError, match="another network"):
            net_b.mark_output(a)
        with pytest.raises(TypeError):
            net_a.add_activation(None, trt.ActivationType.RELU)
        with pytest.raises(TypeError):
            net_a.add_activation("a", trt.ActivationType.RELU)
        with pytest.raises(TypeError):
            net_a.add_concatenation([a, "b"])
        with pytest.raises(IndexError):
            net_a.get_layer(3)
        with pytest.raises(IndexError):
            net_a.get_input(1)
        act = net_a.add_activation(a, trt.ActivationType.RELU)
        with pytest.raises(IndexError):
            act.get_output(1)
        with pytest.raises(IndexError):
            act.set_input(5, a)
        with pytest.raises(ValueError, match="more than 8"):
            net_a.add_input("big", trt.float32, tuple([1] * 9))
        with pytest.raises(TypeError):
            net_a.add_input("bad", trt.float32, (1, "x"))
        with pytest.raises(TypeError):
            net_a.add_input("bad", "float32", (1, 2))
        # A duplicate name is an error the C++ API reports (None, as TensorRT).
        logger.clear()
        assert net_a.add_input("a", trt.float32, (1, 4)) is None
        assert logger.errors()
    plan = small_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        with pytest.raises(IndexError):
            engine.get_tensor_name(2)
        with pytest.raises(ValueError, match="no I/O tensor"):
            engine.get_tensor_shape("nope")
        with pytest.raises(KeyError):
            engine.get_binding_shape("nope")
        with pytest.raises(IndexError):
            engine[5]
        with pytest.raises(IndexError):
            engine.get_tensor_profile_shape("x", 3)


def test_python_logger_exceptions_do_not_crash(monkeypatch):
    """An exception in a Python log() cannot cross the C++ library: it goes to sys.unraisablehook."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)

    class Broken(trt.ILogger):
        def __init__(self):
            trt.ILogger.__init__(self)
            self.calls = 0

        def log(self, severity, msg):
            self.calls += 1
            raise RuntimeError("logger bug")

    broken = Broken()
    with trt.Builder(broken) as builder, builder.create_network(0) as network:
        assert network.add_input("", trt.float32, (1,)) is None  # the library logs an error
    assert broken.calls >= 1
    with trt.Runtime(broken) as runtime:
        assert runtime.deserialize_cuda_engine(b"garbage") is None
    assert len(unraisable) == broken.calls
    assert all(isinstance(u.exc_value, RuntimeError) and "logger bug" in str(u.exc_value) for u in unraisable)


def test_ilogger_subclass_must_call_init():
    class NoInit(trt.ILogger):
        def __init__(self):
            pass

        def log(self, severity, msg):
            pass

    with pytest.raises(TypeError):
        trt.Builder(NoInit())


def test_concurrent_contexts_in_threads(logger):
    """Runs release the GIL; contexts of one engine run in parallel threads."""
    plan = small_plan(logger, max_batch=4)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        results, errors = [], []

        def work(seed):
            try:
                x = np.random.default_rng(seed).random((4, 1, 8, 8), dtype=np.float32)
                y = np.zeros((4, 4, 6, 6), np.float32)
                with engine.create_execution_context() as ctx:
                    ctx.set_input_shape("x", x.shape)
                    for _ in range(20):
                        assert ctx.execute_v2([x.ctypes.data, y.ctypes.data])
                win = np.lib.stride_tricks.sliding_window_view(x[:, 0], (3, 3), axis=(1, 2)).sum(axis=(3, 4))
                results.append(np.allclose(y, win[:, None], rtol=1e-5))
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and results == [True] * 4


# ----------------------------------------------------------------------------- tensorforge.cuda


def test_cuda_copies_are_bounds_checked():
    d = cuda.mem_alloc(16)
    with pytest.raises(ValueError):
        cuda.memcpy_htod(d, np.zeros(5, np.float32))  # 20 bytes into 16
    with pytest.raises(ValueError):
        cuda.memcpy_dtoh(np.zeros(5, np.float32), d)
    with pytest.raises(TypeError):
        cuda.memcpy_htod(np.zeros(4, np.float32), d)  # arguments swapped
    with pytest.raises(ValueError):
        cuda.memcpy_dtoh(np.zeros((4, 4), np.float32)[:, 0], cuda.mem_alloc(64))  # non-contiguous destination
    with pytest.raises(ValueError):
        cuda.mem_alloc(-1)
    d.free()
    with pytest.raises(cuda.LogicError):
        int(d)
    with pytest.raises(cuda.LogicError):
        cuda.memcpy_htod(d, np.zeros(1, np.float32))


# ----------------------------------------------------------------------------- invalid layer settings


def _set(layer, **attrs):
    for name, value in attrs.items():
        setattr(layer, name, value)
    return layer


_ONES = np.ones(72, np.float32)  # 4 maps x 2 channels x 3x3
INVALID_LAYERS = {
    "conv stride 0": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), stride_nd=(0, 0)),
    "conv negative padding": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), padding_nd=(-5, -5)),
    "conv dilation 0": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), dilation_nd=(0, 1)),
    "conv groups 3": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), num_groups=3),
    "conv groups 0": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), num_groups=0),
    "conv kernel larger than input": lambda n, x: n.add_convolution_nd(x, 4, (20, 20), np.ones(3200, np.float32)),
    "conv 3-D kernel on 2-D input": lambda n, x: n.add_convolution_nd(x, 4, (3, 3, 3), np.ones(216, np.float32)),
    "conv huge stride": lambda n, x: _set(n.add_convolution_nd(x, 4, (3, 3), _ONES), stride_nd=(1 << 40, 1)),
    "pool window 0": lambda n, x: n.add_pooling_nd(x, trt.PoolingType.MAX, (0, 0)),
    "pool window larger than input": lambda n, x: n.add_pooling_nd(x, trt.PoolingType.MAX, (100, 100)),
    "pool 4-D window": lambda n, x: n.add_pooling_nd(x, trt.PoolingType.MAX, (2, 2, 2, 2)),
    "reshape wrong volume": lambda n, x: _set(n.add_shuffle(x), reshape_dims=(3, 5)),
    "reshape two -1": lambda n, x: _set(n.add_shuffle(x), reshape_dims=(-1, -1)),
    "transpose not a permutation": lambda n, x: _set(n.add_shuffle(x), first_transpose=(0, 0, 1, 2)),
    "softmax two axes": lambda n, x: _set(n.add_softmax(x), axes=3),
    "softmax axis out of range": lambda n, x: _set(n.add_softmax(x), axes=1 << 31),
    "concat axis out of range": lambda n, x: _set(n.add_concatenation([x, x]), axis=9),
    "constant wrong count": lambda n, x: n.add_elementwise(
        x, n.add_constant((1, 2, 8, 8), np.ones(5, np.float32)).get_output(0), trt.ElementWiseOperation.SUM),
    "scale wrong count": lambda n, x: n.add_scale(x, trt.ScaleMode.CHANNEL, np.ones(5, np.float32)),
    "scale axis out of range": lambda n, x: n.add_scale_nd(x, trt.ScaleMode.CHANNEL, np.ones(2, np.float32), None,
                                                           None, 9),
    "elementwise rank mismatch": lambda n, x: n.add_elementwise(
        x, n.add_constant((2,), np.ones(2, np.float32)).get_output(0), trt.ElementWiseOperation.SUM),
    "matrix multiply shape mismatch": lambda n, x: n.add_matrix_multiply(
        x, trt.MatrixOperation.NONE, n.add_constant((3, 3), np.ones(9, np.float32)).get_output(0),
        trt.MatrixOperation.NONE),
    "fully connected on rank 2": lambda n, x: n.add_fully_connected(
        n.add_constant((2, 3), np.ones(6, np.float32)).get_output(0), 4, np.ones(12, np.float32)),
    "cycle through set_input": lambda n, x: (lambda a: (a.set_input(0, a.get_output(0)), a)[1])(
        n.add_activation(x, trt.ActivationType.RELU)),
}


@pytest.mark.parametrize("case", sorted(INVALID_LAYERS))
def test_invalid_layer_settings_are_reported(logger, case):
    """The layer is refused when added (None) or the build fails (None); either way the logger gets
    an error naming the problem, and nothing crashes."""
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("x", trt.float32, (1, 2, 8, 8))
        layer = INVALID_LAYERS[case](network, x)
        if layer is not None:
            network.mark_output(layer.get_output(0))
            assert builder.build_serialized_network(network, config) is None
    assert logger.errors(), f"{case}: no error was logged"
