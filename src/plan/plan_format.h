// Internal constants and helpers of the plan format shared by the writer, the reader and tests.
// The layout is documented in plan_file.h and docs/PLAN_FORMAT.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "ir/program.h"

namespace tforge::plan {

constexpr char kPlanMagic[8] = {'T', 'F', 'O', 'R', 'G', 'E', 'P', 'L'};
constexpr uint32_t kPlanFormatVersion = 2;

// Byte offsets of the fixed header fields.
constexpr size_t kOffMagic = 0;
constexpr size_t kOffFormatVersion = 8;
constexpr size_t kOffLibMajor = 12;
constexpr size_t kOffLibMinor = 16;
constexpr size_t kOffLibPatch = 20;
constexpr size_t kOffDevice = 24;
constexpr size_t kOffSectionCount = 28;
constexpr size_t kOffIsa = 32;
constexpr size_t kOffTotalSize = 40;
constexpr size_t kOffChecksum = 48;
constexpr size_t kHeaderBytes = 56;        // fixed part; the section table follows
constexpr size_t kSectionEntryBytes = 24;  // u32 id, u32 reserved, u64 offset, u64 size
constexpr size_t kAlign = 64;              // sections and blobs start on 64-byte boundaries

enum SectionId : uint32_t { kSectionMeta = 1, kSectionWeights = 2, kSectionArtifacts = 3 };
constexpr uint32_t kSectionCount = 3;

// Sane upper bounds for META counts (besides "fits in the remaining bytes").
constexpr uint32_t kMaxStringBytes = 1u << 20;
constexpr uint32_t kMaxTensors = 1u << 24;
constexpr uint32_t kMaxNodes = 1u << 24;
constexpr uint32_t kMaxNodeIo = 1u << 16;
constexpr uint32_t kMaxProfiles = 1u << 12;
constexpr uint32_t kMaxArtifactVersions = 1u << 8;

inline void storeLE(uint8_t* p, uint64_t v, size_t bytes) {
    for (size_t i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint64_t loadLE(const uint8_t* p, size_t bytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}
inline uint32_t load32(const uint8_t* p) { return static_cast<uint32_t>(loadLE(p, 4)); }
inline uint64_t load64(const uint8_t* p) { return loadLE(p, 8); }

//! FNV-1a-64 style checksum of `size` bytes with the 8 bytes at `fieldOffset` (the stored
//! checksum itself) read as zero: 64-bit words in 4 independent lanes (a byte-wise FNV chain is
//! ~8x slower on large weight sections), the lanes and the length folded together with byte-wise
//! FNV-1a at the end. Shared by plans and timing caches.
uint64_t checksum64(const uint8_t* data, size_t size, size_t fieldOffset);

//! Checksum of a whole plan with the checksum field (bytes 48..55) read as zero.
inline uint64_t planChecksum(const uint8_t* data, size_t size) {
    return checksum64(data, size, kOffChecksum);
}

//! Recomputes and stores the checksum of a complete plan in place (writer and test helpers).
void stampChecksum(std::vector<uint8_t>& plan);

//! Where the data sections of a plan are, for parseMeta: `weights` is the reader's aligned copy
//! of WEIGHTS (shared by every Blob through `owner`); `artifacts` points into the caller's plan.
struct MetaSources {
    const uint8_t* weights{nullptr};
    uint64_t weightsSize{0};
    std::shared_ptr<const void> owner;
    const uint8_t* artifacts{nullptr};
    uint64_t artifactsSize{0};
};

//! Decodes a META section into `program` (not yet cross-checked by validateProgram). Blobs point
//! into `src.weights` and share `src.owner`; artifacts are copied out of `src.artifacts`.
//! On failure sets `error` to what is wrong and where, without advice.
bool parseMeta(const uint8_t* meta, size_t metaSize, const MetaSources& src, ir::Program& program,
               std::string& error);

}  // namespace tforge::plan
