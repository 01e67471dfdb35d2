// Bad networks and configs: each is refused with a message naming the layer or tensor at fault.
#include "common/small_nets.h"

using namespace tftest;

namespace {
struct Fixture : ::testing::Test {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Ptr<INetworkDefinition> net{builder->createNetworkV2(0)};
    Ptr<IBuilderConfig> config{builder->createBuilderConfig()};
    IHostMemory* buildPlan() { return builder->buildSerializedNetwork(*net, *config); }
};
}  // namespace

TEST_F(Fixture, WrongKernelWeightCountIsRefusedAtBuild) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 3, 8, 8});
    auto k = randomFloats(10, 1);  // needs 4*3*3*3 = 108
    auto* conv = net->addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(k), {});
    ASSERT_NE(conv, nullptr);  // setNbGroups/setKernelWeights could still fix it, as in TensorRT
    conv->setName("conv_bad");
    EXPECT_EQ(conv->getOutput(0)->getDimensions().nbDims, -1);
    net->markOutput(*conv->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("conv_bad")) << logger.all();
    EXPECT_TRUE(logger.saw("kernel")) << logger.all();
    EXPECT_TRUE(logger.saw("108")) << logger.all();
}

TEST_F(Fixture, GroupsSetAfterAddRepairTheWeightCount) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 4, 8, 8});
    auto k = randomFloats(6 * 2 * 3 * 3, 1);  // K=6, C/groups=2: valid only once groups = 2
    auto* conv = net->addConvolutionNd(*x, 6, DimsHW{3, 3}, weightsOf(k), {});
    ASSERT_NE(conv, nullptr);
    conv->setNbGroups(2);
    EXPECT_EQ(conv->getOutput(0)->getDimensions().d[1], 6);
    net->markOutput(*conv->getOutput(0));
    Ptr<IHostMemory> plan(buildPlan());
    EXPECT_TRUE(plan) << logger.all();
}

TEST_F(Fixture, WrongFullyConnectedWeightCount) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 3, 2, 2});
    auto k = randomFloats(5 * 11, 1);
    auto* fc = net->addFullyConnected(*x, 5, weightsOf(k), {});
    ASSERT_NE(fc, nullptr);
    net->markOutput(*fc->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("60")) << logger.all();
}

TEST_F(Fixture, NullWeightsWithCount) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 3, 8, 8});
    EXPECT_EQ(net->addConvolutionNd(*x, 4, DimsHW{3, 3}, Weights{DataType::kFLOAT, nullptr, 108}, {}), nullptr);
    EXPECT_TRUE(logger.saw("null")) << logger.all();
}

TEST_F(Fixture, MismatchedElementWiseShapes) {
    ITensor* a = net->addInput("a", DataType::kFLOAT, Dims2{2, 3});
    ITensor* b = net->addInput("b", DataType::kFLOAT, Dims2{4, 3});
    EXPECT_EQ(net->addElementWise(*a, *b, ElementWiseOperation::kSUM), nullptr);
    EXPECT_TRUE(logger.saw("[2,3]") && logger.saw("[4,3]")) << logger.all();
}

TEST_F(Fixture, KernelLargerThanInput) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 1, 3, 3});
    auto k = randomFloats(25, 1);
    auto* conv = net->addConvolutionNd(*x, 1, DimsHW{5, 5}, weightsOf(k), {});
    ASSERT_NE(conv, nullptr);
    net->markOutput(*conv->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("larger than")) << logger.all();
}

TEST_F(Fixture, ShapeConflictAfterAttributeChangeIsReportedAtBuild) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 1, 6, 6});
    auto k = randomFloats(9, 1);
    auto* conv = net->addConvolutionNd(*x, 1, DimsHW{3, 3}, weightsOf(k), {});
    ASSERT_NE(conv, nullptr);
    conv->setName("conv_late");
    conv->setDilationNd(DimsHW{4, 4});  // effective kernel 9 > 6
    net->markOutput(*conv->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("conv_late")) << logger.all();
}

TEST_F(Fixture, NoMarkedOutputs) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 3});
    net->addActivation(*x, ActivationType::kRELU);
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("no outputs")) << logger.all();
}

TEST_F(Fixture, CycleIsRefused) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 3});
    auto* a = net->addActivation(*x, ActivationType::kRELU);
    a->setName("first");
    auto* b = net->addActivation(*a->getOutput(0), ActivationType::kTANH);
    b->setName("second");
    auto* c = net->addElementWise(*x, *b->getOutput(0), ElementWiseOperation::kSUM);
    a->setInput(0, *b->getOutput(0));  // first <- second <- first
    net->markOutput(*c->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("cycle")) << logger.all();
}

