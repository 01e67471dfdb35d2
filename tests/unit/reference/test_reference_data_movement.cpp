// Shuffle, Concatenation and Constant: pure data movement, checked element by element.
#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

Permutation perm(std::initializer_list<int32_t> p) {
    Permutation r = ir::identityPermutation();
    int i = 0;
    for (int32_t v : p) r.order[i++] = v;
    return r;
}

ir::ShuffleAttrs shuffle() {
    ir::ShuffleAttrs s;
    s.firstTranspose = ir::identityPermutation();
    s.secondTranspose = ir::identityPermutation();
    return s;
}

std::vector<float> iota(int n) {
    std::vector<float> v(n);
    for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
    return v;
}

TEST(ReferenceShuffle, Transpose) {
    ir::ShuffleAttrs s = shuffle();
    s.firstTranspose = perm({1, 0});
    ir::Attrs a = s;
    Buf x = Buf::f32(makeDims({2, 3}), iota(6));  // [[0,1,2],[3,4,5]]
    Buf y = Buf::out(makeDims({3, 2}));
    expectNear(runF(a, {&x}, y), {0, 3, 1, 4, 2, 5});
    // 3-D: [2,3,4] -> order (2,0,1) gives [4,2,3]; y[k][i][j] = x[i][j][k] = 12i + 4j + k.
    s.firstTranspose = perm({2, 0, 1});
    ir::Attrs a3 = s;
    Buf x3 = Buf::f32(makeDims({2, 3, 4}), iota(24));
    Buf y3 = Buf::out(makeDims({4, 2, 3}));
    std::vector<double> want;
    for (int k = 0; k < 4; ++k)
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j) want.push_back(12 * i + 4 * j + k);
    expectNear(runF(a3, {&x3}, y3), want);
}

TEST(ReferenceShuffle, ReshapeWithPlaceholders) {
    ir::ShuffleAttrs s = shuffle();
    s.hasReshape = true;
    s.reshapeDims = makeDims({0, -1});  // [2,3,4] -> [2, 12]
    ir::Attrs a = s;
    Buf x = Buf::f32(makeDims({2, 3, 4}), iota(24));
    Buf y = Buf::out(makeDims({2, 12}));
    std::vector<double> same(24);
    for (int i = 0; i < 24; ++i) same[i] = i;
    expectNear(runF(a, {&x}, y), same);  // a reshape never moves data
}

TEST(ReferenceShuffle, TransposeReshapeTranspose) {
    // x [[0,1,2],[3,4,5]] -T-> [[0,3],[1,4],[2,5]] -reshape [2,3]-> [[0,3,1],[4,2,5]]
    // -T-> [[0,4],[3,2],[1,5]].
    ir::ShuffleAttrs s = shuffle();
    s.firstTranspose = perm({1, 0});
    s.hasReshape = true;
    s.reshapeDims = makeDims({2, 3});
    s.secondTranspose = perm({1, 0});
    ir::Attrs a = s;
    Buf x = Buf::f32(makeDims({2, 3}), iota(6));
    Buf y = Buf::out(makeDims({3, 2}));
    expectNear(runF(a, {&x}, y), {0, 4, 3, 2, 1, 5});
}

TEST(ReferenceShuffle, Int32AndBool) {
    ir::ShuffleAttrs s = shuffle();
    s.firstTranspose = perm({1, 0});
    ir::Attrs a = s;
    Buf xi = Buf::i32(makeDims({2, 2}), {1, 2, 3, 4});
    Buf yi = Buf::out(makeDims({2, 2}), DataType::kINT32);
    std::string error;
    ASSERT_TRUE(runOp(a, {&xi}, yi, error)) << error;
    EXPECT_EQ(yi.ints(), (std::vector<int32_t>{1, 3, 2, 4}));
    Buf xb = Buf::b8(makeDims({2, 2}), {1, 1, 0, 0});
    Buf yb = Buf::out(makeDims({2, 2}), DataType::kBOOL);
    ASSERT_TRUE(runOp(a, {&xb}, yb, error)) << error;
    EXPECT_EQ(yb.bools(), (std::vector<uint8_t>{1, 0, 1, 0}));
}

