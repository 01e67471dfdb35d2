// Runtime behaviour: I/O by name, dynamic shapes within profiles, unbound tensors, plan round trip,
// per-layer profiling, memory planning, and concurrent contexts of one engine.
#include <thread>

#include "common/small_nets.h"

using namespace tftest;

namespace {
struct SmallEngine : ::testing::Test {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Built built;
    void SetUp() override {
        Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
        populateSmallNet(*net);
        built = build(*builder, *net, logger,
                      sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE), smallNetProfile());
        ASSERT_TRUE(built.engine) << logger.all();
    }
    std::map<std::string, HostTensor> input(int64_t batch, uint32_t seed) {
        return {{"data", {Dims4{batch, 1, 10, 10}, randomFloats(batch * 100, seed)}}};
    }
};
}  // namespace

TEST_F(SmallEngine, IOTensorsByName) {
    ICudaEngine& e = *built.engine;
    ASSERT_EQ(e.getNbIOTensors(), 2);
    EXPECT_STREQ(e.getIOTensorName(0), "data");
    EXPECT_STREQ(e.getIOTensorName(1), "prob");
    EXPECT_EQ(e.getTensorIOMode("data"), TensorIOMode::kINPUT);
    EXPECT_EQ(e.getTensorIOMode("prob"), TensorIOMode::kOUTPUT);
    EXPECT_EQ(e.getTensorIOMode("nope"), TensorIOMode::kNONE);
    EXPECT_EQ(e.getTensorShape("data").d[0], -1);
    EXPECT_EQ(e.getTensorShape("prob").d[1], 5);
    EXPECT_EQ(e.getTensorDataType("prob"), DataType::kFLOAT);
    EXPECT_EQ(e.getProfileShape("data", 0, OptProfileSelector::kMAX).d[0], 8);
    EXPECT_GT(e.getDeviceMemorySizeV2(), 0);
}

TEST_F(SmallEngine, SoftmaxRowsSumToOneAcrossBatchSizes) {
    for (int64_t batch : {1, 3, 8}) {
        std::map<std::string, HostTensor> out;
        ASSERT_TRUE(infer(*built.engine, input(batch, 5), out)) << logger.all();
        const HostTensor& p = out["prob"];
        ASSERT_EQ(p.dims.d[0], batch);
        for (int64_t b = 0; b < batch; ++b) {
            double s = 0;
            for (int k = 0; k < 5; ++k) s += p.data[b * 5 + k];
            EXPECT_NEAR(s, 1.0, 1e-5);
        }
    }
}

TEST_F(SmallEngine, ShapeOutsideProfileIsRefused) {
    Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
    EXPECT_FALSE(ctx->setInputShape("data", Dims4{9, 1, 10, 10}));
    EXPECT_TRUE(logger.saw("outside optimization profile")) << logger.all();
    EXPECT_FALSE(ctx->setInputShape("data", Dims4{2, 1, 11, 10}));
    EXPECT_FALSE(ctx->setInputShape("data", Dims3{2, 1, 10}));
    EXPECT_FALSE(ctx->setInputShape("nope", Dims4{2, 1, 10, 10}));
}

TEST_F(SmallEngine, UnsetDynamicShapeIsRefused) {
    Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
    std::vector<float> in(100), out(5);
    ctx->setTensorAddress("data", in.data());
    ctx->setTensorAddress("prob", out.data());
    EXPECT_FALSE(ctx->enqueueV3(nullptr));
    EXPECT_TRUE(logger.saw("setInputShape")) << logger.all();
}

TEST_F(SmallEngine, UnboundTensorIsRefused) {
    Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
    std::vector<float> in(200);
    ASSERT_TRUE(ctx->setInputShape("data", Dims4{2, 1, 10, 10}));
    ctx->setTensorAddress("data", in.data());
    EXPECT_FALSE(ctx->enqueueV3(nullptr));
    EXPECT_TRUE(logger.saw("\"prob\" has no address")) << logger.all();
    EXPECT_FALSE(ctx->setTensorAddress("nope", in.data()));
}

TEST_F(SmallEngine, ExecuteV2MatchesEnqueueV3) {
    auto in = input(3, 9);
    std::map<std::string, HostTensor> out;
    ASSERT_TRUE(infer(*built.engine, in, out));
    Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
    ASSERT_TRUE(ctx->setInputShape("data", Dims4{3, 1, 10, 10}));
    std::vector<float> prob(15, -1.f);
    void* bindings[] = {in["data"].data.data(), prob.data()};
    ASSERT_TRUE(ctx->executeV2(bindings));
    EXPECT_EQ(prob, out["prob"].data);
}

