"""Acceptance 2: the TensorRT 10 API. The tutorial's network built through the current API gives
bit-identical outputs to the legacy path; plans move between Python and C++ in both directions.
Also: engine / context introspection, profiles, the profiler, layer properties."""

import os
import subprocess

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda

import lenet_common as lc

N_IMAGES = 512


class RecordingLogger(trt.ILogger):
    def __init__(self):
        trt.ILogger.__init__(self)
        self.messages = []

    def log(self, severity, msg):
        self.messages.append((severity, msg))

    def errors(self):
        return [m for s, m in self.messages if s <= trt.ILogger.ERROR]


LOGGER = trt.Logger(trt.Logger.WARNING)


@pytest.fixture(scope="module")
def weights():
    return lc.read_tfwt()


@pytest.fixture(scope="module")
def images():
    if lc.have_fashion_mnist():
        return lc.load_fashion_mnist("t10k")[0][:N_IMAGES]
    return np.random.default_rng(0).random((N_IMAGES, 1, 28, 28), dtype=np.float32)


def populate_legacy(network, weights):
    """The tutorial's populate_network (implicit batch, legacy layer names)."""
    x = network.add_input(name="data", dtype=trt.float32, shape=(1, 28, 28))
    conv1 = network.add_convolution(input=x, num_output_maps=20, kernel_shape=(5, 5), kernel=weights["conv1.weight"],
                                    bias=weights["conv1.bias"])
    conv1.stride = (1, 1)
    pool1 = network.add_pooling(input=conv1.get_output(0), type=trt.PoolingType.MAX, window_size=(2, 2))
    pool1.stride = (2, 2)
    conv2 = network.add_convolution(pool1.get_output(0), 50, (5, 5), weights["conv2.weight"], weights["conv2.bias"])
    conv2.stride = (1, 1)
    pool2 = network.add_pooling(conv2.get_output(0), trt.PoolingType.MAX, (2, 2))
    pool2.stride = (2, 2)
    fc1 = network.add_fully_connected(input=pool2.get_output(0), num_outputs=500, kernel=weights["fc1.weight"],
                                      bias=weights["fc1.bias"])
    relu1 = network.add_activation(input=fc1.get_output(0), type=trt.ActivationType.RELU)
    fc2 = network.add_fully_connected(relu1.get_output(0), 10, weights["fc2.weight"], weights["fc2.bias"])
    fc2.get_output(0).name = "prob"
    network.mark_output(tensor=fc2.get_output(0))


def run_legacy(engine, images, batch):
    """execute(batch_size, bindings) with tensorforge.cuda buffers."""
    n = len(images)
    out = np.empty((n, 10), dtype=np.float32)
    h_in = cuda.pagelocked_empty(trt.volume(engine.get_binding_shape(0)) * engine.max_batch_size, np.float32)
    h_out = cuda.pagelocked_empty(trt.volume(engine.get_binding_shape(1)) * engine.max_batch_size, np.float32)
    d_in, d_out = cuda.mem_alloc(h_in.nbytes), cuda.mem_alloc(h_out.nbytes)
    with engine.create_execution_context() as context:
        for first in range(0, n, batch):
            b = min(batch, n - first)
            h_in[:b * 784] = images[first:first + b].ravel()
            cuda.memcpy_htod(d_in, h_in)
            assert context.execute(b, [d_in, d_out])
            cuda.memcpy_dtoh(h_out, d_out)
            out[first:first + b] = h_out[:b * 10].reshape(b, 10)
    return out


# ----------------------------------------------------------------------------- same network, both APIs


def test_v10_and_legacy_outputs_identical(weights, images):
    """Same weights, same tactics (optimization level 0: no autotuning) -> bit-identical outputs."""
    batch = 64
    with trt.Builder(LOGGER) as builder:
        builder.max_batch_size = batch
        with builder.create_network() as network, builder.create_builder_config() as config:
            populate_legacy(network, weights)
            config.builder_optimization_level = 0
            with builder.build_engine(network, config) as engine:
                assert engine.has_implicit_batch_dimension and engine.max_batch_size == batch
                legacy = run_legacy(engine, images, batch)
    plan = lc.build_plan_v10(trt, LOGGER, weights, batch, opt_level=0)
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        v10 = lc.run_engine_v10(trt, engine, images, batch)
    assert np.array_equal(v10, legacy)
    np.testing.assert_allclose(v10, lc.reference_logits(weights, images), rtol=1e-3, atol=1e-3)


