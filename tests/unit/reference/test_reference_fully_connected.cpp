// FullyConnected and MatrixMultiply against hand-computed products.
#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

TEST(ReferenceFullyConnected, BiasAndPostOp) {
    // x [1, C=2, H=1, W=2] = [1,1,2,2] flattens to D = 4.
    // w row 0 = [1,2,3,4] -> 17 + bias 1 = 18; row 1 = [-1,0,1,0] -> 1 + bias -2 = -1.
    ir::FullyConnectedAttrs f;
    f.nbOutputs = 2;
    f.kernel = blob({1, 2, 3, 4, -1, 0, 1, 0});
    f.bias = blob({1, -2});
    ir::Attrs a = f;
    Buf x = Buf::f32(makeDims({1, 2, 1, 2}), {1, 1, 2, 2});
    Buf y = Buf::out(makeDims({1, 2, 1, 1}));
    expectNear(runF(a, {&x}, y), {18, -1});

    f.post = ir::PostOp{true, ActivationType::kRELU, 0.f, 0.f};
    ir::Attrs relu = f;
    expectNear(runF(relu, {&x}, y), {18, 0});
}

TEST(ReferenceFullyConnected, BatchDimsKept) {
    // x [2, 3, 1, 1, 1]: batch dims [2, 3], D = 1, w = [2] -> y = 2x, output [2, 3, 1, 1, 1].
    ir::FullyConnectedAttrs f;
    f.nbOutputs = 1;
    f.kernel = blob({2});
    ir::Attrs a = f;
    Buf x = Buf::f32(makeDims({2, 3, 1, 1, 1}), {1, 2, 3, 4, 5, 6});
    Buf y = Buf::out(makeDims({2, 3, 1, 1, 1}));
    expectNear(runF(a, {&x}, y), {2, 4, 6, 8, 10, 12});
}

TEST(ReferenceFullyConnected, RejectsBadShapes) {
    ir::FullyConnectedAttrs f;
    f.nbOutputs = 2;
    f.kernel = blob({1, 2, 3, 4, 5, 6, 7, 8});
    ir::Attrs a = f;
    Buf x2 = Buf::f32(makeDims({2, 4}), std::vector<float>(8, 1.f));
    Buf y = Buf::out(makeDims({2, 2, 1, 1}));
    expectFailure(a, {&x2}, y, "rank >= 3");
    Buf x = Buf::f32(makeDims({1, 4, 1, 1}), {1, 2, 3, 4});
    Buf wrong = Buf::out(makeDims({1, 3, 1, 1}));
    expectFailure(a, {&x}, wrong, "output dims [1,3,1,1]");
    Buf x5 = Buf::f32(makeDims({1, 5, 1, 1}), {1, 2, 3, 4, 5});
    expectFailure(a, {&x5}, y, "kernel weights count 8");
}

ir::Attrs matmul(MatrixOperation a, MatrixOperation b) {
    return ir::MatMulAttrs{a, b};
}
const auto N = MatrixOperation::kNONE, T = MatrixOperation::kTRANSPOSE, V = MatrixOperation::kVECTOR;

TEST(ReferenceMatrixMultiply, PlainAndTransposed) {
    // [[1,2,3],[4,5,6]] x [[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
    Buf A = Buf::f32(makeDims({2, 3}), {1, 2, 3, 4, 5, 6});
    Buf B = Buf::f32(makeDims({3, 2}), {7, 8, 9, 10, 11, 12});
    Buf At = Buf::f32(makeDims({3, 2}), {1, 4, 2, 5, 3, 6});
    Buf Bt = Buf::f32(makeDims({2, 3}), {7, 9, 11, 8, 10, 12});
    Buf y = Buf::out(makeDims({2, 2}));
    const std::vector<double> want = {58, 64, 139, 154};
    expectNear(runF(matmul(N, N), {&A, &B}, y), want);
    expectNear(runF(matmul(T, N), {&At, &B}, y), want);
    expectNear(runF(matmul(N, T), {&A, &Bt}, y), want);
    expectNear(runF(matmul(T, T), {&At, &Bt}, y), want);
}

TEST(ReferenceMatrixMultiply, Vectors) {
    Buf A = Buf::f32(makeDims({2, 3}), {1, 2, 3, 4, 5, 6});
    Buf B = Buf::f32(makeDims({3, 2}), {7, 8, 9, 10, 11, 12});
    Buf a = Buf::f32(makeDims({3}), {1, 2, 3});
    Buf b = Buf::f32(makeDims({3}), {7, 9, 11});
    Buf y2 = Buf::out(makeDims({2}));
    expectNear(runF(matmul(V, N), {&a, &B}, y2), {58, 64});   // row vector times matrix
    expectNear(runF(matmul(N, V), {&A, &b}, y2), {58, 139});  // matrix times column vector
    Buf y0 = Buf::out(Dims{});                                // both vectors: a scalar
    expectNear(runF(matmul(V, V), {&a, &b}, y0), {7 + 18 + 33});
}

TEST(ReferenceMatrixMultiply, BroadcastBatch) {
    // A [2,1,2] = rows [1,2] and [3,4]; B [1,2,2] = [[1,2],[3,4]] shared by both batches.
    Buf A = Buf::f32(makeDims({2, 1, 2}), {1, 2, 3, 4});
    Buf B = Buf::f32(makeDims({1, 2, 2}), {1, 2, 3, 4});
    Buf y = Buf::out(makeDims({2, 1, 2}));
    expectNear(runF(matmul(N, N), {&A, &B}, y), {7, 10, 15, 22});

    // Rank-2 A against a batch of 3 B's [3,2,1]: the missing batch dim of A broadcasts.
    Buf A2 = Buf::f32(makeDims({1, 2}), {1, 1});
    Buf B3 = Buf::f32(makeDims({3, 2, 1}), {1, 2, 3, 4, 5, 6});
    Buf y3 = Buf::out(makeDims({3, 1, 1}));
    expectNear(runF(matmul(N, N), {&A2, &B3}, y3), {3, 7, 11});
}

TEST(ReferenceMatrixMultiply, RejectsMismatches) {
    Buf A = Buf::f32(makeDims({2, 3}), {1, 2, 3, 4, 5, 6});
    Buf B = Buf::f32(makeDims({2, 2}), {1, 2, 3, 4});
    Buf y = Buf::out(makeDims({2, 2}));
    expectFailure(matmul(N, N), {&A, &B}, y, "K of A");
    Buf A2 = Buf::f32(makeDims({2, 2, 2}), std::vector<float>(8, 1.f));
    Buf B3 = Buf::f32(makeDims({3, 2, 2}), std::vector<float>(12, 1.f));
    Buf y3 = Buf::out(makeDims({3, 2, 2}));
    expectFailure(matmul(N, N), {&A2, &B3}, y3, "cannot be broadcast");
    Buf wrong = Buf::out(makeDims({2, 3}));
    expectFailure(matmul(N, N), {&B, &B}, wrong, "output dims [2,3]");
}

}  // namespace
}  // namespace tforge::backends::reftest
