// Activation and SoftMax shape inference: shape-preserving fp32 ops with attribute checks.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

TEST(ShapeActivation, PreservesShape) {
    for (int32_t t = 0; t < kNB_ACTIVATION_TYPES; ++t) {
        ActivationAttrs a;
        a.type = static_cast<ActivationType>(t);
        EXPECT_TRUE(Gives(infer(a, {T({2, -1, 5})}), {2, -1, 5}));
    }
    EXPECT_TRUE(Gives(infer(ActivationAttrs{}, {T({})}), {}));
}

TEST(ShapeActivation, Errors) {
    ActivationAttrs a;
    a.type = static_cast<ActivationType>(kNB_ACTIVATION_TYPES);
    EXPECT_TRUE(Fails(infer(a, {T({2})}), "activation type 14 not supported"));
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {T({2}, I)}), "type kINT32 not supported"));
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {T({2}), T({2})}), "Activation takes 1 input, got 2"));
}

SoftMaxAttrs sm(uint32_t axes) {
    return SoftMaxAttrs{axes};
}

TEST(ShapeSoftMax, Axes) {
    EXPECT_TRUE(Gives(infer(sm(1u << 1), {T({2, 3, 4, 5})}), {2, 3, 4, 5}));
    EXPECT_TRUE(Gives(infer(sm(1u), {T({10})}), {10}));
    EXPECT_TRUE(Gives(infer(sm(1u << 3), {T({2, 3, 4, 5})}), {2, 3, 4, 5}));
    EXPECT_TRUE(Gives(infer(sm(1u << 1), {T({-1, -1})}), {-1, -1}));
}

TEST(ShapeSoftMax, Errors) {
    EXPECT_TRUE(Fails(infer(sm(0), {T({2, 3})}), "axes 0x0 must have exactly one bit set"));
    EXPECT_TRUE(Fails(infer(sm(3), {T({2, 3})}), "axes 0x3 must have exactly one bit set"));
    EXPECT_TRUE(Fails(infer(sm(1u << 2), {T({2, 3})}), "softmax axis 2 (axes 0x4) out of range for input [2,3]"));
    EXPECT_TRUE(Fails(infer(sm(1u << 31), {T({2, 3})}), "softmax axis 31"));
    EXPECT_TRUE(Fails(infer(sm(1u), {T({})}), "softmax axis 0"));
    EXPECT_TRUE(Fails(infer(sm(1u), {T({2}, B)}), "type kBOOL not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
