// IEngineInspector: the layers after fusion with their original layers, shapes per context, errors.
#include <gtest/gtest.h>

#include "common/small_nets.h"

namespace tftest {
namespace {

constexpr TacticSources kCpu = 1u << static_cast<int>(TacticSource::kCPU);

struct Inspected {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Built built;
};

void buildSmallNet(Inspected& s) {
    Ptr<INetworkDefinition> net(s.builder->createNetworkV2(0));
    populateSmallNet(*net);
    s.built = build(*s.builder, *net, s.logger, kCpu, smallNetProfile());
    ASSERT_TRUE(s.built.engine) << s.logger.all();
}

TEST(EngineInspector, JsonNamesTheLayersEachFusedLayerAbsorbed) {
    Inspected s;
    buildSmallNet(s);
    Ptr<IEngineInspector> inspector(s.built.engine->createEngineInspector());
    ASSERT_TRUE(inspector);
    const std::string all = inspector->getEngineInformation(LayerInformationFormat::kJSON);
    // fc1 and relu1 are fused into one layer after conv_bias_activation_fusion.
    EXPECT_NE(all.find("\"OriginalLayers\":[\"fc1\",\"relu1\"]"), std::string::npos) << all;
    EXPECT_NE(all.find("\"Bindings\":[\"data\",\"prob\"]"), std::string::npos) << all;
    EXPECT_NE(all.find("\"Backend\":\"cpu\""), std::string::npos) << all;
    EXPECT_EQ(all.find("\"Name\":\"relu1\""), std::string::npos) << "relu1 should not be a layer of its own: " << all;
    // Dynamic batch without a context: -1.
    EXPECT_NE(all.find("\"Dimensions\":[-1,1,10,10]"), std::string::npos) << all;
    int32_t layers = 0;
    for (size_t at = all.find("\"LayerType\""); at != std::string::npos; at = all.find("\"LayerType\"", at + 1))
        ++layers;
    EXPECT_EQ(layers, s.built.engine->getNbLayers());
}

TEST(EngineInspector, AContextGivesConcreteShapes) {
    Inspected s;
    buildSmallNet(s);
    Ptr<IEngineInspector> inspector(s.built.engine->createEngineInspector());
    Ptr<IExecutionContext> ctx(s.built.engine->createExecutionContext());
    ASSERT_TRUE(ctx->setInputShape("data", Dims4{3, 1, 10, 10}));
    ASSERT_TRUE(inspector->setExecutionContext(ctx.get()));
    EXPECT_EQ(inspector->getExecutionContext(), ctx.get());
    const std::string first = inspector->getLayerInformation(0, LayerInformationFormat::kJSON);
    EXPECT_NE(first.find("\"Dimensions\":[3,1,10,10]"), std::string::npos) << first;
    const std::string line = inspector->getLayerInformation(0, LayerInformationFormat::kONELINE);
    EXPECT_NE(line.find("[3x1x10x10] FLOAT"), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

TEST(EngineInspector, BadIndexAndForeignContextAreRefused) {
    Inspected a, b;
    buildSmallNet(a);
    buildSmallNet(b);
    Ptr<IEngineInspector> inspector(a.built.engine->createEngineInspector());
    EXPECT_EQ(inspector->getLayerInformation(-1, LayerInformationFormat::kJSON), nullptr);
    EXPECT_EQ(inspector->getLayerInformation(a.built.engine->getNbLayers(), LayerInformationFormat::kONELINE), nullptr);
    EXPECT_TRUE(a.logger.saw("layer index")) << a.logger.all();
    Ptr<IExecutionContext> other(b.built.engine->createExecutionContext());
    EXPECT_FALSE(inspector->setExecutionContext(other.get()));
    EXPECT_TRUE(a.logger.saw("another engine")) << a.logger.all();
    EXPECT_EQ(inspector->getExecutionContext(), nullptr);
}

TEST(EngineInspector, OneLineSummaryCountsLayersAndMemory) {
    Inspected s;
    buildSmallNet(s);
    Ptr<IEngineInspector> inspector(s.built.engine->createEngineInspector());
    const std::string text = inspector->getEngineInformation(LayerInformationFormat::kONELINE);
    EXPECT_NE(text.find(std::to_string(s.built.engine->getNbLayers()) + " layers, "), std::string::npos) << text;
    EXPECT_NE(text.find("fc1 + relu1: FullyConnected"), std::string::npos) << text;
}

}  // namespace
}  // namespace tftest
