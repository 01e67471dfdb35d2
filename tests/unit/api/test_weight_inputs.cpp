// Weights as tensors (TensorRT's IConvolutionLayer/IFullyConnectedLayer::setInput(1, kernel) and
// setInput(2, bias)): the same layer with its weights given by addConstant tensors runs as with
// Weights; tensors of the wrong dims and tensors computed at run time are refused naming the layer.
#include "backends/backend.h"
#include "backends/registry.h"
#include "common/small_nets.h"

using namespace tftest;

namespace {

struct Net {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Ptr<INetworkDefinition> net{builder->createNetworkV2(0)};
};

std::vector<float> run(Net& n, const Dims& inDims, uint32_t seed = 5) {
    Built b = build(*n.builder, *n.net, n.logger, sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE));
    if (!b.engine) {
        ADD_FAILURE() << n.logger.all();
        return {};
    }
    std::map<std::string, HostTensor> out;
    EXPECT_TRUE(infer(*b.engine, {{"x", {inDims, randomFloats(vol(inDims), seed)}}}, out)) << n.logger.all();
    return out.empty() ? std::vector<float>{} : out.begin()->second.data;
}

const Dims kIn = Dims4{1, 3, 6, 6};
const std::vector<float> kKernel = randomFloats(4 * 3 * 3 * 3, 11);
const std::vector<float> kBias = randomFloats(4, 12);

std::vector<float> convWithWeights() {
    Net n;
    ITensor* x = n.net->addInput("x", DataType::kFLOAT, kIn);
    auto* conv = n.net->addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(kKernel), weightsOf(kBias));
    n.net->markOutput(*conv->getOutput(0));
    return run(n, kIn);
}

}  // namespace

TEST(WeightInputs, ConvKernelAndBiasFromConstantTensorsMatchWeights) {
    Net n;
    ITensor* x = n.net->addInput("x", DataType::kFLOAT, kIn);
    auto* conv = n.net->addConvolutionNd(*x, 4, DimsHW{3, 3}, Weights{DataType::kFLOAT, nullptr, 0},
                                         Weights{DataType::kFLOAT, nullptr, 0});
    ASSERT_NE(conv, nullptr) << n.logger.all();
    auto* k = n.net->addConstant(Dims4{4, 3, 3, 3}, weightsOf(kKernel));
    auto* b = n.net->addConstant(Dims{1, {4}}, weightsOf(kBias));
    conv->setInput(1, *k->getOutput(0));
    conv->setInput(2, *b->getOutput(0));
    EXPECT_EQ(conv->getNbInputs(), 3);
    EXPECT_EQ(conv->getInput(1), k->getOutput(0));
    const Dims y = conv->getOutput(0)->getDimensions();
    EXPECT_EQ(y.nbDims, 4);
    EXPECT_EQ(y.d[1], 4);
    EXPECT_EQ(y.d[2], 4);
    n.net->markOutput(*conv->getOutput(0));
    const std::vector<float> got = run(n, kIn);
    const std::vector<float> want = convWithWeights();
    ASSERT_FALSE(want.empty());
    EXPECT_LE(errorRatio(got, want, 1e-5, 1e-4), 1.0);
}

TEST(WeightInputs, FullyConnectedKernelFromConstantTensorMatchesWeights) {
    const Dims in = Dims4{2, 3, 2, 2};
    const auto kernel = randomFloats(5 * 12, 21);
    const auto bias = randomFloats(5, 22);
    std::vector<float> outs[2];
    for (int withTensors = 0; withTensors < 2; ++withTensors) {
        Net n;
        ITensor* x = n.net->addInput("x", DataType::kFLOAT, in);
        IFullyConnectedLayer* fc = nullptr;
        if (withTensors) {
            fc = n.net->addFullyConnected(*x, 5, Weights{DataType::kFLOAT, nullptr, 0}, weightsOf(bias));
            ASSERT_NE(fc, nullptr) << n.logger.all();
            fc->setInput(1, *n.net->addConstant(Dims2{5, 12}, weightsOf(kernel))->getOutput(0));
        } else {
            fc = n.net->addFullyConnected(*x, 5, weightsOf(kernel), weightsOf(bias));
        }
        n.net->markOutput(*fc->getOutput(0));
        outs[withTensors] = run(n, in);
    }
    ASSERT_FALSE(outs[0].empty());
    EXPECT_LE(errorRatio(outs[1], outs[0], 1e-5, 1e-4), 1.0);
}

