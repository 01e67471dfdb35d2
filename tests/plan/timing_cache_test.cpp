// The timing cache's serialized form: round trip, merging, compatibility reasons, and damaged or
// truncated caches refused with a message that names the fault.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "plan/plan_format.h"
#include "plan/timing_cache_format.h"

namespace tforge::plan {
namespace {

using Bytes = std::vector<uint8_t>;

TimingCacheData sampleCache() {
    TimingCacheData c;
    c.device = "Intel(R) Xeon(R) Platinum 8480+";
    c.isa = 3;
    c.libMajor = 0;
    c.libMinor = 1;
    c.libPatch = 2;
    c.backendVersions = {{"cpu", 3}, {"reference", 1}};
    c.entries["Convolution f32 [1,3,224,224] k3x3 s1"] = {TacticSource::kCPU, "direct_3x3", 1.5e-3};
    c.entries["FullyConnected f32 [8,512] -> 10"] = {TacticSource::kCPU, "gemm_avx512", 2.25e-5};
    c.entries["Pooling max f32 [1,64,56,56]"] = {TacticSource::kREFERENCE, "reference", 0.0};
    c.entries[""] = {TacticSource::kTEST, "", 1e300};  // empty key and tactic are legal
    return c;
}

void expectSame(const TimingCacheData& a, const TimingCacheData& b) {
    EXPECT_EQ(a.device, b.device);
    EXPECT_EQ(a.isa, b.isa);
    EXPECT_EQ(a.libMajor, b.libMajor);
    EXPECT_EQ(a.libMinor, b.libMinor);
    EXPECT_EQ(a.libPatch, b.libPatch);
    EXPECT_EQ(a.backendVersions, b.backendVersions);
    ASSERT_EQ(a.entries.size(), b.entries.size());
    for (auto x = a.entries.begin(), y = b.entries.begin(); x != a.entries.end(); ++x, ++y) {
        EXPECT_EQ(x->first, y->first);
        EXPECT_EQ(x->second.source, y->second.source) << x->first;
        EXPECT_EQ(x->second.tactic, y->second.tactic) << x->first;
        EXPECT_EQ(std::memcmp(&x->second.seconds, &y->second.seconds, 8), 0) << x->first;
    }
}

void restamp(Bytes& b) {
    storeLE(b.data() + kTimingCacheOffChecksum,
            checksum64(b.data(), b.size(), kTimingCacheOffChecksum), 8);
}

void expectRefused(const Bytes& b, const std::string& phrase) {
    TimingCacheData c = sampleCache();
    c.device = "untouched";
    std::string error;
    EXPECT_FALSE(readTimingCache(b.data(), b.size(), c, error)) << "expected: " << phrase;
    EXPECT_NE(error.find(phrase), std::string::npos) << "error: " << error << "\nwanted: " << phrase;
    EXPECT_NE(error.find("build without this timing cache"), std::string::npos) << error;
    EXPECT_EQ(c.device, "untouched") << "a failed read must leave the cache alone";
}

// Body offsets of the sample: str device, u64 isa, 3 x i32 version, u32 backend count, ...
size_t bodyAt() { return kTimingCacheHeaderBytes; }
size_t backendCountAt() { return bodyAt() + 4 + sampleCache().device.size() + 8 + 12; }
size_t entryCountAt() {
    size_t at = backendCountAt() + 4;
    for (const auto& b : sampleCache().backendVersions) at += 4 + b.first.size() + 4;
    return at;
}
//! File offset of the entry with key `key`: its TacticSource follows the key string.
size_t afterKey(const Bytes& b, const std::string& key) {
    Bytes pat(4);
    storeLE(pat.data(), key.size(), 4);
    pat.insert(pat.end(), key.begin(), key.end());
    auto it = std::search(b.begin() + static_cast<ptrdiff_t>(kTimingCacheHeaderBytes), b.end(),
                          pat.begin(), pat.end());
    EXPECT_NE(it, b.end()) << key;
    return static_cast<size_t>(it - b.begin()) + pat.size();
}

TEST(TimingCache, RoundTrips) {
    const TimingCacheData c = sampleCache();
    const Bytes b = writeTimingCache(c);
    EXPECT_EQ(std::memcmp(b.data(), "TFORGETC", 8), 0);
    EXPECT_EQ(load32(b.data() + 8), 1u);
    EXPECT_EQ(load64(b.data() + 16), b.size());
    TimingCacheData back;
    std::string error;
    ASSERT_TRUE(readTimingCache(b.data(), b.size(), back, error)) << error;
    expectSame(c, back);
    EXPECT_EQ(writeTimingCache(back), b) << "writing is deterministic";
}

TEST(TimingCache, EmptyCacheRoundTrips) {
    const TimingCacheData c;
    const Bytes b = writeTimingCache(c);
    TimingCacheData back = sampleCache();
    std::string error;
    ASSERT_TRUE(readTimingCache(b.data(), b.size(), back, error)) << error;
    expectSame(c, back);
}

TEST(TimingCache, ManyEntriesRoundTrip) {
    TimingCacheData c = sampleCache();
    std::mt19937 rng(5);
    for (int i = 0; i < 5000; ++i)
        c.entries["op" + std::to_string(rng())] = {TacticSource::kCPU, "t" + std::to_string(i),
                                                   std::ldexp(1.0, -static_cast<int>(rng() % 40))};
    const Bytes b = writeTimingCache(c);
    TimingCacheData back;
    std::string error;
    ASSERT_TRUE(readTimingCache(b.data(), b.size(), back, error)) << error;
    expectSame(c, back);
}

TEST(TimingCache, CombineKeepsTheFasterEntry) {
    TimingCacheData a = sampleCache(), b = sampleCache();
    b.entries["Convolution f32 [1,3,224,224] k3x3 s1"] = {TacticSource::kCPU, "winograd", 1.0e-3};
    b.entries["FullyConnected f32 [8,512] -> 10"] = {TacticSource::kCPU, "gemm_avx2", 3e-5};
    b.entries["Pooling max f32 [1,64,56,56]"] = {TacticSource::kCPU, "tie", 0.0};
    b.entries["Softmax f32 [8,1000]"] = {TacticSource::kCPU, "softmax_avx512", 4e-6};
    combine(a, b);
    ASSERT_EQ(a.entries.size(), 5u);
    EXPECT_EQ(a.entries["Convolution f32 [1,3,224,224] k3x3 s1"].tactic, "winograd");  // faster
    EXPECT_EQ(a.entries["Convolution f32 [1,3,224,224] k3x3 s1"].seconds, 1.0e-3);
    EXPECT_EQ(a.entries["FullyConnected f32 [8,512] -> 10"].tactic, "gemm_avx512");  // kept
    EXPECT_EQ(a.entries["Pooling max f32 [1,64,56,56]"].tactic, "reference");       // tie: kept
    EXPECT_EQ(a.entries["Softmax f32 [8,1000]"].tactic, "softmax_avx512");           // new
    EXPECT_EQ(a.entries["Softmax f32 [8,1000]"].source, TacticSource::kCPU);
    // Merging is idempotent and leaves the header fields alone.
    const TimingCacheData once = a;
    combine(a, b);
    expectSame(once, a);
    combine(a, TimingCacheData{});
    expectSame(once, a);
}

TEST(TimingCache, CompatibleCaches) {
    std::string why = "stale";
    TimingCacheData a = sampleCache(), b = sampleCache();
    EXPECT_TRUE(compatible(a, b, why)) << why;
    EXPECT_TRUE(why.empty());
    std::swap(b.backendVersions[0], b.backendVersions[1]);  // order does not matter
    b.entries.clear();                                      // nor do the entries
    EXPECT_TRUE(compatible(a, b, why)) << why;
}

TEST(TimingCache, IncompatibilityReasons) {
    auto reason = [](void (*edit)(TimingCacheData&)) {
        TimingCacheData a = sampleCache(), b = sampleCache();
        edit(b);
        std::string why;
        EXPECT_FALSE(compatible(a, b, why));
        return why;
    };
    EXPECT_EQ(reason([](TimingCacheData& c) { c.device = "NVIDIA H200"; }),
              "device 'Intel(R) Xeon(R) Platinum 8480+' differs from 'NVIDIA H200'");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.isa = 1; }), "ISA bits 3 differ from 1");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.libPatch = 3; }),
              "TensorForge 0.1.2 differs from 0.1.3");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.libMajor = 1; }),
              "TensorForge 0.1.2 differs from 1.1.2");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.backendVersions[0].second = 4; }),
              "backend 'cpu' version 3 differs from 4");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.backendVersions.pop_back(); }),
              "backend 'reference' is missing from the second");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.backendVersions.push_back({"cudnn", 8}); }),
              "backend 'cudnn' is missing from the first");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.backendVersions.push_back({"zz", 1}); }),
              "backend 'zz' is missing from the first");
    EXPECT_EQ(reason([](TimingCacheData& c) { c.backendVersions[1].first = "ref"; }),
              "backend 'ref' is missing from the first");
}

