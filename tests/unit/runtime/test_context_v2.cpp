// Execution contexts in Core v2: one kernel choice per optimization profile, switching profiles on a
// context, caller-provided activation memory, and per-caller thread limits.
#include <set>
#include <thread>

#include <atomic>

#include "backends/cpu/thread_pool.h"
#include "backends/registry.h"
#include "common/program_of.h"
#include "common/small_nets.h"
#include "common/thread_limit.h"

using namespace tftest;

namespace {
const TacticSources kRef = sourceBit(TacticSource::kREFERENCE);
const TacticSources kCpu = sourceBit(TacticSource::kCPU) | kRef;

Built buildTwoProfiles(IBuilder& builder, INetworkDefinition& net, ILogger& logger, TacticSources sources) {
    Built b;
    Ptr<IBuilderConfig> config(builder.createBuilderConfig());
    config->setTacticSources(sources);
    for (auto [lo, hi] : {std::pair<int64_t, int64_t>{1, 2}, {16, 32}}) {
        IOptimizationProfile* p = builder.createOptimizationProfile();
        p->setDimensions("data", OptProfileSelector::kMIN, Dims4{lo, 1, 10, 10});
        p->setDimensions("data", OptProfileSelector::kOPT, Dims4{hi, 1, 10, 10});
        p->setDimensions("data", OptProfileSelector::kMAX, Dims4{hi, 1, 10, 10});
        config->addOptimizationProfile(p);
    }
    Ptr<IHostMemory> plan(builder.buildSerializedNetwork(net, *config));
    if (!plan) return b;
    b.plan.assign(static_cast<uint8_t*>(plan->data()), static_cast<uint8_t*>(plan->data()) + plan->size());
    b.runtime.reset(createInferRuntime(logger));
    b.engine.reset(b.runtime->deserializeCudaEngine(b.plan.data(), b.plan.size()));
    return b;
}
}  // namespace

TEST(ContextV2, EachProfileHasItsKernelsAndContextsSwitchBetweenThem) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    populateSmallNet(*net);
    Built ref = build(*builder, *net, logger, kRef, smallNetProfile());
    Built b = buildTwoProfiles(*builder, *net, logger, kCpu);
    ASSERT_TRUE(ref.engine && b.engine) << logger.all();
    ASSERT_EQ(b.engine->getNbOptimizationProfiles(), 2);
    for (auto& n : programOf(b).nodes) EXPECT_EQ(n.choices.size(), 2u) << n.name;
    Ptr<IExecutionContext> ctx(b.engine->createExecutionContext());
    for (int round = 0; round < 2; ++round)
        for (int32_t profile : {0, 1}) {
            ASSERT_TRUE(ctx->setOptimizationProfileAsync(profile, nullptr));
            EXPECT_EQ(ctx->getOptimizationProfile(), profile);
            const int64_t batch = profile == 0 ? 2 : 23;
            const Dims d = Dims4{batch, 1, 10, 10};
            // Outside the active profile's range is refused, naming the profile.
            EXPECT_FALSE(ctx->setInputShape("data", Dims4{profile == 0 ? 16 : 1, 1, 10, 10}));
            auto x = randomFloats(static_cast<size_t>(vol(d)), 17 + static_cast<uint32_t>(batch));
            std::map<std::string, HostTensor> got, want;
            ASSERT_TRUE(infer(*b.engine, {{"data", {d, x}}}, got, ctx.get())) << logger.all();
            // The reference engine's profile covers 1..8: compare per chunk of 8.
            std::vector<float> expected;
            for (int64_t at = 0; at < batch; at += 8) {
                const int64_t n = std::min<int64_t>(8, batch - at);
                std::vector<float> part(x.begin() + at * 100, x.begin() + (at + n) * 100);
                ASSERT_TRUE(infer(*ref.engine, {{"data", {Dims4{n, 1, 10, 10}, part}}}, want));
                expected.insert(expected.end(), want["prob"].data.begin(), want["prob"].data.end());
            }
            EXPECT_LE(errorRatio(got["prob"].data, expected, 1e-5, 1e-4), 1.0) << "profile " << profile;
        }
    EXPECT_TRUE(logger.saw("outside optimization profile"));
}