def test_build_engine_with_config_execute_v2_and_v3_agree(weights, images):
    with trt.Builder(LOGGER) as builder, builder.create_network(
            1 << int(trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH)) as network, \
            builder.create_builder_config() as config:
        assert not network.has_implicit_batch_dimension
        lc.populate_network_v10(trt, network, weights)
        profile = builder.create_optimization_profile()
        profile.set_shape("data", (1, 1, 28, 28), (16, 1, 28, 28), (16, 1, 28, 28))
        assert profile.get_shape("data") == [(1, 1, 28, 28), (16, 1, 28, 28), (16, 1, 28, 28)]
        config.add_optimization_profile(profile)
        engine = builder.build_engine_with_config(network, config)
    assert engine is not None
    x = np.ascontiguousarray(images[:16])
    y2 = np.zeros((16, 10, 1, 1), np.float32)
    y3 = np.zeros((16, 10, 1, 1), np.float32)
    with engine, engine.create_execution_context() as context:
        assert context.engine is engine
        assert not context.all_input_dimensions_specified
        assert context.set_input_shape("data", x.shape)
        assert context.all_input_dimensions_specified
        assert context.get_tensor_shape("prob") == (16, 10, 1, 1)
        assert context.execute_v2([x.ctypes.data, y2.ctypes.data])
        assert context.set_tensor_address("data", x.ctypes.data)
        assert context.set_tensor_address("prob", y3.ctypes.data)
        assert context.get_tensor_address("prob") == y3.ctypes.data
        assert context.execute_async_v3(0)
    assert np.array_equal(y2, y3)
    np.testing.assert_allclose(y2.reshape(16, 10), lc.reference_logits(weights, x), rtol=1e-3, atol=1e-3)


def test_matrix_multiply_formulation(weights, images):
    """TensorRT 10 has no add_fully_connected: the same network with shuffle + matrix multiply +
    constant + elementwise gives the same logits (within float rounding)."""
    with trt.Builder(LOGGER) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        x = network.add_input("data", trt.float32, (-1, 1, 28, 28))
        t = x
        for i, maps in ((1, 20), (2, 50)):
            conv = network.add_convolution_nd(t, maps, (5, 5), weights[f"conv{i}.weight"], weights[f"conv{i}.bias"])
            pool = network.add_pooling_nd(conv.get_output(0), trt.PoolingType.MAX, (2, 2))
            pool.stride_nd = (2, 2)
            t = pool.get_output(0)
        flat = network.add_shuffle(t)
        flat.reshape_dims = (0, -1)  # [N, 800]
        assert flat.get_output(0).shape == (-1, 800)
        t = flat.get_output(0)
        for i, relu in (("fc1", True), ("fc2", False)):
            w = network.add_constant(weights[f"{i}.weight"].shape, weights[f"{i}.weight"])
            mm = network.add_matrix_multiply(t, trt.MatrixOperation.NONE, w.get_output(0), trt.MatrixOperation.TRANSPOSE)
            b = network.add_constant((1, weights[f"{i}.bias"].size), weights[f"{i}.bias"])
            t = network.add_elementwise(mm.get_output(0), b.get_output(0), trt.ElementWiseOperation.SUM).get_output(0)
            if relu:
                t = network.add_activation(t, trt.ActivationType.RELU).get_output(0)
        t.name = "prob"
        network.mark_output(t)
        profile = builder.create_optimization_profile()
        profile.set_shape("data", (1, 1, 28, 28), (64, 1, 28, 28), (64, 1, 28, 28))
        config.add_optimization_profile(profile)
        plan = builder.build_serialized_network(network, config)
    assert plan is not None
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        assert engine.get_tensor_shape("prob") == (-1, 10)
        n = 128
        out = np.empty((n, 10), np.float32)
        with engine.create_execution_context() as ctx:
            for first in range(0, n, 64):
                ctx.set_input_shape("data", (64, 1, 28, 28))
                ctx.set_tensor_address("data", images[first:first + 64].ctypes.data)
                ctx.set_tensor_address("prob", out[first:first + 64].ctypes.data)
                assert ctx.execute_async_v3(0)
    np.testing.assert_allclose(out, lc.reference_logits(weights, images[:n]), rtol=1e-3, atol=1e-3)


