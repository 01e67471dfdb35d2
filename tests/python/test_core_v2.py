"""The Core v2 bindings: TensorRT 10's enum values (LayerType, TensorFormat, DeviceType, TacticSource),
add_cast / ICastLayer in strongly typed networks, layer precision and output types, I/O tensor
formats, contexts without device memory, and the timing cache."""

import gc
import os
import re

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda

import lenet_common as lc

STRONGLY_TYPED = 1 << int(trt.NetworkDefinitionCreationFlag.STRONGLY_TYPED)
FP16_RTOL = 2.0 ** -11  # one fp16 rounding (10 explicit mantissa bits, round to nearest)

# TensorRT 10.13's LayerType (tensorrt-stubs 10.13.0.35.1, tensorrt.pyi), name -> value.
TRT_LAYER_TYPES = {
    "CONVOLUTION": 0, "CAST": 1, "ACTIVATION": 2, "POOLING": 3, "LRN": 4, "SCALE": 5, "SOFTMAX": 6,
    "DECONVOLUTION": 7, "CONCATENATION": 8, "ELEMENTWISE": 9, "PLUGIN": 10, "UNARY": 11, "PADDING": 12,
    "SHUFFLE": 13, "REDUCE": 14, "TOPK": 15, "GATHER": 16, "MATRIX_MULTIPLY": 17, "RAGGED_SOFTMAX": 18,
    "CONSTANT": 19, "IDENTITY": 20, "PLUGIN_V2": 21, "SLICE": 22, "SHAPE": 23, "PARAMETRIC_RELU": 24,
    "RESIZE": 25, "TRIP_LIMIT": 26, "RECURRENCE": 27, "ITERATOR": 28, "LOOP_OUTPUT": 29, "SELECT": 30,
    "FILL": 31, "QUANTIZE": 32, "DEQUANTIZE": 33, "CONDITION": 34, "CONDITIONAL_INPUT": 35,
    "CONDITIONAL_OUTPUT": 36, "SCATTER": 37, "EINSUM": 38, "ASSERTION": 39, "ONE_HOT": 40, "NON_ZERO": 41,
    "GRID_SAMPLE": 42, "NMS": 43, "REVERSE_SEQUENCE": 44, "NORMALIZATION": 45, "PLUGIN_V3": 46,
    "SQUEEZE": 47, "UNSQUEEZE": 48, "CUMULATIVE": 49, "DYNAMIC_QUANTIZE": 50,
}
TRT_TENSOR_FORMATS = {
    "LINEAR": 0, "CHW2": 1, "HWC8": 2, "CHW4": 3, "CHW16": 4, "CHW32": 5, "DHWC8": 6, "CDHW32": 7, "HWC": 8,
    "DLA_LINEAR": 9, "DLA_HWC4": 10, "HWC16": 11, "DHWC": 12,
}
# Where TensorForge documents a different value or a name of its own.
TFORGE_LAYER_TYPES = {"FULLY_CONNECTED": 1000}  # TensorRT <= 9's layer; TensorRT 10 gave its value 1 to CAST

# TensorRT's Python stubs (PyPI tensorrt-stubs), when present: the tables above are checked against them.
TRT_STUBS = os.environ.get("TFORGE_TRT_STUBS", "/tmp/trtstubs/tensorrt_bindings/tensorrt.pyi")


class RecordingLogger(trt.ILogger):
    def __init__(self):
        trt.ILogger.__init__(self)
        self.messages = []

    def log(self, severity, msg):
        self.messages.append((severity, msg))

    def errors(self):
        return [m for s, m in self.messages if s <= trt.ILogger.ERROR]

    def warnings(self):
        return [m for s, m in self.messages if s == trt.ILogger.WARNING]

    def saw(self, text):
        return any(text in m for _, m in self.messages)


@pytest.fixture
def logger():
    return RecordingLogger()


def members(enum):
    return {name: int(value) for name, value in enum.__members__.items()}


def build_engine(logger, network_fn, flags=0, config_fn=None):
    """Builds network_fn(network) and loads the plan in a Runtime; None if the build failed."""
    with trt.Builder(logger) as builder, builder.create_network(flags) as network, \
            builder.create_builder_config() as config:
        network_fn(network)
        if config_fn:
            config_fn(config)
        plan = builder.build_serialized_network(network, config)
    if plan is None:
        return None
    return trt.Runtime(logger).deserialize_cuda_engine(plan)