TEST(ReferenceShuffle, RejectsBadAttributes) {
    ir::ShuffleAttrs s = shuffle();
    s.firstTranspose = perm({0, 0});
    ir::Attrs notPerm = s;
    Buf x = Buf::f32(makeDims({2, 3}), iota(6));
    Buf y = Buf::out(makeDims({2, 3}));
    expectFailure(notPerm, {&x}, y, "not a permutation");
    ir::ShuffleAttrs r = shuffle();
    r.hasReshape = true;
    r.reshapeDims = makeDims({4, 2});
    ir::Attrs badVolume = r;
    Buf y8 = Buf::out(makeDims({4, 2}));
    expectFailure(badVolume, {&x}, y8, "volume 8 != input volume 6");
    ir::Attrs identity = shuffle();
    Buf wrong = Buf::out(makeDims({3, 2}));
    expectFailure(identity, {&x}, wrong, "output dims [3,2]");
}

TEST(ReferenceConcatenation, MiddleAxisAndNegativeAxis) {
    // A [2,1,2] = 0..3, B [2,2,2] = 10..17 along axis 1 -> per outer index: A's 2 values, B's 4.
    Buf A = Buf::f32(makeDims({2, 1, 2}), {0, 1, 2, 3});
    Buf B = Buf::f32(makeDims({2, 2, 2}), {10, 11, 12, 13, 14, 15, 16, 17});
    Buf y = Buf::out(makeDims({2, 3, 2}));
    const std::vector<double> want = {0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17};
    expectNear(runF(ir::ConcatAttrs{1}, {&A, &B}, y), want);
    expectNear(runF(ir::ConcatAttrs{-2}, {&A, &B}, y), want);
}

TEST(ReferenceConcatenation, Int32BoolAndSingleInput) {
    Buf a = Buf::i32(makeDims({1, 2}), {1, 2});
    Buf b = Buf::i32(makeDims({1, 1}), {3});
    Buf y = Buf::out(makeDims({1, 3}), DataType::kINT32);
    std::string error;
    ASSERT_TRUE(runOp(ir::ConcatAttrs{1}, {&a, &b}, y, error)) << error;
    EXPECT_EQ(y.ints(), (std::vector<int32_t>{1, 2, 3}));
    Buf p = Buf::b8(makeDims({1}), {1});
    Buf q = Buf::b8(makeDims({2}), {0, 1});
    Buf yb = Buf::out(makeDims({3}), DataType::kBOOL);
    ASSERT_TRUE(runOp(ir::ConcatAttrs{0}, {&p, &q}, yb, error)) << error;
    EXPECT_EQ(yb.bools(), (std::vector<uint8_t>{1, 0, 1}));
    Buf one = Buf::f32(makeDims({2}), {5, 6});
    Buf y1 = Buf::out(makeDims({2}));
    expectNear(runF(ir::ConcatAttrs{0}, {&one}, y1), {5, 6});
}

TEST(ReferenceConcatenation, RejectsMismatches) {
    Buf A = Buf::f32(makeDims({2, 2}), {0, 1, 2, 3});
    Buf B = Buf::f32(makeDims({3, 2}), {0, 1, 2, 3, 4, 5});
    Buf y = Buf::out(makeDims({5, 2}));
    expectFailure(ir::ConcatAttrs{1}, {&A, &B}, y, "does not match input 0");
    expectFailure(ir::ConcatAttrs{2}, {&A, &B}, y, "axis 2 out of range");
    Buf wrong = Buf::out(makeDims({5, 3}));
    expectFailure(ir::ConcatAttrs{0}, {&A, &B}, wrong, "output dims [5,3]");
}

TEST(ReferenceConstant, CopiesWeights) {
    ir::ConstantAttrs c;
    c.dims = makeDims({2, 2});
    c.weights = blob({1, 2, 3, 4});
    Buf y = Buf::out(makeDims({2, 2}));
    expectNear(runF(c, {}, y), {1, 2, 3, 4});
    ir::ConstantAttrs ci;
    ci.dims = makeDims({3});
    const int32_t v[3] = {-1, 0, 7};
    ci.weights = ir::Blob::copyOf(DataType::kINT32, v, 3);
    Buf yi = Buf::out(makeDims({3}), DataType::kINT32);
    std::string error;
    ASSERT_TRUE(runOp(ci, {}, yi, error)) << error;
    EXPECT_EQ(yi.ints(), (std::vector<int32_t>{-1, 0, 7}));
}

TEST(ReferenceConstant, RejectsBadCountAndOutput) {
    ir::ConstantAttrs c;
    c.dims = makeDims({3});
    c.weights = blob({1, 2});
    Buf y = Buf::out(makeDims({3}));
    expectFailure(c, {}, y, "count 2 != volume");
    c.weights = blob({1, 2, 3});
    Buf wrong = Buf::out(makeDims({4}));
    expectFailure(c, {}, wrong, "output dims [4]");
}

}  // namespace
}  // namespace tforge::backends::reftest
