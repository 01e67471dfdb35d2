"""Acceptance 1: the TensorRT 5-7 "network API" tutorial (LeNet built layer by layer from trained
weights, pycuda buffers, implicit batch) run as written, with only its imports changed:

    import tensorrt as trt            ->  import tensorforge as trt
    import pycuda.driver as cuda      ->  import tensorforge.cuda as cuda
    import pycuda.autoinit            ->  import tensorforge.cuda.autoinit

It classifies the 10,000 Fashion-MNIST test images and must reach the C++ demo's accuracy.
"""

import os

import numpy as np
import pytest

import tensorforge as trt
import tensorforge.cuda as cuda
import tensorforge.cuda.autoinit  # noqa: F401

import lenet_common

pytestmark = pytest.mark.skipif(not lenet_common.have_fashion_mnist(),
                                reason="Fashion-MNIST not installed (Debian package dataset-fashion-mnist)")

# ============================================================================ the tutorial's code

TRT_LOGGER = trt.Logger(trt.Logger.WARNING)


class ModelData(object):
    INPUT_NAME = "data"
    INPUT_SHAPE = (1, 28, 28)
    OUTPUT_NAME = "prob"
    OUTPUT_SIZE = 10
    DTYPE = trt.float32


def GiB(val):
    return val * 1 << 30


def populate_network(network, weights):
    # Configure the network layers based on the weights provided.
    input_tensor = network.add_input(name=ModelData.INPUT_NAME, dtype=ModelData.DTYPE, shape=ModelData.INPUT_SHAPE)

    conv1_w = weights['conv1.weight'].numpy()
    conv1_b = weights['conv1.bias'].numpy()
    conv1 = network.add_convolution(input=input_tensor, num_output_maps=20, kernel_shape=(5, 5), kernel=conv1_w,
                                    bias=conv1_b)
    conv1.stride = (1, 1)

    pool1 = network.add_pooling(input=conv1.get_output(0), type=trt.PoolingType.MAX, window_size=(2, 2))
    pool1.stride = (2, 2)

    conv2_w = weights['conv2.weight'].numpy()
    conv2_b = weights['conv2.bias'].numpy()
    conv2 = network.add_convolution(pool1.get_output(0), 50, (5, 5), conv2_w, conv2_b)
    conv2.stride = (1, 1)

    pool2 = network.add_pooling(conv2.get_output(0), trt.PoolingType.MAX, (2, 2))
    pool2.stride = (2, 2)

    fc1_w = weights['fc1.weight'].numpy()
    fc1_b = weights['fc1.bias'].numpy()
    fc1 = network.add_fully_connected(input=pool2.get_output(0), num_outputs=500, kernel=fc1_w, bias=fc1_b)

    relu1 = network.add_activation(input=fc1.get_output(0), type=trt.ActivationType.RELU)

    fc2_w = weights['fc2.weight'].numpy()
    fc2_b = weights['fc2.bias'].numpy()
    fc2 = network.add_fully_connected(relu1.get_output(0), ModelData.OUTPUT_SIZE, fc2_w, fc2_b)

    fc2.get_output(0).name = ModelData.OUTPUT_NAME
    network.mark_output(tensor=fc2.get_output(0))


class Buffer(object):
    """A host buffer and the device buffer it is copied to / from."""

    def __init__(self, host_mem, device_mem):
        self.host = host_mem
        self.device = device_mem

    def __str__(self):
        return "Host:\n" + str(self.host) + "\nDevice:\n" + str(self.device)

    def __repr__(self):
        return self.__str__()


def alloc_buffers(engine):
    # Allocates all buffers required for an engine, i.e. host/device inputs/outputs.
    inputs = []
    outputs = []
    bindings = []
    stream = cuda.Stream()
    for binding in engine:
        size = trt.volume(engine.get_binding_shape(binding)) * engine.max_batch_size
        dtype = trt.nptype(engine.get_binding_dtype(binding))
        # Allocate host and device buffers
        host_mem = cuda.pagelocked_empty(size, dtype)
        device_mem = cuda.mem_alloc(host_mem.nbytes)
        # Append the device buffer to device bindings.
        bindings.append(int(device_mem))
        # Append to the appropriate list.
        if engine.binding_is_input(binding):
            inputs.append(Buffer(host_mem, device_mem))
        else:
            outputs.append(Buffer(host_mem, device_mem))
    return inputs, outputs, bindings, stream