TEST(WeightInputs, KernelTensorOfWrongDimsIsRefusedNamingTheLayer) {
    Net n;
    ITensor* x = n.net->addInput("x", DataType::kFLOAT, kIn);
    auto* conv = n.net->addConvolutionNd(*x, 4, DimsHW{3, 3}, Weights{DataType::kFLOAT, nullptr, 0}, {});
    ASSERT_NE(conv, nullptr);
    conv->setName("conv_k");
    const auto k = randomFloats(4 * 2 * 3 * 3, 3);
    conv->setInput(1, *n.net->addConstant(Dims4{4, 2, 3, 3}, weightsOf(k))->getOutput(0));
    EXPECT_EQ(conv->getOutput(0)->getDimensions().nbDims, -1);
    n.net->markOutput(*conv->getOutput(0));
    Ptr<IBuilderConfig> config(n.builder->createBuilderConfig());
    Ptr<IHostMemory> plan(n.builder->buildSerializedNetwork(*n.net, *config));
    EXPECT_EQ(plan, nullptr);
    EXPECT_TRUE(n.logger.saw("conv_k")) << n.logger.all();
    EXPECT_TRUE(n.logger.saw("[4,2,3,3]")) << n.logger.all();  // the tensor's dims
    EXPECT_TRUE(n.logger.saw("[4,3,3,3]")) << n.logger.all();  // and what they had to be
}

TEST(WeightInputs, KernelFromANetworkInputIsRefusedNamingTheLayer) {
    Net n;
    ITensor* x = n.net->addInput("x", DataType::kFLOAT, kIn);
    ITensor* w = n.net->addInput("w", DataType::kFLOAT, Dims4{4, 3, 3, 3});
    auto* conv = n.net->addConvolutionNd(*x, 4, DimsHW{3, 3}, Weights{DataType::kFLOAT, nullptr, 0}, {});
    ASSERT_NE(conv, nullptr);
    conv->setName("conv_dyn");
    auto* act = n.net->addActivation(*w, ActivationType::kRELU);  // computed from the input
    conv->setInput(1, *act->getOutput(0));
    EXPECT_EQ(conv->getOutput(0)->getDimensions().d[1], 4);  // the shape is known
    n.net->markOutput(*conv->getOutput(0));
    Ptr<IBuilderConfig> config(n.builder->createBuilderConfig());
    Ptr<IHostMemory> plan(n.builder->buildSerializedNetwork(*n.net, *config));
    EXPECT_EQ(plan, nullptr);
    EXPECT_TRUE(n.logger.saw("conv_dyn")) << n.logger.all();
    EXPECT_TRUE(n.logger.saw("kernel weights from a non-constant tensor are not supported yet")) << n.logger.all();
}

TEST(WeightInputs, SetInputAppendsOnlyUpToTheOpsMaximum) {
    Net n;
    ITensor* x = n.net->addInput("x", DataType::kFLOAT, kIn);
    auto* conv = n.net->addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(kKernel), {});
    ITensor* b = n.net->addConstant(Dims{1, {4}}, weightsOf(kBias))->getOutput(0);
    conv->setInput(2, *b);  // input 1 first
    EXPECT_EQ(conv->getNbInputs(), 1);
    EXPECT_TRUE(n.logger.saw("setInput index 2 out of range")) << n.logger.all();
    auto* act = n.net->addActivation(*x, ActivationType::kRELU);
    n.logger.clear();
    act->setInput(1, *b);
    EXPECT_EQ(act->getNbInputs(), 1);
    EXPECT_TRUE(n.logger.saw("setInput index 1 out of range")) << n.logger.all();
}

TEST(WeightInputs, BackendsRefuseANodeThatStillHasWeightInputs) {
    using namespace tforge;
    ir::ConvAttrs a;
    a.nbOutputMaps = 4;
    a.kernelSize = Dims2{3, 3};
    a.stride = a.dilation = Dims2{1, 1};
    a.prePadding = a.postPadding = Dims2{0, 0};
    const ir::Attrs attrs(a);
    backends::NodeDesc d;
    d.name = "conv";
    d.attrs = &attrs;
    d.inputs = {{kIn, DataType::kFLOAT}, {Dims4{4, 3, 3, 3}, DataType::kFLOAT}};
    d.outputs = {{Dims4{1, 4, 4, 4}, DataType::kFLOAT}};
    std::string why;
    EXPECT_FALSE(backends::cpuBackend()->supports(d, &why));
    EXPECT_NE(why.find("2 inputs"), std::string::npos) << why;
}
