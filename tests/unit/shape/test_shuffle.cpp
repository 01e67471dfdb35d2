// Shuffle shape inference: transposes, reshape placeholders (0, -1) and their errors.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

Permutation perm(std::initializer_list<int32_t> p) {
    Permutation q = identityPermutation();
    int i = 0;
    for (int32_t v : p) q.order[i++] = v;
    return q;
}

ShuffleAttrs shuffle(Permutation first, bool hasReshape, Dims reshape, Permutation second) {
    ShuffleAttrs a;
    a.firstTranspose = first;
    a.hasReshape = hasReshape;
    a.reshapeDims = reshape;
    a.secondTranspose = second;
    return a;
}

ShuffleAttrs reshapeTo(Dims d) {
    return shuffle(identityPermutation(), true, d, identityPermutation());
}

TEST(ShapeShuffle, ReshapeOnly) {
    EXPECT_TRUE(Gives(infer(reshapeTo(D({6, 4})), {T({2, 3, 4})}), {6, 4}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({0, -1})), {T({2, 3, 4})}), {2, 12}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({-1})), {T({2, 3, 4})}), {24}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({1, 0, 0, -1})), {T({2, 3, 4})}), {1, 3, 4, 2}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({})), {T({1, 1})}), {}));  // to a scalar
    EXPECT_TRUE(Gives(infer(reshapeTo(D({1, 1, 1})), {T({})}), {1, 1, 1}));
}

TEST(ShapeShuffle, TransposesOnly) {
    EXPECT_TRUE(Gives(infer(shuffle(perm({0, 2, 3, 1}), false, D({}), identityPermutation()), {T({1, 3, 4, 5})}),
                      {1, 4, 5, 3}));
    EXPECT_TRUE(Gives(infer(shuffle(perm({1, 0}), false, D({}), perm({1, 0})), {T({2, 3})}), {2, 3}));
    // Entries past the rank are ignored, whatever they hold.
    Permutation p = perm({1, 0});
    p.order[5] = 99;
    EXPECT_TRUE(Gives(infer(shuffle(p, false, D({}), identityPermutation()), {T({2, 3}, B)}), {3, 2}, B));
}

TEST(ShapeShuffle, BothTransposesAroundReshape) {
    // [2,3,4] -(2,0,1)-> [4,2,3] -reshape [4,6]-> -(1,0)-> [6,4]
    EXPECT_TRUE(Gives(infer(shuffle(perm({2, 0, 1}), true, D({4, 6}), perm({1, 0})), {T({2, 3, 4}, I)}), {6, 4}, I));
    // The second transpose runs over the reshaped rank.
    EXPECT_TRUE(Gives(infer(shuffle(perm({1, 0}), true, D({3, 1, 2}), perm({2, 0, 1})), {T({2, 3})}), {2, 3, 1}));
}

TEST(ShapeShuffle, PlaceholderCopiesInputExtentNotTransposed) {
    // docs/OPS.md: 0 copies x's extent at that index, even after a first transpose.
    EXPECT_TRUE(
        Gives(infer(shuffle(perm({2, 0, 1}), true, D({0, -1}), identityPermutation()), {T({2, 3, 4})}), {2, 12}));
}

TEST(ShapeShuffle, ZeroAsLiteralExtent) {
    ShuffleAttrs a = reshapeTo(D({0, 5}));
    a.zeroIsPlaceholder = false;
    EXPECT_TRUE(Gives(infer(a, {T({0, 3})}), {0, 5}));
    EXPECT_TRUE(Fails(infer(a, {T({2, 3})}), "reshape to [0,5] impossible: input [2,3] has volume 6, output 0"));
}

TEST(ShapeShuffle, Dynamic) {
    EXPECT_TRUE(Gives(infer(reshapeTo(D({0, -1})), {T({-1, 3, 4})}), {-1, 12}));  // the -1 cancels
    EXPECT_TRUE(Gives(infer(reshapeTo(D({-1, 4})), {T({-1, 3, 4})}), {-1, 4}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({0, 0, 2, -1})), {T({-1, -1, 4})}), {-1, -1, 2, 2}));
    EXPECT_TRUE(Gives(infer(reshapeTo(D({5, 7})), {T({-1, 3})}), {5, 7}));  // checked at run time
    EXPECT_TRUE(Fails(infer(reshapeTo(D({0, 5})), {T({-1, 12})}), "has volume 12, output 5"));
    EXPECT_TRUE(Gives(infer(shuffle(perm({1, 0}), false, D({}), identityPermutation()), {T({-1, 3})}), {3, -1}));
}

TEST(ShapeShuffle, ReshapeErrors) {
    const Result r = infer(reshapeTo(D({7, -1})), {T({2, 3, 4})});
    EXPECT_TRUE(Fails(r, "reshape to [7,-1] impossible: volume 24 not divisible by 7"));
    EXPECT_TRUE(Fails(infer(reshapeTo(D({5, 5})), {T({2, 3, 4})}), "input [2,3,4] has volume 24, output 25"));
    EXPECT_TRUE(Fails(infer(reshapeTo(D({-1, -1})), {T({2, 3})}), "more than one -1"));
    EXPECT_TRUE(Fails(infer(reshapeTo(D({2, -3})), {T({2, 3})}), "invalid extent -3 at dim 1"));
    EXPECT_TRUE(Fails(infer(reshapeTo(D({1, 1, 0})), {T({2, 3})}), "copy dim 2 (placeholder 0) but input [2,3]"));
    ShuffleAttrs a = reshapeTo(D({0, -1}));
    a.zeroIsPlaceholder = false;
    EXPECT_TRUE(Fails(infer(a, {T({0, 3})}), "-1 cannot be inferred"));
    ShuffleAttrs b = reshapeTo(D({1}));
    b.reshapeDims.nbDims = 9;
    EXPECT_TRUE(Fails(infer(b, {T({1})}), "reshape dims have nbDims 9"));
    b.reshapeDims.nbDims = -1;
    EXPECT_TRUE(Fails(infer(b, {T({1})}), "reshape dims have nbDims -1"));
    ShuffleAttrs c = reshapeTo(D({int64_t{1} << 30, int64_t{1} << 30, 4}));
    EXPECT_TRUE(Fails(infer(c, {T({4})}), "output volume of more than 2^40"));
}

TEST(ShapeShuffle, PermutationErrors) {
    EXPECT_TRUE(Fails(infer(shuffle(perm({1, 1}), false, D({}), identityPermutation()), {T({2, 3})}),
                      "first transpose (1,1) is not a permutation of 0..1 (shape [2,3])"));
    EXPECT_TRUE(
        Fails(infer(shuffle(perm({0, 2}), false, D({}), identityPermutation()), {T({2, 3})}), "not a permutation"));
    EXPECT_TRUE(
        Fails(infer(shuffle(perm({-1, 0}), false, D({}), identityPermutation()), {T({2, 3})}), "not a permutation"));
    EXPECT_TRUE(Fails(infer(shuffle(identityPermutation(), true, D({6}), perm({1, 0})), {T({2, 3})}),
                      "second transpose (1) is not a permutation of 0..0 (shape [6])"));
    EXPECT_TRUE(Fails(infer(reshapeTo(D({6})), {T({2, 3}, DataType::kINT64)}), "type kINT64 not supported"));
}

}  // namespace
}  // namespace tforge::ir::test
