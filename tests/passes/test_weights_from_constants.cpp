// weights_from_constants: a Convolution's / FullyConnected's kernel and bias given as tensors
// (setInput(1/2)) computed from constants are folded into its attributes, so the engine runs the
// layer alone, with the outputs of the same layer given Weights. Without the pass the build refuses
// the layer by name (kernels never see weight inputs) instead of running it wrongly.
#include <cstdlib>

#include "common/small_nets.h"

using namespace tftest;

namespace {

const Dims kIn = Dims4{1, 2, 5, 5};
const std::vector<float> kKernel = randomFloats(3 * 2 * 3 * 3, 31);
const std::vector<float> kBias = randomFloats(3, 32);

struct Result {
    int32_t netLayers{-1};
    int32_t engineLayers{-1};
    std::vector<float> out;
    std::string log;
};

// asTensors: 0 = Weights; 1 = kernel/bias from Constant tensors; 2 = kernel computed as
// Constant(kernel / 2) + Constant(kernel / 2) (an ElementWise that constant folding or the pass folds).
Result buildAndRun(int asTensors, const char* disabled) {
    if (disabled)
        setenv("TFORGE_DISABLE_PASSES", disabled, 1);
    else
        unsetenv("TFORGE_DISABLE_PASSES");
    Result r;
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    ITensor* x = net->addInput("x", DataType::kFLOAT, kIn);
    std::vector<float> half(kKernel.size());
    for (size_t i = 0; i < half.size(); ++i) half[i] = kKernel[i] / 2;
    IConvolutionLayer* conv = nullptr;
    if (asTensors == 0) {
        conv = net->addConvolutionNd(*x, 3, DimsHW{3, 3}, weightsOf(kKernel), weightsOf(kBias));
    } else {
        conv = net->addConvolutionNd(*x, 3, DimsHW{3, 3}, Weights{DataType::kFLOAT, nullptr, 0}, {});
        ITensor* k = nullptr;
        if (asTensors == 1) {
            k = net->addConstant(Dims4{3, 2, 3, 3}, weightsOf(kKernel))->getOutput(0);
        } else {
            ITensor* h = net->addConstant(Dims4{3, 2, 3, 3}, weightsOf(half))->getOutput(0);
            k = net->addElementWise(*h, *h, ElementWiseOperation::kSUM)->getOutput(0);
        }
        conv->setInput(1, *k);
        conv->setInput(2, *net->addConstant(Dims{1, {3}}, weightsOf(kBias))->getOutput(0));
    }
    conv->setName("conv");
    auto* relu = net->addActivation(*conv->getOutput(0), ActivationType::kRELU);
    net->markOutput(*relu->getOutput(0));
    r.netLayers = net->getNbLayers();
    // The reference only: the fusion pass leaves conv + relu as two layers, so counts are exact.
    Built b = build(*builder, *net, logger, sourceBit(TacticSource::kREFERENCE));
    unsetenv("TFORGE_DISABLE_PASSES");
    r.log = logger.all();
    if (!b.engine) return r;
    r.engineLayers = b.engine->getNbLayers();
    std::map<std::string, HostTensor> out;
    EXPECT_TRUE(infer(*b.engine, {{"x", {kIn, randomFloats(vol(kIn), 33)}}}, out)) << logger.all();
    if (!out.empty()) r.out = out.begin()->second.data;
    return r;
}

}  // namespace

TEST(WeightsFromConstants, ConstantKernelAndBiasFoldIntoTheLayer) {
    const Result want = buildAndRun(0, nullptr);
    ASSERT_FALSE(want.out.empty()) << want.log;
    const Result on = buildAndRun(1, nullptr);
    ASSERT_FALSE(on.out.empty()) << on.log;
    EXPECT_EQ(on.netLayers, want.netLayers + 2);
    EXPECT_EQ(on.engineLayers, want.engineLayers);  // the two Constant layers are gone
    EXPECT_LE(errorRatio(on.out, want.out, 1e-5, 1e-4), 1.0);
}

TEST(WeightsFromConstants, WithoutThePassTheBuildRefusesTheLayer) {
    const Result off = buildAndRun(1, "weights_from_constants");
    EXPECT_EQ(off.engineLayers, -1);
    EXPECT_NE(off.log.find("layer \"conv"), std::string::npos) << off.log;
    EXPECT_NE(off.log.find("kernel weights from a non-constant tensor are not supported yet"), std::string::npos)
        << off.log;
    EXPECT_NE(off.log.find("weights_from_constants is disabled"), std::string::npos) << off.log;
}

TEST(WeightsFromConstants, ComputedKernelFoldsWithAndWithoutConstantFolding) {
    const Result want = buildAndRun(0, nullptr);
    ASSERT_FALSE(want.out.empty()) << want.log;
    for (const char* disabled : {static_cast<const char*>(nullptr), "constant_folding"}) {
        const Result r = buildAndRun(2, disabled);
        ASSERT_FALSE(r.out.empty()) << (disabled ? disabled : "all passes") << "\n" << r.log;
        EXPECT_EQ(r.netLayers, want.netLayers + 3);
        EXPECT_EQ(r.engineLayers, want.engineLayers) << (disabled ? disabled : "all passes");
        EXPECT_LE(errorRatio(r.out, want.out, 1e-5, 1e-4), 1.0);
    }
}
