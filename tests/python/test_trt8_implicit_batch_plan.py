"""Legacy implicit batch survives the plan. NVIDIA's TensorRT 8.0-8.4 samples build with
``builder.create_network()`` (no flags) and ``builder.max_batch_size``, serialize the engine, load it
again with ``trt.Runtime(logger).deserialize_cuda_engine(plan)`` and size their buffers with
``trt.volume(engine.get_binding_shape(b)) * engine.max_batch_size``. The engine loaded from the plan
must answer exactly like the one built in-process: binding shapes without the batch dimension,
``max_batch_size``, ``has_implicit_batch_dimension``, and ``execute(batch_size, ...)``."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda

import lenet_common as lc

MAX_BATCH = 16
N_IMAGES = 40  # two full batches and a partial one
LOGGER = trt.Logger(trt.Logger.WARNING)


@pytest.fixture(scope="module")
def weights():
    return lc.read_tfwt()


@pytest.fixture(scope="module")
def images():
    if lc.have_fashion_mnist():
        return lc.load_fashion_mnist("t10k")[0][:N_IMAGES]
    return np.random.default_rng(1).random((N_IMAGES, 1, 28, 28), dtype=np.float32)


def populate_network(network, weights):
    """The samples' populate_network (network_api_pytorch_mnist, TensorRT 8): implicit batch, (C, H, W)."""
    data = network.add_input(name="data", dtype=trt.float32, shape=(1, 28, 28))
    conv1 = network.add_convolution(input=data, num_output_maps=20, kernel_shape=(5, 5),
                                    kernel=weights["conv1.weight"], bias=weights["conv1.bias"])
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


class HostDeviceMem:
    def __init__(self, host_mem, device_mem):
        self.host = host_mem
        self.device = device_mem


def allocate_buffers(engine):
    """The samples' common.allocate_buffers (TensorRT 8)."""
    inputs, outputs, bindings = [], [], []
    stream = cuda.Stream()
    for binding in engine:
        size = trt.volume(engine.get_binding_shape(binding)) * engine.max_batch_size
        dtype = trt.nptype(engine.get_binding_dtype(binding))
        host_mem = cuda.pagelocked_empty(size, dtype)
        device_mem = cuda.mem_alloc(host_mem.nbytes)
        bindings.append(int(device_mem))
        (inputs if engine.binding_is_input(binding) else outputs).append(HostDeviceMem(host_mem, device_mem))
    return inputs, outputs, bindings, stream


def do_inference(context, bindings, inputs, outputs, stream, batch_size):
    """The samples' common.do_inference (TensorRT 8): execute_async(batch_size, ...)."""
    for inp in inputs:
        cuda.memcpy_htod_async(inp.device, inp.host, stream)
    assert context.execute_async(batch_size=batch_size, bindings=bindings, stream_handle=stream.handle)
    for out in outputs:
        cuda.memcpy_dtoh_async(out.host, out.device, stream)
    stream.synchronize()
    return [out.host for out in outputs]


def run_sample(engine, images, use_execute_async=True):
    """Logits [N, 10]: batches of up to engine.max_batch_size through the samples' buffers."""
    inputs, outputs, bindings, stream = allocate_buffers(engine)
    n = len(images)
    logits = np.empty((n, 10), dtype=np.float32)
    with engine.create_execution_context() as context:
        for first in range(0, n, engine.max_batch_size):
            b = min(engine.max_batch_size, n - first)
            inputs[0].host[:b * 784] = images[first:first + b].ravel()
            if use_execute_async:
                [out] = do_inference(context, bindings, inputs, outputs, stream, b)
            else:
                cuda.memcpy_htod(inputs[0].device, inputs[0].host)
                assert context.execute(batch_size=b, bindings=bindings)
                cuda.memcpy_dtoh(outputs[0].host, outputs[0].device)
                out = outputs[0].host
            logits[first:first + b] = out[:b * 10].reshape(b, 10)
            assert context.get_binding_shape(0) == (1, 28, 28)
    return logits


