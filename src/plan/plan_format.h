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
constexpr uint32_t kPlanFormatVersion = 1;

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

enum SectionId : uint32_t { kSectionMeta = 1, kSectionWeights = 2 };
constexpr uint32_t kSectionCount = 2;

// Sane upper bounds for META counts (besides "fits in the remaining bytes").
constexpr uint32_t kMaxStringBytes = 1u << 20;
constexpr uint32_t kMaxTensors = 1u << 24;
constexpr uint32_t kMaxNodes = 1u << 24;
constexpr uint32_t kMaxNodeIo = 1u << 16;
constexpr uint32_t kMaxProfiles = 1u << 12;

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

//! Checksum of a whole plan with the checksum field (bytes 48..55) read as zero. FNV-1a-64 style
//! over 64-bit words in 4 independent lanes (a byte-wise FNV chain is ~8x slower on large weight
//! sections), the lanes and the length folded together with byte-wise FNV-1a at the end.
uint64_t planChecksum(const uint8_t* data, size_t size);

//! Recomputes and stores the checksum of a complete plan in place (writer and test helpers).
void stampChecksum(std::vector<uint8_t>& plan);

//! Decodes a META section into `program` (not yet cross-checked by validateProgram). Blobs point
//! into `weights` (the aligned copy of WEIGHTS, `weightsSize` bytes) and share `owner`.
//! On failure sets `error` to what is wrong and where, without advice.
bool parseMeta(const uint8_t* meta, size_t metaSize, const uint8_t* weights, uint64_t weightsSize,
               const std::shared_ptr<const void>& owner, ir::Program& program, std::string& error);

}  // namespace tforge::plan