def run(engine, inputs, context=None):
    """execute_v2 with numpy buffers; {output name: array of the engine's dtype and shape}."""
    own = context is None
    context = context or engine.create_execution_context()
    try:
        names = [engine.get_tensor_name(i) for i in range(engine.num_io_tensors)]
        buffers = {}
        for name in names:
            if engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
                buffers[name] = np.ascontiguousarray(inputs[name])
                assert buffers[name].dtype == trt.nptype(engine.get_tensor_dtype(name))
                assert context.set_input_shape(name, buffers[name].shape)
        outputs = {name: np.zeros(tuple(context.get_tensor_shape(name)), trt.nptype(engine.get_tensor_dtype(name)))
                   for name in names if name not in buffers}
        buffers.update(outputs)
        assert context.execute_v2([buffers[name].ctypes.data for name in names])
        return outputs
    finally:
        if own:
            context.__exit__(None, None, None)


# ----------------------------------------------------------------------------- enums


def test_layer_type_has_every_tensorrt_value():
    ours = members(trt.LayerType)
    for name, value in TRT_LAYER_TYPES.items():
        assert name in ours, f"LayerType.{name} (TensorRT {value}) is missing"
        assert ours[name] == value, f"LayerType.{name} is {ours[name]}, TensorRT's is {value}"
    extra = {n: v for n, v in ours.items() if n not in TRT_LAYER_TYPES}
    assert extra == TFORGE_LAYER_TYPES


def test_other_enum_values():
    assert members(trt.TensorFormat) == TRT_TENSOR_FORMATS
    assert int(trt.DeviceType.GPU) == 0 and int(trt.DeviceType.DLA) == 1
    assert int(trt.DeviceType.CPU) == 2 and int(trt.DeviceType.TEST) == 3
    assert int(trt.TacticSource.TEST) == 18 and int(trt.TacticSource.CPU) == 17
    assert int(trt.TacticSource.REFERENCE) == 16 and int(trt.TacticSource.CUDNN) == 2
    assert int(trt.NetworkDefinitionCreationFlag.STRONGLY_TYPED) == 1
    assert int(trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH) == 0


def _stub_enums(path):
    """{class: {name: value}} of the enums in a pybind11 stub (`NAME: typing.ClassVar[C]  # value = <C.NAME: 3>`)."""
    enums, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"class (\w+)", line)
            if m:
                current = m.group(1)
                continue
            m = re.match(r"\s+(\w+): typing\.ClassVar\[(\w+)\]\s+# value = <\2\.\1: (-?\d+)>", line)
            if m and current == m.group(2):
                enums.setdefault(current, {})[m.group(1)] = int(m.group(3))
    return enums


@pytest.mark.skipif(not os.path.exists(TRT_STUBS), reason=f"TensorRT's stubs not found ({TRT_STUBS}; pip download "
                    "tensorrt-stubs and set TFORGE_TRT_STUBS to its tensorrt_bindings/tensorrt.pyi)")
def test_enums_match_tensorrt_stubs():
    trt_enums = _stub_enums(TRT_STUBS)
    assert trt_enums["LayerType"] == TRT_LAYER_TYPES
    assert trt_enums["TensorFormat"] == TRT_TENSOR_FORMATS
    # Every enum both have: the names they share have TensorRT's values. TensorRT's Python ErrorCode
    # is the ONNX parser's (nvonnxparser::ErrorCode); nvinfer1::ErrorCode, which trt.ErrorCode binds
    # here, is TensorRT's ErrorCodeTRT.
    checked = 0
    for cls, values in trt_enums.items():
        if cls == "ErrorCode":
            continue
        ours = getattr(trt, "ErrorCode" if cls == "ErrorCodeTRT" else cls, None)
        if ours is None or not hasattr(ours, "__members__"):
            continue
        mine = members(ours)
        for name, value in values.items():
            if name in mine:
                assert mine[name] == value, f"{cls}.{name} is {mine[name]}, TensorRT's is {value}"
                checked += 1
    assert checked > 100


# ----------------------------------------------------------------------------- add_cast, strongly typed