// ---- damage ----

TEST(TimingCacheDamage, EmptyAndTruncatedHeader) {
    TimingCacheData c;
    std::string error;
    EXPECT_FALSE(readTimingCache(nullptr, 0, c, error));
    EXPECT_NE(error.find("timing cache is truncated (0 bytes, header needs 32)"), std::string::npos)
        << error;
    Bytes b = writeTimingCache(sampleCache());
    b.resize(31);
    expectRefused(b, "timing cache is truncated (31 bytes, header needs 32)");
}

TEST(TimingCacheDamage, EveryTruncationIsRefused) {
    const Bytes good = writeTimingCache(sampleCache());
    for (size_t n = 0; n < good.size(); ++n) {
        const Bytes b(good.begin(), good.begin() + static_cast<ptrdiff_t>(n));
        expectRefused(b, n < kTimingCacheHeaderBytes ? "truncated (" : "truncated or has trailing");
    }
}

TEST(TimingCacheDamage, TruncatedWithPatchedSizeAndChecksum) {
    // A tool that "fixes" the header of a cut file still cannot make the body parse.
    const Bytes good = writeTimingCache(sampleCache());
    for (size_t n = kTimingCacheHeaderBytes; n < good.size(); ++n) {
        Bytes b(good.begin(), good.begin() + static_cast<ptrdiff_t>(n));
        storeLE(b.data() + 16, n, 8);
        restamp(b);
        expectRefused(b, "timing cache data is invalid (at byte ");
    }
}

