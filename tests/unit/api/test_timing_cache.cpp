// ITimingCache: a build records its tactic timings, a later build with the serialized cache reuses
// them (same choices, no timing), a cache from another machine/version is ignored with a warning.
#include "common/small_nets.h"
#include "common/program_of.h"
#include "plan/timing_cache_format.h"

using namespace tftest;

namespace {

class VerboseLogger : public ILogger {
public:
    void log(Severity, const char* msg) noexcept override {
        std::lock_guard<std::mutex> g(mu);
        all += std::string(msg) + "\n";
    }
    bool saw(const std::string& s) {
        std::lock_guard<std::mutex> g(mu);
        return all.find(s) != std::string::npos;
    }
    std::mutex mu;
    std::string all;
};

std::vector<uint8_t> buildPlan(IBuilder& builder, ILogger& logger, const ITimingCache* cache, bool ignoreMismatch = false) {
    Ptr<INetworkDefinition> net(builder.createNetworkV2(0));
    populateSmallNet(*net);
    Ptr<IBuilderConfig> config(builder.createBuilderConfig());
    IOptimizationProfile* p = builder.createOptimizationProfile();
    for (auto& [name, mom] : smallNetProfile()) {
        p->setDimensions(name.c_str(), OptProfileSelector::kMIN, mom[0]);
        p->setDimensions(name.c_str(), OptProfileSelector::kOPT, mom[1]);
        p->setDimensions(name.c_str(), OptProfileSelector::kMAX, mom[2]);
    }
    config->addOptimizationProfile(p);
    if (cache) {
        EXPECT_TRUE(config->setTimingCache(*cache, ignoreMismatch));
    }
    EXPECT_EQ(config->getTimingCache(), cache);
    Ptr<IHostMemory> plan(builder.buildSerializedNetwork(*net, *config));
    if (!plan) return {};
    (void)logger;
    return {static_cast<uint8_t*>(plan->data()), static_cast<uint8_t*>(plan->data()) + plan->size()};
}

std::vector<std::string> choices(const std::vector<uint8_t>& bytes) {
    const ir::Program p = programOf(bytes);
    std::vector<std::string> v;
    for (auto& n : p.nodes) v.push_back(n.name + "=" + std::to_string(static_cast<int>(n.backend)) + "/" + n.choices[0].tactic);
    return v;
}

plan::TimingCacheData contents(const ITimingCache& c) {
    Ptr<IHostMemory> m(c.serialize());
    plan::TimingCacheData d;
    std::string err;
    EXPECT_TRUE(plan::readTimingCache(m->data(), m->size(), d, err)) << err;
    return d;
}

}  // namespace

TEST(TimingCache, RecordsThenReusesTheSameChoices) {
    VerboseLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    Ptr<ITimingCache> cache(config->createTimingCache(nullptr, 0));
    ASSERT_TRUE(cache);
    const auto first = buildPlan(*builder, logger, cache.get());
    ASSERT_FALSE(first.empty()) << logger.all;
    const plan::TimingCacheData recorded = contents(*cache);
    ASSERT_GE(recorded.entries.size(), 1u) << "conv1/fc1/fc2 have several CPU tactics; their timings are recorded";

    Ptr<IHostMemory> bytes(cache->serialize());
    Ptr<ITimingCache> loaded(config->createTimingCache(bytes->data(), bytes->size()));
    ASSERT_TRUE(loaded);
    VerboseLogger second;
    Ptr<IBuilder> builder2(createInferBuilder(second));
    const auto again = buildPlan(*builder2, second, loaded.get());
    ASSERT_FALSE(again.empty()) << second.all;
    EXPECT_TRUE(second.saw("from the timing cache")) << second.all;
    EXPECT_EQ(choices(again), choices(first));
    EXPECT_EQ(contents(*loaded).entries.size(), recorded.entries.size());  // nothing new to record
    EXPECT_TRUE(loaded->reset());
    EXPECT_TRUE(contents(*loaded).entries.empty());
}

TEST(TimingCache, ACacheFromAnotherMachineIsIgnoredWithAWarning) {
    VerboseLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    Ptr<ITimingCache> mine(config->createTimingCache(nullptr, 0));
    buildPlan(*builder, logger, mine.get());
    plan::TimingCacheData foreign = contents(*mine);
    foreign.device = "Some Other CPU";
    const auto bytes = plan::writeTimingCache(foreign);
    Ptr<ITimingCache> other(config->createTimingCache(bytes.data(), bytes.size()));
    ASSERT_TRUE(other);
    VerboseLogger l2;
    Ptr<IBuilder> b2(createInferBuilder(l2));
    EXPECT_FALSE(buildPlan(*b2, l2, other.get()).empty());
    EXPECT_TRUE(l2.saw("Timing cache ignored")) << l2.all;
    EXPECT_TRUE(l2.saw("Some Other CPU")) << l2.all;
    VerboseLogger l3;
    Ptr<IBuilder> b3(createInferBuilder(l3));
    EXPECT_FALSE(buildPlan(*b3, l3, other.get(), /*ignoreMismatch=*/true).empty());
    EXPECT_FALSE(l3.saw("Timing cache ignored")) << l3.all;
    EXPECT_TRUE(l3.saw("from the timing cache")) << l3.all;
    // combine refuses the foreign cache unless told to ignore the mismatch.
    Ptr<ITimingCache> empty(config->createTimingCache(nullptr, 0));
    EXPECT_FALSE(empty->combine(*other, false));
    EXPECT_TRUE(empty->combine(*other, true));
    EXPECT_EQ(contents(*empty).entries.size(), foreign.entries.size());
}

TEST(TimingCache, DamagedBytesAreRefused) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<IBuilderConfig> config(builder->createBuilderConfig());
    Ptr<ITimingCache> cache(config->createTimingCache(nullptr, 0));
    Ptr<IHostMemory> bytes(cache->serialize());
    std::vector<uint8_t> b(static_cast<uint8_t*>(bytes->data()), static_cast<uint8_t*>(bytes->data()) + bytes->size());
    b[b.size() / 2] ^= 0x40;
    EXPECT_EQ(config->createTimingCache(b.data(), b.size()), nullptr);
    EXPECT_TRUE(logger.saw("createTimingCache")) << logger.all();
}