TEST_F(Fixture, UnconnectedInput) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 3});
    net->addInput("unused", DataType::kFLOAT, Dims2{2, 3});
    net->markOutput(*net->addActivation(*x, ActivationType::kRELU)->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("\"unused\"")) << logger.all();
}

TEST_F(Fixture, DynamicInputWithoutProfile) {
    populateSmallNet(*net);
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("no optimization profile")) << logger.all();
    EXPECT_TRUE(logger.saw("\"data\"")) << logger.all();
}

TEST_F(Fixture, ProfileChangingStaticDim) {
    populateSmallNet(*net);
    IOptimizationProfile* p = builder->createOptimizationProfile();
    p->setDimensions("data", OptProfileSelector::kMIN, Dims4{1, 1, 10, 10});
    p->setDimensions("data", OptProfileSelector::kOPT, Dims4{2, 1, 10, 10});
    p->setDimensions("data", OptProfileSelector::kMAX, Dims4{4, 2, 10, 10});
    config->addOptimizationProfile(p);
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("static extent")) << logger.all();
}

TEST_F(Fixture, InvalidProfileIsRejectedByConfig) {
    IOptimizationProfile* p = builder->createOptimizationProfile();
    p->setDimensions("data", OptProfileSelector::kMIN, Dims4{4, 1, 10, 10});
    p->setDimensions("data", OptProfileSelector::kOPT, Dims4{2, 1, 10, 10});
    p->setDimensions("data", OptProfileSelector::kMAX, Dims4{8, 1, 10, 10});
    EXPECT_EQ(config->addOptimizationProfile(p), -1);
}

TEST_F(Fixture, TensorOfAnotherNetwork) {
    Ptr<INetworkDefinition> other(builder->createNetworkV2(0));
    ITensor* foreign = other->addInput("f", DataType::kFLOAT, Dims2{2, 3});
    EXPECT_EQ(net->addActivation(*foreign, ActivationType::kRELU), nullptr);
    EXPECT_TRUE(logger.saw("another network")) << logger.all();
}

TEST_F(Fixture, ErrorRecorderReceivesErrors) {
    struct Recorder : IErrorRecorder {
        std::vector<std::string> errs;
        int32_t refs = 0;
        int32_t getNbErrors() const noexcept override { return (int32_t)errs.size(); }
        ErrorCode getErrorCode(int32_t) const noexcept override { return ErrorCode::kINVALID_ARGUMENT; }
        ErrorDesc getErrorDesc(int32_t i) const noexcept override { return errs[i].c_str(); }
        bool hasOverflowed() const noexcept override { return false; }
        void clear() noexcept override { errs.clear(); }
        bool reportError(ErrorCode, ErrorDesc d) noexcept override { errs.push_back(d); return false; }
        RefCount incRefCount() noexcept override { return ++refs; }
        RefCount decRefCount() noexcept override { return --refs; }
    } rec;
    net->setErrorRecorder(&rec);
    ITensor* a = net->addInput("a", DataType::kFLOAT, Dims2{2, 3});
    ITensor* b = net->addInput("b", DataType::kFLOAT, Dims2{5, 3});
    EXPECT_EQ(net->addElementWise(*a, *b, ElementWiseOperation::kSUM), nullptr);
    EXPECT_EQ(rec.getNbErrors(), 1);
    net.reset();
    EXPECT_EQ(rec.refs, 0);
}

TEST_F(Fixture, ShapesAreInferredAtAddTime) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{-1, 1, 28, 28});
    auto k = randomFloats(20 * 25, 1);
    auto* conv = net->addConvolutionNd(*x, 20, DimsHW{5, 5}, weightsOf(k), {});
    Dims d = conv->getOutput(0)->getDimensions();
    ASSERT_EQ(d.nbDims, 4);
    EXPECT_EQ(d.d[0], -1);
    EXPECT_EQ(d.d[1], 20);
    EXPECT_EQ(d.d[2], 24);
    conv->setStrideNd(DimsHW{2, 2});  // attribute changes re-infer
    EXPECT_EQ(conv->getOutput(0)->getDimensions().d[2], 12);  // (28-5)/2+1
}

TEST_F(Fixture, InputMarkedAsOutputIsRefusedClearly) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 3});
    net->markOutput(*x);
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("is also marked as an output")) << logger.all();
    EXPECT_FALSE(logger.saw("internal error")) << logger.all();
}

TEST_F(Fixture, PoolingPaddingAsLargeAsTheWindowIsRefused) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 1, 8, 8});
    auto* pool = net->addPoolingNd(*x, PoolingType::kMAX, DimsHW{2, 2});
    ASSERT_NE(pool, nullptr);
    pool->setName("pool_pad");
    pool->setPaddingNd(DimsHW{5, 5});
    net->markOutput(*pool->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("pool_pad")) << logger.all();
    EXPECT_TRUE(logger.saw("smaller than the window")) << logger.all();
}
