// FullyConnected shape inference: [B..., C, H, W] -> [B..., K, 1, 1].
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

FullyConnectedAttrs fc(int64_t K, int64_t D) {
    FullyConnectedAttrs a;
    a.nbOutputs = K;
    a.kernel = W(K * D);
    return a;
}

TEST(ShapeFC, NCHW) {
    EXPECT_TRUE(Gives(infer(fc(500, 50 * 4 * 4), {T({2, 50, 4, 4})}), {2, 500, 1, 1}));
    FullyConnectedAttrs a = fc(10, 500);
    a.bias = W(10);
    EXPECT_TRUE(Gives(infer(a, {T({1, 500, 1, 1})}), {1, 10, 1, 1}));
}

TEST(ShapeFC, RankThreeAndFive) {
    EXPECT_TRUE(Gives(infer(fc(7, 24), {T({2, 3, 4})}), {7, 1, 1}));
    EXPECT_TRUE(Gives(infer(fc(7, 24), {T({5, 6, 2, 3, 4})}), {5, 6, 7, 1, 1}));
}

TEST(ShapeFC, Dynamic) {
    EXPECT_TRUE(Gives(infer(fc(7, 24), {T({-1, 2, 3, 4})}), {-1, 7, 1, 1}));
    // Dynamic C: the weight count cannot be checked yet.
    EXPECT_TRUE(Gives(infer(fc(7, 999), {T({1, -1, 3, 4})}), {1, 7, 1, 1}));
}

TEST(ShapeFC, Errors) {
    const Result r = infer(fc(10, 100), {T({2, 50, 4, 4})});
    EXPECT_TRUE(Fails(r, "kernel weights have 1000 values, expected 8000 (K=10 x C*H*W=800"));
    EXPECT_TRUE(Fails(infer(fc(10, 16), {T({4, 4})}), "input [4,4] has rank 2, expected >= 3"));
    FullyConnectedAttrs a = fc(10, 16);
    a.bias = W(9);
    EXPECT_TRUE(Fails(infer(a, {T({1, 1, 4, 4})}), "bias weights have 9 values, expected 0 or K=10"));
    EXPECT_TRUE(Fails(infer(fc(0, 16), {T({1, 1, 4, 4})}), "number of outputs 0"));
    a = fc(10, 16);
    a.kernel.type = DataType::kINT8;
    EXPECT_TRUE(Fails(infer(a, {T({1, 1, 4, 4})}), "kernel weights type kINT8 not supported"));
    EXPECT_TRUE(Fails(infer(fc(10, 16), {T({1, 1, 4, 4}, I)}), "input type kINT32 not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
