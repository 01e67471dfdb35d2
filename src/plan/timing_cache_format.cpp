// Timing cache (de)serialization, compatibility and merging; the layout is in timing_cache_format.h.
#include "plan/timing_cache_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "plan/plan_format.h"

namespace tforge::plan {
namespace {

const char* kAdvice = "; build without this timing cache (a new one is recorded)";
constexpr uint32_t kMaxEntries = 1u << 24;
constexpr uint32_t kMaxBackends = 1u << 10;

// Any tactic-source bit: backends can be registered at run time (backends/registry.h).
bool knownSource(int32_t v) { return v >= 0 && v < 32; }

void put(std::vector<uint8_t>& out, uint64_t v, size_t n) {
    const size_t at = out.size();
    out.resize(at + n);
    storeLE(out.data() + at, v, n);
}
void putStr(std::vector<uint8_t>& out, const std::string& s) {
    put(out, s.size(), 4);
    out.insert(out.end(), s.begin(), s.end());
}

//! Bounds-checked reader of the body; the first failure sticks and later reads return zeros.
class Reader {
public:
    Reader(const uint8_t* p, size_t n, size_t base) : p_(p), n_(n), base_(base) {}
    bool ok() const { return err_.empty(); }
    const std::string& error() const { return err_; }
    size_t remaining() const { return n_ - pos_; }
    void fail(const std::string& what) {
        if (ok()) err_ = "at byte " + std::to_string(base_ + field_) + ": " + what;
    }
    const uint8_t* take(size_t k) {
        if (!ok()) return nullptr;
        field_ = pos_;
        if (k > remaining()) {
            fail("needs " + std::to_string(k) + " more bytes, " + std::to_string(remaining()) +
                 " left");
            return nullptr;
        }
        const uint8_t* q = p_ + pos_;
        pos_ += k;
        return q;
    }
    uint64_t read(size_t bytes) {
        const uint8_t* q = take(bytes);
        return q ? loadLE(q, bytes) : 0;
    }
    uint32_t u32() { return static_cast<uint32_t>(read(4)); }
    int32_t i32() { return static_cast<int32_t>(u32()); }
    uint64_t u64() { return read(8); }
    uint32_t count(const char* what, uint32_t limit, size_t minBytes) {
        const uint32_t c = u32();
        if (ok() && (c > limit || uint64_t{c} * minBytes > remaining())) {
            fail(std::string(what) + " count " + std::to_string(c) + " exceeds the limit (" +
                 std::to_string(limit) + ") or the " + std::to_string(remaining()) + " bytes left");
            return 0;
        }
        return ok() ? c : 0;
    }
    std::string str(const char* what) {
        const uint32_t len = count(what, kMaxStringBytes, 1);
        const uint8_t* q = take(len);
        return q ? std::string(reinterpret_cast<const char*>(q), len) : std::string();
    }

private:
    const uint8_t* p_;
    size_t n_;
    size_t base_;  // file offset of p_, for messages
    size_t pos_{0};
    size_t field_{0};
    std::string err_;
};

std::string versionString(int32_t a, int32_t b, int32_t c) {
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
}

}  // namespace

std::vector<uint8_t> writeTimingCache(const TimingCacheData& cache) {
    std::vector<uint8_t> out(kTimingCacheHeaderBytes, 0);
    std::memcpy(out.data(), kTimingCacheMagic, sizeof kTimingCacheMagic);
    storeLE(out.data() + 8, kTimingCacheFormatVersion, 4);
    putStr(out, cache.device);
    put(out, cache.isa, 8);
    put(out, static_cast<uint32_t>(cache.libMajor), 4);
    put(out, static_cast<uint32_t>(cache.libMinor), 4);
    put(out, static_cast<uint32_t>(cache.libPatch), 4);
    put(out, cache.backendVersions.size(), 4);
    for (const auto& [name, version] : cache.backendVersions) {
        putStr(out, name);
        put(out, version, 4);
    }
    put(out, cache.entries.size(), 4);
    for (const auto& [key, e] : cache.entries) {  // std::map: increasing key order
        putStr(out, key);
        put(out, static_cast<uint32_t>(e.source), 4);
        putStr(out, e.tactic);
        uint64_t bits;
        std::memcpy(&bits, &e.seconds, 8);
        put(out, bits, 8);
    }
    storeLE(out.data() + 16, out.size(), 8);
    storeLE(out.data() + kTimingCacheOffChecksum,
            checksum64(out.data(), out.size(), kTimingCacheOffChecksum), 8);
    return out;
}

bool readTimingCache(const void* data, size_t size, TimingCacheData& cache, std::string& error) {
    auto refuse = [&](const std::string& msg) {
        error = msg + kAdvice;
        return false;
    };
    const uint8_t* b = static_cast<const uint8_t*>(data);
    if (!b || size < kTimingCacheHeaderBytes)
        return refuse("timing cache is truncated (" + std::to_string(b ? size : 0) +
                      " bytes, header needs " + std::to_string(kTimingCacheHeaderBytes) + ")");
    if (std::memcmp(b, kTimingCacheMagic, sizeof kTimingCacheMagic) != 0)
        return refuse("not a TensorForge timing cache (bad magic)");
    const uint32_t version = load32(b + 8);
    if (version != kTimingCacheFormatVersion)
        return refuse("timing cache format version " + std::to_string(version) +
                      ", this TensorForge reads version " +
                      std::to_string(kTimingCacheFormatVersion));
    const uint64_t declared = load64(b + 16);
    if (declared != size)
        return refuse("timing cache is truncated or has trailing bytes (header says " +
                      std::to_string(declared) + " bytes, got " + std::to_string(size) + ")");
    if (load64(b + kTimingCacheOffChecksum) != checksum64(b, size, kTimingCacheOffChecksum))
        return refuse("timing cache is corrupted (checksum mismatch)");
    if (load32(b + 12) != 0) return refuse("timing cache is invalid (non-zero reserved field)");

    Reader r(b + kTimingCacheHeaderBytes, size - kTimingCacheHeaderBytes, kTimingCacheHeaderBytes);
    TimingCacheData c;
    c.device = r.str("device name length");
    c.isa = r.u64();
    c.libMajor = r.i32();
    c.libMinor = r.i32();
    c.libPatch = r.i32();
    const uint32_t nbBackends = r.count("backend", kMaxBackends, 4 + 4);
    std::set<std::string> names;
    for (uint32_t i = 0; i < nbBackends && r.ok(); ++i) {
        std::string name = r.str("backend name length");
        const uint32_t v = r.u32();
        if (r.ok() && !names.insert(name).second) r.fail("backend '" + name + "' is listed twice");
        c.backendVersions.emplace_back(std::move(name), v);
    }
    const uint32_t nbEntries = r.count("entry", kMaxEntries, 4 + 4 + 4 + 8);
    for (uint32_t i = 0; i < nbEntries && r.ok(); ++i) {
        std::string key = r.str("entry key length");
        TimingEntry e;
        const int32_t source = r.i32();
        if (r.ok() && !knownSource(source))
            r.fail("entry '" + key + "' has an unknown TacticSource " + std::to_string(source));
        e.source = static_cast<TacticSource>(source);
        e.tactic = r.str("tactic name length");
        const uint64_t bits = r.u64();
        std::memcpy(&e.seconds, &bits, 8);
        if (!r.ok()) break;
        if (!std::isfinite(e.seconds) || e.seconds < 0) {
            r.fail("entry '" + key + "' has time " + std::to_string(e.seconds) +
                   " s, not a finite value >= 0");
        } else if (!c.entries.empty() && !(c.entries.rbegin()->first < key)) {
            r.fail("entry '" + key + "' is out of order or repeated (keys must increase)");
        }
        if (r.ok()) c.entries.emplace_hint(c.entries.end(), std::move(key), std::move(e));
    }
    if (r.ok() && r.remaining() != 0)
        r.fail(std::to_string(r.remaining()) + " trailing bytes after the last entry");
    if (!r.ok()) return refuse("timing cache data is invalid (" + r.error() + ")");
    cache = std::move(c);
    return true;
}

bool compatible(const TimingCacheData& a, const TimingCacheData& b, std::string& why) {
    why.clear();
    if (a.device != b.device) {
        why = "device '" + a.device + "' differs from '" + b.device + "'";
    } else if (a.isa != b.isa) {
        why = "ISA bits " + std::to_string(a.isa) + " differ from " + std::to_string(b.isa);
    } else if (a.libMajor != b.libMajor || a.libMinor != b.libMinor || a.libPatch != b.libPatch) {
        why = "TensorForge " + versionString(a.libMajor, a.libMinor, a.libPatch) +
              " differs from " + versionString(b.libMajor, b.libMinor, b.libPatch);
    } else {
        auto x = a.backendVersions, y = b.backendVersions;
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        for (size_t i = 0; i < std::max(x.size(), y.size()) && why.empty(); ++i) {
            if (i >= x.size() || (i < y.size() && y[i].first < x[i].first))
                why = "backend '" + y[i].first + "' is missing from the first";
            else if (i >= y.size() || x[i].first < y[i].first)
                why = "backend '" + x[i].first + "' is missing from the second";
            else if (x[i].second != y[i].second)
                why = "backend '" + x[i].first + "' version " + std::to_string(x[i].second) +
                      " differs from " + std::to_string(y[i].second);
        }
    }
    return why.empty();
}

void combine(TimingCacheData& into, const TimingCacheData& from) {
    for (const auto& [key, e] : from.entries) {
        auto [it, inserted] = into.entries.emplace(key, e);
        if (!inserted && e.seconds < it->second.seconds) it->second = e;
    }
}

}  // namespace tforge::plan
