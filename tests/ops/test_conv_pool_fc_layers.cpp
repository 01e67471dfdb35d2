// Convolution, Pooling and FullyConnected through the network API: CPU backend and test device vs
// reference (layer_harness.h), dynamic batch, odd sizes.
#include "layer_harness.h"

using namespace tftest;

namespace {

InputSpec nchw(int64_t c, int64_t h, int64_t w) {
    return {"x", Dims4{-1, c, h, w}, {Dims4{1, c, h, w}, Dims4{3, c, h, w}, Dims4{2, c, h, w}}};
}

struct ConvCase {
    int64_t c, h, w, k, kh, kw, stride, pad, dil, groups;
    PaddingMode mode;
    bool bias;
};

void runConv(const ConvCase& p) {
    auto kernel = randomFloats(p.k * (p.c / p.groups) * p.kh * p.kw, 7);
    auto bias = randomFloats(p.k, 8);
    checkLayer({nchw(p.c, p.h, p.w)}, [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
        auto* conv = n.addConvolutionNd(*in[0], p.k, DimsHW{p.kh, p.kw}, weightsOf(kernel),
                                        p.bias ? weightsOf(bias) : Weights{DataType::kFLOAT, nullptr, 0});
        ASSERT_NE(conv, nullptr);
        conv->setStrideNd(DimsHW{p.stride, p.stride});
        conv->setPaddingNd(DimsHW{p.pad, p.pad});
        conv->setDilationNd(DimsHW{p.dil, p.dil});
        conv->setNbGroups(p.groups);
        conv->setPaddingMode(p.mode);
        n.markOutput(*conv->getOutput(0));
    });
}

}  // namespace

TEST(ConvolutionLayer, Plain5x5) { runConv({1, 28, 28, 20, 5, 5, 1, 0, 1, 1, PaddingMode::kEXPLICIT_ROUND_DOWN, true}); }
TEST(ConvolutionLayer, OddSizesStride2Pad1) {
    runConv({3, 11, 13, 5, 3, 3, 2, 1, 1, 1, PaddingMode::kEXPLICIT_ROUND_DOWN, true});
}
TEST(ConvolutionLayer, DilationNoBias) { runConv({4, 17, 9, 7, 3, 2, 1, 2, 2, 1, PaddingMode::kEXPLICIT_ROUND_DOWN, false}); }
TEST(ConvolutionLayer, Groups) { runConv({6, 9, 10, 9, 3, 3, 1, 1, 1, 3, PaddingMode::kEXPLICIT_ROUND_DOWN, true}); }
TEST(ConvolutionLayer, Depthwise) { runConv({8, 7, 7, 8, 3, 3, 1, 1, 1, 8, PaddingMode::kEXPLICIT_ROUND_DOWN, true}); }
TEST(ConvolutionLayer, SameUpperStride2) { runConv({3, 10, 11, 4, 4, 4, 2, 0, 1, 1, PaddingMode::kSAME_UPPER, true}); }
TEST(ConvolutionLayer, SameLower) { runConv({2, 9, 8, 3, 2, 2, 1, 0, 1, 1, PaddingMode::kSAME_LOWER, true}); }
TEST(ConvolutionLayer, RoundUp) { runConv({2, 10, 10, 3, 3, 3, 3, 1, 1, 1, PaddingMode::kEXPLICIT_ROUND_UP, true}); }

