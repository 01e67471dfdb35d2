"""The small pieces: enums and aliases, Dims, Weights, helpers, Logger, tensorforge.cuda, stubs."""

import importlib
import os
import subprocess
import sys

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda


def test_datatype_aliases_and_nptype():
    assert trt.float32 == trt.DataType.FLOAT and trt.float16 == trt.DataType.HALF
    assert trt.int8 == trt.DataType.INT8 and trt.int32 == trt.DataType.INT32
    assert trt.int64 == trt.DataType.INT64 and trt.uint8 == trt.DataType.UINT8
    assert trt.bool == trt.DataType.BOOL and trt.bfloat16 == trt.DataType.BF16
    assert trt.nptype(trt.float32) is np.float32
    assert trt.nptype(trt.float16) is np.float16
    assert trt.nptype(trt.int32) is np.int32
    assert trt.nptype(trt.bool) is np.bool_
    with pytest.raises(TypeError):
        trt.nptype(trt.bfloat16)
    assert trt.float32.itemsize == 4 and trt.float16.itemsize == 2 and trt.int64.itemsize == 8
    assert int(trt.DataType.INT32) == 3  # TensorRT 10 values


def test_enums_have_tensorrt_names():
    assert trt.TensorIOMode.INPUT != trt.TensorIOMode.OUTPUT
    assert trt.ActivationType.RELU and trt.ActivationType.SIGMOID and trt.ActivationType.GELU_ERF
    assert trt.PoolingType.MAX != trt.PoolingType.AVERAGE
    assert trt.ElementWiseOperation.SUM != trt.ElementWiseOperation.PROD
    assert trt.MemoryPoolType.WORKSPACE is not None
    assert trt.BuilderFlag.FP16 != trt.BuilderFlag.INT8
    assert trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH is not None
    assert trt.DeviceType.CPU != trt.DeviceType.GPU
    assert trt.OptProfileSelector.MAX is not None
    assert trt.ScaleMode.CHANNEL is not None and trt.MatrixOperation.TRANSPOSE is not None
    # Severities: on ILogger, Logger and ILogger.Severity, ordered.
    assert trt.Logger.WARNING == trt.ILogger.WARNING == trt.ILogger.Severity.WARNING
    assert trt.Logger.INTERNAL_ERROR < trt.Logger.ERROR < trt.Logger.WARNING < trt.Logger.INFO < trt.Logger.VERBOSE


def test_dims_behave_like_tuples():
    d = trt.Dims((1, 2, 3))
    assert len(d) == 3 and d[0] == 1 and d[-1] == 3 and list(d) == [1, 2, 3] and tuple(d) == (1, 2, 3)
    assert d == (1, 2, 3) and d == [1, 2, 3] and d != (1, 2) and d == trt.Dims([1, 2, 3])
    assert d[1:] == (2, 3)
    assert repr(d) == "(1, 2, 3)"
    d[1] = 7
    assert d == (1, 7, 3)
    with pytest.raises(IndexError):
        d[3]
    assert trt.Dims() == () and len(trt.Dims()) == 0
    assert trt.Dims.MAX_DIMS == 8
    with pytest.raises(ValueError):
        trt.Dims(range(9))
    hw = trt.DimsHW(5, 6)
    assert (hw.h, hw.w) == (5, 6) and hw == (5, 6) and isinstance(hw, trt.Dims)
    assert trt.Dims2(1, 2) == (1, 2) and trt.Dims3(1, 2, 3) == (1, 2, 3) and trt.Dims4((1, 2, 3, 4)) == (1, 2, 3, 4)
    with pytest.raises(ValueError):
        trt.Dims4(1, 2)
    assert trt.Dims(np.array([4, 5]).tolist()) == (4, 5)
    assert trt.Dims((np.int64(4), np.int32(5))) == (4, 5)


def test_volume():
    assert trt.volume((2, 3, 4)) == 24
    assert trt.volume(trt.Dims((5, 6))) == 30
    assert trt.volume([7]) == 7
    assert trt.volume(()) == 0  # as TensorRT's helper


def test_weights_class():
    w = trt.Weights()
    assert w.size == 0 and w.dtype == trt.float32 and w.numpy().size == 0
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    w = trt.Weights(a)
    assert w.size == 6 and w.nbytes == 24 and w.dtype == trt.float32 and len(w) == 6
    assert np.array_equal(w.numpy(), a)
    assert trt.Weights(np.zeros(3, np.float16)).dtype == trt.float16
    assert trt.Weights(np.zeros(3, np.int32)).dtype == trt.int32
    assert trt.Weights(np.float32(2.5)).size == 1
    assert trt.Weights(trt.int8).dtype == trt.int8
    with pytest.raises(TypeError):
        trt.Weights(np.zeros(3))


