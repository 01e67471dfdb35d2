// Pooling against hand-computed values, including both average divisors and ROUND_UP overhang.
#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

std::vector<float> iota(int n) {
    std::vector<float> v(n);
    for (int i = 0; i < n; ++i) v[i] = 1.f + i;
    return v;
}

ir::PoolAttrs pool(PoolingType t, Dims window, Dims stride = Dims{}) {
    ir::PoolAttrs a;
    a.type = t;
    a.windowSize = window;
    a.stride = stride;
    return a;
}

TEST(ReferencePooling, Max2x2Stride2) {
    ir::Attrs a = pool(PoolingType::kMAX, makeDims({2, 2}), makeDims({2, 2}));
    Buf x = Buf::f32(makeDims({1, 1, 4, 4}), iota(16));
    Buf y = Buf::out(makeDims({1, 1, 2, 2}));
    expectNear(runF(a, {&x}, y), {6, 8, 14, 16});
}

TEST(ReferencePooling, Average2x2Stride2TwoChannels) {
    // Channel 0 = 1..16: (1+2+5+6)/4 = 3.5 etc.; channel 1 = 10 * channel 0.
    std::vector<float> xv = iota(16);
    for (int i = 0; i < 16; ++i) xv.push_back(10.f * (i + 1));
    ir::Attrs a = pool(PoolingType::kAVERAGE, makeDims({2, 2}), makeDims({2, 2}));
    Buf x = Buf::f32(makeDims({1, 2, 4, 4}), xv);
    Buf y = Buf::out(makeDims({1, 2, 2, 2}));
    expectNear(runF(a, {&x}, y), {3.5, 5.5, 11.5, 13.5, 35, 55, 115, 135});
}

TEST(ReferencePooling, AveragePaddingCountedOrNot) {
    // 3x3 input 1..9, 3x3 window, pad 1, stride 1. Corner (0,0) sees 1,2,4,5 = 12 over 4 in-range
    // taps (excluding padding: 3) or over all 9 taps (including: 12/9). Centre sees all 45 / 9 = 5.
    ir::PoolAttrs p = pool(PoolingType::kAVERAGE, makeDims({3, 3}));
    p.prePadding = makeDims({1, 1});
    p.postPadding = makeDims({1, 1});
    ir::Attrs excl = p;
    p.averageCountExcludesPadding = false;
    ir::Attrs incl = p;
    Buf x = Buf::f32(makeDims({1, 1, 3, 3}), iota(9));
    Buf y = Buf::out(makeDims({1, 1, 3, 3}));
    std::vector<float> e = runF(excl, {&x}, y);
    EXPECT_NEAR(e[0], 3.0, 1e-6);
    EXPECT_NEAR(e[1], (1 + 2 + 3 + 4 + 5 + 6) / 6.0, 1e-6);
    EXPECT_NEAR(e[4], 5.0, 1e-6);
    std::vector<float> i = runF(incl, {&x}, y);
    EXPECT_NEAR(i[0], 12 / 9.0, 1e-6);
    EXPECT_NEAR(i[1], 21 / 9.0, 1e-6);
    EXPECT_NEAR(i[4], 5.0, 1e-6);
}

TEST(ReferencePooling, RoundUpOverhangNeverCounts) {
    // 1-D x = [1,2,3,4], window 2, stride 2, pre 1, post 0, ROUND_UP -> 3 windows at -1, 1, 3.
    // Window 0 covers padding (-1) and x0; window 2 covers x3 and position 4, which lies beyond the
    // padded input, so it counts in neither divisor.
    ir::PoolAttrs p = pool(PoolingType::kAVERAGE, makeDims({2}), makeDims({2}));
    p.prePadding = makeDims({1});
    p.postPadding = makeDims({0});
    p.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
    ir::Attrs excl = p;
    p.averageCountExcludesPadding = false;
    ir::Attrs incl = p;
    Buf x = Buf::f32(makeDims({1, 1, 4}), {1, 2, 3, 4});
    Buf y = Buf::out(makeDims({1, 1, 3}));
    expectNear(runF(excl, {&x}, y), {1, 2.5, 4});
    expectNear(runF(incl, {&x}, y), {0.5, 2.5, 4});
}