def test_cast_round_trip_fp32_fp16_fp32_strongly_typed(logger):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((3, 17)) * np.logspace(-3, 4, 17)).astype(np.float32)
    def net(network):
        assert network.get_flag(trt.NetworkDefinitionCreationFlag.STRONGLY_TYPED)
        inp = network.add_input("x", trt.float32, x.shape)
        to_half = network.add_cast(inp, trt.float16)
        assert isinstance(to_half, trt.ICastLayer) and to_half.type == trt.LayerType.CAST
        assert to_half.to_type == trt.float16
        assert to_half.get_output(0).dtype == trt.float16
        to_float = network.add_cast(to_half.get_output(0), trt.int32)
        to_float.to_type = trt.float32  # settable, and the output type follows
        assert to_float.to_type == trt.float32 and to_float.get_output(0).dtype == trt.float32
        to_float.get_output(0).name = "y"
        network.mark_output(to_float.get_output(0))

    engine = build_engine(logger, net, STRONGLY_TYPED)
    assert engine is not None, logger.errors()
    assert engine.get_tensor_dtype("x") == trt.float32 and engine.get_tensor_dtype("y") == trt.float32
    y = run(engine, {"x": x})["y"]
    np.testing.assert_allclose(y, x, rtol=FP16_RTOL, atol=0)
    assert np.array_equal(y, x.astype(np.float16).astype(np.float32))  # numpy's rounding, exactly
    assert not np.array_equal(y, x)  # it did go through fp16


def test_cast_to_half_output_is_a_half_binding(logger):
    x = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4) * np.float32(1.001)

    def net(network):
        inp = network.add_input("x", trt.float32, x.shape)
        cast = network.add_cast(inp, trt.float16)
        cast.get_output(0).name = "h"
        network.mark_output(cast.get_output(0))

    engine = build_engine(logger, net, STRONGLY_TYPED)
    assert engine is not None, logger.errors()
    assert engine.get_tensor_dtype("h") == trt.float16 and engine.get_binding_dtype(1) == trt.float16
    h = run(engine, {"x": x})["h"]
    assert h.dtype == np.float16
    assert np.array_equal(h, x.astype(np.float16))


def test_strongly_typed_network_refuses_layer_type_controls(logger):
    with trt.Builder(logger) as builder, builder.create_network(STRONGLY_TYPED) as network:
        x = network.add_input("x", trt.float32, (2, 2))
        act = network.add_activation(x, trt.ActivationType.RELU)
        act.precision = trt.float16
        assert not act.precision_is_set and act.precision == trt.float32
        assert any("setPrecision" in e and "strongly typed" in e for e in logger.errors()), logger.messages
        act.set_output_type(0, trt.float16)
        assert not act.output_type_is_set(0) and act.get_output_type(0) == trt.float32
        assert any("setOutputType" in e and "strongly typed" in e for e in logger.errors()), logger.messages


# ----------------------------------------------------------------------------- precision and output types


def test_layer_precision_and_output_type_accessors(logger):
    with trt.Builder(logger) as builder, builder.create_network(0) as network:
        x = network.add_input("x", trt.float32, (2, 2))
        act = network.add_activation(x, trt.ActivationType.RELU)
        assert act.precision == trt.float32 and not act.precision_is_set
        act.precision = trt.float16
        assert act.precision == trt.float16 and act.precision_is_set
        act.reset_precision()
        assert act.precision == trt.float32 and not act.precision_is_set

        assert act.get_output_type(0) == trt.float32 and not act.output_type_is_set(0)
        act.set_output_type(0, trt.float16)
        assert act.get_output_type(0) == trt.float16 and act.output_type_is_set(0)
        assert act.get_output(0).dtype == trt.float16  # later layers see the type
        act.reset_output_type(0)
        assert act.get_output_type(0) == trt.float32 and not act.output_type_is_set(0)
        assert act.get_output(0).dtype == trt.float32
        for method in (act.get_output_type, act.output_type_is_set, act.reset_output_type):
            with pytest.raises(IndexError):
                method(1)
        with pytest.raises(IndexError):
            act.set_output_type(-1, trt.float16)
    assert not logger.errors()


