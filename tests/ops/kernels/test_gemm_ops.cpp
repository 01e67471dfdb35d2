// FullyConnected and MatrixMultiply cases: sizes around the GEMM tiles, batch ranks, every PostOp
// on FC, transposes/vectors/broadcast batches on MatMul.
#include "backends/cpu/gemm.h"
#include "harness.h"

namespace tforge::test {
namespace {

using backends::cpu::kKC;
using backends::cpu::kMB;
using backends::cpu::kMR;
using backends::cpu::kNB;
using backends::cpu::kNR;

OpCase fc(Dims x, int64_t k, bool bias, ir::PostOp post = {}, std::string tag = "") {
    std::string label = "x" + join(x) + "_k" + std::to_string(k) + (bias ? "" : "_nobias") + tag;
    std::mt19937 rng = rngFor("w" + label);
    const int64_t d = x.d[x.nbDims - 1] * x.d[x.nbDims - 2] * x.d[x.nbDims - 3];
    ir::FullyConnectedAttrs a;
    a.nbOutputs = k;
    a.kernel = randomBlob(rng, k * d);
    if (bias) a.bias = randomBlob(rng, k);
    a.post = post;
    return OpCase{label, a, {{x, DataType::kFLOAT}}, {}, 2e-6 * static_cast<double>(d) + 1e-6, 2e-5};
}

std::vector<OpCase> fcCases() {
    std::vector<OpCase> v;
    v.push_back(fc(dims({1, 800, 1, 1}), 500, true));  // LeNet
    v.push_back(fc(dims({1, 500, 1, 1}), 10, true));
    v.push_back(fc(dims({50, 4, 4}), 7, true));  // rank 3: no batch dims
    for (int64_t k : {kNR - 1L, kNR + 0L, kNR + 1L, kNB - 1, kNB, kNB + 1})
        v.push_back(fc(dims({3, 5, 3, 1}), k, true));
    for (int64_t b : {kMR - 1L, kMR + 0L, kMR + 1L, kMB - 1, kMB + 1})
        v.push_back(fc(dims({b, 13, 1, 1}), 9, b % 2 == 0));
    for (int64_t d : {kKC - 1, kKC, kKC + 1, 3 * kKC + 7}) v.push_back(fc(dims({2, d, 1, 1}), 11, true));
    v.push_back(fc(dims({2, 3, 7, 2, 3}), 17, false));  // two batch dims
    v.push_back(fc(dims({1, 2, 3, 5, 7}), 13, true));
    for (int t = 0; t < kNB_ACTIVATION_TYPES; ++t) {
        ir::PostOp p;
        p.enabled = true;
        p.type = static_cast<ActivationType>(t);
        ir::defaultActivationParams(p.type, p.alpha, p.beta);
        if (p.type == ActivationType::kCLIP) {
            p.alpha = -0.3f;
            p.beta = 0.4f;
        }
        v.push_back(fc(dims({3, 37, 1, 1}), 19, true, p, "_post" + std::to_string(t)));
        v.push_back(fc(dims({1, 37, 1, 1}), 19, true, p, "_post" + std::to_string(t)));
    }
    return v;
}

OpCase mm(Dims a, MatrixOperation op0, Dims b, MatrixOperation op1) {
    ir::MatMulAttrs at;
    at.op0 = op0;
    at.op1 = op1;
    const int64_t k = op0 == MatrixOperation::kNONE        ? a.d[a.nbDims - 1]
                      : op0 == MatrixOperation::kTRANSPOSE ? a.d[a.nbDims - 2]
                                                           : a.d[a.nbDims - 1];
    std::string label = "a" + join(a) + "_op" + std::to_string(static_cast<int>(op0)) + "_b" + join(b) + "_op" +
                        std::to_string(static_cast<int>(op1));
    return OpCase{label, at, {{a, DataType::kFLOAT}, {b, DataType::kFLOAT}}, {}, 2e-6 * static_cast<double>(k) + 1e-6,
                  2e-5};
}

std::vector<OpCase> matmulCases() {
    using M = MatrixOperation;
    std::vector<OpCase> v;
    const M N = M::kNONE, T = M::kTRANSPOSE, V = M::kVECTOR;
    for (M o0 : {N, T})
        for (M o1 : {N, T}) {
            v.push_back(mm(o0 == N ? dims({7, 13}) : dims({13, 7}), o0, o1 == N ? dims({13, 9}) : dims({9, 13}), o1));
            v.push_back(mm(o0 == N ? dims({2, 3, 5, 11}) : dims({2, 3, 11, 5}), o0,
                           o1 == N ? dims({3, 11, 17}) : dims({3, 17, 11}), o1));
        }
    for (int64_t m : {kMR - 1L, kMR + 1L, kMB - 1, kMB + 1}) v.push_back(mm(dims({m, 19}), N, dims({19, 10}), N));
    for (int64_t n : {kNR - 1L, kNR + 1L, kNB - 1, kNB + 1}) v.push_back(mm(dims({5, 19}), N, dims({19, n}), N));
    for (int64_t k : {kKC - 1, kKC + 1, 2 * kKC + 5}) v.push_back(mm(dims({9, k}), N, dims({k, 14}), N));
    v.push_back(mm(dims({128, 64}), N, dims({128, 64}), T));
    // Broadcast batches, different ranks, batch of 1 against 3.
    v.push_back(mm(dims({3, 1, 4, 6}), N, dims({5, 6, 7}), N));
    v.push_back(mm(dims({4, 6}), N, dims({3, 6, 7}), N));
    v.push_back(mm(dims({1, 4, 6}), N, dims({3, 6, 7}), N));
    v.push_back(mm(dims({3, 2, 9, 5}), T, dims({1, 1, 9, 4}), N));
    // Vectors.
    v.push_back(mm(dims({13}), V, dims({13, 6}), N));
    v.push_back(mm(dims({7, 13}), N, dims({13}), V));
    v.push_back(mm(dims({29}), V, dims({29}), V));
    v.push_back(mm(dims({3, 29}), V, dims({3, 29}), V));
    v.push_back(mm(dims({2, 1, 17}), V, dims({4, 17, 5}), N));
    v.push_back(mm(dims({2, 7, 17}), N, dims({17}), V));
    v.push_back(mm(dims({5, 11}), V, dims({3, 5, 8, 11}), T));
    return v;
}

INSTANTIATE_TEST_SUITE_P(FullyConnected, KernelCase, ::testing::ValuesIn(fcCases()), caseName);
INSTANTIATE_TEST_SUITE_P(MatMul, KernelCase, ::testing::ValuesIn(matmulCases()), caseName);

}  // namespace
}  // namespace tforge::test