TEST(TimingCacheDamage, TrailingBytes) {
    Bytes b = writeTimingCache(sampleCache());
    b.push_back(0);
    expectRefused(b, "header says " + std::to_string(b.size() - 1) + " bytes, got " +
                         std::to_string(b.size()));
    storeLE(b.data() + 16, b.size(), 8);
    restamp(b);
    expectRefused(b, "1 trailing bytes after the last entry");
}

TEST(TimingCacheDamage, BadMagicAndVersion) {
    Bytes b = writeTimingCache(sampleCache());
    Bytes plan = b;
    std::memcpy(plan.data(), "TFORGEPL", 8);  // a plan is not a timing cache
    expectRefused(plan, "not a TensorForge timing cache (bad magic)");
    storeLE(b.data() + 8, 2, 4);
    restamp(b);
    expectRefused(b, "timing cache format version 2, this TensorForge reads version 1");
    storeLE(b.data() + 8, 1, 4);
    storeLE(b.data() + 12, 1, 4);
    restamp(b);
    expectRefused(b, "non-zero reserved field");
}

TEST(TimingCacheDamage, EveryFlippedBitIsCaught) {
    const Bytes good = writeTimingCache(sampleCache());
    for (size_t i = 0; i < good.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            Bytes b = good;
            b[i] ^= static_cast<uint8_t>(1u << bit);
            TimingCacheData c;
            std::string error;
            EXPECT_FALSE(readTimingCache(b.data(), b.size(), c, error)) << i << ":" << bit;
        }
    }
    Bytes b = good;
    b[kTimingCacheHeaderBytes + 7] ^= 1;
    expectRefused(b, "timing cache is corrupted (checksum mismatch)");
}