def prepare_buffers(inputs, images):
    # Copies a batch of preprocessed images into the (page-locked) input host buffer.
    batch = images.ravel()
    np.copyto(inputs[0].host[:batch.size], batch)
    return len(images)


def do_inference(context, bindings, inputs, outputs, stream, batch_size=1):
    # Transfer input data to the GPU.
    [cuda.memcpy_htod_async(inp.device, inp.host, stream) for inp in inputs]
    # Run inference.
    context.execute_async(batch_size=batch_size, bindings=bindings, stream_handle=stream.handle)
    # Transfer predictions back from the GPU.
    [cuda.memcpy_dtoh_async(out.host, out.device, stream) for out in outputs]
    # Synchronize the stream
    stream.synchronize()
    # Return only the host outputs.
    return [out.host for out in outputs]


# ============================================================================ the test around it

BATCH = 256  # as the C++ demo


class _TorchLikeTensor:
    """The tutorial reads weights from a PyTorch state_dict (tensor.numpy()); here from the TFWT file."""

    def __init__(self, array):
        self._array = array

    def numpy(self):
        return self._array


def _classify_legacy(weights, images):
    """The tutorial's main(): build with the legacy API, then classify every image. Returns logits."""
    n = len(images)
    logits = np.empty((n, ModelData.OUTPUT_SIZE), dtype=np.float32)
    with trt.Builder(TRT_LOGGER) as builder:
        builder.max_workspace_size = GiB(1)
        builder.max_batch_size = BATCH
        with builder.create_network() as network:
            populate_network(network, weights)
            with builder.build_cuda_engine(network) as engine:
                assert engine is not None
                inputs, outputs, bindings, stream = alloc_buffers(engine)
                with engine.create_execution_context() as context:
                    for first in range(0, n, BATCH):
                        batch_size = prepare_buffers(inputs, images[first:first + BATCH])
                        [output] = do_inference(context, bindings=bindings, inputs=inputs, outputs=outputs,
                                                stream=stream, batch_size=batch_size)
                        logits[first:first + batch_size] = output[:batch_size * ModelData.OUTPUT_SIZE].reshape(
                            batch_size, ModelData.OUTPUT_SIZE)
    return logits


def near_ties(logits, eps=1e-3):
    """Images whose two best scores lie within eps: the only ones whose class can differ between
    two builds (the autotuner may pick kernels that round differently, ~1e-5 here)."""
    top2 = np.sort(logits, axis=1)[:, -2:]
    return int((top2[:, 1] - top2[:, 0] < eps).sum())


@pytest.fixture(scope="module")
def weights():
    return lenet_common.read_tfwt()


@pytest.fixture(scope="module")
def test_set():
    return lenet_common.load_fashion_mnist("t10k")


@pytest.fixture(scope="module")
def cpp_demo(tmp_path_factory):
    """(correct, total, plan path) of the C++ demo run on the same weights and images, or None
    if build/examples/lenet/lenet has not been built."""
    plan = str(tmp_path_factory.mktemp("cpp_demo") / "lenet.plan")
    result = lenet_common.run_cpp_demo(plan)
    return None if result is None else (result[0], result[1], plan)


@pytest.fixture(scope="module")
def legacy_logits(weights, test_set):
    images, _ = test_set
    return _classify_legacy({k: _TorchLikeTensor(v) for k, v in weights.items()}, images)


