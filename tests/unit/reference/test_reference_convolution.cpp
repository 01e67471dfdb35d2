// Convolution against hand-computed values: each case is small enough to check on paper.
#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

std::vector<float> iota(int n, float start = 1.f) {
    std::vector<float> v(n);
    for (int i = 0; i < n; ++i) v[i] = start + i;
    return v;
}

ir::ConvAttrs conv(int64_t K, Dims kernel, std::vector<float> w, std::vector<float> bias = {}) {
    ir::ConvAttrs a;
    a.nbOutputMaps = K;
    a.kernelSize = kernel;
    a.kernel = blob(w);
    if (!bias.empty()) a.bias = blob(bias);
    return a;
}

TEST(ReferenceConvolution, Basic3x3On4x4) {
    // x = 1..16, w = 1..9: y00 = 1*1+2*2+3*3 + 4*5+5*6+6*7 + 7*9+8*10+9*11 = 348; one step right adds
    // sum(w) = 45, one step down adds 4*45 = 180. Bias 0.5 on top.
    ir::Attrs a = conv(1, makeDims({3, 3}), iota(9), {0.5f});
    Buf x = Buf::f32(makeDims({1, 1, 4, 4}), iota(16));
    Buf y = Buf::out(makeDims({1, 1, 2, 2}));
    expectNear(runF(a, {&x}, y), {348.5, 393.5, 528.5, 573.5});
}

TEST(ReferenceConvolution, ExplicitPaddingCountsInRangeTaps) {
    // Ones everywhere, pad 1: each output counts the 3x3 taps that land inside the 4x4 input.
    ir::ConvAttrs c = conv(1, makeDims({3, 3}), std::vector<float>(9, 1.f));
    c.prePadding = makeDims({1, 1});
    c.postPadding = makeDims({1, 1});
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 1, 4, 4}), std::vector<float>(16, 1.f));
    Buf y = Buf::out(makeDims({1, 1, 4, 4}));
    expectNear(runF(a, {&x}, y), {4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4});
}

TEST(ReferenceConvolution, Stride2WithPadding) {
    // 5x5 ones, 3x3 ones, stride 2, pad 1: out = (5+2-3)/2+1 = 3; windows start at -1, 1, 3.
    ir::ConvAttrs c = conv(1, makeDims({3, 3}), std::vector<float>(9, 1.f));
    c.stride = makeDims({2, 2});
    c.prePadding = makeDims({1, 1});
    c.postPadding = makeDims({1, 1});
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 1, 5, 5}), std::vector<float>(25, 1.f));
    Buf y = Buf::out(makeDims({1, 1, 3, 3}));
    expectNear(runF(a, {&x}, y), {4, 6, 4, 6, 9, 6, 4, 6, 4});
}

TEST(ReferenceConvolution, Dilation2) {
    // x[i][j] = 5i + j, 2x2 ones dilated by 2 (effective 3x3): y[i][j] = x[i][j] + x[i][j+2] +
    // x[i+2][j] + x[i+2][j+2] = 4*(5i+j) + 24.
    ir::ConvAttrs c = conv(1, makeDims({2, 2}), {1, 1, 1, 1});
    c.dilation = makeDims({2, 2});
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 1, 5, 5}), iota(25, 0.f));
    Buf y = Buf::out(makeDims({1, 1, 3, 3}));
    std::vector<double> want;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) want.push_back(4.0 * (5 * i + j) + 24);
    expectNear(runF(a, {&x}, y), want);
}

TEST(ReferenceConvolution, Groups2) {
    // C=4, K=2, groups 2, 1x1: y0 sees channels 0,1 and y1 channels 2,3 only.
    // w = [[1, 10], [100, 1000]]; x channel c holds the single value c+1.
    ir::ConvAttrs c = conv(2, makeDims({1, 1}), {1, 10, 100, 1000});
    c.nbGroups = 2;
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 4, 1, 1}), {1, 2, 3, 4});
    Buf y = Buf::out(makeDims({1, 2, 1, 1}));
    expectNear(runF(a, {&x}, y), {1 * 1 + 10 * 2, 100 * 3 + 1000 * 4});
}

TEST(ReferenceConvolution, OneDimensional) {
    // x = 1..5, w = [1, 2, 3]: y[i] = x[i] + 2x[i+1] + 3x[i+2].
    ir::Attrs a = conv(1, makeDims({3}), {1, 2, 3});
    Buf x = Buf::f32(makeDims({1, 1, 5}), iota(5));
    Buf y = Buf::out(makeDims({1, 1, 3}));
    expectNear(runF(a, {&x}, y), {14, 20, 26});

    // Pad 1, stride 2: windows start at -1, 1, 3 -> [0+2+6, 2+6+12, 4+10+0].
    ir::ConvAttrs c = conv(1, makeDims({3}), {1, 2, 3});
    c.stride = makeDims({2});
    c.prePadding = makeDims({1});
    c.postPadding = makeDims({1});
    ir::Attrs padded = c;
    Buf y2 = Buf::out(makeDims({1, 1, 3}));
    expectNear(runF(padded, {&x}, y2), {8, 20, 14});
}

