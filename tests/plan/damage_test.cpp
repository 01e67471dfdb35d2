// Damaged plans at the file level: truncation, flipped bytes, foreign versions and devices,
// trailing bytes and bad section tables. Each must be refused with the message that names it.
#include <iterator>

#include "plan_test_util.h"

namespace tforge::plan::test {
namespace {

Bytes goodPlan() { return writePlan(sampleProgram()); }

Bytes cut(Bytes plan, size_t size) {
    plan.resize(size);
    return plan;
}

Bytes flipped(Bytes plan, size_t at) {
    plan.at(at) ^= 0x5A;
    return plan;
}

const char* kTruncated = "plan is truncated or has trailing bytes (header says";
const char* kCorrupted = "plan is corrupted (checksum mismatch)";

// ---- empty and truncated ----

TEST(PlanDamage, EmptyBuffer) {
    ir::Program p;
    std::string error;
    EXPECT_FALSE(readPlan(nullptr, 0, DeviceType::kCPU, false, kAllIsa, p, error));
    EXPECT_NE(error.find("plan is truncated (0 bytes, header needs 56)"), std::string::npos)
        << error;
    expectRefused(Bytes{}, "plan is truncated (0 bytes, header needs 56)");
}

TEST(PlanDamage, TruncatedInsideHeader) {
    expectRefused(cut(goodPlan(), 20), "plan is truncated (20 bytes, header needs 56)");
}

TEST(PlanDamage, TruncatedAtEndOfHeader) {
    expectRefused(cut(goodPlan(), kHeaderBytes), kTruncated);
}

TEST(PlanDamage, TruncatedInsideSectionTable) {
    expectRefused(cut(goodPlan(), kHeaderBytes + kSectionEntryBytes + 5), kTruncated);
}

TEST(PlanDamage, TruncatedAtStartOfMeta) {
    Bytes plan = goodPlan();
    expectRefused(cut(plan, sections(plan).metaOff), kTruncated);
}

TEST(PlanDamage, TruncatedInMiddleOfMeta) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(cut(plan, s.metaOff + s.metaSize / 2), kTruncated);
}

TEST(PlanDamage, TruncatedAtEndOfMeta) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(cut(plan, s.metaOff + s.metaSize), kTruncated);
}

TEST(PlanDamage, TruncatedAtStartOfWeights) {
    Bytes plan = goodPlan();
    expectRefused(cut(plan, sections(plan).weightsOff), kTruncated);
}

TEST(PlanDamage, TruncatedAtStartOfArtifacts) {
    Bytes plan = goodPlan();
    expectRefused(cut(plan, sections(plan).artifactsOff), kTruncated);
}

TEST(PlanDamage, TruncatedInMiddleOfArtifacts) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    ASSERT_GT(s.artifactsSize, 0u);
    expectRefused(cut(plan, s.artifactsOff + s.artifactsSize / 2), kTruncated);
}

TEST(PlanDamage, TruncatedInMiddleOfWeights) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(cut(plan, s.weightsOff + s.weightsSize / 2), kTruncated);
}

TEST(PlanDamage, LastByteMissing) {
    Bytes plan = goodPlan();
    expectRefused(cut(plan, plan.size() - 1), kTruncated);
}

TEST(PlanDamage, TruncatedEvenWithPatchedSizeAndChecksum) {
    // A tool that "fixes" the header of a cut file still cannot make the sections fit.
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    plan.resize(s.weightsOff + 64);
    put64(plan, kOffTotalSize, plan.size());
    restamp(plan);
    expectRefused(plan, "out of bounds");
}

// ---- one flipped byte in each field ----

TEST(PlanDamage, FlippedMagicByte) {
    expectRefused(flipped(goodPlan(), 3), "not a TensorForge plan (bad magic)");
}

TEST(PlanDamage, FlippedFormatVersionByte) {
    expectRefused(flipped(goodPlan(), kOffFormatVersion),
                  "plan format version 88, this runtime reads version 2");
}

TEST(PlanDamage, FlippedDeviceByte) { expectRefused(flipped(goodPlan(), kOffDevice), kCorrupted); }

TEST(PlanDamage, FlippedIsaByte) { expectRefused(flipped(goodPlan(), kOffIsa + 5), kCorrupted); }

TEST(PlanDamage, FlippedSizeFieldByte) {
    expectRefused(flipped(goodPlan(), kOffTotalSize + 1), "header says");
}

TEST(PlanDamage, FlippedSectionTableByte) {
    expectRefused(flipped(goodPlan(), kHeaderBytes + kSectionEntryBytes + 8), kCorrupted);
}

TEST(PlanDamage, FlippedMetaByte) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(flipped(plan, s.metaOff + s.metaSize / 3), kCorrupted);
}