# ----------------------------------------------------------------------------- engine introspection


def test_engine_introspection_and_serialize_roundtrip(weights, images):
    plan = lc.build_plan_v10(trt, LOGGER, weights, 32)
    assert isinstance(plan, trt.IHostMemory)
    assert plan.nbytes > 1000
    raw = bytes(plan)
    assert len(raw) == plan.nbytes == memoryview(plan).nbytes
    assert np.array_equal(np.frombuffer(plan, np.uint8), np.frombuffer(raw, np.uint8))
    with trt.Runtime(LOGGER) as runtime:
        with runtime.deserialize_cuda_engine(plan) as engine:
            assert engine.num_io_tensors == 2
            assert [engine.get_tensor_name(i) for i in range(2)] == ["data", "prob"]
            assert engine.get_tensor_mode("data") == trt.TensorIOMode.INPUT
            assert engine.get_tensor_mode("prob") == trt.TensorIOMode.OUTPUT
            assert engine.get_tensor_mode("nope") == trt.TensorIOMode.NONE
            assert engine.get_tensor_shape("data") == (-1, 1, 28, 28)
            assert engine.get_tensor_shape("prob") == (-1, 10, 1, 1)
            assert engine.get_tensor_dtype("data") == trt.float32
            assert engine.get_tensor_format("data") == trt.TensorFormat.LINEAR
            assert engine.num_optimization_profiles == 1
            assert engine.get_tensor_profile_shape("data", 0) == [(1, 1, 28, 28), (32, 1, 28, 28), (32, 1, 28, 28)]
            assert engine.device_memory_size > 0 and engine.device_memory_size_v2 > 0
            assert engine.device_type == trt.DeviceType.CPU
            assert engine.num_layers >= 1
            assert engine.name == "" or isinstance(engine.name, str)
            # Legacy view of an explicit-batch engine: shapes with the batch dimension.
            assert not engine.has_implicit_batch_dimension and engine.max_batch_size == 1
            assert engine.get_binding_shape(0) == (-1, 1, 28, 28)
            first = lc.run_engine_v10(trt, engine, images[:40], 32)
            again = engine.serialize()
        assert bytes(again) == raw
        with runtime.deserialize_cuda_engine(again) as engine2:
            assert np.array_equal(lc.run_engine_v10(trt, engine2, images[:40], 32), first)
        # Any bytes-like object is a plan: bytes, bytearray, memoryview, numpy.
        for blob in (raw, bytearray(raw), memoryview(raw), np.frombuffer(raw, np.uint8)):
            with runtime.deserialize_cuda_engine(blob) as e:
                assert e.num_io_tensors == 2


def test_profiler_reports_every_layer(weights, images):
    plan = lc.build_plan_v10(trt, LOGGER, weights, 8)

    class Recorder(trt.IProfiler):
        def __init__(self):
            trt.IProfiler.__init__(self)
            self.times = []

        def report_layer_time(self, layer_name, ms):
            self.times.append((layer_name, ms))

    rec = Recorder()
    y = np.zeros((8, 10), np.float32)
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine, \
            engine.create_execution_context() as ctx:
        assert ctx.profiler is None
        ctx.profiler = rec
        assert ctx.profiler is rec
        ctx.set_input_shape("data", (8, 1, 28, 28))
        ctx.set_tensor_address("data", images[:8].ctypes.data)
        ctx.set_tensor_address("prob", y.ctypes.data)
        assert ctx.execute_async_v3(0)
        assert len(rec.times) >= 1
        assert all(isinstance(name, str) and ms >= 0 for name, ms in rec.times)
        n = len(rec.times)
        ctx.profiler = None
        assert ctx.execute_async_v3(0)
        assert len(rec.times) == n


