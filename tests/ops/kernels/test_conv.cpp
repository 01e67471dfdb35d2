// Convolution cases: tile edges of the packed GEMM (kMR/kMB rows, kNR/kNB columns, kKC depth),
// groups and depthwise, strides/dilations/padding modes, 1-D and 3-D, every PostOp.
#include "backends/cpu/gemm.h"
#include "harness.h"

namespace tforge::test {
namespace {

using backends::cpu::kKC;
using backends::cpu::kMB;
using backends::cpu::kMR;
using backends::cpu::kNB;
using backends::cpu::kNR;

struct Conv {
    Conv(int64_t n_, int64_t c_, int64_t k_, int64_t g_, Dims in_, Dims ker_, Dims st_ = {}, Dims dil_ = {},
         Dims pre_ = {}, Dims post_ = {}, PaddingMode m_ = PaddingMode::kEXPLICIT_ROUND_DOWN)
        : n(n_),
          c(c_),
          k(k_),
          groups(g_),
          in(in_),
          kernel(ker_),
          stride(st_),
          dilation(dil_),
          pre(pre_),
          post(post_),
          mode(m_) {}
    int64_t n, c, k, groups;
    Dims in, kernel, stride, dilation, pre, post;
    PaddingMode mode;
    bool bias{true};
    ir::PostOp postOp{};
    std::string tag;