TEST(PlanDamage, FlippedWeightsByte) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(flipped(plan, s.weightsOff + s.weightsSize - 7), kCorrupted);
}

TEST(PlanDamage, FlippedArtifactsByte) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    expectRefused(flipped(plan, s.artifactsOff + 3), kCorrupted);
}

TEST(PlanDamage, FlippedChecksumByte) {
    expectRefused(flipped(goodPlan(), kOffChecksum + 7), kCorrupted);
}

TEST(PlanDamage, EverySingleBitFlipIsCaught) {
    const Bytes plan = goodPlan();
    ir::Program p;
    std::string error;
    for (size_t i = 0; i < plan.size(); i += 13) {
        for (int bit = 0; bit < 8; bit += 3) {
            Bytes bad = plan;
            bad[i] ^= static_cast<uint8_t>(1u << bit);
            EXPECT_FALSE(load(bad, p, error)) << "byte " << i << " bit " << bit;
        }
    }
}

// ---- foreign files and versions ----

TEST(PlanDamage, WrongMagic) {
    Bytes plan = goodPlan();
    std::memcpy(plan.data(), "\x08\x07\x12\x04onnx", 8);  // looks like a protobuf, not a plan
    expectRefused(plan, "not a TensorForge plan (bad magic)");
}

TEST(PlanDamage, ForeignFormatVersion) {
    Bytes plan = goodPlan();
    put32(plan, kOffFormatVersion, 3);
    restamp(plan);
    expectRefused(plan, "plan format version 3, this runtime reads version 2");
}

// A plan written by the version-1 writer (commit 509c20f): input [1,4] -> ReLU -> output, kCPU.
// Its META has no formats, locations, kernel choices or artifacts, and the file has two sections.
const uint8_t kVersion1Plan[] = {
#include "version1_plan.inc"
};

TEST(PlanDamage, Version1PlanIsRefused) {
    const Bytes plan(std::begin(kVersion1Plan), std::end(kVersion1Plan));
    ASSERT_EQ(load32(plan.data() + kOffFormatVersion), 1u);
    ASSERT_EQ(load64(plan.data() + kOffTotalSize), plan.size());
    ASSERT_EQ(load64(plan.data() + kOffChecksum), planChecksum(plan.data(), plan.size()))
        << "the version-1 checksum is the same function";
    expectRefused(plan,
                  "plan format version 1, this runtime reads version 2; rebuild the engine from "
                  "the network with this TensorForge");
}

TEST(PlanDamage, ForeignLibraryMajorVersion) {
    Bytes plan = goodPlan();
    put32(plan, kOffLibMajor, kVERSION_MAJOR + 1);
    restamp(plan);
    const std::string self = std::to_string(kVERSION_MAJOR) + "." + std::to_string(kVERSION_MINOR) +
                             "." + std::to_string(kVERSION_PATCH);
    expectRefused(plan, "built by TensorForge " + std::to_string(kVERSION_MAJOR + 1) + "." +
                            std::to_string(kVERSION_MINOR) + "." + std::to_string(kVERSION_PATCH) +
                            ", this is " + self);
}

TEST(PlanDamage, ForeignLibraryMinorVersion) {
    Bytes plan = goodPlan();
    put32(plan, kOffLibMinor, kVERSION_MINOR + 3);
    restamp(plan);
    expectRefused(plan, "built by TensorForge");
}

// ---- device and ISA ----

TEST(PlanDamage, GpuPlanOnCpuOnlyHost) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kGPU);
    expectRefused(writePlan(p), "plan was built for GPU, this machine has none");
}

TEST(PlanDamage, GpuPlanOnRuntimeThatRunsCpu) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kGPU);
    expectRefused(writePlan(p), "plan was built for GPU, this runtime runs on CPU",
                  DeviceType::kCPU, true);
}

TEST(PlanDamage, DlaAndUnknownDevices) {
    Bytes plan = goodPlan();
    put32(plan, kOffDevice, static_cast<uint32_t>(DeviceType::kDLA));
    restamp(plan);
    expectRefused(plan, "built for DLA", DeviceType::kGPU, true);
    put32(plan, kOffDevice, 77);
    restamp(plan);
    expectRefused(plan, "unknown device (77)");
    put32(plan, kOffDevice, 4);  // one past kTEST
    restamp(plan);
    expectRefused(plan, "unknown device (4)");
}

TEST(PlanDamage, TestDevicePlanLoadsOnEveryHostButNeedsItsIsa) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kTEST);
    ir::Program back;
    std::string error;
    EXPECT_TRUE(load(writePlan(p), back, error)) << error;
    EXPECT_TRUE(load(writePlan(p), back, error, DeviceType::kGPU, true)) << error;
    expectRefused(writePlan(p), "AVX2 that this CPU lacks", DeviceType::kCPU, false, 0);
}