def test_logger_prints_at_or_above_min_severity(capfd):
    logger = trt.Logger(trt.Logger.WARNING)
    assert logger.min_severity == trt.Logger.WARNING
    logger.log(trt.Logger.ERROR, "an error")
    logger.log(trt.Logger.INFO, "some info")
    logger.min_severity = trt.Logger.INFO
    logger.log(trt.Logger.INFO, "more info")
    err = capfd.readouterr().err
    assert "[E] an error" in err and "some info" not in err and "[I] more info" in err
    assert trt.Logger().min_severity == trt.Logger.WARNING
    # Library messages reach it: an invalid network input is logged as an error.
    with trt.Builder(trt.Logger(trt.Logger.ERROR)) as builder, builder.create_network(0) as network:
        assert network.add_input("", trt.float32, (1,)) is None
    assert "[TensorForge] [E]" in capfd.readouterr().err


def test_misc_module_api():
    assert trt.__version__ == "0.1.0"
    assert trt.init_libnvinfer_plugins(trt.Logger(), "") is True
    for name in ("Builder", "Runtime", "Logger", "ILogger", "IProfiler", "Profiler", "volume", "nptype",
                 "IHostMemory", "ICudaEngine", "IExecutionContext", "INetworkDefinition", "ITensor"):
        assert hasattr(trt, name) and name in trt.__all__
    # Everything is documented.
    for cls in (trt.Builder, trt.IBuilderConfig, trt.INetworkDefinition, trt.ICudaEngine, trt.IExecutionContext,
                trt.Runtime, trt.ITensor, trt.IConvolutionLayer):
        assert cls.__doc__
        for attr in dir(cls):
            if not attr.startswith("_"):
                assert getattr(cls, attr).__doc__, f"{cls.__name__}.{attr} has no docstring"


def test_with_statement_on_every_object():
    logger = trt.Logger()
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config, trt.Runtime(logger) as runtime:
        x = network.add_input("x", trt.float32, (1, 4))
        act = network.add_activation(x, trt.ActivationType.RELU)
        network.mark_output(act.get_output(0))
        with builder.build_serialized_network(network, config) as plan, \
                runtime.deserialize_cuda_engine(plan) as engine, engine.create_execution_context() as ctx:
            assert ctx is not None


# ----------------------------------------------------------------------------- tensorforge.cuda


def test_cuda_memory_roundtrip():
    h = cuda.pagelocked_empty((2, 3), np.float32)
    assert isinstance(h, np.ndarray) and h.shape == (2, 3) and h.dtype == np.float32
    assert np.all(cuda.pagelocked_zeros(4, np.int32) == 0)
    h[:] = np.arange(6).reshape(2, 3)
    d = cuda.mem_alloc(h.nbytes)
    assert d.size == 24 and int(d) % 64 == 0 and int(d) == d.__index__()
    stream = cuda.Stream()
    assert stream.handle == 0 and int(stream) == 0
    cuda.memcpy_htod_async(d, h, stream)
    back = cuda.pagelocked_empty_like(h)
    cuda.memcpy_dtoh_async(back, d, stream)
    stream.synchronize()
    assert stream.is_done()
    assert np.array_equal(back, h)
    d2 = cuda.mem_alloc(24)
    cuda.memcpy_dtod(d2, d, 24)
    out = np.empty(6, np.float32)
    cuda.memcpy_dtoh(out, int(d2))  # raw addresses work too
    assert np.array_equal(out, h.ravel())
    cuda.memcpy_htod(d2, bytes(24))  # any bytes-like source
    cuda.memcpy_dtoh(out, d2)
    assert np.all(out == 0)
    assert bytes(d.as_buffer(24)) == h.tobytes()
    assert "24 bytes" in repr(d)


def test_cuda_events_devices_and_autoinit():
    start, end = cuda.Event(), cuda.Event()
    start.record()
    end.record()
    end.synchronize()
    assert end.time_since(start) >= 0
    assert cuda.Device.count() == 1 and cuda.Device(0).name()
    free, total = cuda.mem_get_info()
    assert total >= free >= 0
    autoinit = importlib.import_module("tensorforge.cuda.autoinit")
    assert autoinit.device.name() and autoinit.context is not None
    with pytest.raises(cuda.LogicError):
        cuda.Device(1)


def test_tensorrt_style_imports_in_a_fresh_interpreter():
    code = ("import tensorforge as trt, tensorforge.cuda as cuda, tensorforge.cuda.autoinit\n"
            "import numpy as np\n"
            "assert trt.nptype(trt.float32) is np.float32\n"
            "print('ok')\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


def test_type_stubs_are_installed():
    pkg = os.path.dirname(trt.__file__)
    for stub in ("__init__.pyi", "_tensorforge.pyi", "cuda/__init__.pyi", "py.typed"):
        assert os.path.exists(os.path.join(pkg, stub)), stub
    with open(os.path.join(pkg, "_tensorforge.pyi")) as f:
        stubs = f.read()
    for name in ("class Builder", "def build_serialized_network", "def execute_async_v3", "class ICudaEngine",
                 "def add_convolution_nd", "def set_memory_pool_limit", "class Dims"):
        assert name in stubs, name
