// Types in the network definition: addCast, strongly typed networks, setPrecision / setOutputType
// honoured (or refused with the layer named), and the legacy implicit-batch flag recorded in the plan.
#include "common/half.h"
#include "common/test_util.h"
#include "common/program_of.h"

using namespace tftest;

namespace {

constexpr NetworkDefinitionCreationFlags kStrongly = 1u << static_cast<int32_t>(NetworkDefinitionCreationFlag::kSTRONGLY_TYPED);
const TacticSources kAll = ~TacticSources{0};
const TacticSources kRef = sourceBit(TacticSource::kREFERENCE);

Built buildWith(IBuilder& builder, INetworkDefinition& net, ILogger& logger, TacticSources sources, uint32_t flags = 0) {
    return build(builder, net, logger, sources, BuildOptions{DeviceType::kCPU, flags, {}});
}


// x -> tanh -> scale-ish elementwise with itself -> softmax
ITensor* chain(INetworkDefinition& n, ITensor* x, ILayer** middle = nullptr) {
    auto* t = n.addActivation(*x, ActivationType::kTANH);
    auto* e = n.addElementWise(*t->getOutput(0), *x, ElementWiseOperation::kPROD);
    if (middle) *middle = e;
    auto* s = n.addSoftMax(*e->getOutput(0));
    return s->getOutput(0);
}

std::vector<float> runFloat(ICudaEngine& e, const std::vector<float>& x, const Dims& d) {
    std::map<std::string, HostTensor> out;
    EXPECT_TRUE(infer(e, {{"x", {d, x}}}, out));
    return out.begin()->second.data;
}

}  // namespace

TEST(Types, CastToHalfAndBackMatchesTheFp32ReferenceWithinFp16Budget) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    const Dims d = Dims3{2, 5, 33};
    Ptr<INetworkDefinition> ref(builder->createNetworkV2(0)), net(builder->createNetworkV2(kStrongly));
    ref->markOutput(*chain(*ref, ref->addInput("x", DataType::kFLOAT, d)));
    ITensor* x = net->addInput("x", DataType::kFLOAT, d);
    auto* toHalf = net->addCast(*x, DataType::kHALF);
    ITensor* y = chain(*net, toHalf->getOutput(0));
    EXPECT_EQ(y->getType(), DataType::kHALF);  // strongly typed: types follow the cast
    auto* back = net->addCast(*y, DataType::kFLOAT);
    EXPECT_EQ(back->getType(), LayerType::kCAST);
    EXPECT_EQ(back->getToType(), DataType::kFLOAT);
    net->markOutput(*back->getOutput(0));
    Built r = buildWith(*builder, *ref, logger, kRef), b = buildWith(*builder, *net, logger, kAll);
    ASSERT_TRUE(r.engine && b.engine) << logger.all();
    int half = 0;
    for (auto& t : programOf(b).tensors) half += t.type == DataType::kHALF;
    EXPECT_GE(half, 3);
    auto in = randomFloats(static_cast<size_t>(vol(d)), 3, -2.f, 2.f);
    EXPECT_LE(errorRatio(runFloat(*b.engine, in, d), runFloat(*r.engine, in, d), 2e-3, 1e-2), 1.0);
}

TEST(Types, CastFloatToInt32TruncatesTowardZero) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims{1, {6}});
    auto* c = net->addCast(*x, DataType::kINT32);
    ASSERT_NE(c, nullptr) << logger.all();
    c->getOutput(0)->setName("y");
    net->markOutput(*c->getOutput(0));
    Built b = buildWith(*builder, *net, logger, kAll);
    ASSERT_TRUE(b.engine) << logger.all();
    EXPECT_EQ(b.engine->getTensorDataType("y"), DataType::kINT32);
    std::vector<float> in{-2.7f, -0.5f, 0.f, 1.5f, 2.99f, 1e10f};
    std::vector<int32_t> out(6, -99);
    Ptr<IExecutionContext> ctx(b.engine->createExecutionContext());
    ctx->setTensorAddress("x", in.data());
    ctx->setTensorAddress("y", out.data());
    ASSERT_TRUE(ctx->enqueueV3(nullptr)) << logger.all();
    EXPECT_EQ(out, (std::vector<int32_t>{-2, 0, 0, 1, 2, 2147483647}));
}

TEST(Types, SetPrecisionHalfStoresThatLayerInHalf) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    const Dims d = Dims3{3, 4, 17};
    Ptr<INetworkDefinition> ref(builder->createNetworkV2(0)), net(builder->createNetworkV2(0));
    ref->markOutput(*chain(*ref, ref->addInput("x", DataType::kFLOAT, d)));
    ILayer* middle = nullptr;
    net->markOutput(*chain(*net, net->addInput("x", DataType::kFLOAT, d), &middle));
    middle->setPrecision(DataType::kHALF);
    EXPECT_TRUE(middle->precisionIsSet());
    EXPECT_EQ(middle->getPrecision(), DataType::kHALF);
    Built r = buildWith(*builder, *ref, logger, kRef), b = buildWith(*builder, *net, logger, kAll);
    ASSERT_TRUE(r.engine && b.engine) << logger.all();
    bool found = false;
    const ir::Program p = programOf(b);
    for (auto& n : p.nodes)
        if (n.name == middle->getName()) found = p.tensors[n.outputs[0]].type == DataType::kHALF;
    EXPECT_TRUE(found) << "layer " << middle->getName() << " was not run in kHALF";
    EXPECT_FALSE(logger.saw("cannot be honoured")) << logger.all();
    auto in = randomFloats(static_cast<size_t>(vol(d)), 5);
    EXPECT_LE(errorRatio(runFloat(*b.engine, in, d), runFloat(*r.engine, in, d), 2e-3, 1e-2), 1.0);
}

