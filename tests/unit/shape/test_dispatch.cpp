// inferShapes entry checks (input counts, malformed dims, limits) and a robustness fuzz over all ops.
#include <algorithm>
#include <random>
#include <variant>

#include "common/op_samples.h"

#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

TEST(ShapeDispatch, ExpectedInputCount) {
    EXPECT_EQ(expectedInputCount(OpKind::kConvolution), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kPooling), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kFullyConnected), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kActivation), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kScale), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kSoftMax), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kShuffle), 1);
    EXPECT_EQ(expectedInputCount(OpKind::kMatrixMultiply), 2);
    EXPECT_EQ(expectedInputCount(OpKind::kElementWise), 2);
    EXPECT_EQ(expectedInputCount(OpKind::kConstant), 0);
    EXPECT_EQ(expectedInputCount(OpKind::kConcatenation), -1);
}

TEST(ShapeDispatch, WrongInputCounts) {
    EXPECT_TRUE(Fails(infer(ConvAttrs{}, {}), "Convolution takes at least 1 input, got 0"));
    EXPECT_TRUE(Fails(infer(PoolAttrs{}, {T({1}), T({1})}), "Pooling takes 1 input, got 2"));
    EXPECT_TRUE(Fails(infer(MatMulAttrs{}, {T({2, 2})}), "MatrixMultiply takes 2 inputs, got 1"));
    EXPECT_TRUE(Fails(infer(ElementWiseAttrs{}, {T({2}), T({2}), T({2})}), "ElementWise takes 2 inputs, got 3"));
    EXPECT_TRUE(Fails(infer(SoftMaxAttrs{2}, {}), "SoftMax takes 1 input, got 0"));
    EXPECT_TRUE(Fails(infer(ShuffleAttrs{}, {}), "Shuffle takes at least 1 input, got 0"));
    EXPECT_TRUE(Fails(infer(ScaleAttrs{}, {}), "Scale takes 1 input, got 0"));
    EXPECT_TRUE(Fails(infer(FullyConnectedAttrs{}, {}), "FullyConnected takes at least 1 input, got 0"));
}

TEST(ShapeDispatch, MalformedInputDims) {
    TensorDesc bad = T({2});
    bad.dims.nbDims = 9;
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {bad}), "input 0 has nbDims 9, expected 0..8"));
    bad.dims.nbDims = -4;
    EXPECT_TRUE(Fails(infer(ElementWiseAttrs{}, {T({2}), bad}), "input 1 has nbDims -4"));
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {T({2, -2})}),
                      "input 0 [2,-2] has extent -2 at dim 1 (only -1, dynamic, may be negative)"));
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {T({(int64_t{1} << 31) + 1})}), "more than 2^31"));
    EXPECT_TRUE(Gives(infer(ActivationAttrs{}, {T({int64_t{1} << 31})}), {int64_t{1} << 31}));
    const int64_t e = int64_t{1} << 21;
    EXPECT_TRUE(Fails(infer(ActivationAttrs{}, {T({e, e})}), "volume of more than 2^40"));
    EXPECT_TRUE(Gives(infer(ActivationAttrs{}, {T({e, e, 0})}), {e, e, 0}));  // empty, not huge
}

TEST(ShapeDispatch, OutputsRespectLimits) {
    // Broadcasting two legal inputs can produce an output past the volume limit.
    const int64_t e = int64_t{1} << 21;
    EXPECT_TRUE(Fails(infer(ElementWiseAttrs{}, {T({e, 1}), T({1, e})}), "output [2097152,2097152]"));
}

