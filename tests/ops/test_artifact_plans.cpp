// Prepacked kernel artifacts through the whole API: a plan stores them, a loaded engine restores its
// kernels from them, and its outputs equal those of an engine that packed its weights at load.
#include <cstdlib>

#include "common/program_of.h"

using namespace tftest;

namespace {

std::vector<uint8_t> buildPlan(bool artifacts, uint32_t flags) {
    if (!artifacts) setenv("TFORGE_NO_ARTIFACTS", "1", 1);
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto k = randomFloats(8 * 3 * 3 * 3, 1), b = randomFloats(8, 2), f = randomFloats(10 * 8 * 9 * 11, 3);
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{2, 3, 11, 13});
    auto* conv = net->addConvolutionNd(*x, 8, DimsHW{3, 3}, weightsOf(k), weightsOf(b));
    auto* relu = net->addActivation(*conv->getOutput(0), ActivationType::kRELU);
    auto* fc = net->addFullyConnected(*relu->getOutput(0), 10, weightsOf(f), Weights{});
    fc->getOutput(0)->setName("y");
    net->markOutput(*fc->getOutput(0));
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    config->setTacticSources(sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE));
    config->setBuilderOptimizationLevel(0);  // first tactic, no timing: both builds choose alike
    config->setFlags(flags);
    Ptr<IHostMemory> plan(builder->buildSerializedNetwork(*net, *config));
    unsetenv("TFORGE_NO_ARTIFACTS");
    EXPECT_TRUE(plan) << logger.all();
    if (!plan) return {};
    return {static_cast<uint8_t*>(plan->data()), static_cast<uint8_t*>(plan->data()) + plan->size()};
}

std::vector<float> run(const std::vector<uint8_t>& plan, const std::vector<float>& x) {
    CaptureLogger logger;
    Ptr<IRuntime> rt(createInferRuntime(logger));
    Ptr<ICudaEngine> e(rt->deserializeCudaEngine(plan.data(), plan.size()));
    EXPECT_TRUE(e) << logger.all();
    std::map<std::string, HostTensor> out;
    if (e) {
        EXPECT_TRUE(infer(*e, {{"x", {Dims4{2, 3, 11, 13}, x}}}, out)) << logger.all();
    }
    return out["y"].data;
}

size_t artifactBytes(const std::vector<uint8_t>& plan) {
    size_t n = 0;
    for (auto& node : programOf(plan).nodes)
        for (auto& c : node.choices) n += c.artifact.size();
    return n;
}

}  // namespace

TEST(ArtifactPlans, RestoredKernelsMatchKernelsThatPackAtLoad) {
    for (uint32_t flags : {0u, 1u << static_cast<int32_t>(BuilderFlag::kFP16)}) {
        SCOPED_TRACE(flags ? "kFP16" : "fp32");
        const auto with = buildPlan(true, flags), without = buildPlan(false, flags);
        ASSERT_FALSE(with.empty() || without.empty());
        EXPECT_GT(artifactBytes(with), 0u) << "the conv and FC kernels store their packed weights";
        EXPECT_EQ(artifactBytes(without), 0u);
        const auto x = randomFloats(2 * 3 * 11 * 13, 4);
        EXPECT_EQ(run(with, x), run(without, x));
    }
}