def scaled_network(precision=None, output_type=None, factor=1.0001):
    """y = x * factor (an elementwise PROD with a constant) with the layer's precision / output type set."""
    def net(network):
        x = network.add_input("x", trt.float32, (6,))
        c = network.add_constant((6,), np.full(6, factor, np.float32))
        prod = network.add_elementwise(x, c.get_output(0), trt.ElementWiseOperation.PROD)
        if precision is not None:
            prod.precision = precision
        if output_type is not None:
            prod.set_output_type(0, output_type)
        prod.get_output(0).name = "y"
        network.mark_output(prod.get_output(0))
    return net


X6 = np.array([1.0, 3.14159, 1000.1, -7.77, 0.0001234, 65000.0], np.float32)


def test_precision_half_is_honoured(logger):
    engine = build_engine(logger, scaled_network(precision=trt.float16))
    assert engine is not None, logger.errors()
    assert engine.get_tensor_dtype("y") == trt.float32  # the precision is the math, not the I/O type
    y = run(engine, {"x": X6.copy()})["y"]
    # Computed in fp16: fp16(fp16(x) * fp16(1.0001)), and fp16(1.0001) == 1.
    expect = (X6.astype(np.float16) * np.float16(1.0001)).astype(np.float32)
    assert np.array_equal(y, expect)
    # Without it, fp32 math.
    engine32 = build_engine(logger, scaled_network())
    y32 = run(engine32, {"x": X6.copy()})["y"]
    np.testing.assert_allclose(y32, X6 * np.float32(1.0001), rtol=1e-6)
    assert not np.array_equal(y, y32)


def test_set_output_type_half_makes_a_half_engine_output(logger):
    engine = build_engine(logger, scaled_network(output_type=trt.float16))
    assert engine is not None, logger.errors()
    assert engine.get_tensor_dtype("x") == trt.float32
    assert engine.get_tensor_dtype("y") == trt.float16
    assert trt.nptype(engine.get_binding_dtype("y")) is np.float16
    y = run(engine, {"x": X6.copy()})["y"]
    assert y.dtype == np.float16
    np.testing.assert_allclose(y.astype(np.float32), X6 * np.float32(1.0001), rtol=FP16_RTOL)


def test_precision_no_kernel_can_honour_warns_or_fails_with_obey(logger):
    engine = build_engine(logger, scaled_network(precision=trt.int8))
    assert engine is not None, logger.errors()
    assert any("cannot be honoured" in w for w in logger.warnings()), logger.messages
    np.testing.assert_allclose(run(engine, {"x": X6.copy()})["y"], X6 * np.float32(1.0001), rtol=1e-6)

    strict = RecordingLogger()
    engine = build_engine(strict, scaled_network(precision=trt.int8),
                          config_fn=lambda c: c.set_flag(trt.BuilderFlag.OBEY_PRECISION_CONSTRAINTS))
    assert engine is None
    assert any("cannot be honoured" in e and "ElementWise" in e for e in strict.errors()), strict.messages


# ----------------------------------------------------------------------------- formats, device memory


def small_conv_plan(logger):
    """x [-1,2,8,8] -> conv 3x3 (4 maps) -> relu -> conv 3x3 (2 maps) -> y: activations between layers."""
    rng = np.random.default_rng(3)
    w1, b1 = rng.standard_normal(4 * 2 * 9).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    w2, b2 = rng.standard_normal(2 * 4 * 9).astype(np.float32), rng.standard_normal(2).astype(np.float32)
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("x", trt.float32, (-1, 2, 8, 8))
        c1 = network.add_convolution_nd(x, 4, (3, 3), w1, b1)
        r = network.add_activation(c1.get_output(0), trt.ActivationType.RELU)
        c2 = network.add_convolution_nd(r.get_output(0), 2, (3, 3), w2, b2)
        c2.get_output(0).name = "y"
        network.mark_output(c2.get_output(0))
        profile = builder.create_optimization_profile()
        profile.set_shape("x", (1, 2, 8, 8), (4, 2, 8, 8), (4, 2, 8, 8))
        config.add_optimization_profile(profile)
        plan = builder.build_serialized_network(network, config)
    assert plan is not None, logger.errors()
    return plan