def check_legacy_view(engine):
    assert engine.has_implicit_batch_dimension
    assert engine.max_batch_size == MAX_BATCH
    assert engine.num_bindings == 2
    assert engine.get_binding_shape(0) == (1, 28, 28)
    assert engine.get_binding_shape("prob") == (10, 1, 1)
    assert engine.binding_is_input(0) and not engine.binding_is_input(1)
    # The current API still sees the batch dimension the C++ engine has.
    assert engine.get_tensor_shape("data") == (-1, 1, 28, 28)


def test_trt8_sample_flow_through_a_plan(weights, images, tmp_path):
    with trt.Builder(LOGGER) as builder:
        builder.max_batch_size = MAX_BATCH
        assert builder.max_batch_size == MAX_BATCH
        with builder.create_network() as network, builder.create_builder_config() as config:
            assert network.has_implicit_batch_dimension
            config.max_workspace_size = 1 << 28
            config.builder_optimization_level = 0  # no autotuning: both builds pick the same tactics
            populate_network(network, weights)
            plan = builder.build_serialized_network(network, config)
            assert plan is not None
            with builder.build_engine(network, config) as built:
                check_legacy_view(built)
                direct = run_sample(built, images)

    plan_path = tmp_path / "mnist.engine"
    with open(plan_path, "wb") as f:
        f.write(plan)

    # A fresh Runtime (and logger) loads the file, as the samples' second run does.
    with open(plan_path, "rb") as f, trt.Runtime(trt.Logger(trt.Logger.WARNING)) as runtime:
        engine = runtime.deserialize_cuda_engine(f.read())
    assert engine is not None
    with engine:
        check_legacy_view(engine)
        h_input = cuda.pagelocked_empty(trt.volume(engine.get_binding_shape(0)) * engine.max_batch_size,
                                        dtype=trt.nptype(engine.get_binding_dtype(0)))
        assert h_input.shape == (MAX_BATCH * 784,) and h_input.dtype == np.float32
        loaded = run_sample(engine, images)
        loaded_sync = run_sample(engine, images, use_execute_async=False)
        # A batch above max_batch_size is refused (False, logged), as TensorRT 8 did.
        inputs, outputs, bindings, stream = allocate_buffers(engine)
        with engine.create_execution_context() as context:
            assert not context.execute(batch_size=MAX_BATCH + 1, bindings=bindings)
        # Serializing the loaded engine keeps the legacy information too.
        again = engine.serialize()
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(again) as engine2:
        check_legacy_view(engine2)

    assert np.array_equal(loaded, direct)
    assert np.array_equal(loaded_sync, direct)
    np.testing.assert_allclose(loaded, lc.reference_logits(weights, images), rtol=1e-3, atol=1e-3)


def test_trt8_plan_loads_in_another_process(weights, tmp_path):
    """Nothing of the building process is needed: a new interpreter sees the same legacy engine."""
    with trt.Builder(LOGGER) as builder:
        builder.max_batch_size = 4
        with builder.create_network() as network, builder.create_builder_config() as config:
            populate_network(network, weights)
            plan = builder.build_serialized_network(network, config)
    plan_path = tmp_path / "mnist.engine"
    plan_path.write_bytes(bytes(plan))
    script = textwrap.dedent("""
        import sys
        import tensorforge as trt
        with open(sys.argv[1], "rb") as f:
            engine = trt.Runtime(trt.Logger(trt.Logger.WARNING)).deserialize_cuda_engine(f.read())
        print(engine.has_implicit_batch_dimension, engine.max_batch_size, tuple(engine.get_binding_shape(0)),
              tuple(engine.get_binding_shape(1)))
    """)
    res = subprocess.run([sys.executable, "-c", script, str(plan_path)], capture_output=True, text=True,
                         timeout=120, check=False, cwd=os.path.dirname(os.path.abspath(__file__)))
    assert res.returncode == 0, res.stderr
    assert res.stdout.split("\n")[0] == "True 4 (1, 28, 28) (10, 1, 1)"


def test_explicit_batch_plan_stays_explicit(weights):
    """The other way round: a TensorRT 10 plan (explicit batch) is not mistaken for a legacy one."""
    plan = lc.build_plan_v10(trt, LOGGER, weights, 8)
    with trt.Runtime(LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        assert not engine.has_implicit_batch_dimension
        assert engine.max_batch_size == 1
        assert engine.get_binding_shape(0) == (-1, 1, 28, 28)
