// Pooling cases: every type, padding mode and count rule, windows overhanging the input
// (ROUND_UP), 1-D/2-D/3-D.
#include "harness.h"

namespace tforge::test {
namespace {

OpCase pool(PoolingType t, Dims x, Dims win, Dims stride, Dims pre, Dims post, PaddingMode m, bool exclude,
            float blend = 0.3f) {
    ir::PoolAttrs a;
    a.type = t;
    a.windowSize = win;
    a.stride = stride;
    a.prePadding = pre;
    a.postPadding = post;
    a.paddingMode = m;
    a.averageCountExcludesPadding = exclude;
    a.blendFactor = blend;
    std::string label = "t" + std::to_string(static_cast<int>(t)) + "_x" + join(x) + "_w" + join(win) + "_s" +
                        join(stride) + "_pre" + join(pre) + "_post" + join(post) + "_m" +
                        std::to_string(static_cast<int>(m)) + (exclude ? "_excl" : "_incl");
    return OpCase{label, a, {{x, DataType::kFLOAT}}, {}, 1e-6, 1e-5};
}

std::vector<OpCase> poolCases() {
    std::vector<OpCase> v;
    for (PoolingType t : {PoolingType::kMAX, PoolingType::kAVERAGE, PoolingType::kMAX_AVERAGE_BLEND}) {
        for (bool ex : {true, false}) {
            v.push_back(pool(t, dims({1, 20, 24, 24}), dims({2, 2}), dims({2, 2}), {}, {},
                             PaddingMode::kEXPLICIT_ROUND_DOWN, ex));
            v.push_back(pool(t, dims({3, 5, 13, 11}), dims({3, 3}), dims({2, 2}), dims({1, 1}), dims({1, 1}),
                             PaddingMode::kEXPLICIT_ROUND_DOWN, ex));
            v.push_back(pool(t, dims({2, 3, 13, 11}), dims({3, 2}), dims({2, 3}), dims({1, 0}), dims({0, 1}),
                             PaddingMode::kEXPLICIT_ROUND_UP, ex));
            v.push_back(pool(t, dims({2, 3, 10, 7}), dims({3, 3}), dims({2, 2}), {}, {}, PaddingMode::kSAME_UPPER, ex));
            v.push_back(pool(t, dims({2, 3, 10, 7}), dims({4, 2}), dims({3, 1}), {}, {}, PaddingMode::kSAME_LOWER, ex));
            v.push_back(pool(t, dims({1, 4, 37}), dims({5}), dims({3}), dims({2}), dims({2}),
                             PaddingMode::kEXPLICIT_ROUND_UP, ex));
            v.push_back(pool(t, dims({2, 3, 5, 6, 7}), dims({2, 3, 2}), dims({2, 2, 2}), dims({1, 1, 0}),
                             dims({0, 1, 1}), PaddingMode::kEXPLICIT_ROUND_UP, ex));
        }
    }
    // Padding as large as the window minus one: some windows see mostly padding.
    v.push_back(pool(PoolingType::kAVERAGE, dims({1, 2, 4, 4}), dims({3, 3}), dims({1, 1}), dims({2, 2}), dims({2, 2}),
                     PaddingMode::kEXPLICIT_ROUND_DOWN, false));
    v.push_back(pool(PoolingType::kMAX, dims({1, 2, 4, 4}), dims({3, 3}), dims({3, 3}), dims({2, 2}), dims({2, 2}),
                     PaddingMode::kEXPLICIT_ROUND_UP, true));
    // Global pooling over a big plane (crosses parallel chunks).
    v.push_back(pool(PoolingType::kAVERAGE, dims({3, 64, 7, 7}), dims({7, 7}), {}, {}, {},
                     PaddingMode::kEXPLICIT_ROUND_DOWN, true));
    v.push_back(pool(PoolingType::kMAX, dims({2, 16, 64, 64}), dims({3, 3}), dims({2, 2}), dims({1, 1}), dims({1, 1}),
                     PaddingMode::kEXPLICIT_ROUND_DOWN, true));
    return v;
}

INSTANTIATE_TEST_SUITE_P(Pool, KernelCase, ::testing::ValuesIn(poolCases()), caseName);

}  // namespace
}  // namespace tforge::test