def test_io_tensor_formats_are_linear(logger):
    plan = small_conv_plan(logger)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        for name in ("x", "y"):
            assert engine.get_tensor_format(name) == trt.TensorFormat.LINEAR
            assert engine.get_tensor_format(name, 0) == trt.TensorFormat.LINEAR
        with pytest.raises(ValueError):
            engine.get_tensor_format("nope")
        with pytest.raises(IndexError):
            engine.get_tensor_format("x", 1)


def test_context_without_device_memory(logger):
    plan = small_conv_plan(logger)
    x = np.random.default_rng(4).standard_normal((3, 2, 8, 8)).astype(np.float32)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        size = engine.device_memory_size_v2
        assert size > 0
        expect = run(engine, {"x": x.copy()})["y"]

        with engine.create_execution_context_without_device_memory() as context:
            assert isinstance(context, trt.IExecutionContext)
            # No memory yet: the run is refused and the logger says why.
            logger.messages.clear()
            y = np.zeros((3, 2, 4, 4), np.float32)
            assert context.set_input_shape("x", x.shape)
            assert not context.execute_v2([x.ctypes.data, y.ctypes.data])
            assert any("setDeviceMemoryV2" in e for e in logger.errors()), logger.messages

            with pytest.raises(AttributeError):
                context.device_memory  # noqa: B018  (write-only, as in TensorRT)
            memory = cuda.mem_alloc(size)
            context.device_memory = memory  # TensorRT's property: the size is the engine's
            assert np.array_equal(run(engine, {"x": x.copy()}, context)["y"], expect)

            # set_device_memory(memory, size), TensorRT 10's form, with another buffer.
            other = cuda.mem_alloc(size + 256)
            context.set_device_memory(int(other), size + 256)
            del memory  # the context uses `other` now
            assert np.array_equal(run(engine, {"x": x.copy()}, context)["y"], expect)

            logger.messages.clear()
            context.set_device_memory(int(other), size - 1)
            assert any("bytes given" in e for e in logger.errors()), logger.messages
            logger.messages.clear()
            context.set_device_memory(int(other) + 8, size)
            assert any("aligned" in e for e in logger.errors()), logger.messages
            with pytest.raises(ValueError):
                context.set_device_memory(int(other), -1)

        # A context with its own memory refuses memory given to it.
        with engine.create_execution_context() as context:
            logger.messages.clear()
            context.device_memory = cuda.mem_alloc(size)
            assert any("allocated its own memory" in e for e in logger.errors()), logger.messages


def test_device_memory_is_kept_alive_by_the_context(logger):
    plan = small_conv_plan(logger)
    x = np.ones((1, 2, 8, 8), np.float32)
    with trt.Runtime(logger) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        expect = run(engine, {"x": x.copy()})["y"]
        context = engine.create_execution_context_without_device_memory()
        context.device_memory = cuda.mem_alloc(engine.device_memory_size_v2)  # no other reference
        gc.collect()
        assert np.array_equal(run(engine, {"x": x.copy()}, context)["y"], expect)
        # Memory the context refuses (too small) leaves it on the previous memory, still alive.
        logger.messages.clear()
        context.set_device_memory(cuda.mem_alloc(64), 64)
        assert logger.errors()
        gc.collect()
        assert np.array_equal(run(engine, {"x": x.copy()}, context)["y"], expect)
        context.__exit__(None, None, None)


# ----------------------------------------------------------------------------- timing cache


def lenet_builder_run(weights, logger, cache_fn, opt_level=None):
    """Builds LeNet (batch 1..8) with a timing cache from cache_fn(config); returns (plan bytes, cache)."""
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        lc.populate_network_v10(trt, network, weights)
        if opt_level is not None:
            config.builder_optimization_level = opt_level
        profile = builder.create_optimization_profile()
        profile.set_shape(lc.INPUT_NAME, (1, 1, 28, 28), (8, 1, 28, 28), (8, 1, 28, 28))
        config.add_optimization_profile(profile)
        assert config.get_timing_cache() is None
        cache = cache_fn(config)
        assert isinstance(cache, trt.ITimingCache)
        assert config.set_timing_cache(cache, ignore_mismatch=False)
        got = config.get_timing_cache()
        assert got is not None
        plan = builder.build_serialized_network(network, config)
        assert plan is not None, logger.errors()
        return bytes(plan), cache


