// MatrixMultiply shape inference: transposes, vectors and batch broadcasting.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

using M = MatrixOperation;

Result mm(TensorDesc a, TensorDesc b, M op0 = M::kNONE, M op1 = M::kNONE) {
    MatMulAttrs at;
    at.op0 = op0;
    at.op1 = op1;
    return infer(at, {a, b});
}

TEST(ShapeMatMul, PlainAndTransposes) {
    EXPECT_TRUE(Gives(mm(T({3, 4}), T({4, 5})), {3, 5}));
    EXPECT_TRUE(Gives(mm(T({4, 3}), T({4, 5}), M::kTRANSPOSE), {3, 5}));
    EXPECT_TRUE(Gives(mm(T({3, 4}), T({5, 4}), M::kNONE, M::kTRANSPOSE), {3, 5}));
    EXPECT_TRUE(Gives(mm(T({4, 3}), T({5, 4}), M::kTRANSPOSE, M::kTRANSPOSE), {3, 5}));
}

TEST(ShapeMatMul, Vectors) {
    EXPECT_TRUE(Gives(mm(T({4}), T({4, 5}), M::kVECTOR), {5}));
    EXPECT_TRUE(Gives(mm(T({3, 4}), T({4}), M::kNONE, M::kVECTOR), {3}));
    EXPECT_TRUE(Gives(mm(T({4}), T({4}), M::kVECTOR, M::kVECTOR), {}));
    EXPECT_TRUE(Gives(mm(T({4}), T({5, 4}), M::kVECTOR, M::kTRANSPOSE), {5}));
    // A vector operand of rank 2 is a batch of vectors.
    EXPECT_TRUE(Gives(mm(T({2, 4}), T({4, 5}), M::kVECTOR), {2, 5}));
    EXPECT_TRUE(Gives(mm(T({2, 4}), T({3, 1, 4}), M::kVECTOR, M::kVECTOR), {3, 2}));
}

TEST(ShapeMatMul, BatchBroadcasting) {
    EXPECT_TRUE(Gives(mm(T({2, 1, 3, 4}), T({5, 4, 6})), {2, 5, 3, 6}));
    EXPECT_TRUE(Gives(mm(T({3, 4}), T({7, 2, 4, 6})), {7, 2, 3, 6}));
    EXPECT_TRUE(Gives(mm(T({7, 3, 4}), T({7, 4, 6})), {7, 3, 6}));
}

TEST(ShapeMatMul, Dynamic) {
    EXPECT_TRUE(Gives(mm(T({-1, 3, 4}), T({4, 6})), {-1, 3, 6}));
    EXPECT_TRUE(Gives(mm(T({-1, 3, 4}), T({5, 4, 6})), {5, 3, 6}));  // -1 broadcast against 5
    EXPECT_TRUE(Gives(mm(T({1, 3, -1}), T({-1, 4, -1})), {-1, 3, -1}));
    EXPECT_TRUE(Gives(mm(T({3, -1}), T({7, 6})), {3, 6}));  // K checked at run time
}

TEST(ShapeMatMul, Errors) {
    EXPECT_TRUE(Fails(mm(T({3, 4}), T({5, 6})), "inner dimensions differ: A [3,4] (kNONE) has K=4, B [5,6]"));
    EXPECT_TRUE(Fails(mm(T({3, 4}), T({4, 5}), M::kTRANSPOSE), "has K=3"));
    EXPECT_TRUE(Fails(mm(T({2, 3, 4}), T({3, 4, 5})), "batch dims [2] and [3] cannot be broadcast (dim 0: 2 vs 3)"));
    EXPECT_TRUE(Fails(mm(T({4}), T({4, 5})), "input A [4] has rank 1, expected >= 2 for kNONE"));
    EXPECT_TRUE(Fails(mm(T({}), T({4}), M::kVECTOR, M::kVECTOR), "input A [] has rank 0, expected >= 1"));
    EXPECT_TRUE(Fails(mm(T({3, 4}, I), T({4, 5}, I)), "input A type kINT32 not supported"));
    EXPECT_TRUE(Fails(mm(T({3, 4}), T({4, 5}), static_cast<M>(3)), "matrix operations 3/0 not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