// Random, mostly invalid, attributes and inputs: inferShapes must never crash, and its result must
// be self-consistent (success: no error and valid outputs; failure: a message and no outputs).
class Fuzz {
public:
    explicit Fuzz(uint32_t seed) : rng_(seed) {}
    int64_t pick(std::initializer_list<int64_t> v) { return v.begin()[rng_() % v.size()]; }
    bool often() { return rng_() % 8 != 0; }
    // Mostly small powers of two, so weight counts (also powers of two) match now and then and the
    // success paths get exercised; sometimes values that must be rejected.
    int64_t extent() {
        return often() ? pick({1, 1, 2, 2, 4}) : pick({-3, -1, -1, 0, 3, 7, (int64_t{1} << 31) + 1, int64_t{1} << 40});
    }
    Dims dims(int32_t maxRank = 6) {
        Dims d;
        d.nbDims =
            rng_() % 50 == 0 ? static_cast<int32_t>(pick({-1, 9, 1000})) : static_cast<int32_t>(rng_() % (maxRank + 1));
        for (int32_t i = 0; i < Dims::MAX_DIMS; ++i) d.d[i] = extent();
        return d;
    }
    // Conv/pool attribute Dims: mostly empty (default) or of the window's rank k.
    Dims like(int32_t k) {
        if (!often()) return small();
        if (rng_() % 2) return Dims{};
        Dims d = dims();
        d.nbDims = k;
        return d;
    }
    Dims small() { return rng_() % 3 == 0 ? Dims{} : dims(4); }
    template <class E>
    E en(int32_t n) {
        return static_cast<E>(static_cast<int32_t>(rng_() % (n + 2)) - 1);
    }
    Blob blob() {
        const int64_t count = often() ? pick({0, 0, 1, 1, 2, 4, 8, 16, 32, 64}) : pick({-1, 3, 9, 25, 100});
        return W(count, often() ? F : en<DataType>(10));
    }
    Permutation perm() {
        Permutation p = identityPermutation();
        if (rng_() % 2) std::shuffle(p.order, p.order + pick({2, 3, 4, 8}), rng_);
        if (rng_() % 5 == 0) p.order[rng_() % 8] = static_cast<int32_t>(pick({-1, 0, 2, 9}));
        return p;
    }
    Attrs attrs() {
        const uint32_t kind = rng_() % kNbOpKinds;
        switch (kind) {
            case 0: {
                ConvAttrs a;
                a.nbOutputMaps = pick({-1, 0, 1, 2, 4, 20});
                a.nbGroups = pick({0, 1, 2, 3});
                a.kernelSize = small();
                const int32_t k = a.kernelSize.nbDims;
                a.stride = like(k);
                a.dilation = like(k);
                a.prePadding = like(k);
                a.postPadding = like(k);
                a.paddingMode = en<PaddingMode>(4);
                a.kernel = blob();
                a.bias = blob();
                a.post.enabled = rng_() % 2;
                a.post.type = en<ActivationType>(kNB_ACTIVATION_TYPES);
                return a;
            }
            case 1: {
                PoolAttrs a;
                a.type = en<PoolingType>(3);
                a.windowSize = small();
                const int32_t k = a.windowSize.nbDims;
                a.stride = like(k);
                a.prePadding = like(k);
                a.postPadding = like(k);
                a.paddingMode = en<PaddingMode>(4);
                return a;
            }
            case 2:
                return FullyConnectedAttrs{pick({-1, 0, 1, 4}), blob(), blob(), PostOp{}};
            case 3:
                return MatMulAttrs{en<MatrixOperation>(3), en<MatrixOperation>(3)};
            case 4:
                return ActivationAttrs{en<ActivationType>(kNB_ACTIVATION_TYPES), 0.f, 0.f};
            case 5:
                return ElementWiseAttrs{en<ElementWiseOperation>(kNB_ELEMENTWISE_OPS)};
            case 6:
                return ScaleAttrs{en<ScaleMode>(3), blob(), blob(), blob(),
                                  static_cast<int32_t>(pick({-1, 0, 1, 2, 9}))};
            case 7:
                return SoftMaxAttrs{static_cast<uint32_t>(rng_() % 3 ? 1u << (rng_() % 32) : rng_())};
            case 8:
                return ShuffleAttrs{perm(), rng_() % 4 != 0, dims(), perm(), rng_() % 2 == 0};
            case 9:
                return ConcatAttrs{static_cast<int32_t>(pick({-9, -2, -1, 0, 1, 2, 8}))};
            case 10:
                return ConstantAttrs{dims(), blob()};
            case 11:
                return CastAttrs{often() ? pick({0, 1, 3, 7, 8}) == 0 ? F : en<DataType>(10) : en<DataType>(12)};
            case 12:
                return ReformatAttrs{en<TensorFormat>(13), en<TensorFormat>(13), often() ? F : en<DataType>(10)};
            case 13:
                return CopyAttrs{DeviceType::kCPU, DeviceType::kTEST};
            default:  // an op without its own generator yet: its valid sample
                return tftest::opSample(static_cast<OpKind>(kind)).attrs;
        }
    }
    std::vector<TensorDesc> inputs(const Attrs& a) {
        std::vector<TensorDesc> in = inputs();
        const int32_t want = expectedInputCount(kindOf(a));
        if (want >= 0 && often()) in.resize(static_cast<size_t>(want), TensorDesc{dims(), F});
        // Convolution and Pooling need rank = window rank + 2 to get past their first checks.
        const Dims* window = std::get_if<ConvAttrs>(&a)   ? &std::get<ConvAttrs>(a).kernelSize
                             : std::get_if<PoolAttrs>(&a) ? &std::get<PoolAttrs>(a).windowSize
                                                          : nullptr;
        if (window && !in.empty() && often() && window->nbDims >= 0 && window->nbDims <= 6)
            in[0].dims.nbDims = window->nbDims + 2;
        return in;
    }
    std::vector<TensorDesc> inputs() {
        std::vector<TensorDesc> in(rng_() % 4);
        const bool bools = rng_() % 8 == 0;  // logical ElementWise, Shuffle and Concatenation take kBOOL
        for (TensorDesc& t : in) t = TensorDesc{dims(), often() ? (bools ? B : F) : en<DataType>(10)};
        return in;
    }

private:
    std::mt19937 rng_;
};

TEST(ShapeDispatch, FuzzNeverCrashesAndIsConsistent) {
    Fuzz f(12345);
    int succeeded[kNbOpKinds] = {};
    for (int iter = 0; iter < 200000; ++iter) {
        const Attrs a = f.attrs();
        const std::vector<TensorDesc> in = f.inputs(a);
        std::vector<TensorDesc> out{T({1})};
        std::string err = "stale";
        const bool ok = inferShapes(a, in, out, err);
        if (ok) {
            ++succeeded[a.index()];
            ASSERT_TRUE(err.empty()) << err;
            ASSERT_EQ(out.size(), 1u);
            ASSERT_GE(out[0].dims.nbDims, 0);
            ASSERT_LE(out[0].dims.nbDims, Dims::MAX_DIMS);
            for (int32_t i = 0; i < out[0].dims.nbDims; ++i) ASSERT_GE(out[0].dims.d[i], -1);
        } else {
            ASSERT_FALSE(err.empty());
            ASSERT_TRUE(out.empty());
            ASSERT_NE(err.back(), '.') << err;  // one sentence, the caller adds context around it
        }
    }
    // The fuzz must also reach every op's success path, not only its first checks.
    for (int32_t k = 0; k < kNbOpKinds; ++k) EXPECT_GT(succeeded[k], 0) << opKindName(static_cast<OpKind>(k));
}

}  // namespace
}  // namespace tforge::ir::test
