// ElementWise: broadcasting, every op on fp32/int32/bool, and the integer edge cases of OPS.md.
#include <cmath>

#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

using Op = ElementWiseOperation;
ir::Attrs ew(Op op) {
    return ir::ElementWiseAttrs{op};
}

TEST(ReferenceElementWise, BroadcastRowAndOuter) {
    // [2,3] + [3]: the row is added to each row.
    Buf a = Buf::f32(makeDims({2, 3}), {1, 2, 3, 4, 5, 6});
    Buf b = Buf::f32(makeDims({3}), {10, 20, 30});
    Buf y = Buf::out(makeDims({2, 3}));
    expectNear(runF(ew(Op::kSUM), {&a, &b}, y), {11, 22, 33, 14, 25, 36});
    // [2,1] * [1,3]: outer product.
    Buf c = Buf::f32(makeDims({2, 1}), {1, 2});
    Buf d = Buf::f32(makeDims({1, 3}), {3, 4, 5});
    expectNear(runF(ew(Op::kPROD), {&c, &d}, y), {3, 4, 5, 6, 8, 10});
    // [3,1,2] - [2] -> [3,1,2]; and a scalar (rank 0) on the left.
    Buf e = Buf::f32(makeDims({3, 1, 2}), {1, 2, 3, 4, 5, 6});
    Buf f = Buf::f32(makeDims({2}), {1, 10});
    Buf y3 = Buf::out(makeDims({3, 1, 2}));
    expectNear(runF(ew(Op::kSUB), {&e, &f}, y3), {0, -8, 2, -6, 4, -4});
    Buf s = Buf::f32(Dims{}, {100});
    expectNear(runF(ew(Op::kSUB), {&s, &e}, y3), {99, 98, 97, 96, 95, 94});
}

TEST(ReferenceElementWise, FloatOps) {
    Buf a = Buf::f32(makeDims({4}), {-7, 7, 2, 9});
    Buf b = Buf::f32(makeDims({4}), {2, -2, 3, 0.5f});
    Buf y = Buf::out(makeDims({4}));
    expectNear(runF(ew(Op::kMAX), {&a, &b}, y), {2, 7, 3, 9});
    expectNear(runF(ew(Op::kMIN), {&a, &b}, y), {-7, -2, 2, 0.5});
    expectNear(runF(ew(Op::kDIV), {&a, &b}, y), {-3.5, -3.5, 2 / 3.0, 18});
    expectNear(runF(ew(Op::kFLOOR_DIV), {&a, &b}, y), {-4, -4, 0, 18});
    expectNear(runF(ew(Op::kPOW), {&a, &b}, y), {49, 1 / 49.0, 8, 3});
}

TEST(ReferenceElementWise, Int32Semantics) {
    Buf a = Buf::i32(makeDims({5}), {7, -7, 7, 5, -8});
    Buf b = Buf::i32(makeDims({5}), {2, 2, -2, 0, 3});
    auto run = [&](Op op) {
        Buf y = Buf::out(makeDims({5}), DataType::kINT32);
        std::string error;
        EXPECT_TRUE(runOp(ew(op), {&a, &b}, y, error)) << error;
        return y.ints();
    };
    using V = std::vector<int32_t>;
    EXPECT_EQ(run(Op::kSUM), (V{9, -5, 5, 5, -5}));
    EXPECT_EQ(run(Op::kSUB), (V{5, -9, 9, 5, -11}));
    EXPECT_EQ(run(Op::kPROD), (V{14, -14, -14, 0, -24}));
    EXPECT_EQ(run(Op::kDIV), (V{3, -3, -3, 0, -2}));        // truncation; x / 0 = 0
    EXPECT_EQ(run(Op::kFLOOR_DIV), (V{3, -4, -4, 0, -3}));  // floor; x / 0 = 0
    EXPECT_EQ(run(Op::kMAX), (V{7, 2, 7, 5, 3}));
    EXPECT_EQ(run(Op::kMIN), (V{2, -7, -2, 0, -8}));
    EXPECT_EQ(run(Op::kPOW), (V{49, 49, 0, 1, -512}));  // 7^-2 truncates to 0; 5^0 = 1
}