TEST(PlanDamage, MissingIsa) {
    ir::Program p = sampleProgram();
    p.isaRequirements = ir::kIsaAvx2 | ir::kIsaAvx512;
    expectRefused(writePlan(p), "plan needs CPU features AVX-512 that this CPU lacks",
                  DeviceType::kCPU, false, ir::kIsaAvx2);
    expectRefused(writePlan(p), "AVX2, AVX-512 that this CPU lacks", DeviceType::kCPU, false, 0);
}

// ---- trailing bytes and section table ----

TEST(PlanDamage, TrailingGarbage) {
    Bytes plan = goodPlan();
    const size_t size = plan.size();
    plan.insert(plan.end(), {'j', 'u', 'n', 'k'});
    expectRefused(
        plan, "header says " + std::to_string(size) + " bytes, got " + std::to_string(size + 4));
}

TEST(PlanDamage, TrailingGarbageWithPatchedSize) {
    Bytes plan = goodPlan();
    plan.insert(plan.end(), 64, 0);
    put64(plan, kOffTotalSize, plan.size());
    restamp(plan);
    expectRefused(plan, "64 bytes follow the last section");
}

TEST(PlanDamage, SectionsOverlap) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    put64(plan, entry(0) + 16, s.metaSize + 64);  // META now runs into WEIGHTS
    restamp(plan);
    expectRefused(plan, "META and WEIGHTS overlap");
}

TEST(PlanDamage, SectionOutOfBounds) {
    Bytes plan = goodPlan();
    put64(plan, entry(1) + 16, ~uint64_t{0} - 32);  // offset + size would wrap around
    restamp(plan);
    expectRefused(plan, "section table is invalid (entry 1 (id 2) [");
}

TEST(PlanDamage, SectionUnaligned) {
    Bytes plan = goodPlan();
    put64(plan, entry(0) + 8, sections(plan).metaOff + 8);
    restamp(plan);
    expectRefused(plan, "offset 136 is not 64-byte aligned");
}

TEST(PlanDamage, SectionIdsAndCount) {
    Bytes plan = goodPlan();
    put32(plan, entry(1), kSectionMeta);
    restamp(plan);
    expectRefused(plan, "repeats a section");
    put32(plan, entry(1), 9);
    restamp(plan);
    expectRefused(plan, "unknown section id");
    Bytes four = goodPlan();
    put32(four, kOffSectionCount, 4);
    restamp(four);
    expectRefused(four, "4 sections, this format has 3");
    Bytes two = goodPlan();
    put32(two, kOffSectionCount, 2);
    restamp(two);
    expectRefused(two, "2 sections, this format has 3");
}

// ---- the ARTIFACTS section in the table ----

TEST(PlanDamage, ArtifactsOverlapMeta) {
    Bytes plan = goodPlan();
    put64(plan, entry(2) + 8, sections(plan).metaOff);
    restamp(plan);
    expectRefused(plan, "section table is invalid (META and ARTIFACTS overlap)");
}

TEST(PlanDamage, ArtifactsOverlapWeights) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    put64(plan, entry(2) + 8, s.weightsOff + 64);  // inside WEIGHTS
    restamp(plan);
    expectRefused(plan, "WEIGHTS and ARTIFACTS overlap");
}

TEST(PlanDamage, ArtifactsSectionPastTheEnd) {
    Bytes plan = goodPlan();
    const SectionInfo s = sections(plan);
    put64(plan, entry(2) + 16, s.artifactsSize + 64);
    restamp(plan);
    expectRefused(plan, "entry 2 (id 3) [");
    put64(plan, entry(2) + 16, ~uint64_t{0});  // size overflow: offset + size wraps around
    restamp(plan);
    expectRefused(plan, "is out of bounds of the");
    put64(plan, entry(2) + 16, s.artifactsSize);
    put64(plan, entry(2) + 8, (plan.size() + 64) / 64 * 64);  // starts past the end
    restamp(plan);
    expectRefused(plan, "is out of bounds of the");
}

TEST(PlanDamage, ArtifactsSectionShrunk) {
    Bytes plan = goodPlan();
    put64(plan, entry(2) + 16, sections(plan).artifactsSize - 1);
    restamp(plan);
    expectRefused(plan, "1 bytes follow the last section");
}

TEST(PlanDamage, ArtifactsSectionMissing) {
    Bytes plan = goodPlan();
    put32(plan, entry(2), kSectionWeights);
    restamp(plan);
    expectRefused(plan, "entry 2 (id 2) repeats a section");
}

TEST(PlanDamage, SectionOverHeader) {
    Bytes plan = goodPlan();
    put64(plan, entry(0) + 8, 64);
    restamp(plan);
    expectRefused(plan, "overlaps the header");
}

}  // namespace
}  // namespace tforge::plan::test