def test_timing_cache_round_trip():
    weights = lc.read_tfwt()
    first_log = RecordingLogger()
    _, cache = lenet_builder_run(weights, first_log, lambda config: config.create_timing_cache(b""))
    assert not first_log.saw("from the timing cache")
    blob = bytes(cache.serialize())

    with trt.Builder(trt.Logger()) as builder, builder.create_builder_config() as config:
        empty_blob = bytes(config.create_timing_cache(b"").serialize())
    assert len(blob) > len(empty_blob)  # the first build recorded its timings

    second_log = RecordingLogger()
    _, loaded = lenet_builder_run(weights, second_log, lambda config: config.create_timing_cache(blob))
    assert second_log.saw("from the timing cache"), second_log.messages
    assert bytes(loaded.serialize()) == blob  # nothing new to record

    # combine: an empty cache takes the other's entries.
    with trt.Builder(trt.Logger()) as builder, builder.create_builder_config() as config:
        merged = config.create_timing_cache(bytearray())
        assert merged.combine(loaded, False)
        assert bytes(merged.serialize()) == blob
        assert merged.reset()
        assert bytes(merged.serialize()) == empty_blob


def test_timing_cache_misuse(logger):
    with trt.Builder(logger) as builder, builder.create_builder_config() as config:
        # Damaged bytes: None, and the logger says why.
        assert config.create_timing_cache(b"not a timing cache" * 4) is None
        assert any("createTimingCache" in e for e in logger.errors()), logger.messages
        with pytest.raises(TypeError):
            config.create_timing_cache(12)
        cache = config.create_timing_cache(b"")
        assert config.set_timing_cache(cache, True)
        assert config.get_timing_cache() is not None
        config.reset()
        assert config.get_timing_cache() is None
        # A closed cache raises; one set on a config stays usable by the config.
        assert config.set_timing_cache(cache, False)
        with cache:
            pass
        with pytest.raises(RuntimeError):
            cache.serialize()
        with pytest.raises(RuntimeError):
            config.set_timing_cache(cache, False)
    # The config logs through the builder's logger even when the Builder object is gone.
    config = trt.Builder(logger).create_builder_config()
    gc.collect()
    logger.messages.clear()
    assert config.create_timing_cache(b"\x00" * 64) is None
    assert logger.errors()


def test_closed_cache_handle_keeps_the_config_building():
    weights = lc.read_tfwt()
    log = RecordingLogger()

    with trt.Builder(log) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        lc.populate_network_v10(trt, network, weights)
        profile = builder.create_optimization_profile()
        profile.set_shape(lc.INPUT_NAME, (1, 1, 28, 28), (2, 1, 28, 28), (2, 1, 28, 28))
        config.add_optimization_profile(profile)
        cache = config.create_timing_cache(b"")
        assert config.set_timing_cache(cache, False)
        cache.__exit__(None, None, None)  # retires the handle only
        assert builder.build_serialized_network(network, config) is not None, log.errors()
        with pytest.raises(RuntimeError):
            config.get_timing_cache().serialize()


# ----------------------------------------------------------------------------- the test device


def test_engine_for_the_test_device(logger):
    """DeviceType.TEST builds and loads from Python; its memory is not host memory, so host pointers
    reaching its kernels are reported through the logger (never dereferenced)."""
    def net(network):
        x = network.add_input("x", trt.float32, (2, 3))
        relu = network.add_activation(x, trt.ActivationType.RELU)
        relu.get_output(0).name = "y"
        network.mark_output(relu.get_output(0))

    def config(c):
        c.default_device_type = trt.DeviceType.TEST
        assert c.default_device_type == trt.DeviceType.TEST

    engine = build_engine(logger, net, config_fn=config)
    assert engine is not None, logger.errors()
    assert engine.device_type == trt.DeviceType.TEST
    assert engine.get_tensor_format("x") == trt.TensorFormat.LINEAR
    x, y = np.ones((2, 3), np.float32), np.zeros((2, 3), np.float32)
    with engine.create_execution_context() as context:
        logger.messages.clear()
        context.execute_v2([x.ctypes.data, y.ctypes.data])
        assert any("not test-device memory" in e for e in logger.errors()), logger.messages