TEST(ConvolutionLayer, OneDimensional) {
    auto kernel = randomFloats(5 * 3 * 4, 3);
    checkLayer({{"x", Dims3{-1, 3, 17}, {Dims3{2, 3, 17}, Dims3{1, 3, 17}}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   Dims k;
                   k.nbDims = 1;
                   k.d[0] = 4;
                   auto* conv = n.addConvolutionNd(*in[0], 5, k, weightsOf(kernel), {});
                   ASSERT_NE(conv, nullptr);
                   n.markOutput(*conv->getOutput(0));
               });
}

TEST(ConvolutionLayer, ThreeDimensional) {
    auto kernel = randomFloats(3 * 2 * 2 * 3 * 2, 4);
    auto bias = randomFloats(3, 5);
    Dims in;
    in.nbDims = 5;
    int64_t v[] = {-1, 2, 5, 6, 7};
    for (int i = 0; i < 5; ++i) in.d[i] = v[i];
    Dims r1 = in, r2 = in;
    r1.d[0] = 1;
    r2.d[0] = 2;
    checkLayer({{"x", in, {r1, r2}}}, [&](INetworkDefinition& n, std::vector<ITensor*>& x) {
        auto* conv = n.addConvolutionNd(*x[0], 3, Dims3{2, 3, 2}, weightsOf(kernel), weightsOf(bias));
        ASSERT_NE(conv, nullptr);
        conv->setPaddingNd(Dims3{1, 0, 1});
        n.markOutput(*conv->getOutput(0));
    });
}

struct PoolCase {
    PoolingType type;
    int64_t win, stride, pad;
    bool exclude;
    PaddingMode mode;
};

void runPool(const PoolCase& p) {
    checkLayer({nchw(3, 13, 10)}, [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
        auto* pool = n.addPoolingNd(*in[0], p.type, DimsHW{p.win, p.win});
        ASSERT_NE(pool, nullptr);
        pool->setStrideNd(DimsHW{p.stride, p.stride});
        pool->setPaddingNd(DimsHW{p.pad, p.pad});
        pool->setAverageCountExcludesPadding(p.exclude);
        pool->setPaddingMode(p.mode);
        pool->setBlendFactor(0.3f);
        n.markOutput(*pool->getOutput(0));
    });
}

TEST(PoolingLayer, Max2x2) { runPool({PoolingType::kMAX, 2, 2, 0, true, PaddingMode::kEXPLICIT_ROUND_DOWN}); }
TEST(PoolingLayer, Max3x3Pad1) { runPool({PoolingType::kMAX, 3, 2, 1, true, PaddingMode::kEXPLICIT_ROUND_DOWN}); }
TEST(PoolingLayer, AverageExcludingPadding) {
    runPool({PoolingType::kAVERAGE, 3, 2, 1, true, PaddingMode::kEXPLICIT_ROUND_DOWN});
}
TEST(PoolingLayer, AverageCountingPadding) {
    runPool({PoolingType::kAVERAGE, 3, 2, 1, false, PaddingMode::kEXPLICIT_ROUND_DOWN});
}
TEST(PoolingLayer, AverageRoundUp) { runPool({PoolingType::kAVERAGE, 3, 2, 1, false, PaddingMode::kEXPLICIT_ROUND_UP}); }
TEST(PoolingLayer, Blend) { runPool({PoolingType::kMAX_AVERAGE_BLEND, 2, 1, 0, true, PaddingMode::kEXPLICIT_ROUND_DOWN}); }
TEST(PoolingLayer, SameUpper) { runPool({PoolingType::kMAX, 3, 2, 0, true, PaddingMode::kSAME_UPPER}); }

TEST(FullyConnectedLayer, WithBias) {
    auto kernel = randomFloats(11 * 3 * 5 * 7, 9);
    auto bias = randomFloats(11, 10);
    checkLayer({nchw(3, 5, 7)}, [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
        auto* fc = n.addFullyConnected(*in[0], 11, weightsOf(kernel), weightsOf(bias));
        ASSERT_NE(fc, nullptr);
        n.markOutput(*fc->getOutput(0));
    });
}

TEST(FullyConnectedLayer, NoBiasLarge) {
    auto kernel = randomFloats(67 * 50 * 4 * 4, 11);
    checkLayer({nchw(50, 4, 4)}, [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
        auto* fc = n.addFullyConnected(*in[0], 67, weightsOf(kernel), {});
        ASSERT_NE(fc, nullptr);
        n.markOutput(*fc->getOutput(0));
    }, 1e-3, 1e-3);
}