TEST(ReferenceConvolution, ThreeDimensionalAndBatch) {
    // Two batches of 2x2x2 ones (second batch twos), 2x2x2 kernel of ones -> 8 and 16.
    ir::Attrs a = conv(1, makeDims({2, 2, 2}), std::vector<float>(8, 1.f));
    std::vector<float> xv(8, 1.f);
    xv.resize(16, 2.f);
    Buf x = Buf::f32(makeDims({2, 1, 2, 2, 2}), xv);
    Buf y = Buf::out(makeDims({2, 1, 1, 1, 1}));
    expectNear(runF(a, {&x}, y), {8, 16});
}

TEST(ReferenceConvolution, SamePaddingUpperAndLower) {
    // 1-D, size 4, kernel 2, stride 1: out 4, total pad 1. SAME_UPPER pads after, SAME_LOWER before.
    // x = 1..4, w = [1, 10].
    ir::ConvAttrs c = conv(1, makeDims({2}), {1, 10});
    c.prePadding = makeDims({7});  // explicit pads are ignored by the SAME modes
    c.paddingMode = PaddingMode::kSAME_UPPER;
    ir::Attrs upper = c;
    c.paddingMode = PaddingMode::kSAME_LOWER;
    ir::Attrs lower = c;
    Buf x = Buf::f32(makeDims({1, 1, 4}), iota(4));
    Buf y = Buf::out(makeDims({1, 1, 4}));
    expectNear(runF(upper, {&x}, y), {21, 32, 43, 4});
    expectNear(runF(lower, {&x}, y), {10, 21, 32, 43});

    // Stride 2 on size 5, kernel 3: out 3, total (3-1)*2+3-5 = 2 -> 1 before and 1 after either way.
    ir::ConvAttrs s = conv(1, makeDims({3}), {1, 1, 1});
    s.stride = makeDims({2});
    s.paddingMode = PaddingMode::kSAME_LOWER;
    ir::Attrs sameStride = s;
    Buf x5 = Buf::f32(makeDims({1, 1, 5}), iota(5));
    Buf y3 = Buf::out(makeDims({1, 1, 3}));
    expectNear(runF(sameStride, {&x5}, y3), {0 + 1 + 2, 2 + 3 + 4, 4 + 5 + 0});
}

TEST(ReferenceConvolution, RoundUpAddsPartialWindow) {
    // Size 5, kernel 2, stride 2: ROUND_DOWN gives 2 outputs, ROUND_UP 3 (the last one half outside).
    ir::ConvAttrs c = conv(1, makeDims({2}), {1, 1});
    c.stride = makeDims({2});
    c.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 1, 5}), iota(5));
    Buf y = Buf::out(makeDims({1, 1, 3}));
    expectNear(runF(a, {&x}, y), {3, 7, 5});
}

TEST(ReferenceConvolution, PostOpIsApplied) {
    // w = [1, -1] on x = [1, 3, 2]: raw [-2, 1]; LEAKY_RELU(alpha 0.5) -> [-1, 1].
    ir::ConvAttrs c = conv(1, makeDims({2}), {1, -1});
    c.post = ir::PostOp{true, ActivationType::kLEAKY_RELU, 0.5f, 0.f};
    ir::Attrs a = c;
    Buf x = Buf::f32(makeDims({1, 1, 3}), {1, 3, 2});
    Buf y = Buf::out(makeDims({1, 1, 2}));
    expectNear(runF(a, {&x}, y), {-1, 1});
}

TEST(ReferenceConvolution, RejectsInconsistentShapes) {
    ir::Attrs a = conv(1, makeDims({3, 3}), iota(9));
    Buf x = Buf::f32(makeDims({1, 1, 4, 4}), iota(16));
    Buf wrongOut = Buf::out(makeDims({1, 1, 3, 3}));
    expectFailure(a, {&x}, wrongOut, "output dims [1,1,3,3]");

    Buf x2 = Buf::f32(makeDims({1, 2, 4, 4}), iota(32));  // weights are for C=1
    Buf y = Buf::out(makeDims({1, 1, 2, 2}));
    expectFailure(a, {&x2}, y, "kernel weights count 9");

    Buf small = Buf::f32(makeDims({1, 1, 2, 2}), iota(4));
    expectFailure(a, {&small}, y, "larger than padded input");

    ir::ConvAttrs g = conv(3, makeDims({1, 1}), {1, 1, 1});
    g.nbGroups = 2;  // 3 output maps do not split into 2 groups
    ir::Attrs grouped = g;
    Buf x4 = Buf::f32(makeDims({1, 2, 1, 1}), {1, 2});
    Buf y3 = Buf::out(makeDims({1, 3, 1, 1}));
    expectFailure(grouped, {&x4}, y3, "groups 2");
}

}  // namespace
}  // namespace tforge::backends::reftest
