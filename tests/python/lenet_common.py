"""Data and weights of the LeNet / Fashion-MNIST demo for the Python tests.

- read_tfwt: the TFWT weights format of examples/lenet/weights.h (written by train_lenet.py);
- load_fashion_mnist: IDX files preprocessed exactly as examples/lenet/mnist_idx.cpp does
  (uint8 pixel p -> float32 p / 255.0f, [N, 1, 28, 28] row-major; labels uint8);
- reference_logits: a float64 numpy forward pass of the network, independent of TensorForge;
- populate_network_v10: the same network through the TensorRT 10 API (explicit batch);
- run_cpp_demo: the C++ demo's printed accuracy, when its binary has been built.
"""

import gzip
import os
import re
import struct
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
WEIGHTS = os.path.join(REPO, "examples", "lenet", "lenet_fashion_mnist.weights")
DATA_DIR = os.environ.get("TFORGE_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
BUILD_DIR = os.environ.get("TFORGE_BUILD_DIR", os.path.join(REPO, "build"))
LENET_BIN = os.path.join(BUILD_DIR, "examples", "lenet", "lenet")
PLAN_LOADER = os.environ.get(
    "TFORGE_PLAN_LOADER", os.path.join(BUILD_DIR, "tests", "python", "plan_loader", "tforge_load_plan"))

INPUT_NAME = "data"
OUTPUT_NAME = "prob"
NAMES = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
         "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


def read_tfwt(path=WEIGHTS):
    """{name: float32 array} from a TFWT file (strict: magic, version, sizes, no trailing bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"TFWT":
        raise ValueError(f"{path}: not a TFWT file")
    version, count = struct.unpack_from("<II", data, 4)
    if version != 1:
        raise ValueError(f"{path}: unsupported TFWT version {version}")
    off, out = 12, {}
    for _ in range(count):
        (ln,) = struct.unpack_from("<I", data, off)
        off += 4
        name = data[off:off + ln].decode()
        off += ln
        (nd,) = struct.unpack_from("<I", data, off)
        off += 4
        if nd > 8:
            raise ValueError(f"{path}: tensor {name} has {nd} dims")
        dims = struct.unpack_from("<" + "q" * nd, data, off)
        off += 8 * nd
        n = int(np.prod(dims, dtype=np.int64)) if nd else 1
        if off + 4 * n > len(data):
            raise ValueError(f"{path}: tensor {name} is truncated")
        out[name] = np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(dims).astype(np.float32)
        off += 4 * n
    if off != len(data):
        raise ValueError(f"{path}: trailing bytes")
    return out


def _read_idx(path, rank):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 + 4 * rank or data[:3] != b"\0\0\x08" or data[3] != rank:
        raise ValueError(f"{path}: not an unsigned-byte IDX file of rank {rank}")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size does not match the header")
    return arr.reshape(dims)


def _pick(name):
    gz = os.path.join(DATA_DIR, name + ".gz")
    return gz if os.path.exists(gz) else os.path.join(DATA_DIR, name)


def have_fashion_mnist():
    return os.path.exists(_pick("t10k-images-idx3-ubyte")) and os.path.exists(_pick("t10k-labels-idx1-ubyte"))


def load_fashion_mnist(split="t10k"):
    """(images float32 [N,1,28,28], labels uint8 [N]) preprocessed as examples/lenet/mnist_idx.cpp."""
    images = _read_idx(_pick(f"{split}-images-idx3-ubyte"), 3)
    labels = _read_idx(_pick(f"{split}-labels-idx1-ubyte"), 1)
    x = images.astype(np.float32) / np.float32(255.0)  # == float(p) / 255.0f
    return np.ascontiguousarray(x.reshape(-1, 1, 28, 28)), labels.copy()


# ----------------------------------------------------------------------------- numpy reference


def _conv(x, w, b):
    n, c, h, wd = x.shape
    k, _, kh, kw = w.shape
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))  # n,c,oh,ow,kh,kw
    return np.einsum("nchwij,kcij->nkhw", win, w, optimize=True) + b[None, :, None, None]


def _maxpool2(x):
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def reference_logits(weights, images, chunk=500):
    """float64 logits [N, 10] of the network (conv1 pool1 conv2 pool2 fc1 relu fc2)."""
    p = {k: v.astype(np.float64) for k, v in weights.items()}
    out = []
    for i in range(0, len(images), chunk):
        x = images[i:i + chunk].astype(np.float64)
        x = _maxpool2(_conv(x, p["conv1.weight"], p["conv1.bias"]))
        x = _maxpool2(_conv(x, p["conv2.weight"], p["conv2.bias"]))
        x = x.reshape(len(x), -1)
        x = np.maximum(x @ p["fc1.weight"].T + p["fc1.bias"], 0)
        out.append(x @ p["fc2.weight"].T + p["fc2.bias"])
    return np.concatenate(out)


# ----------------------------------------------------------------------------- the network, TensorRT 10 API


def populate_network_v10(trt, network, weights):
    """LeNet through the current API: explicit batch, *_nd layers and properties."""
    data = network.add_input(name=INPUT_NAME, dtype=trt.float32, shape=(-1, 1, 28, 28))
    conv1 = network.add_convolution_nd(data, 20, (5, 5), weights["conv1.weight"], weights["conv1.bias"])
    conv1.stride_nd = (1, 1)
    conv1.name = "conv1"
    pool1 = network.add_pooling_nd(conv1.get_output(0), trt.PoolingType.MAX, (2, 2))
    pool1.stride_nd = (2, 2)
    pool1.name = "pool1"
    conv2 = network.add_convolution_nd(pool1.get_output(0), 50, (5, 5), weights["conv2.weight"], weights["conv2.bias"])
    conv2.stride_nd = (1, 1)
    conv2.name = "conv2"
    pool2 = network.add_pooling_nd(conv2.get_output(0), trt.PoolingType.MAX, (2, 2))
    pool2.stride_nd = (2, 2)
    pool2.name = "pool2"
    fc1 = network.add_fully_connected(pool2.get_output(0), 500, weights["fc1.weight"], weights["fc1.bias"])
    fc1.name = "fc1"
    relu1 = network.add_activation(fc1.get_output(0), trt.ActivationType.RELU)
    relu1.name = "relu1"
    fc2 = network.add_fully_connected(relu1.get_output(0), 10, weights["fc2.weight"], weights["fc2.bias"])
    fc2.name = "fc2"
    fc2.get_output(0).name = OUTPUT_NAME
    network.mark_output(fc2.get_output(0))
    return network


def build_plan_v10(trt, logger, weights, max_batch, opt_level=None):
    """Serialized plan (IHostMemory) of LeNet with batch 1..max_batch, built through the TRT 10 API."""
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        populate_network_v10(trt, network, weights)
        config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, 256 << 20)
        config.default_device_type = trt.DeviceType.CPU
        if opt_level is not None:
            config.builder_optimization_level = opt_level
        profile = builder.create_optimization_profile()
        profile.set_shape(INPUT_NAME, (1, 1, 28, 28), (max_batch, 1, 28, 28), (max_batch, 1, 28, 28))
        assert config.add_optimization_profile(profile) == 0
        plan = builder.build_serialized_network(network, config)
        assert plan is not None, "build_serialized_network failed (see the log)"
        return plan


def run_engine_v10(trt, engine, images, batch):
    """Logits [N, 10] of all images, batch by batch, through set_input_shape / set_tensor_address /
    execute_async_v3 on buffers from tensorforge.cuda."""
    import tensorforge.cuda as cuda

    n = len(images)
    out = np.empty((n, 10), dtype=np.float32)
    stream = cuda.Stream()
    d_in = cuda.mem_alloc(batch * 784 * 4)
    d_out = cuda.mem_alloc(batch * 10 * 4)
    with engine.create_execution_context() as context:
        for first in range(0, n, batch):
            b = min(batch, n - first)
            assert context.set_input_shape(INPUT_NAME, (b, 1, 28, 28))
            assert tuple(context.get_tensor_shape(OUTPUT_NAME)) == (b, 10, 1, 1)
            assert context.set_tensor_address(INPUT_NAME, int(d_in))
            assert context.set_tensor_address(OUTPUT_NAME, int(d_out))
            cuda.memcpy_htod_async(d_in, images[first:first + b], stream)
            assert context.execute_async_v3(stream.handle)
            cuda.memcpy_dtoh_async(out[first:first + b], d_out, stream)
            stream.synchronize()
    return out


# ----------------------------------------------------------------------------- the C++ demo


def run_cpp_demo(plan_path):
    """(correct, total) printed by the C++ demo (build/examples/lenet/lenet), or None if not built."""
    if not os.access(LENET_BIN, os.X_OK):
        return None
    res = subprocess.run([LENET_BIN, "--weights", WEIGHTS, "--data", DATA_DIR, "--plan", plan_path],
                         capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, f"the C++ demo failed:\n{res.stdout}\n{res.stderr}"
    m = re.search(r"Test accuracy: [0-9.]+% \((\d+)/(\d+)\)", res.stdout)
    assert m, f"no accuracy line in the C++ demo's output:\n{res.stdout}"
    return int(m.group(1)), int(m.group(2))
