// The serialized form of a timing cache (what ITimingCache::serialize writes and
// IBuilderConfig::createTimingCache reads): the measured time of the fastest tactic per op
// signature, valid only for the device, ISA, library and backend versions it was measured with.
//
// Layout (all integers little-endian; full description in docs/PLAN_FORMAT.md "Timing cache"):
//
//   offset size  field
//        0    8  magic "TFORGETC"
//        8    4  u32 format version (kTimingCacheFormatVersion, 1)
//       12    4  u32 reserved (0)
//       16    8  u64 total size in bytes
//       24    8  u64 checksum of the whole file, computed with these 8 bytes as zero (checksum64)
//       32       body: str device, u64 isa, i32 libMajor, i32 libMinor, i32 libPatch,
//                u32 backend count, then per backend {str name, u32 version},
//                u32 entry count, then per entry in increasing key order
//                {str key, i32 TacticSource, str tactic, u64 seconds (IEEE-754 double bits)}
//                (str = u32 length + bytes)
//
// Reading trusts no length: every count is bounded by the remaining bytes before anything is
// allocated, and a damaged, truncated or foreign cache is refused with a message that says what
// is wrong and what to do (build without it; a new one is recorded).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tensorforge/types.h"

namespace tforge::plan {

constexpr char kTimingCacheMagic[8] = {'T', 'F', 'O', 'R', 'G', 'E', 'T', 'C'};
constexpr uint32_t kTimingCacheFormatVersion = 1;
constexpr size_t kTimingCacheHeaderBytes = 32;
constexpr size_t kTimingCacheOffChecksum = 24;

//! The fastest tactic measured for one op signature.
struct TimingEntry {
    TacticSource source{TacticSource::kREFERENCE};
    std::string tactic;
    double seconds{0};  // finite, >= 0
};

struct TimingCacheData {
    std::string device;  // e.g. the CPU model or GPU name the times were measured on
    uint64_t isa{0};     // ir::IsaBits of that machine
    int32_t libMajor{0}, libMinor{0}, libPatch{0};
    //! {backend name, Backend::artifactVersion() or another version of its kernels}; names unique.
    std::vector<std::pair<std::string, uint32_t>> backendVersions;
    std::map<std::string /*key: op signature*/, TimingEntry> entries;
};

//! Serializes `cache` (its entries' seconds should be finite and >= 0, backend names unique).
std::vector<uint8_t> writeTimingCache(const TimingCacheData& cache);

//! Parses and fully checks a serialized cache. On success fills `cache`; on failure returns false,
//! leaves `cache` untouched and sets `error` to one sentence ending with advice.
bool readTimingCache(const void* data, size_t size, TimingCacheData& cache, std::string& error);

//! Whether times measured for `a` hold for `b`: equal device, ISA bits, library version
//! (major.minor.patch) and backend versions (the same names with the same versions, in any
//! order). If not, `why` names the first difference.
bool compatible(const TimingCacheData& a, const TimingCacheData& b, std::string& why);

//! Merges `from` into `into`, keeping the faster entry for each key (`into`'s on a tie). Does not
//! check compatibility: call compatible() first.
void combine(TimingCacheData& into, const TimingCacheData& from);

}  // namespace tforge::plan