TEST(ContextV2, ContextWithoutDeviceMemoryUsesTheCallersMemory) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    populateSmallNet(*net);
    Built b = build(*builder, *net, logger, kCpu, smallNetProfile());
    ASSERT_TRUE(b.engine) << logger.all();
    Ptr<IExecutionContext> own(b.engine->createExecutionContext());
    Ptr<IExecutionContext> ctx(b.engine->createExecutionContextWithoutDeviceMemory());
    ASSERT_TRUE(ctx);
    const Dims d = Dims4{3, 1, 10, 10};
    auto x = randomFloats(300, 5);
    std::map<std::string, HostTensor> got, want;
    EXPECT_FALSE(infer(*b.engine, {{"data", {d, x}}}, got, ctx.get()));
    EXPECT_TRUE(logger.saw("setDeviceMemoryV2")) << logger.all();
    const int64_t size = b.engine->getDeviceMemorySizeV2();
    ASSERT_GT(size, 0);
    logger.clear();
    std::vector<uint8_t> small(64);
    ctx->setDeviceMemoryV2(small.data(), 1);
    EXPECT_TRUE(logger.saw("bytes given, the engine needs")) << logger.all();
    void* mem = std::aligned_alloc(256, static_cast<size_t>((size + 255) / 256 * 256));
    std::memset(mem, 0xff, static_cast<size_t>(size));  // poison: the context must write before it reads
    ctx->setDeviceMemoryV2(mem, size);
    ASSERT_TRUE(infer(*b.engine, {{"data", {d, x}}}, got, ctx.get())) << logger.all();
    ASSERT_TRUE(infer(*b.engine, {{"data", {d, x}}}, want, own.get()));
    EXPECT_EQ(got["prob"].data, want["prob"].data);
    own->setDeviceMemoryV2(mem, size);  // a context with its own memory refuses
    EXPECT_TRUE(logger.saw("allocated its own memory")) << logger.all();
    ctx.reset();
    std::free(mem);
}

TEST(ContextV2, ThreadLimitsArePerCaller) {
    using tforge::backends::cpu::parallelFor;
    auto threadsUsed = [] {
        std::mutex m;
        std::set<std::thread::id> ids;
        parallelFor(
            4096,
            [&](int64_t, int64_t) {
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                std::lock_guard<std::mutex> lk(m);
                ids.insert(std::this_thread::get_id());
            },
            1);
        return ids.size();
    };
    {
        tforge::ScopedThreadLimit one(1);
        EXPECT_EQ(tforge::currentThreadLimit(), 1);
        EXPECT_EQ(threadsUsed(), 1u);
    }
    EXPECT_EQ(tforge::currentThreadLimit(), 0);
    // Another thread's limit does not leak into this one.
    std::thread other([] {
        tforge::ScopedThreadLimit one(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
    EXPECT_EQ(tforge::currentThreadLimit(), 0);
    other.join();
}

namespace {
//! Runs Activation through the reference and remembers the stream its kernel was handed.
class StreamRecordingBackend final : public tforge::backends::Backend {
public:
    static constexpr TacticSource kSource = static_cast<TacticSource>(28);
    static inline std::atomic<tforge::backends::Stream*> seen{nullptr};
    const char* name() const override { return "stream-recording"; }
    TacticSource source() const override { return kSource; }
    DeviceType device() const override { return DeviceType::kCPU; }
    bool supports(const tforge::backends::NodeDesc& n, std::string* why) const override {
        return n.kind() == ir::OpKind::kActivation && tforge::backends::referenceBackend()->supports(n, why);
    }
    std::vector<std::string> tactics(const tforge::backends::NodeDesc&) const override { return {"reference"}; }
    std::unique_ptr<tforge::backends::Kernel> createKernel(const tforge::backends::NodeDesc& n, const std::string& t,
                                                           std::string& e) const override {
        struct K final : tforge::backends::Kernel {
            std::unique_ptr<tforge::backends::Kernel> inner;
            bool run(const std::vector<tforge::backends::TensorView>& in,
                     const std::vector<tforge::backends::TensorView>& out, const tforge::backends::ExecArgs& a,
                     std::string& err) const override {
                seen = a.stream;
                return inner->run(in, out, a, err);
            }
        };
        auto k = std::make_unique<K>();
        k->inner = tforge::backends::referenceBackend()->createKernel(n, t, e);
        return k->inner ? std::move(k) : nullptr;
    }
};
}  // namespace

TEST(ContextV2, KernelsGetTheStreamTheirWorkRunsOn) {
    StreamRecordingBackend backend;
    tforge::backends::registerBackend(&backend);
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto* a = net->addActivation(*net->addInput("x", DataType::kFLOAT, Dims2{2, 3}), ActivationType::kTANH);
    a->getOutput(0)->setName("y");
    net->markOutput(*a->getOutput(0));
    Built b = build(*builder, *net, logger, 1u << static_cast<int32_t>(StreamRecordingBackend::kSource));
    ASSERT_TRUE(b.engine) << logger.all();
    std::map<std::string, HostTensor> out;
    ASSERT_TRUE(infer(*b.engine, {{"x", {Dims2{2, 3}, randomFloats(6, 1)}}}, out)) << logger.all();
    EXPECT_EQ(StreamRecordingBackend::seen.load(), tforge::backends::cpuDevice()->streamFromHandle(nullptr));
    b = Built{};
    tforge::backends::unregisterBackend(&backend);
}
