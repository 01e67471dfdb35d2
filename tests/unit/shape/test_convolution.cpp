// Convolution shape inference: output extents per padding mode, groups, ranks, -1, and errors.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

// K output maps, kernel `k`, input channels C: the weight blob gets the right count.
ConvAttrs conv(int64_t K, Dims k, int64_t C, int64_t groups = 1) {
    ConvAttrs a;
    a.nbOutputMaps = K;
    a.nbGroups = groups;
    a.kernelSize = k;
    int64_t vol = 1;
    for (int i = 0; i < k.nbDims; ++i) vol *= k.d[i];
    a.kernel = W(groups > 0 ? K * (C / groups) * vol : 0);
    return a;
}

TEST(ShapeConv, LeNetFirstLayer) {
    EXPECT_TRUE(Gives(infer(conv(20, D({5, 5}), 1), {T({1, 1, 28, 28})}), {1, 20, 24, 24}));
}

TEST(ShapeConv, BiasAndPostOpAccepted) {
    ConvAttrs a = conv(20, D({5, 5}), 1);
    a.bias = W(20);
    a.post.enabled = true;
    a.post.type = ActivationType::kGELU_TANH;
    EXPECT_TRUE(Gives(infer(a, {T({4, 1, 28, 28})}), {4, 20, 24, 24}));
}

TEST(ShapeConv, StrideOddSizesRoundDownAndUp) {
    ConvAttrs a = conv(8, D({3, 3}), 3);
    a.stride = D({2, 2});
    EXPECT_TRUE(Gives(infer(a, {T({1, 3, 7, 7})}), {1, 8, 3, 3}));  // (7-3)/2+1
    EXPECT_TRUE(Gives(infer(a, {T({1, 3, 8, 9})}), {1, 8, 3, 4}));  // floor(5/2)+1, 6/2+1
    a.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
    EXPECT_TRUE(Gives(infer(a, {T({1, 3, 8, 9})}), {1, 8, 4, 4}));  // ceil(5/2)+1
    EXPECT_TRUE(Gives(infer(a, {T({1, 3, 7, 7})}), {1, 8, 3, 3}));  // exact: no overhang
}

TEST(ShapeConv, ExplicitAsymmetricPadding) {
    ConvAttrs a = conv(4, D({3, 5}), 2);
    a.prePadding = D({1, 0});
    a.postPadding = D({0, 2});
    a.stride = D({1, 2});
    // H: 6+1+0-3+1 = 5; W: floor((9+0+2-5)/2)+1 = 4
    EXPECT_TRUE(Gives(infer(a, {T({1, 2, 6, 9})}), {1, 4, 5, 4}));
}

TEST(ShapeConv, SameUpperAndLowerOddTotals) {
    for (PaddingMode m : {PaddingMode::kSAME_UPPER, PaddingMode::kSAME_LOWER}) {
        ConvAttrs a = conv(4, D({4, 3}), 2);
        a.paddingMode = m;
        a.stride = D({2, 1});
        a.prePadding = D({-5, 100});  // ignored in SAME modes
        // H: ceil(7/2)=4, total pad 3*2+4-7=3 (odd); W: 7, total 2
        EXPECT_TRUE(Gives(infer(a, {T({1, 2, 7, 7})}), {1, 4, 4, 7}));
        EXPECT_TRUE(Gives(infer(a, {T({1, 2, 1, 1})}), {1, 4, 1, 1}));  // kernel larger than input is fine
    }
}

TEST(ShapeConv, Dilation) {
    ConvAttrs a = conv(2, D({3, 3}), 1);
    a.dilation = D({2, 3});  // effective 5x7
    EXPECT_TRUE(Gives(infer(a, {T({1, 1, 9, 9})}), {1, 2, 5, 3}));
    EXPECT_TRUE(Fails(infer(a, {T({1, 1, 9, 6})}), "kernel 3x3 (dilated 5x7) larger than padded input 9x6"));
}

TEST(ShapeConv, GroupsAndDepthwise) {
    EXPECT_TRUE(Gives(infer(conv(6, D({3, 3}), 4, 2), {T({1, 4, 5, 5})}), {1, 6, 3, 3}));
    EXPECT_TRUE(Gives(infer(conv(8, D({3, 3}), 8, 8), {T({2, 8, 3, 3})}), {2, 8, 1, 1}));
}

TEST(ShapeConv, OneAndThreeSpatialDims) {
    EXPECT_TRUE(Gives(infer(conv(5, D({3}), 3), {T({2, 3, 10})}), {2, 5, 8}));
    ConvAttrs a = conv(4, D({3, 3, 3}), 2);
    a.stride = D({2, 2, 1});
    EXPECT_TRUE(Gives(infer(a, {T({1, 2, 8, 9, 5})}), {1, 4, 3, 4, 3}));
}

TEST(ShapeConv, DynamicExtentsPropagate) {
    EXPECT_TRUE(Gives(infer(conv(20, D({5, 5}), 3), {T({-1, 3, -1, 32})}), {-1, 20, -1, 28}));
    // A dynamic C defers the weight count check; any count is accepted now.
    ConvAttrs a = conv(20, D({5, 5}), 3);
    a.kernel = W(7);
    EXPECT_TRUE(Gives(infer(a, {T({1, -1, 28, 28})}), {1, 20, 24, 24}));
    // A dynamic extent skips the "too small" check for that axis only.
    EXPECT_TRUE(Fails(infer(conv(20, D({5, 5}), 3), {T({1, 3, -1, 3})}), "larger than padded input -1x3"));
}

