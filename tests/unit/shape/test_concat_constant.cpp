// Concatenation and Constant shape inference.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

Result concat(int32_t axis, std::vector<TensorDesc> in) {
    return infer(ConcatAttrs{axis}, in);
}

TEST(ShapeConcat, Axes) {
    EXPECT_TRUE(Gives(concat(1, {T({1, 2, 3}), T({1, 4, 3})}), {1, 6, 3}));
    EXPECT_TRUE(Gives(concat(-1, {T({2, 3}), T({2, 5}), T({2, 1})}), {2, 9}));
    EXPECT_TRUE(Gives(concat(-2, {T({2, 3}), T({4, 3})}), {6, 3}));
    EXPECT_TRUE(Gives(concat(0, {T({7}, I)}), {7}, I));
    EXPECT_TRUE(Gives(concat(0, {T({0, 2}, B), T({3, 2}, B)}), {3, 2}, B));
}

TEST(ShapeConcat, Dynamic) {
    EXPECT_TRUE(Gives(concat(1, {T({2, -1}), T({2, 3})}), {2, -1}));
    EXPECT_TRUE(Gives(concat(1, {T({-1, 1}), T({2, 3}), T({-1, 4})}), {2, 8}));  // pinned by input 1
    EXPECT_TRUE(Gives(concat(0, {T({1, -1}), T({1, -1})}), {2, -1}));
}

TEST(ShapeConcat, Errors) {
    EXPECT_TRUE(Fails(concat(2, {T({2, 3}), T({2, 3})}), "axis 2 out of range [-2, 2) for inputs of rank 2"));
    EXPECT_TRUE(Fails(concat(-3, {T({2, 3})}), "axis -3 out of range"));
    EXPECT_TRUE(Fails(concat(1, {T({2, 3}), T({4, 3})}), "input 1 [4,3] differs from [2,3] at dim 0 (4 vs 2)"));
    EXPECT_TRUE(Fails(concat(0, {T({2, 3}), T({2, 3, 1})}), "input 1 [2,3,1] has rank 3, input 0 [2,3] has rank 2"));
    EXPECT_TRUE(Fails(concat(0, {T({2}), T({2}, I)}), "input 1 type kINT32 differs from input 0 type kFLOAT"));
    EXPECT_TRUE(Fails(concat(0, {T({})}), "is a scalar"));
    EXPECT_TRUE(Fails(concat(0, {}), "Concatenation takes at least 1 input, got 0"));
    EXPECT_TRUE(Fails(concat(0, {T({2}, DataType::kINT8)}), "type kINT8 not supported"));
    const int64_t big = int64_t{1} << 30;
    EXPECT_TRUE(Fails(concat(0, {T({big}, B), T({big}, B), T({big}, B)}), "exceeds 2^31"));
}

ConstantAttrs constant(Dims d, int64_t count, DataType t = F) {
    return ConstantAttrs{d, W(count, t)};
}

TEST(ShapeConstant, Typical) {
    EXPECT_TRUE(Gives(infer(constant(D({2, 3}), 6), {}), {2, 3}));
    EXPECT_TRUE(Gives(infer(constant(D({4}), 4, I), {}), {4}, I));
    EXPECT_TRUE(Gives(infer(constant(D({2, 2}), 4, B), {}), {2, 2}, B));
    EXPECT_TRUE(Gives(infer(constant(D({}), 1), {}), {}));
    EXPECT_TRUE(Gives(infer(constant(D({3, 0}), 0), {}), {3, 0}));
}

TEST(ShapeConstant, Errors) {
    EXPECT_TRUE(
        Fails(infer(constant(D({2, 3}), 5), {}), "constant weights have 5 values, expected 6 (volume of [2,3])"));
    EXPECT_TRUE(Fails(infer(constant(D({2, -1}), 2), {}), "constant dims [2,-1] must be concrete"));
    EXPECT_TRUE(Fails(infer(constant(D({2}), 2, DataType::kHALF), {}), "constant weights type kHALF not supported"));
    EXPECT_TRUE(Fails(infer(constant(D({2}), 2), {T({2})}), "Constant takes 0 inputs, got 1"));
    ConstantAttrs a = constant(D({2}), 2);
    a.dims.nbDims = 12;
    EXPECT_TRUE(Fails(infer(a, {}), "constant dims has nbDims 12"));
}

}  // namespace
}  // namespace tforge::ir::test