TEST_F(SmallEngine, SerializedEngineRoundTrips) {
    Ptr<IHostMemory> again(built.engine->serialize());
    ASSERT_TRUE(again);
    ASSERT_EQ(again->size(), built.plan.size());
    EXPECT_EQ(0, std::memcmp(again->data(), built.plan.data(), built.plan.size()));
    Ptr<ICudaEngine> e2(built.runtime->deserializeCudaEngine(again->data(), again->size()));
    ASSERT_TRUE(e2);
    std::map<std::string, HostTensor> o1, o2;
    ASSERT_TRUE(infer(*built.engine, input(4, 3), o1));
    ASSERT_TRUE(infer(*e2, input(4, 3), o2));
    EXPECT_EQ(o1["prob"].data, o2["prob"].data);
}

TEST_F(SmallEngine, DamagedPlanIsRefusedWithReason) {
    std::vector<uint8_t> cut(built.plan.begin(), built.plan.begin() + built.plan.size() / 2);
    EXPECT_EQ(built.runtime->deserializeCudaEngine(cut.data(), cut.size()), nullptr);
    EXPECT_TRUE(logger.saw("truncated")) << logger.all();
    logger.clear();
    std::vector<uint8_t> flipped = built.plan;
    flipped[flipped.size() - 3] ^= 0x40;
    EXPECT_EQ(built.runtime->deserializeCudaEngine(flipped.data(), flipped.size()), nullptr);
    EXPECT_TRUE(logger.saw("corrupt")) << logger.all();
    EXPECT_EQ(built.runtime->deserializeCudaEngine(nullptr, 10), nullptr);
}

TEST_F(SmallEngine, ProfilerReportsEveryLayer) {
    struct Prof : IProfiler {
        std::vector<std::string> names;
        void reportLayerTime(const char* n, float ms) noexcept override {
            names.push_back(n);
            EXPECT_GE(ms, 0.f);
        }
    } prof;
    Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
    ctx->setProfiler(&prof);
    std::map<std::string, HostTensor> out;
    ASSERT_TRUE(infer(*built.engine, input(2, 1), out, ctx.get()));
    EXPECT_EQ(static_cast<int32_t>(prof.names.size()), built.engine->getNbLayers());
    bool sawFused = false;
    for (auto& n : prof.names) sawFused = sawFused || n == "fc1 + relu1";
    EXPECT_TRUE(sawFused);
}

TEST_F(SmallEngine, ConcurrentContextsGiveTheSameAnswers) {
    constexpr int kThreads = 4;
    std::vector<std::map<std::string, HostTensor>> expected(kThreads);
    for (int t = 0; t < kThreads; ++t) ASSERT_TRUE(infer(*built.engine, input(1 + t, 100 + t), expected[t]));
    std::vector<int> mismatches(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            Ptr<IExecutionContext> ctx(built.engine->createExecutionContext());
            for (int rep = 0; rep < 20; ++rep) {
                std::map<std::string, HostTensor> out;
                if (!infer(*built.engine, input(1 + t, 100 + t), out, ctx.get()) ||
                    out["prob"].data != expected[t]["prob"].data)
                    ++mismatches[t];
            }
        });
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(MemoryPlan, ChainSharesMemory) {
    // x -> 6 activations in a chain -> out: with liveness sharing, the arena holds ~2 tensors, not 5.
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    ITensor* t = net->addInput("x", DataType::kFLOAT, Dims2{64, 64});
    for (ActivationType a : {ActivationType::kTANH, ActivationType::kSIGMOID, ActivationType::kELU,
                             ActivationType::kSOFTSIGN, ActivationType::kSELU, ActivationType::kGELU_ERF})
        t = net->addActivation(*t, a)->getOutput(0);
    net->markOutput(*t);
    Built b = build(*builder, *net, logger, sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE));
    ASSERT_TRUE(b.engine) << logger.all();
    int64_t one = 64 * 64 * 4;
    EXPECT_GE(b.engine->getDeviceMemorySizeV2(), 2 * one);
    EXPECT_LE(b.engine->getDeviceMemorySizeV2(), 2 * one + 4096);
}

TEST_F(SmallEngine, MaxThreadsDoesNotChangeResults) {
    std::map<std::string, HostTensor> many, one;
    ASSERT_TRUE(infer(*built.engine, input(8, 11), many));
    built.runtime->setMaxThreads(1);
    EXPECT_EQ(built.runtime->getMaxThreads(), 1);
    ASSERT_TRUE(infer(*built.engine, input(8, 11), one));
    built.runtime->setMaxThreads(0);  // back to all cores
    EXPECT_EQ(errorRatio(one["prob"].data, many["prob"].data, 1e-6, 1e-5) <= 1.0, true);
}