TEST(ReferencePooling, MaxNeverPicksPadding) {
    // All negative input with padding: zeros of padding must not win.
    ir::PoolAttrs p = pool(PoolingType::kMAX, makeDims({2}));
    p.prePadding = makeDims({1});
    p.postPadding = makeDims({1});
    ir::Attrs a = p;
    Buf x = Buf::f32(makeDims({1, 1, 3}), {-5, -1, -3});
    Buf y = Buf::out(makeDims({1, 1, 4}));
    expectNear(runF(a, {&x}, y), {-5, -1, -1, -3});
}

TEST(ReferencePooling, WindowEntirelyInPaddingGivesZero) {
    // Window 1, pre-padding 2: the first two windows see only padding.
    ir::PoolAttrs p = pool(PoolingType::kMAX, makeDims({1}));
    p.prePadding = makeDims({2});
    ir::Attrs mx = p;
    p.type = PoolingType::kAVERAGE;
    p.averageCountExcludesPadding = false;
    ir::Attrs avg = p;
    Buf x = Buf::f32(makeDims({1, 1, 2}), {-7, 9});
    Buf y = Buf::out(makeDims({1, 1, 4}));
    expectNear(runF(mx, {&x}, y), {0, 0, -7, 9});
    expectNear(runF(avg, {&x}, y), {0, 0, -7, 9});
}

TEST(ReferencePooling, MaxAverageBlend) {
    // Window [1,2,3,10]: max 10, avg 4; blend 0.25 -> 0.25*10 + 0.75*4 = 5.5.
    ir::PoolAttrs p = pool(PoolingType::kMAX_AVERAGE_BLEND, makeDims({4}));
    p.blendFactor = 0.25f;
    ir::Attrs a = p;
    Buf x = Buf::f32(makeDims({1, 1, 4}), {1, 2, 3, 10});
    Buf y = Buf::out(makeDims({1, 1, 1}));
    expectNear(runF(a, {&x}, y), {5.5});
}

TEST(ReferencePooling, SameUpperThreeDimensional) {
    // 3-D 2x2x2 input 1..8, window 2x2x2, stride 2, SAME_UPPER: out 1x1x1, no padding needed.
    ir::PoolAttrs p = pool(PoolingType::kAVERAGE, makeDims({2, 2, 2}), makeDims({2, 2, 2}));
    p.paddingMode = PaddingMode::kSAME_UPPER;
    ir::Attrs a = p;
    Buf x = Buf::f32(makeDims({1, 1, 2, 2, 2}), iota(8));
    Buf y = Buf::out(makeDims({1, 1, 1, 1, 1}));
    expectNear(runF(a, {&x}, y), {4.5});
}

TEST(ReferencePooling, RejectsBadShapes) {
    ir::Attrs a = pool(PoolingType::kMAX, makeDims({2, 2}), makeDims({2, 2}));
    Buf x = Buf::f32(makeDims({1, 1, 4, 4}), iota(16));
    Buf wrong = Buf::out(makeDims({1, 1, 3, 3}));
    expectFailure(a, {&x}, wrong, "do not match");
    Buf x3 = Buf::f32(makeDims({1, 4, 4}), iota(16));  // rank 3 for a 2-D window
    Buf y = Buf::out(makeDims({1, 1, 2, 2}));
    expectFailure(a, {&x3}, y, "must have rank 4");
    ir::PoolAttrs z = pool(PoolingType::kMAX, makeDims({2, 2}), makeDims({0, 1}));
    ir::Attrs zero = z;
    expectFailure(zero, {&x}, y, "must all be >= 1");
}

}  // namespace
}  // namespace tforge::backends::reftest
