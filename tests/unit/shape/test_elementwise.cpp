// ElementWise shape inference: numpy broadcasting, -1 rules and per-op types.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

using Op = ElementWiseOperation;

Result ew(Op op, TensorDesc a, TensorDesc b) {
    return infer(ElementWiseAttrs{op}, {a, b});
}

TEST(ShapeElementWise, Broadcasting) {
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({2, 3}), T({2, 3})), {2, 3}));
    EXPECT_TRUE(Gives(ew(Op::kPROD, T({2, 3, 4}), T({4})), {2, 3, 4}));
    EXPECT_TRUE(Gives(ew(Op::kSUB, T({2, 1, 4}), T({3, 1})), {2, 3, 4}));
    EXPECT_TRUE(Gives(ew(Op::kDIV, T({}), T({2, 3})), {2, 3}));
    EXPECT_TRUE(Gives(ew(Op::kMAX, T({1}), T({})), {1}));
    EXPECT_TRUE(Gives(ew(Op::kMIN, T({0, 3}), T({1, 3})), {0, 3}));
}

TEST(ShapeElementWise, DynamicExtents) {
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({-1, 3}), T({1, 3})), {-1, 3}));
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({-1, 3}), T({5, 3})), {5, 3}));
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({4, 1}), T({-1})), {4, -1}));
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({-1}), T({-1})), {-1}));
}

TEST(ShapeElementWise, Types) {
    EXPECT_TRUE(Gives(ew(Op::kSUM, T({2}, I), T({2}, I)), {2}, I));
    EXPECT_TRUE(Gives(ew(Op::kFLOOR_DIV, T({2}, I), T({2}, I)), {2}, I));
    EXPECT_TRUE(Gives(ew(Op::kPOW, T({2}), T({1})), {2}, F));
    for (Op op : {Op::kEQUAL, Op::kGREATER, Op::kLESS}) {
        EXPECT_TRUE(Gives(ew(op, T({2, 3}), T({3})), {2, 3}, B));
        EXPECT_TRUE(Gives(ew(op, T({2}, I), T({2}, I)), {2}, B));
    }
    for (Op op : {Op::kAND, Op::kOR, Op::kXOR}) EXPECT_TRUE(Gives(ew(op, T({2, 3}, B), T({1}, B)), {2, 3}, B));
}

TEST(ShapeElementWise, Errors) {
    const Result r = ew(Op::kSUM, T({2, 3}), T({4, 3}));
    EXPECT_TRUE(Fails(r, ""));
    EXPECT_EQ(r.err, "input shapes [2,3] and [4,3] cannot be broadcast (dim 0: 2 vs 4)");
    EXPECT_TRUE(Fails(ew(Op::kSUM, T({5, 2, 3}), T({3, 3})), "(dim 1: 2 vs 3)"));
    EXPECT_TRUE(Fails(ew(Op::kSUM, T({2}), T({2}, I)), "input types differ: kFLOAT and kINT32"));
    EXPECT_TRUE(Fails(ew(Op::kAND, T({2}), T({2})), "type kFLOAT not supported (expected kBOOL)"));
    EXPECT_TRUE(Fails(ew(Op::kEQUAL, T({2}, B), T({2}, B)), "type kBOOL not supported"));
    EXPECT_TRUE(Fails(ew(Op::kSUM, T({2}, DataType::kINT8), T({2}, DataType::kINT8)), "type kINT8 not supported"));
    EXPECT_TRUE(Fails(ew(static_cast<Op>(14), T({2}), T({2})), "elementwise operation 14 not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
