// Pooling shape inference: extents as for convolution with dilation 1; type and window checks.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

PoolAttrs pool(Dims window, Dims stride = Dims{}) {
    PoolAttrs a;
    a.windowSize = window;
    a.stride = stride;
    return a;
}

TEST(ShapePool, TypicalAndDefaults) {
    EXPECT_TRUE(Gives(infer(pool(D({2, 2}), D({2, 2})), {T({1, 20, 24, 24})}), {1, 20, 12, 12}));
    EXPECT_TRUE(Gives(infer(pool(D({3, 3})), {T({2, 3, 5, 6})}), {2, 3, 3, 4}));  // default stride 1
}

TEST(ShapePool, OddSizesRoundDownAndUp) {
    PoolAttrs a = pool(D({3, 3}), D({2, 2}));
    EXPECT_TRUE(Gives(infer(a, {T({1, 1, 8, 7})}), {1, 1, 3, 3}));
    a.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
    EXPECT_TRUE(Gives(infer(a, {T({1, 1, 8, 7})}), {1, 1, 4, 3}));
    PoolAttrs b = pool(D({2, 2}), D({2, 2}));
    b.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
    EXPECT_TRUE(Gives(infer(b, {T({1, 1, 5, 5})}), {1, 1, 3, 3}));
}

TEST(ShapePool, SameModesAndPadding) {
    PoolAttrs a = pool(D({3, 3}), D({2, 2}));
    a.paddingMode = PaddingMode::kSAME_LOWER;
    EXPECT_TRUE(Gives(infer(a, {T({1, 4, 7, 8})}), {1, 4, 4, 4}));
    a.paddingMode = PaddingMode::kSAME_UPPER;
    EXPECT_TRUE(Gives(infer(a, {T({1, 4, 7, 8})}), {1, 4, 4, 4}));
    PoolAttrs b = pool(D({3, 3}));
    b.prePadding = D({1, 1});
    b.postPadding = D({1, 1});
    b.type = PoolingType::kAVERAGE;
    EXPECT_TRUE(Gives(infer(b, {T({1, 4, 7, 8})}), {1, 4, 7, 8}));
}

TEST(ShapePool, OneAndThreeDims) {
    PoolAttrs a = pool(D({2}), D({2}));
    a.type = PoolingType::kMAX_AVERAGE_BLEND;
    a.blendFactor = 0.25f;
    EXPECT_TRUE(Gives(infer(a, {T({2, 3, 9})}), {2, 3, 4}));
    EXPECT_TRUE(Gives(infer(pool(D({2, 2, 2}), D({2, 2, 2})), {T({1, 2, 4, 6, 8})}), {1, 2, 2, 3, 4}));
}

TEST(ShapePool, DynamicExtents) {
    EXPECT_TRUE(Gives(infer(pool(D({2, 2}), D({2, 2})), {T({-1, -1, 24, -1})}), {-1, -1, 12, -1}));
}

TEST(ShapePool, Errors) {
    EXPECT_TRUE(
        Fails(infer(pool(D({5, 5})), {T({1, 2, 3, 3})}), "window 5x5 larger than padded input 3x3 (input [1,2,3,3])"));
    EXPECT_TRUE(Fails(infer(pool(D({2, 2})), {T({1, 2, 8})}), "input [1,2,8] has rank 3, expected 4"));
    EXPECT_TRUE(Fails(infer(pool(D({2, 2}), D({2})), {T({1, 2, 8, 8})}), "stride has 1 dims, expected 2"));
    PoolAttrs a = pool(D({2, 2}));
    a.type = static_cast<PoolingType>(3);
    EXPECT_TRUE(Fails(infer(a, {T({1, 2, 8, 8})}), "pooling type 3 not supported"));
    EXPECT_TRUE(Fails(infer(pool(D({2, 2})), {T({1, 2, 8, 8}, B)}), "type kBOOL not supported"));
    EXPECT_TRUE(Fails(infer(pool(Dims{}), {T({1, 2, 8, 8})}), "window has 0 dims, expected 1..3"));
    PoolAttrs c = pool(D({2, 2}));
    c.prePadding = D({1, 1, 1});
    EXPECT_TRUE(Fails(infer(c, {T({1, 2, 8, 8})}), "prePadding has 3 dims"));
}

}  // namespace
}  // namespace tforge::ir::test