TEST(ReferenceElementWise, Int32OverflowWraps) {
    // INT32_MIN / -1 and INT32_MAX + 1 would be UB in C++; the oracle defines them as wrapping.
    Buf a = Buf::i32(makeDims({2}), {INT32_MIN, INT32_MAX});
    Buf b = Buf::i32(makeDims({2}), {-1, 1});
    Buf y = Buf::out(makeDims({2}), DataType::kINT32);
    std::string error;
    ASSERT_TRUE(runOp(ew(Op::kDIV), {&a, &b}, y, error)) << error;
    EXPECT_EQ(y.ints(), (std::vector<int32_t>{INT32_MIN, INT32_MAX}));
    ASSERT_TRUE(runOp(ew(Op::kSUM), {&a, &b}, y, error)) << error;
    EXPECT_EQ(y.ints(), (std::vector<int32_t>{INT32_MAX, INT32_MIN}));
    // Large ints compare exactly (they would not after a round trip through float).
    Buf c = Buf::i32(makeDims({1}), {16777217});
    Buf d = Buf::i32(makeDims({1}), {16777216});
    Buf yb = Buf::out(makeDims({1}), DataType::kBOOL);
    ASSERT_TRUE(runOp(ew(Op::kGREATER), {&c, &d}, yb, error)) << error;
    EXPECT_EQ(yb.bools(), (std::vector<uint8_t>{1}));
}

TEST(ReferenceElementWise, BoolLogic) {
    // Truth table via broadcasting: a [2,1] x b [1,2].
    Buf a = Buf::b8(makeDims({2, 1}), {0, 1});
    Buf b = Buf::b8(makeDims({1, 2}), {0, 1});
    auto run = [&](Op op) {
        Buf y = Buf::out(makeDims({2, 2}), DataType::kBOOL);
        std::string error;
        EXPECT_TRUE(runOp(ew(op), {&a, &b}, y, error)) << error;
        return y.bools();
    };
    using V = std::vector<uint8_t>;
    EXPECT_EQ(run(Op::kAND), (V{0, 0, 0, 1}));
    EXPECT_EQ(run(Op::kOR), (V{0, 1, 1, 1}));
    EXPECT_EQ(run(Op::kXOR), (V{0, 1, 1, 0}));
}

TEST(ReferenceElementWise, ComparisonsProduceBool) {
    Buf a = Buf::f32(makeDims({3}), {1, 2, 3});
    Buf b = Buf::f32(makeDims({1}), {2});
    Buf ai = Buf::i32(makeDims({3}), {1, 2, 3});
    Buf bi = Buf::i32(makeDims({1}), {2});
    using V = std::vector<uint8_t>;
    for (auto [op, want] :
         {std::pair<Op, V>{Op::kEQUAL, V{0, 1, 0}}, {Op::kGREATER, V{0, 0, 1}}, {Op::kLESS, V{1, 0, 0}}}) {
        Buf y = Buf::out(makeDims({3}), DataType::kBOOL);
        std::string error;
        ASSERT_TRUE(runOp(ew(op), {&a, &b}, y, error)) << error;
        EXPECT_EQ(y.bools(), want);
        ASSERT_TRUE(runOp(ew(op), {&ai, &bi}, y, error)) << error;
        EXPECT_EQ(y.bools(), want);
    }
}

TEST(ReferenceElementWise, RejectsBadInputs) {
    Buf a = Buf::f32(makeDims({2, 3}), std::vector<float>(6, 1.f));
    Buf b = Buf::f32(makeDims({2}), {1, 2});
    Buf y = Buf::out(makeDims({2, 3}));
    expectFailure(ew(Op::kSUM), {&a, &b}, y, "shapes [2,3] and [2] cannot be broadcast");
    Buf c = Buf::f32(makeDims({3}), {1, 2, 3});
    Buf wrong = Buf::out(makeDims({3, 3}));
    expectFailure(ew(Op::kSUM), {&a, &c}, wrong, "output dims [3,3]");
    Buf yb = Buf::out(makeDims({2, 3}), DataType::kBOOL);
    expectFailure(ew(Op::kAND), {&a, &c}, yb, "type kFLOAT not supported");
}

}  // namespace
}  // namespace tforge::backends::reftest
