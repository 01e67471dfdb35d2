// Scale (all three modes, with power) and SoftMax against hand values.
#include <cmath>

#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

ir::ScaleAttrs scale(ScaleMode m, std::vector<float> sc, std::vector<float> sh, std::vector<float> pw,
                     int32_t axis = 1) {
    ir::ScaleAttrs a;
    a.mode = m;
    if (!sc.empty()) a.scale = blob(sc);
    if (!sh.empty()) a.shift = blob(sh);
    if (!pw.empty()) a.power = blob(pw);
    a.channelAxis = axis;
    return a;
}

TEST(ReferenceScale, UniformWithPower) {
    // (2x + 1)^2 for x = 0..3 -> 1, 9, 25, 49.
    ir::Attrs a = scale(ScaleMode::kUNIFORM, {2}, {1}, {2});
    Buf x = Buf::f32(makeDims({1, 2, 2}), {0, 1, 2, 3});
    Buf y = Buf::out(makeDims({1, 2, 2}));
    expectNear(runF(a, {&x}, y), {1, 9, 25, 49});
    // Only a power blob: x^0.5. (OPS.md requires channelAxis < rank even in kUNIFORM mode.)
    ir::Attrs sqrtOnly = scale(ScaleMode::kUNIFORM, {}, {}, {0.5f}, 0);
    Buf x2 = Buf::f32(makeDims({4}), {0, 1, 4, 9});
    Buf y2 = Buf::out(makeDims({4}));
    expectNear(runF(sqrtOnly, {&x2}, y2), {0, 1, 2, 3});
}

TEST(ReferenceScale, PerChannel) {
    // x [2, 2, 2] (N, C, W), channelAxis 1: channel 0 -> 2x, channel 1 -> 3x + 1, both batches.
    ir::Attrs a = scale(ScaleMode::kCHANNEL, {2, 3}, {0, 1}, {});
    Buf x = Buf::f32(makeDims({2, 2, 2}), {1, 2, 3, 4, 5, 6, 7, 8});
    Buf y = Buf::out(makeDims({2, 2, 2}));
    expectNear(runF(a, {&x}, y), {2, 4, 10, 13, 10, 12, 22, 25});
    // channelAxis 2 on the same tensor: now the last dim picks the coefficient; power squares it.
    ir::Attrs last = scale(ScaleMode::kCHANNEL, {}, {0, 10}, {1, 2}, 2);
    expectNear(runF(last, {&x}, y), {1, 144, 3, 196, 5, 256, 7, 324});
}

TEST(ReferenceScale, Elementwise) {
    // channelAxis 1 on [2, 2, 2]: one coefficient per element of dims [1..2], repeated per batch.
    ir::Attrs a = scale(ScaleMode::kELEMENTWISE, {1, 2, 3, 4}, {}, {});
    Buf x = Buf::f32(makeDims({2, 2, 2}), {1, 1, 1, 1, 2, 2, 2, 2});
    Buf y = Buf::out(makeDims({2, 2, 2}));
    expectNear(runF(a, {&x}, y), {1, 2, 3, 4, 2, 4, 6, 8});
}

TEST(ReferenceScale, RejectsBadCounts) {
    ir::Attrs a = scale(ScaleMode::kCHANNEL, {1, 2, 3}, {}, {});
    Buf x = Buf::f32(makeDims({1, 2, 2}), {1, 2, 3, 4});
    Buf y = Buf::out(makeDims({1, 2, 2}));
    expectFailure(a, {&x}, y, "scale count 3 != 2");
    ir::Attrs axis = scale(ScaleMode::kUNIFORM, {1}, {}, {}, 3);
    expectFailure(axis, {&x}, y, "channelAxis 3");
    ir::Attrs ok = scale(ScaleMode::kUNIFORM, {1}, {}, {});
    Buf wrong = Buf::out(makeDims({4}));
    expectFailure(ok, {&x}, wrong, "output dims [4]");
}

TEST(ReferenceSoftMax, RowsSumToOneAndMatchHandValue) {
    // Row [1,2,3]: e^k / (e + e^2 + e^3) = 0.0900306, 0.2447285, 0.6652410. Row [0,0,0]: 1/3 each.
    ir::Attrs a = ir::SoftMaxAttrs{1u << 1};
    Buf x = Buf::f32(makeDims({2, 3}), {1, 2, 3, 0, 0, 0});
    Buf y = Buf::out(makeDims({2, 3}));
    std::vector<float> got = runF(a, {&x}, y);
    expectNear(got, {0.0900306, 0.2447285, 0.6652410, 1 / 3.0, 1 / 3.0, 1 / 3.0}, 1e-6);
    EXPECT_NEAR(got[0] + got[1] + got[2], 1.0, 1e-6);
}

TEST(ReferenceSoftMax, OtherAxesAndLargeValues) {
    // Axis 0 of [2,2]: columns normalised. [1000, 1000] must give 0.5 each (no exp overflow).
    ir::Attrs a0 = ir::SoftMaxAttrs{1u << 0};
    Buf x = Buf::f32(makeDims({2, 2}), {1000, 0, 1000, std::log(3.f)});
    Buf y = Buf::out(makeDims({2, 2}));
    expectNear(runF(a0, {&x}, y), {0.5, 0.25, 0.5, 0.75}, 1e-6);
    // Middle axis of [1, 2, 2]: pairs (x[0][0][j], x[0][1][j]).
    ir::Attrs a1 = ir::SoftMaxAttrs{1u << 1};
    Buf x3 = Buf::f32(makeDims({1, 2, 2}), {0, 5, 0, 5});
    Buf y3 = Buf::out(makeDims({1, 2, 2}));
    expectNear(runF(a1, {&x3}, y3), {0.5, 0.5, 0.5, 0.5}, 1e-6);
}

TEST(ReferenceSoftMax, RejectsAxisBeyondRank) {
    ir::Attrs a = ir::SoftMaxAttrs{1u << 2};
    Buf x = Buf::f32(makeDims({2, 3}), std::vector<float>(6, 0.f));
    Buf y = Buf::out(makeDims({2, 3}));
    expectFailure(a, {&x}, y, "below rank 2");
}

}  // namespace
}  // namespace tforge::backends::reftest