TEST(TimingCacheDamage, HugeCounts) {
    Bytes b = writeTimingCache(sampleCache());
    storeLE(b.data() + bodyAt(), 0x7FFFFFFFu, 4);
    restamp(b);
    expectRefused(b, "at byte 32: device name length count 2147483647 exceeds");
    b = writeTimingCache(sampleCache());
    storeLE(b.data() + backendCountAt(), 0xFFFFFFFFu, 4);
    restamp(b);
    expectRefused(b, "backend count 4294967295 exceeds");
    b = writeTimingCache(sampleCache());
    storeLE(b.data() + entryCountAt(), 5, 4);  // one more than there are
    restamp(b);
    expectRefused(b, "timing cache data is invalid (at byte ");
    b = writeTimingCache(sampleCache());
    storeLE(b.data() + entryCountAt(), 1u << 30, 4);
    restamp(b);
    expectRefused(b, "entry count 1073741824 exceeds");
}

TEST(TimingCacheDamage, BadEntryFields) {
    const std::string key = "FullyConnected f32 [8,512] -> 10";
    Bytes b = writeTimingCache(sampleCache());
    storeLE(b.data() + afterKey(b, key), 40, 4);
    restamp(b);
    expectRefused(b, "entry 'FullyConnected f32 [8,512] -> 10' has an unknown TacticSource 40");

    auto withSeconds = [&](double s) {
        TimingCacheData c = sampleCache();
        c.entries[key].seconds = s;
        return writeTimingCache(c);
    };
    expectRefused(withSeconds(std::numeric_limits<double>::quiet_NaN()), "not a finite value >= 0");
    expectRefused(withSeconds(std::numeric_limits<double>::infinity()), "not a finite value >= 0");
    expectRefused(withSeconds(-1e-6), "has time -0.000001 s");
}

TEST(TimingCacheDamage, KeysOutOfOrderOrRepeated) {
    TimingCacheData c;
    c.entries["a"] = {TacticSource::kCPU, "x", 1};
    c.entries["b"] = {TacticSource::kCPU, "y", 2};
    Bytes b = writeTimingCache(c);
    Bytes swapped = b;
    swapped[afterKey(b, "b") - 1] = 'a';  // "a", "a"
    restamp(swapped);
    expectRefused(swapped, "entry 'a' is out of order or repeated");
    swapped[afterKey(b, "a") - 1] = 'c';  // "c", "a"
    restamp(swapped);
    expectRefused(swapped, "entry 'a' is out of order or repeated");
}

TEST(TimingCacheDamage, RepeatedBackend) {
    TimingCacheData c = sampleCache();
    c.backendVersions.push_back({"cpu", 9});
    expectRefused(writeTimingCache(c), "backend 'cpu' is listed twice");
}

TEST(TimingCacheDamage, RandomMutationsNeverCrash) {
    const Bytes good = writeTimingCache(sampleCache());
    std::mt19937_64 rng(11);
    int refused = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        Bytes b = good;
        const size_t n = 1 + rng() % 4;
        for (size_t i = 0; i < n; ++i)
            b[kTimingCacheHeaderBytes + rng() % (b.size() - kTimingCacheHeaderBytes)] =
                static_cast<uint8_t>(rng());
        restamp(b);
        TimingCacheData c;
        std::string error;
        if (!readTimingCache(b.data(), b.size(), c, error)) {
            ++refused;
            EXPECT_NE(error.find("timing cache data is invalid (at byte "), std::string::npos)
                << error;
        }
    }
    EXPECT_GT(refused, 300);
}

}  // namespace
}  // namespace tforge::plan
