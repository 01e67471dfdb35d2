// Plan reader: checks the header and section table in a fixed order (cheap, specific checks
// first, so a user gets the most useful message: a truncated copy is reported as truncated, not
// as "corrupted"), then decodes META strictly and cross-checks the Program.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "plan/plan_file.h"
#include "plan/plan_format.h"

namespace tforge::plan {
namespace {

const char* kRebuild = "; rebuild the engine from the network";

std::string versionString(uint32_t a, uint32_t b, uint32_t c) {
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
}

std::string missingIsaNames(uint64_t missing) {
    std::string s;
    for (int bit = 0; bit < 64; ++bit) {
        if (!(missing >> bit & 1)) continue;
        if (!s.empty()) s += ", ";
        if (bit == 0)
            s += "AVX2";
        else if (bit == 1)
            s += "AVX-512";
        else
            s += "ISA bit " + std::to_string(bit);
    }
    return s;
}

struct Section {
    uint64_t offset{0}, size{0};
    bool present{false};
};

const char* sectionName(uint32_t id) {
    return id == kSectionMeta ? "META" : id == kSectionWeights ? "WEIGHTS" : "ARTIFACTS";
}

//! Section table rules: exactly META, WEIGHTS and ARTIFACTS, each once, 64-aligned, after the
//! table, inside the file, not overlapping, and the last one ends exactly at the end of the file.
//! `sections` is indexed by id - 1.
bool readSectionTable(const uint8_t* b, size_t size, Section (&sections)[kSectionCount],
                      std::string& why) {
    const uint32_t count = load32(b + kOffSectionCount);
    if (count != kSectionCount) {
        why = std::to_string(count) + " sections, this format has " + std::to_string(kSectionCount);
        return false;
    }
    const uint64_t tableEnd = kHeaderBytes + uint64_t{count} * kSectionEntryBytes;
    if (tableEnd > size) {
        why = "the table ends at byte " + std::to_string(tableEnd) + ", past the end of the file";
        return false;
    }
    for (uint32_t i = 0; i < count; ++i) {
        const uint8_t* e = b + kHeaderBytes + i * kSectionEntryBytes;
        const uint32_t id = load32(e);
        const uint64_t off = load64(e + 8), sz = load64(e + 16);
        const std::string name = "entry " + std::to_string(i) + " (id " + std::to_string(id) + ")";
        Section* s = id >= 1 && id <= kSectionCount ? &sections[id - 1] : nullptr;
        if (!s)
            why = name + " has an unknown section id";
        else if (s->present)
            why = name + " repeats a section";
        else if (load32(e + 4) != 0)
            why = name + " has a non-zero reserved field";
        else if (off % kAlign != 0)
            why = name + " offset " + std::to_string(off) + " is not 64-byte aligned";
        else if (off < tableEnd)
            why = name + " overlaps the header";
        else if (off > size || sz > size - off)
            why = name + " [" + std::to_string(off) + ", +" + std::to_string(sz) +
                  ") is out of bounds of the " + std::to_string(size) + "-byte file";
        if (!why.empty()) return false;
        *s = Section{off, sz, true};
    }
    // Every section is present (count == kSectionCount, no repeats); order them by offset (an empty
    // section first where two start at one offset) and check they do not overlap.
    uint32_t order[kSectionCount];
    for (uint32_t i = 0; i < kSectionCount; ++i) order[i] = i;
    std::sort(order, order + kSectionCount, [&](uint32_t x, uint32_t y) {
        const Section &a = sections[x], &c = sections[y];
        return a.offset != c.offset ? a.offset < c.offset : a.size != c.size ? a.size < c.size : x < y;
    });
    for (uint32_t k = 0; k + 1 < kSectionCount; ++k) {
        const Section &first = sections[order[k]], &next = sections[order[k + 1]];
        if (first.offset + first.size > next.offset) {
            const uint32_t lo = std::min(order[k], order[k + 1]) + 1;
            const uint32_t hi = std::max(order[k], order[k + 1]) + 1;
            why = std::string(sectionName(lo)) + " and " + sectionName(hi) + " overlap";
            return false;
        }
    }
    const Section& last = sections[order[kSectionCount - 1]];
    if (last.offset + last.size != size) {
        why = std::to_string(size - (last.offset + last.size)) + " bytes follow the last section";
        return false;
    }
    return true;
}

//! Device and ISA rules; returns an empty string when this machine can run the plan.
std::string deviceProblem(uint32_t device, DeviceType runtimeDevice, bool gpuAvailable,
                          uint64_t isa, uint64_t hostIsa) {
    if (device > static_cast<uint32_t>(DeviceType::kTEST))
        return "plan names an unknown device (" + std::to_string(device) + ")" + kRebuild;
    if (device == static_cast<uint32_t>(DeviceType::kDLA))
        return "plan was built for DLA, which TensorForge cannot run" + std::string(kRebuild) +
               " for kCPU or kGPU";
    if (device == static_cast<uint32_t>(DeviceType::kGPU)) {
        if (!gpuAvailable)
            return "plan was built for GPU, this machine has none; rebuild the engine from the "
                   "network for kCPU, or run it on a machine with a GPU";
        if (runtimeDevice != DeviceType::kGPU)
            return "plan was built for GPU, this runtime runs on CPU; rebuild the engine from "
                   "the network for kCPU";
    }
    // A kCPU plan runs on every host (a GPU machine has a CPU too), and so does a kTEST plan (the
    // test device is emulated on the host and compiled into every build); only the ISA matters.
    if (const uint64_t missing = isa & ~hostIsa)
        return "plan needs CPU features " + missingIsaNames(missing) +
               " that this CPU lacks; rebuild the engine from the network on this machine";
    return {};
}

std::shared_ptr<const void> alignedCopy(const uint8_t* src, uint64_t bytes) {
    const size_t rounded = static_cast<size_t>((bytes + kAlign - 1) / kAlign * kAlign);
    void* p = std::aligned_alloc(kAlign, rounded == 0 ? kAlign : rounded);
    if (!p) return nullptr;
    if (bytes) std::memcpy(p, src, static_cast<size_t>(bytes));
    return std::shared_ptr<const void>(p, [](const void* q) { std::free(const_cast<void*>(q)); });
}

}  // namespace

bool readPlan(const void* data, size_t size, DeviceType runtimeDevice, bool gpuAvailable,
              uint64_t hostIsa, ir::Program& program, std::string& error) {
    auto refuse = [&](std::string msg) {
        error = std::move(msg);
        return false;
    };
    const uint8_t* b = static_cast<const uint8_t*>(data);
    if (size < kHeaderBytes || !b) {
        return refuse("plan is truncated (" + std::to_string(b ? size : 0) +
                      " bytes, header needs " + std::to_string(kHeaderBytes) +
                      "); copy the whole plan file again or rebuild the engine from the network");
    }
    if (std::memcmp(b + kOffMagic, kPlanMagic, sizeof kPlanMagic) != 0)
        return refuse(
            "not a TensorForge plan (bad magic); pass a file written by the builder or "
            "rebuild the engine from the network");
    const uint32_t format = load32(b + kOffFormatVersion);
    if (format != kPlanFormatVersion) {
        return refuse("plan format version " + std::to_string(format) +
                      ", this runtime reads "
                      "version " +
                      std::to_string(kPlanFormatVersion) + kRebuild + " with this TensorForge");
    }
    const uint64_t declared = load64(b + kOffTotalSize);
    if (declared != size) {
        return refuse("plan is truncated or has trailing bytes (header says " +
                      std::to_string(declared) + " bytes, got " + std::to_string(size) +
                      "); copy the whole plan file again or rebuild the engine from the network");
    }
    if (load64(b + kOffChecksum) != planChecksum(b, size))
        return refuse(
            "plan is corrupted (checksum mismatch); copy the plan file again or "
            "rebuild the engine from the network");

    const uint32_t major = load32(b + kOffLibMajor), minor = load32(b + kOffLibMinor);
    const uint32_t patch = load32(b + kOffLibPatch);
    if (major != static_cast<uint32_t>(kVERSION_MAJOR) ||
        minor != static_cast<uint32_t>(kVERSION_MINOR)) {
        return refuse("plan was built by TensorForge " + versionString(major, minor, patch) +
                      ", this is " + versionString(kVERSION_MAJOR, kVERSION_MINOR, kVERSION_PATCH) +
                      kRebuild + " with this version");
    }
    const uint32_t device = load32(b + kOffDevice);
    const uint64_t isa = load64(b + kOffIsa);
    std::string problem = deviceProblem(device, runtimeDevice, gpuAvailable, isa, hostIsa);
    if (!problem.empty()) return refuse(std::move(problem));

    Section sections[kSectionCount];
    std::string why;
    if (!readSectionTable(b, size, sections, why))
        return refuse("plan section table is invalid (" + why + ")" + kRebuild);
    const Section& meta = sections[kSectionMeta - 1];
    const Section& weights = sections[kSectionWeights - 1];
    const Section& artifacts = sections[kSectionArtifacts - 1];

    // The one copy of the weights: aligned, owned by every Blob, so kernels use it in place
    // and the caller may free `data` as soon as readPlan returns. Artifacts are copied into
    // their KernelChoice while META is decoded.
    MetaSources src;
    src.owner = alignedCopy(b + weights.offset, weights.size);
    if (!src.owner)
        return refuse("out of memory copying " + std::to_string(weights.size) +
                      " bytes of plan weights");
    src.weights = static_cast<const uint8_t*>(src.owner.get());
    src.weightsSize = weights.size;
    src.artifacts = b + artifacts.offset;
    src.artifactsSize = artifacts.size;
    ir::Program p;
    if (!parseMeta(b + meta.offset, static_cast<size_t>(meta.size), src, p, why))
        return refuse("plan metadata is invalid (" + why + ")" + kRebuild);
    if (static_cast<uint32_t>(p.device) != device)
        return refuse("plan metadata is invalid (META device " +
                      std::to_string(static_cast<int32_t>(p.device)) +
                      " differs from header "
                      "device " +
                      std::to_string(device) + ")" + kRebuild);
    p.isaRequirements = isa;
    if (!validateProgram(p, why))
        return refuse("plan metadata is inconsistent (" + why + ")" + kRebuild);
    program = std::move(p);
    return true;
}

}  // namespace tforge::plan
