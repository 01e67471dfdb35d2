// Scale shape inference: coefficient counts per mode, channel axis, types.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

ScaleAttrs scale(ScaleMode m, int64_t shift, int64_t sc, int64_t power, int32_t axis = 1) {
    ScaleAttrs a;
    a.mode = m;
    a.shift = W(shift);
    a.scale = W(sc);
    a.power = W(power);
    a.channelAxis = axis;
    return a;
}

TEST(ShapeScale, Uniform) {
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kUNIFORM, 1, 1, 1), {T({2, 3, 4})}), {2, 3, 4}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kUNIFORM, 0, 1, 0), {T({5})}), {5}));  // axis 1 unused
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kUNIFORM, 0, 0, 0), {T({-1, 3})}), {-1, 3}));
}

TEST(ShapeScale, Channel) {
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kCHANNEL, 4, 4, 0), {T({1, 4, 2, 2})}), {1, 4, 2, 2}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kCHANNEL, 3, 0, 3, 2), {T({1, 4, 3})}), {1, 4, 3}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kCHANNEL, 7, 7, 7, 0), {T({7})}), {7}));
    // Dynamic C: counts are checked at run time.
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kCHANNEL, 5, 0, 0), {T({1, -1, 2})}), {1, -1, 2}));
}

TEST(ShapeScale, Elementwise) {
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kELEMENTWISE, 12, 12, 0), {T({2, 3, 4})}), {2, 3, 4}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kELEMENTWISE, 24, 0, 0, 0), {T({2, 3, 4})}), {2, 3, 4}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kELEMENTWISE, 0, 99, 0), {T({2, 3, -1})}), {2, 3, -1}));
    EXPECT_TRUE(Gives(infer(scale(ScaleMode::kELEMENTWISE, 12, 0, 0), {T({-1, 3, 4})}), {-1, 3, 4}));
}

TEST(ShapeScale, Errors) {
    EXPECT_TRUE(
        Fails(infer(scale(ScaleMode::kUNIFORM, 2, 1, 1), {T({2, 3})}), "shift has 2 values, expected 1 (kUNIFORM)"));
    EXPECT_TRUE(Fails(infer(scale(ScaleMode::kCHANNEL, 0, 3, 0), {T({1, 4, 2})}),
                      "scale has 3 values, expected 4 (kCHANNEL: C = dim 1 of input [1,4,2])"));
    EXPECT_TRUE(
        Fails(infer(scale(ScaleMode::kELEMENTWISE, 0, 0, 6), {T({2, 3, 4})}), "power has 6 values, expected 12"));
    EXPECT_TRUE(Fails(infer(scale(ScaleMode::kCHANNEL, 0, 0, 0, 3), {T({1, 4, 2})}),
                      "channel axis 3 out of range for input [1,4,2] of rank 3"));
    EXPECT_TRUE(Fails(infer(scale(ScaleMode::kCHANNEL, 0, 0, 0, -1), {T({1, 4, 2})}), "channel axis -1"));
    EXPECT_TRUE(Fails(infer(scale(ScaleMode::kUNIFORM, 0, 0, 0), {T({})}), "has rank 0"));
    ScaleAttrs a = scale(ScaleMode::kUNIFORM, 1, 1, 1);
    a.scale.type = DataType::kINT32;
    EXPECT_TRUE(Fails(infer(a, {T({2})}), "scale type kINT32 not supported"));
    EXPECT_TRUE(Fails(infer(scale(static_cast<ScaleMode>(5), 1, 1, 1), {T({2})}), "scale mode 5 not supported"));
    EXPECT_TRUE(Fails(infer(scale(ScaleMode::kUNIFORM, 1, 1, 1), {T({2}, I)}), "type kINT32 not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