    OpCase make() const {
        std::mt19937 rng = rngFor("w" + label());
        ir::ConvAttrs a;
        a.nbOutputMaps = k;
        a.nbGroups = groups;
        a.kernelSize = kernel;
        a.stride = stride;
        a.dilation = dilation;
        a.prePadding = pre;
        a.postPadding = post;
        a.paddingMode = mode;
        a.kernel = randomBlob(rng, k * (c / groups) * ir::volume(kernel));
        if (bias) a.bias = randomBlob(rng, k);
        a.post = postOp;
        Dims x = in;
        for (int i = x.nbDims - 1; i >= 0; --i) x.d[i + 2] = x.d[i];
        x.d[0] = n;
        x.d[1] = c;
        x.nbDims += 2;
        OpCase oc{label(), a, {{x, DataType::kFLOAT}}, {}, 0, 2e-5};
        // fp32 sums of R = C/g * taps products of values <= 1: error grows ~ linearly in R at worst.
        oc.atol = 2e-6 * static_cast<double>((c / groups) * ir::volume(kernel)) + 1e-6;
        return oc;
    }
    std::string label() const {
        return "n" + std::to_string(n) + "c" + std::to_string(c) + "k" + std::to_string(k) + "g" +
               std::to_string(groups) + "_in" + join(in) + "_ker" + join(kernel) + "_st" + join(stride) + "_dil" +
               join(dilation) + "_pre" + join(pre) + "_post" + join(post) + "_m" +
               std::to_string(static_cast<int>(mode)) + (bias ? "" : "_nobias") + tag;
    }
};

std::vector<OpCase> convCases() {
    std::vector<OpCase> v;
    auto add = [&](Conv c) { v.push_back(c.make()); };
    // LeNet-like.
    add({1, 1, 20, 1, dims({28, 28}), dims({5, 5})});
    add({3, 20, 50, 1, dims({12, 12}), dims({5, 5})});
    // Output channels around kMR and kMB; output positions around kNR and kNB.
    for (int64_t k : {kMR - 1L, kMR + 0L, kMR + 1L, kMB - 1, kMB, kMB + 1})
        add({1, 3, k, 1, dims({7, 9}), dims({3, 3})});
    for (int64_t w : {kNR - 1L, kNR + 0L, kNR + 1L, kNB - 1, kNB, kNB + 1})
        add({1, 2, 5, 1, dims({1, w}), dims({1, 1})});
    add({3, 2, 7, 1, dims({17, 17}), dims({2, 2})});  // 256 outputs: one kNB tile exactly
    // Reduction depth around kKC (1x1 kernels: depth = channels) and above it.
    for (int64_t c : {kKC - 1, kKC, kKC + 1, 2 * kKC + 3}) add({1, c, 7, 1, dims({5, 3}), dims({1, 1})});
    add({1, 29, 13, 1, dims({6, 7}), dims({3, 3})});  // depth 261, primes
    // Batch, strides, dilation, padding modes, asymmetric explicit padding.
    for (int64_t n : {1, 3}) {
        add({n, 5, 11, 1, dims({13, 11}), dims({3, 3}), dims({2, 2}), dims({1, 1}), dims({1, 1}), dims({1, 1})});
        add({n, 4, 6, 1, dims({10, 9}), dims({3, 2}), dims({1, 3}), dims({2, 1}), dims({2, 0}), dims({0, 3})});
    }
    for (PaddingMode m : {PaddingMode::kEXPLICIT_ROUND_DOWN, PaddingMode::kEXPLICIT_ROUND_UP, PaddingMode::kSAME_UPPER,
                          PaddingMode::kSAME_LOWER}) {
        for (int64_t s : {1, 2, 3}) {
            Conv c{2, 3, 5, 1, dims({11, 8}), dims({4, 3}), dims({s, s}), dims({1, 2}), dims({1, 0}), dims({2, 1}), m};
            add(c);
        }
    }
    // Groups, depthwise, depthwise with multiplier, groups with channels per group > 1.
    add({2, 8, 12, 4, dims({9, 9}), dims({3, 3}), dims({1, 1}), dims({1, 1}), dims({1, 1}), dims({1, 1})});
    add({1, 16, 16, 16, dims({14, 15}), dims({3, 3}), dims({1, 1}), dims({1, 1}), dims({1, 1}), dims({1, 1})});
    add({3, 6, 12, 6, dims({8, 7}), dims({5, 5}), dims({2, 2}), dims({1, 1}), dims({2, 2}), dims({2, 2})});
    add({1, 32, 32, 32, dims({9, 9}), dims({3, 3}), dims({2, 2}), dims({2, 2}), {}, {}, PaddingMode::kSAME_UPPER});
    add({1, 9, 6, 3, dims({7, 5}), dims({1, 1})});
    // 1-D and 3-D.
    add({2, 3, 7, 1, dims({31}), dims({5}), dims({2}), dims({1}), dims({2}), dims({1})});
    add({1, 4, 10, 2, dims({40}), dims({3}), dims({1}), dims({3}), {}, {}, PaddingMode::kSAME_LOWER});
    add({1, 2, 5, 1, dims({5, 6, 7}), dims({3, 2, 3})});
    add({3, 4, 6, 2, dims({6, 5, 9}), dims({2, 3, 3}), dims({2, 1, 2}), dims({1, 2, 1}), dims({1, 1, 0}),
         dims({0, 1, 2})});
    add({1, 3, 4, 1, dims({4, 4, 4}), dims({3, 3, 3}), {}, {}, {}, {}, PaddingMode::kSAME_UPPER});
    // Kernel as large as the padded input; no bias.
    {
        Conv c{1, 3, 4, 1, dims({3, 5}), dims({5, 5}), {}, {}, dims({1, 0}), dims({1, 0})};
        c.bias = false;
        add(c);
    }
    // Every PostOp, fused into the GEMM epilogue (and the direct tactic's row store).
    for (int t = 0; t < kNB_ACTIVATION_TYPES; ++t) {
        Conv c{2, 6, 10, 1, dims({9, 10}), dims({3, 3}), {}, {}, dims({1, 1}), dims({1, 1})};
        c.postOp.enabled = true;
        c.postOp.type = static_cast<ActivationType>(t);
        ir::defaultActivationParams(c.postOp.type, c.postOp.alpha, c.postOp.beta);
        if (c.postOp.type == ActivationType::kCLIP) {
            c.postOp.alpha = -0.5f;
            c.postOp.beta = 0.7f;
        }
        c.tag = "_post" + std::to_string(t);
        add(c);
    }
    return v;
}

INSTANTIATE_TEST_SUITE_P(Conv, KernelCase, ::testing::ValuesIn(convCases()), caseName);

}  // namespace
}  // namespace tforge::test