TEST(Types, UnhonourablePrecisionWarnsOrFailsNamingTheLayer) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    ILayer* middle = nullptr;
    net->markOutput(*chain(*net, net->addInput("x", DataType::kFLOAT, Dims2{2, 3}), &middle));
    middle->setName("mul");
    middle->setPrecision(DataType::kHALF);
    // The reference alone has no fp16 kernels: the layer runs in fp32 and the build says so.
    Built b = buildWith(*builder, *net, logger, kRef);
    ASSERT_TRUE(b.engine) << logger.all();
    EXPECT_TRUE(logger.saw("Layer \"mul\": setPrecision(kHALF) cannot be honoured")) << logger.all();
    logger.clear();
    Built strict = buildWith(*builder, *net, logger, kRef, 1u << static_cast<int32_t>(BuilderFlag::kOBEY_PRECISION_CONSTRAINTS));
    EXPECT_FALSE(strict.engine);
    EXPECT_TRUE(logger.saw("Layer \"mul\": setPrecision(kHALF) cannot be honoured")) << logger.all();
}

TEST(Types, SetOutputTypeChangesTheEngineOutputType) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 9});
    auto* a = net->addActivation(*x, ActivationType::kSIGMOID);
    a->setOutputType(0, DataType::kHALF);
    EXPECT_TRUE(a->outputTypeIsSet(0));
    EXPECT_EQ(a->getOutput(0)->getType(), DataType::kHALF);
    a->getOutput(0)->setName("y");
    net->markOutput(*a->getOutput(0));
    Built b = buildWith(*builder, *net, logger, kAll);
    ASSERT_TRUE(b.engine) << logger.all();
    EXPECT_EQ(b.engine->getTensorDataType("y"), DataType::kHALF);
    std::vector<float> in = randomFloats(18, 9);
    std::vector<uint16_t> out(18, 0xffff);
    Ptr<IExecutionContext> ctx(b.engine->createExecutionContext());
    ctx->setTensorAddress("x", in.data());
    ctx->setTensorAddress("y", out.data());
    ASSERT_TRUE(ctx->enqueueV3(nullptr)) << logger.all();
    for (size_t i = 0; i < in.size(); ++i) EXPECT_NEAR(halfToFloat(out[i]), 1.f / (1.f + std::exp(-in[i])), 1e-3);
    a->resetOutputType(0);
    EXPECT_EQ(a->getOutput(0)->getType(), DataType::kFLOAT);
}

TEST(Types, SetOutputTypeCannotTurnFloatIntoInt) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto* a = net->addActivation(*net->addInput("x", DataType::kFLOAT, Dims2{2, 9}), ActivationType::kRELU);
    a->setName("relu");
    a->setOutputType(0, DataType::kINT32);
    net->markOutput(*a->getOutput(0));
    Built b = buildWith(*builder, *net, logger, kAll);
    EXPECT_FALSE(b.engine);
    EXPECT_TRUE(logger.saw("\"relu\": setOutputType(0, kINT32) cannot change a kFLOAT output")) << logger.all();
}

TEST(Types, StronglyTypedNetworksRefusePrecisionControls) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(kStrongly));
    auto* a = net->addActivation(*net->addInput("x", DataType::kFLOAT, Dims2{2, 9}), ActivationType::kRELU);
    a->setName("relu");
    a->setPrecision(DataType::kHALF);
    EXPECT_FALSE(a->precisionIsSet());
    EXPECT_TRUE(logger.saw("\"relu\": setPrecision is not allowed in a strongly typed network")) << logger.all();
    a->setOutputType(0, DataType::kHALF);
    EXPECT_FALSE(a->outputTypeIsSet(0));
}

TEST(Types, LegacyImplicitBatchIsRecordedInThePlan) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    const auto implicit = 1u << static_cast<int32_t>(NetworkDefinitionCreationFlag::kIMPLICIT_BATCH_LEGACY);
    Ptr<INetworkDefinition> net(builder->createNetworkV2(implicit));
    EXPECT_TRUE(net->hasImplicitBatchDimension());
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims3{-1, 1, 4});
    net->markOutput(*net->addActivation(*x, ActivationType::kRELU)->getOutput(0));
    builder->setMaxBatchSize(8);
    EXPECT_EQ(builder->getMaxBatchSize(), 8);
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    IOptimizationProfile* p = builder->createOptimizationProfile();
    p->setDimensions("x", OptProfileSelector::kMIN, Dims3{1, 1, 4});
    p->setDimensions("x", OptProfileSelector::kOPT, Dims3{8, 1, 4});
    p->setDimensions("x", OptProfileSelector::kMAX, Dims3{8, 1, 4});
    config->addOptimizationProfile(p);
    Ptr<IHostMemory> plan(builder->buildSerializedNetwork(*net, *config));
    ASSERT_TRUE(plan) << logger.all();
    Ptr<IRuntime> rt(createInferRuntime(logger));
    Ptr<ICudaEngine> e(rt->deserializeCudaEngine(plan->data(), plan->size()));
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->hasImplicitBatchDimension());
    EXPECT_EQ(e->getMaxBatchSize(), 8);
    builder->setMaxBatchSize(0);
    EXPECT_TRUE(logger.saw("setMaxBatchSize: 0 is not a batch size"));
}