TEST(ShapeConv, WeightCountMismatch) {
    ConvAttrs a = conv(20, D({5, 5}), 1);
    a.kernel = W(100);
    const Result r = infer(a, {T({1, 1, 28, 28})});
    EXPECT_TRUE(Fails(r, ""));
    EXPECT_EQ(r.err, "kernel weights have 100 values, expected 500 (K=20 x C/groups=1 x 5x5)");
    ConvAttrs b = conv(20, D({5, 5}), 1);
    b.bias = W(3);
    EXPECT_TRUE(Fails(infer(b, {T({1, 1, 28, 28})}), "bias weights have 3 values, expected 0 or K=20"));
}

TEST(ShapeConv, KernelLargerThanPaddedInput) {
    const Result r = infer(conv(20, D({5, 5}), 20), {T({1, 20, 3, 3})});
    EXPECT_TRUE(Fails(r, ""));
    EXPECT_EQ(r.err, "kernel 5x5 (dilated 5x5) larger than padded input 3x3 (input [1,20,3,3])");
    ConvAttrs a = conv(20, D({5, 5}), 20);
    a.prePadding = D({1, 1});
    a.postPadding = D({1, 1});
    EXPECT_TRUE(Gives(infer(a, {T({1, 20, 3, 3})}), {1, 20, 1, 1}));
}

TEST(ShapeConv, BadGroups) {
    EXPECT_TRUE(Fails(infer(conv(6, D({3, 3}), 4, 4), {T({1, 4, 5, 5})}), "output maps 6 not divisible by groups 4"));
    EXPECT_TRUE(Fails(infer(conv(6, D({3, 3}), 6, 3), {T({1, 4, 5, 5})}), "input channels 4"));
    EXPECT_TRUE(Fails(infer(conv(6, D({3, 3}), 6, 0), {T({1, 4, 5, 5})}), "number of groups 0"));
}

TEST(ShapeConv, BadAttributes) {
    const TensorDesc x = T({1, 3, 8, 8});
    ConvAttrs a = conv(4, D({3, 3}), 3);
    a.stride = D({2});
    EXPECT_TRUE(Fails(infer(a, {x}), "stride has 1 dims, expected 2"));
    a = conv(4, D({3, 3}), 3);
    a.stride = D({0, 1});
    EXPECT_TRUE(Fails(infer(a, {x}), "stride 0x1 must have extents in 1..2^31"));
    a = conv(4, D({3, 3}), 3);
    a.dilation = D({1, -2});
    EXPECT_TRUE(Fails(infer(a, {x}), "dilation 1x-2"));
    a = conv(4, D({3, 3}), 3);
    a.postPadding = D({-1, 0});
    EXPECT_TRUE(Fails(infer(a, {x}), "postPadding -1x0"));
    a = conv(4, D({3, 0}), 3);
    EXPECT_TRUE(Fails(infer(a, {x}), "kernel 3x0 must have extents"));
    a = conv(4, D({1, 1, 1, 1}), 3);
    EXPECT_TRUE(Fails(infer(a, {T({1, 3, 2, 2, 2, 2})}), "kernel has 4 dims, expected 1..3"));
    a = conv(0, D({3, 3}), 3);
    EXPECT_TRUE(Fails(infer(a, {x}), "number of output maps 0"));
    a = conv(4, D({3, 3}), 3);
    a.paddingMode = static_cast<PaddingMode>(9);
    EXPECT_TRUE(Fails(infer(a, {x}), "padding mode 9 not supported"));
    a = conv(4, D({3, 3}), 3);
    a.post.enabled = true;
    a.post.type = static_cast<ActivationType>(99);
    EXPECT_TRUE(Fails(infer(a, {x}), "fused activation type 99"));
}

TEST(ShapeConv, BadInputRankAndTypes) {
    EXPECT_TRUE(Fails(infer(conv(4, D({3, 3}), 3), {T({3, 8, 8})}), "input [3,8,8] has rank 3, expected 4"));
    EXPECT_TRUE(Fails(infer(conv(4, D({3, 3}), 3), {T({1, 3, 8, 8}, I)}), "type kINT32 not supported"));
    ConvAttrs a = conv(4, D({3, 3}), 3);
    a.kernel.type = DataType::kHALF;
    EXPECT_TRUE(Fails(infer(a, {T({1, 3, 8, 8})}), "kernel weights type kHALF not supported"));
    a = conv(4, D({3, 3}), 3);
    a.bias = W(4, I);
    EXPECT_TRUE(Fails(infer(a, {T({1, 3, 8, 8})}), "bias weights type kINT32 not supported"));
    a = conv(4, D({3, 3}), 3);
    a.kernel.count = -5;
    EXPECT_TRUE(Fails(infer(a, {T({1, 3, 8, 8})}), "negative count -5"));
}

TEST(ShapeConv, HugeWeightsDoNotOverflow) {
    ConvAttrs a = conv(1, D({3, 3}), 1);
    a.nbOutputMaps = int64_t{1} << 31;
    a.kernelSize = D({int64_t{1} << 20, 1 << 20, 1 << 20});
    a.prePadding = a.postPadding = D({1 << 20, 1 << 20, 1 << 20});
    EXPECT_TRUE(Fails(infer(a, {T({1, 1 << 10, 1, 1, 1})}), "exceed 2^40 values"));
}

}  // namespace
}  // namespace tforge::ir::test
