#!/usr/bin/env python3
"""LeNet (the tutorial's, Fashion-MNIST test set) on the CPU: TensorForge vs ONNX Runtime, one run.

Builds the same network as examples/lenet from the same weights file as an ONNX model (onnx.helper),
runs ONNX Runtime's CPU provider over the 10,000 test images at the same batch size, runs the C++
demo binary, and prints images/s for both and the ratio. Needs `pip install onnx onnxruntime`.

    python3 bench/lenet_cpu_vs_onnxruntime.py [--lenet build/examples/lenet/lenet] [--batch 256] [--repeat 3]
"""
import argparse
import gzip
import os
import re
import struct
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"


def read_weights(path):
    """The TFWT format written by examples/lenet/train_lenet.py."""
    with open(path, "rb") as f:
        buf = f.read()
    assert buf[:4] == b"TFWT", "not a TFWT weights file"
    _, count = struct.unpack_from("<II", buf, 4)
    off, out = 12, {}
    for _ in range(count):
        (n,) = struct.unpack_from("<I", buf, off)
        name = buf[off + 4 : off + 4 + n].decode()
        off += 4 + n
        (nd,) = struct.unpack_from("<I", buf, off)
        dims = struct.unpack_from("<%dq" % nd, buf, off + 4)
        off += 4 + 8 * nd
        size = int(np.prod(dims))
        out[name] = np.frombuffer(buf, np.float32, size, off).reshape(dims)
        off += 4 * size
    return out


def read_images():
    with gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")) as f:
        raw = f.read()
    n = struct.unpack(">I", raw[4:8])[0]
    return (np.frombuffer(raw, np.uint8, n * 784, 16).reshape(n, 1, 28, 28) / 255.0).astype(np.float32)


def lenet_onnx(w):
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(np.ascontiguousarray(v), k) for k, v in w.items()]
    nodes = [
        helper.make_node("Conv", ["data", "conv1.weight", "conv1.bias"], ["c1"], kernel_shape=[5, 5]),
        helper.make_node("MaxPool", ["c1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], kernel_shape=[5, 5]),
        helper.make_node("MaxPool", ["c2"], ["p2"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p2"], ["f"]),
        helper.make_node("Gemm", ["f", "fc1.weight", "fc1.bias"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("Gemm", ["r", "fc2.weight", "fc2.bias"], ["prob"], transB=1),
    ]
    g = helper.make_graph(
        nodes, "lenet",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("prob", TensorProto.FLOAT, ["N", 10])], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]).SerializeToString()


def bench_ort(model, images, batch, repeat):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = os.cpu_count()
    sess = ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])
    sess.run(None, {"data": images[:batch]})
    best = 1e9
    for _ in range(repeat):
        t0 = time.perf_counter()
        for i in range(0, len(images), batch):
            sess.run(None, {"data": images[i : i + batch]})
        best = min(best, time.perf_counter() - t0)
    return len(images) / best


def bench_tforge(binary, batch, repeat):
    best = 0.0
    for _ in range(repeat):
        out = subprocess.run([binary, "--batch", str(batch), "--plan", "/tmp/bench_lenet.plan"],
                             check=True, capture_output=True, text=True).stdout
        best = max(best, float(re.search(r"Throughput: ([0-9.]+) images/s", out).group(1)))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lenet", default=os.path.join(ROOT, "build/examples/lenet/lenet"))
    ap.add_argument("--weights", default=os.path.join(ROOT, "examples/lenet/lenet_fashion_mnist.weights"))
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    images = read_images()
    ort_ips = bench_ort(lenet_onnx(read_weights(a.weights)), images, a.batch, a.repeat)
    tf_ips = bench_tforge(a.lenet, a.batch, a.repeat)
    print(f"LeNet fp32, batch {a.batch}, {len(images)} images, {os.cpu_count()} cores")
    print(f"{'engine':<16}{'images/s':>12}{'vs ORT':>10}")
    print(f"{'onnxruntime':<16}{ort_ips:>12.0f}{1.0:>10.2f}")
    print(f"{'tensorforge':<16}{tf_ips:>12.0f}{tf_ips / ort_ips:>10.2f}")


if __name__ == "__main__":
    sys.exit(main())