def test_tutorial_engine_shape(weights):
    """The legacy getters describe the implicit-batch engine as TensorRT 7 did."""
    with trt.Builder(TRT_LOGGER) as builder:
        builder.max_batch_size = 8
        with builder.create_network() as network:
            assert network.has_implicit_batch_dimension
            populate_network(network, {k: _TorchLikeTensor(v) for k, v in weights.items()})
            assert network.get_input(0).shape == (1, 28, 28)
            assert network.get_output(0).shape == (10, 1, 1)
            with builder.build_cuda_engine(network) as engine:
                assert engine.max_batch_size == 8
                assert engine.num_bindings == 2 and len(engine) == 2
                assert list(engine) == ["data", "prob"]
                assert engine[0] == "data" and engine["prob"] == 1
                assert engine.get_binding_index("prob") == 1 and engine.get_binding_index("nope") == -1
                assert engine.binding_is_input("data") and not engine.binding_is_input(1)
                assert engine.get_binding_shape("data") == (1, 28, 28)
                assert engine.get_binding_shape(1) == (10, 1, 1)
                assert engine.get_binding_dtype(0) == trt.float32
                assert trt.nptype(engine.get_binding_dtype("prob")) is np.float32
                # The current API sees the explicit batch dimension and the profile made from max_batch_size.
                assert engine.get_tensor_shape("data") == (-1, 1, 28, 28)
                assert engine.get_tensor_profile_shape("data", 0) == [(1, 1, 28, 28), (8, 1, 28, 28), (8, 1, 28, 28)]


def test_tutorial_accuracy(legacy_logits, test_set, weights, cpp_demo):
    images, labels = test_set
    predicted = legacy_logits.argmax(axis=1)
    correct = int((predicted == labels).sum())
    accuracy = correct / len(labels)
    print(f"\ntutorial (legacy API): test accuracy {100 * accuracy:.2f}% ({correct}/{len(labels)})")
    assert accuracy >= 0.88

    # Independent check: a float64 numpy forward pass agrees on (nearly) every image.
    ref = lenet_common.reference_logits(weights, images[:2000])
    np.testing.assert_allclose(legacy_logits[:2000], ref, rtol=1e-3, atol=1e-3)
    assert (ref.argmax(axis=1) == predicted[:2000]).mean() >= 0.999

    # The C++ demo (build/examples/lenet/lenet) on the same weights and images prints the same accuracy.
    cpp = cpp_demo
    if cpp is None:
        pytest.skip(f"C++ demo not built ({lenet_common.LENET_BIN}); accuracy checked against numpy only")
    print(f"C++ demo: {cpp[0]}/{cpp[1]}")
    assert cpp[1] == len(labels)
    assert abs(cpp[0] - correct) <= near_ties(legacy_logits)  # in practice: equal


def test_tutorial_matches_v10_api(legacy_logits, test_set, weights):
    """The TensorRT 10 path (explicit batch, profile, set_tensor_address, execute_async_v3) classifies
    every image the same way as the tutorial's legacy path."""
    images, labels = test_set
    plan = lenet_common.build_plan_v10(trt, TRT_LOGGER, weights, BATCH)
    with trt.Runtime(TRT_LOGGER) as runtime, runtime.deserialize_cuda_engine(plan) as engine:
        v10 = lenet_common.run_engine_v10(trt, engine, images, BATCH)
    np.testing.assert_allclose(v10, legacy_logits, rtol=1e-4, atol=1e-4)
    differ = int((v10.argmax(axis=1) != legacy_logits.argmax(axis=1)).sum())
    assert differ <= near_ties(legacy_logits)  # in practice 0: the same class for every image


def test_demo_plan_from_cpp_loads_in_python(test_set, legacy_logits, cpp_demo):
    """The plan the C++ demo wrote loads and runs in Python (build/lenet.plan from `make demo` if the
    demo binary is not built)."""
    images, labels = test_set
    path = cpp_demo[2] if cpp_demo else os.path.join(lenet_common.BUILD_DIR, "lenet.plan")
    if not os.path.exists(path):
        pytest.skip("neither the C++ demo nor build/lenet.plan (make demo) is there")
    with open(path, "rb") as f:
        plan = f.read()
    with trt.Runtime(TRT_LOGGER) as runtime:
        engine = runtime.deserialize_cuda_engine(plan)
        if engine is None:
            assert cpp_demo is None, "the plan the C++ demo just wrote does not load"
            pytest.skip("build/lenet.plan is stale (written by another library version)")
        with engine:
            max_batch = engine.get_tensor_profile_shape("data", 0)[2][0]
            logits = lenet_common.run_engine_v10(trt, engine, images, max_batch)
    np.testing.assert_allclose(logits, legacy_logits, rtol=1e-4, atol=1e-4)
    correct = int((logits.argmax(axis=1) == labels).sum())
    assert correct / len(labels) >= 0.88
    if cpp_demo:
        assert abs(correct - cpp_demo[0]) <= near_ties(legacy_logits)  # in practice: equal