# ----------------------------------------------------------------------------- plans between Python and C++


def _loader():
    if not os.access(lc.PLAN_LOADER, os.X_OK):
        pytest.skip(f"C++ plan loader not built ({lc.PLAN_LOADER}; `make build` or `make test` builds it)")
    return lc.PLAN_LOADER


def test_python_plan_runs_in_cpp(weights, images, tmp_path):
    loader = _loader()
    plan = lc.build_plan_v10(trt, LOGGER, weights, 16)
    plan_path = tmp_path / "py.plan"
    with open(plan_path, "wb") as f:
        f.write(plan)
    x = np.ascontiguousarray(images[:16])
    x.tofile(tmp_path / "in.bin")
    res = subprocess.run([loader, "run", str(plan_path), "data", "16x1x28x28", str(tmp_path / "in.bin"), "prob",
                          str(tmp_path / "out.bin")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "prob [16,10,1,1]" in res.stdout
    from_cpp = np.fromfile(tmp_path / "out.bin", np.float32).reshape(16, 10)
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        from_py = lc.run_engine_v10(trt, engine, x, 16)
    assert np.array_equal(from_cpp, from_py)


def test_cpp_plan_runs_in_python(weights, images, tmp_path):
    loader = _loader()
    plan_path = tmp_path / "cpp.plan"
    res = subprocess.run([loader, "build-lenet", lc.WEIGHTS, str(plan_path), "16", "0"], capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    x = np.ascontiguousarray(images[:16])
    x.tofile(tmp_path / "in.bin")
    res = subprocess.run([loader, "run", str(plan_path), "data", "16x1x28x28", str(tmp_path / "in.bin"), "prob",
                          str(tmp_path / "out.bin")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    from_cpp = np.fromfile(tmp_path / "out.bin", np.float32).reshape(16, 10)
    with trt.Runtime(LOGGER) as runtime:
        with open(plan_path, "rb") as f:
            engine = runtime.deserialize_cuda_engine(f.read())
        assert engine is not None
        with engine:
            from_py = lc.run_engine_v10(trt, engine, x, 16)
    assert np.array_equal(from_cpp, from_py)
    # The C++-built plan equals, output for output, the same network built from Python.
    py_plan = lc.build_plan_v10(trt, LOGGER, weights, 16, opt_level=0)
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(py_plan) as engine:
        assert np.array_equal(lc.run_engine_v10(trt, engine, x, 16), from_py)


# ----------------------------------------------------------------------------- builder / config / layers


def test_builder_and_config_properties():
    logger = RecordingLogger()
    with trt.Builder(logger) as builder:
        assert builder.logger is logger
        assert builder.platform_has_fast_fp16 in (True, False)
        assert builder.platform_has_fast_int8 in (True, False)
        assert builder.num_DLA_cores == 0
        builder.max_threads = 2
        assert builder.max_threads == 2
        with builder.create_builder_config() as config:
            config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, 1 << 20)
            assert config.get_memory_pool_limit(trt.MemoryPoolType.WORKSPACE) == 1 << 20
            config.max_workspace_size = 1 << 21
            assert config.get_memory_pool_limit(trt.MemoryPoolType.WORKSPACE) == 1 << 21
            assert not config.get_flag(trt.BuilderFlag.FP16)
            config.set_flag(trt.BuilderFlag.FP16)
            assert config.get_flag(trt.BuilderFlag.FP16)
            assert config.flags == 1 << int(trt.BuilderFlag.FP16)
            config.clear_flag(trt.BuilderFlag.FP16)
            assert config.flags == 0
            assert config.default_device_type == trt.DeviceType.CPU
            config.builder_optimization_level = 0
            assert config.builder_optimization_level == 0
            config.profiling_verbosity = trt.ProfilingVerbosity.DETAILED
            assert config.profiling_verbosity == trt.ProfilingVerbosity.DETAILED
            ref = 1 << int(trt.TacticSource.REFERENCE)
            assert config.set_tactic_sources(ref)
            assert config.get_tactic_sources() == ref
            assert config.num_optimization_profiles == 0
            config.reset()
            assert config.builder_optimization_level != 0
        # Legacy builder settings.
        builder.max_batch_size = 32
        builder.max_workspace_size = 1 << 30
        builder.fp16_mode = True
        assert (builder.max_batch_size, builder.max_workspace_size, builder.fp16_mode) == (32, 1 << 30, True)


def test_layer_properties_roundtrip():
    rng = np.random.default_rng(1)
    with trt.Builder(LOGGER) as builder, builder.create_network(0) as network:
        x = network.add_input("x", trt.float32, (2, 4, 9, 9))
        assert (x.name, x.shape, x.dtype, x.is_network_input, x.is_network_output) == \
            ("x", (2, 4, 9, 9), trt.float32, True, False)
        k = rng.random((6, 2, 3, 3), dtype=np.float32)
        conv = network.add_convolution_nd(x, 6, trt.DimsHW(3, 3), k)
        assert isinstance(conv, trt.IConvolutionLayer) and conv.type == trt.LayerType.CONVOLUTION
        conv.num_groups = 2
        conv.stride_nd = (2, 2)
        conv.padding_nd = (1, 1)
        conv.dilation_nd = (1, 1)
        assert (conv.num_output_maps, conv.num_groups) == (6, 2)
        assert conv.stride_nd == (2, 2) and conv.padding_nd == (1, 1) and conv.pre_padding == (1, 1)
        assert conv.kernel_size_nd == (3, 3) and conv.kernel_size == trt.DimsHW(3, 3)
        assert conv.stride.h == 2 and conv.stride.w == 2
        assert np.array_equal(conv.kernel, k.ravel()) and conv.bias.size == 0
        conv.bias = np.arange(6, dtype=np.float32)
        assert np.array_equal(conv.bias, np.arange(6, dtype=np.float32))
        conv.padding_mode = trt.PaddingMode.SAME_UPPER
        assert conv.padding_mode == trt.PaddingMode.SAME_UPPER
        conv.name = "conv"
        assert conv.name == "conv" and conv.num_inputs >= 1 and conv.num_outputs == 1
        assert conv.get_input(0) == x
        pool = network.add_pooling_nd(conv.get_output(0), trt.PoolingType.AVERAGE, (2, 2))
        pool.average_count_excludes_padding = False
        pool.blend_factor = 0.25
        pool.window_size = (3, 3)
        assert pool.window_size_nd == (3, 3) and pool.type == trt.PoolingType.AVERAGE
        assert not pool.average_count_excludes_padding and pool.blend_factor == 0.25
        act = network.add_activation(pool.get_output(0), trt.ActivationType.LEAKY_RELU)
        act.alpha = 0.5
        assert act.alpha == 0.5 and act.type == trt.ActivationType.LEAKY_RELU
        sm = network.add_softmax(act.get_output(0))
        assert sm.axes == 1 << 1
        sh = network.add_shuffle(sm.get_output(0))
        assert sh.reshape_dims is None
        sh.first_transpose = (0, 2, 3, 1)
        assert sh.first_transpose == (0, 2, 3, 1)
        cat = network.add_concatenation([sh.get_output(0), sh.get_output(0)])
        cat.axis = 3
        assert cat.axis == 3
        assert network.num_layers == 6 and len(network) == 6
        # As in TensorRT, IPoolingLayer.type / IActivationLayer.type shadow ILayer.type (the LayerType).
        assert [trt.ILayer.type.fget(l) for l in network] == [trt.LayerType.CONVOLUTION, trt.LayerType.POOLING,
                                             trt.LayerType.ACTIVATION, trt.LayerType.SOFTMAX,
                                             trt.LayerType.SHUFFLE, trt.LayerType.CONCATENATION]
        assert isinstance(network.get_layer(4), trt.IShuffleLayer)
        network.mark_output(cat.get_output(0))
        assert network.num_outputs == 1 and network.get_output(0).is_network_output
        network.unmark_output(cat.get_output(0))
        assert network.num_outputs == 0
        network.name = "props"
        assert network.name == "props"


def _run_small(network_builder, inputs, implicit, batch=None):
    """Builds a small network (network_builder(network) adds layers and marks one output 'y') and
    runs it on inputs {name: array}; returns y."""
    with trt.Builder(LOGGER) as builder:
        if implicit:
            builder.max_batch_size = batch
            network = builder.create_network()
        else:
            network = builder.create_network(0)
        with network:
            network_builder(network)
            engine = builder.build_cuda_engine(network)
        assert engine is not None
        with engine, engine.create_execution_context() as ctx:
            for name, arr in inputs.items():
                assert ctx.set_input_shape(name, arr.shape)
            out_shape = tuple(ctx.get_tensor_shape("y"))
            y = np.zeros(out_shape, np.float32)
            for name, arr in inputs.items():
                ctx.set_tensor_address(name, arr.ctypes.data)
            ctx.set_tensor_address("y", y.ctypes.data)
            assert ctx.execute_async_v3(0)
            return y


def test_implicit_batch_axes_are_shifted():
    """In an implicit-batch network, axes name non-batch dimensions (as in TensorRT <= 7)."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 4, 5, 6)).astype(np.float32)
    c = rng.standard_normal((4, 1, 1)).astype(np.float32)

    def build(network):
        t = network.add_input("x", trt.float32, (4, 5, 6))
        assert t.shape == (4, 5, 6) and t._full_shape == (-1, 4, 5, 6)
        sm = network.add_softmax(t)
        assert sm.axes == 1  # the first non-batch axis
        sm.axes = 1 << 2  # normalize over W
        assert sm.axes == 1 << 2
        const = network.add_constant((4, 1, 1), c)
        assert const.shape == (4, 1, 1) and const.get_output(0).shape == (4, 1, 1)
        add = network.add_elementwise(sm.get_output(0), const.get_output(0), trt.ElementWiseOperation.SUM)
        sh = network.add_shuffle(add.get_output(0))
        sh.first_transpose = (2, 0, 1)  # [6, 4, 5]
        sh.reshape_dims = (6, 20)
        assert sh.first_transpose == (2, 0, 1) and sh.reshape_dims == (6, 20)
        assert sh.get_output(0).shape == (6, 20)
        cat = network.add_concatenation([sh.get_output(0), sh.get_output(0)])
        assert cat.axis == 0
        cat.axis = 1
        assert cat.axis == 1 and cat.get_output(0).shape == (6, 40)
        scale = network.add_scale(cat.get_output(0), trt.ScaleMode.CHANNEL, np.arange(6, dtype=np.float32),
                                  np.full(6, 2.0, np.float32))
        assert scale.channel_axis == 0
        scale.get_output(0).name = "y"
        network.mark_output(scale.get_output(0))

    y = _run_small(build, {"x": x}, implicit=True, batch=4)
    e = np.exp(x - x.max(axis=3, keepdims=True))
    ref = e / e.sum(axis=3, keepdims=True) + c[None]
    ref = ref.transpose(0, 3, 1, 2).reshape(3, 6, 20)
    ref = np.concatenate([ref, ref], axis=2)
    ref = ref * 2.0 + np.arange(6, dtype=np.float32)[None, :, None]
    np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-5)


def test_explicit_batch_same_layers():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 4, 5, 6)).astype(np.float32)

    def build(network):
        t = network.add_input("x", trt.float32, (3, 4, 5, 6))
        sm = network.add_softmax(t)
        assert sm.axes == 1 << 1
        cat = network.add_concatenation([sm.get_output(0), t])
        assert cat.axis == 1
        cat.get_output(0).name = "y"
        network.mark_output(cat.get_output(0))

    y = _run_small(build, {"x": x}, implicit=False)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(y, np.concatenate([e / e.sum(axis=1, keepdims=True), x], axis=1), rtol=1e-5, atol=1e-6)
