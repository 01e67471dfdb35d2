#!/usr/bin/env python3
"""Train the TensorRT tutorial's LeNet on Fashion-MNIST with numpy only, and write
its weights in the TFWT format that examples/lenet/main.cpp reads.

Network (the tutorial's; note: no activation after the convolutions):
    data [N,1,28,28]
    conv1   5x5, 20 maps, stride 1, no padding   -> [N,20,24,24]
    pool1   max 2x2, stride 2                    -> [N,20,12,12]
    conv2   5x5, 50 maps, stride 1, no padding   -> [N,50,8,8]
    pool2   max 2x2, stride 2                    -> [N,50,4,4]
    fc1     800 -> 500  (inputs flattened in C,H,W order)
    relu1
    fc2     500 -> 10   (logits; the class is their argmax)

Preprocessing (the C++ demo does exactly the same): each uint8 pixel p becomes the
float32 p / 255.0f, i.e. values in [0,1]; no mean/std normalisation; images are
row-major 28x28 as stored in the IDX file (one channel).

Training: Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), batch 128, softmax
cross-entropy, PyTorch-style uniform init, seed 0, float32 throughout.

Weights file (little-endian):
    char[4]  magic "TFWT"
    u32      version (1)
    u32      tensor count
    per tensor:
        u32      name length, then the name bytes (no terminator)
        u32      nbDims, then nbDims x i64 dims
        float32  data, prod(dims) values, row-major
Tensors: conv1.weight [20,1,5,5], conv1.bias [20], conv2.weight [50,20,5,5],
conv2.bias [50], fc1.weight [500,800], fc1.bias [500], fc2.weight [10,500],
fc2.bias [10]. Convolution weights are [out, in, kh, kw] (cross-correlation, as
in TensorRT/PyTorch); FC weights are [out, in].
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
DEFAULT_OUT = os.path.join(HERE, "lenet_fashion_mnist.weights")
NAMES = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
         "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


# ---------------------------------------------------------------- data
def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size mismatch")
    return arr.reshape(dims)


def load_split(data_dir, split):
    images = read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    # The documented preprocessing: p / 255 as float32, layout NHWC with C = 1.
    x = (images.astype(np.float32) / np.float32(255.0))[..., None]
    return x, labels.astype(np.int64)


# ---------------------------------------------------------------- layers
# Activations are kept NHWC internally (contiguous channels make im2col a view
# plus one copy); weights stay in the file's [O, C, KH, KW] layout, and the
# sliding-window view yields patches in (C, KH, KW) order, which matches it.
def im2col(x, k):
    n, h, w, c = x.shape
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))  # [N,Ho,Wo,C,k,k]
    ho, wo = h - k + 1, w - k + 1
    return np.ascontiguousarray(win).reshape(n * ho * wo, c * k * k), (n, ho, wo)


def conv_forward(x, w, b):
    o, c, k, _ = w.shape
    cols, (n, ho, wo) = im2col(x, k)
    y = cols @ w.reshape(o, c * k * k).T
    y += b
    return y.reshape(n, ho, wo, o), cols


def conv_backward(dy, cols, w, x_shape, need_dx):
    o, c, k, _ = w.shape
    dy2 = dy.reshape(-1, o)
    dw = (dy2.T @ cols).reshape(w.shape)
    db = dy2.sum(axis=0)
    if not need_dx:
        return None, dw, db
    n, h, wd, _ = x_shape
    ho, wo = h - k + 1, wd - k + 1
    dcols = (dy2 @ w.reshape(o, c * k * k)).reshape(n, ho, wo, c, k, k)
    dx = np.zeros(x_shape, dtype=np.float32)
    for i in range(k):
        for j in range(k):
            dx[:, i:i + ho, j:j + wo, :] += dcols[:, :, :, :, i, j]
    return dx, dw, db


def pool_forward(x):
    n, h, w, c = x.shape
    # [N,Ho,Wo,C,4]: the four window elements last, in (dy,dx) row-major order.
    win = x.reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4).reshape(n, h // 2, w // 2, c, 4)
    idx = win.argmax(axis=-1)  # first maximum wins, like cuDNN/PyTorch
    y = np.take_along_axis(win, idx[..., None], axis=-1)[..., 0]
    return y, idx


def pool_backward(dy, idx, x_shape):
    n, h, w, c = x_shape
    dwin = np.zeros(dy.shape + (4,), dtype=np.float32)
    np.put_along_axis(dwin, idx[..., None], dy[..., None], axis=-1)
    return dwin.reshape(n, h // 2, w // 2, c, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(x_shape)


# ---------------------------------------------------------------- model
def init_params(rng):
    def uniform(shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, size=shape).astype(np.float32)
    p = {}
    p["conv1.weight"] = uniform((20, 1, 5, 5), 25)
    p["conv1.bias"] = uniform((20,), 25)
    p["conv2.weight"] = uniform((50, 20, 5, 5), 500)
    p["conv2.bias"] = uniform((50,), 500)
    p["fc1.weight"] = uniform((500, 800), 800)
    p["fc1.bias"] = uniform((500,), 800)
    p["fc2.weight"] = uniform((10, 500), 500)
    p["fc2.bias"] = uniform((10,), 500)
    return p


def forward(p, x, train=False):
    c1, cols1 = conv_forward(x, p["conv1.weight"], p["conv1.bias"])
    p1, idx1 = pool_forward(c1)
    c2, cols2 = conv_forward(p1, p["conv2.weight"], p["conv2.bias"])
    p2, idx2 = pool_forward(c2)
    n = x.shape[0]
    flat = p2.transpose(0, 3, 1, 2).reshape(n, 800)  # C,H,W order, as the engine flattens
    h = flat @ p["fc1.weight"].T + p["fc1.bias"]
    r = np.maximum(h, 0)
    logits = r @ p["fc2.weight"].T + p["fc2.bias"]
    if not train:
        return logits
    cache = (x.shape, cols1, c1.shape, idx1, p1.shape, cols2, c2.shape, idx2, p2.shape, flat, h, r)
    return logits, cache


def backward(p, dlogits, cache):
    x_shape, cols1, c1_shape, idx1, p1_shape, cols2, c2_shape, idx2, p2_shape, flat, h, r = cache
    g = {}
    g["fc2.weight"] = dlogits.T @ r
    g["fc2.bias"] = dlogits.sum(axis=0)
    dr = dlogits @ p["fc2.weight"]
    dh = dr * (h > 0)
    g["fc1.weight"] = dh.T @ flat
    g["fc1.bias"] = dh.sum(axis=0)
    dflat = dh @ p["fc1.weight"]
    n = dflat.shape[0]
    dp2 = dflat.reshape(n, 50, 4, 4).transpose(0, 2, 3, 1)
    dc2 = pool_backward(dp2, idx2, c2_shape)
    dp1, g["conv2.weight"], g["conv2.bias"] = conv_backward(dc2, cols2, p["conv2.weight"], p1_shape, True)
    dc1 = pool_backward(dp1, idx1, c1_shape)
    _, g["conv1.weight"], g["conv1.bias"] = conv_backward(dc1, cols1, p["conv1.weight"], x_shape, False)
    return g


def softmax_xent(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    prob = e / e.sum(axis=1, keepdims=True)
    n = logits.shape[0]
    loss = -np.log(prob[np.arange(n), labels] + 1e-12).mean()
    d = prob
    d[np.arange(n), labels] -= 1.0
    return float(loss), (d / n).astype(np.float32)


def evaluate(p, x, y, batch=1000):
    correct = 0
    for i in range(0, len(x), batch):
        correct += int((forward(p, x[i:i + batch]).argmax(axis=1) == y[i:i + batch]).sum())
    return correct / len(x)


class Adam:
    def __init__(self, params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        self.t += 1
        c1 = 1 - self.b1 ** self.t
        c2 = 1 - self.b2 ** self.t
        for k, g in grads.items():
            m, v = self.m[k], self.v[k]
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * (g * g)
            params[k] -= (self.lr / c1) * m / (np.sqrt(v / c2) + self.eps)


# ---------------------------------------------------------------- weights file
def save_weights(path, p):
    with open(path + ".tmp", "wb") as f:
        f.write(b"TFWT")
        f.write(struct.pack("<II", 1, len(NAMES)))
        for name in NAMES:
            t = np.ascontiguousarray(p[name], dtype="<f4")
            nb = name.encode()
            f.write(struct.pack("<I", len(nb)))
            f.write(nb)
            f.write(struct.pack("<I", t.ndim))
            f.write(struct.pack("<" + "q" * t.ndim, *t.shape))
            f.write(t.tobytes())
    os.replace(path + ".tmp", path)


def load_weights(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"TFWT":
        raise ValueError("bad magic")
    version, count = struct.unpack_from("<II", data, 4)
    if version != 1:
        raise ValueError(f"unsupported version {version}")
    off, out = 12, {}
    for _ in range(count):
        (ln,) = struct.unpack_from("<I", data, off); off += 4
        name = data[off:off + ln].decode(); off += ln
        (nd,) = struct.unpack_from("<I", data, off); off += 4
        dims = struct.unpack_from("<" + "q" * nd, data, off); off += 8 * nd
        n = int(np.prod(dims))
        out[name] = np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(dims); off += 4 * n
    if off != len(data):
        raise ValueError("trailing bytes")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    for split in ("train", "t10k"):
        for kind in ("images-idx3", "labels-idx1"):
            f = os.path.join(args.data, f"{split}-{kind}-ubyte.gz")
            if not os.path.exists(f):
                sys.exit(f"missing {f} (apt-get install dataset-fashion-mnist)")
    xtr, ytr = load_split(args.data, "train")
    xte, yte = load_split(args.data, "t10k")

    rng = np.random.default_rng(args.seed)
    p = init_params(rng)
    opt = Adam(p, lr=args.lr)
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        perm = rng.permutation(len(xtr))
        tot, nb = 0.0, 0
        for i in range(0, len(xtr), args.batch):
            idx = perm[i:i + args.batch]
            logits, cache = forward(p, xtr[idx], train=True)
            loss, dlogits = softmax_xent(logits, ytr[idx])
            opt.step(p, backward(p, dlogits, cache))
            tot += loss
            nb += 1
        acc = evaluate(p, xte, yte)
        print(f"epoch {epoch}: train loss {tot / nb:.4f}  test accuracy {acc * 100:.2f}%  "
              f"({time.time() - t0:.0f} s)", flush=True)

    save_weights(args.out, p)
    q = load_weights(args.out)
    acc = evaluate({k: np.asarray(v, dtype=np.float32) for k, v in q.items()}, xte, yte)
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes); "
          f"test accuracy from the file: {acc * 100:.2f}% ({int(round(acc * len(xte)))}/{len(xte)})")


if __name__ == "__main__":
    main()
