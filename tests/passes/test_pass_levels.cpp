// Passes run by builder optimization level, only where an enabled backend can run their result, and
// an unknown name in TFORGE_DISABLE_PASSES is reported.
#include <cstdlib>

#include "backends/registry.h"
#include "common/small_nets.h"

using namespace tftest;
namespace be = tforge::backends;

namespace {

void convRelu(INetworkDefinition& n, const std::vector<float>& k) {
    ITensor* x = n.addInput("x", DataType::kFLOAT, Dims4{1, 2, 7, 7});
    auto* conv = n.addConvolutionNd(*x, 3, DimsHW{3, 3}, weightsOf(k), {});
    auto* relu = n.addActivation(*conv->getOutput(0), ActivationType::kRELU);
    n.markOutput(*relu->getOutput(0));
}

int32_t layersAt(int32_t level, TacticSources sources, CaptureLogger& logger) {
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto k = randomFloats(3 * 2 * 9, 4);
    convRelu(*net, k);
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    config->setTacticSources(sources);
    config->setBuilderOptimizationLevel(level);
    Ptr<IHostMemory> plan(builder->buildSerializedNetwork(*net, *config));
    if (!plan) return -1;
    Ptr<IRuntime> rt(createInferRuntime(logger));
    Ptr<ICudaEngine> e(rt->deserializeCudaEngine(plan->data(), plan->size()));
    return e ? e->getNbLayers() : -1;
}

//! Runs Convolution and Activation through the reference, but not convolutions with a fused activation.
class NoFusedActivations final : public be::Backend {
public:
    static constexpr TacticSource kSource = static_cast<TacticSource>(29);
    const char* name() const override { return "no-fused-activations"; }
    TacticSource source() const override { return kSource; }
    DeviceType device() const override { return DeviceType::kCPU; }
    bool supports(const be::NodeDesc& node, std::string* why) const override {
        if (auto* c = std::get_if<ir::ConvAttrs>(node.attrs); c && c->post.enabled) {
            if (why) *why = "no fused activation";
            return false;
        }
        return (node.kind() == ir::OpKind::kConvolution || node.kind() == ir::OpKind::kActivation) &&
               be::referenceBackend()->supports(node, why);
    }
    std::vector<std::string> tactics(const be::NodeDesc&) const override { return {"reference"}; }
    std::unique_ptr<be::Kernel> createKernel(const be::NodeDesc& node, const std::string& tactic,
                                             std::string& error) const override {
        return be::referenceBackend()->createKernel(node, tactic, error);
    }
};

}  // namespace

TEST(PassLevels, FusionRunsFromLevelTwo) {
    CaptureLogger logger;
    const TacticSources cpu = sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE);
    EXPECT_EQ(layersAt(0, cpu, logger), 2) << logger.all();
    EXPECT_EQ(layersAt(1, cpu, logger), 2);
    EXPECT_EQ(layersAt(2, cpu, logger), 1);
    EXPECT_EQ(layersAt(5, cpu, logger), 1);
}

TEST(PassLevels, FusionIsSkippedWhereNoEnabledBackendRunsTheFusedNode) {
    NoFusedActivations backend;
    be::registerBackend(&backend);
    CaptureLogger logger;
    EXPECT_EQ(layersAt(3, 1u << static_cast<int32_t>(NoFusedActivations::kSource), logger), 2) << logger.all();
    be::unregisterBackend(&backend);
}

TEST(PassLevels, UnknownDisabledPassIsReported) {
    setenv("TFORGE_DISABLE_PASSES", "conv_bias_activation_fusion,no_such_pass", 1);
    CaptureLogger logger;
    const int32_t layers = layersAt(3, sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE), logger);
    unsetenv("TFORGE_DISABLE_PASSES");
    EXPECT_EQ(layers, 2);
    EXPECT_TRUE(logger.saw("unknown pass \"no_such_pass\"")) << logger.all();
}
