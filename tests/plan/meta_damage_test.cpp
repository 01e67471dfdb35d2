// Damage inside META with the checksum re-stamped, so the strict parser (not the checksum) must
// catch it; programs that are well encoded but inconsistent; and a mutation fuzz of META.
#include <random>

#include "plan_test_util.h"

namespace tforge::plan::test {
namespace {

// META starts with the program name (u32 length + bytes) and the device (i32).
size_t tensorCountAt(const Bytes& plan) {
    return sections(plan).metaOff + 4 + sampleProgram().name.size() + 4;
}

// After a node's name: its op's name (u32 length + bytes), u32 attribute length, then the attributes.
size_t opNameAt(const Bytes& plan, const char* nodeName) { return afterName(plan, nodeName); }
size_t attrsAt(const Bytes& plan, const char* nodeName) {
    const size_t at = opNameAt(plan, nodeName);
    uint32_t len = 0;
    for (int i = 0; i < 4; ++i) len |= uint32_t{plan[at + i]} << (8 * i);
    return at + 4 + len + 4;
}

// ConstantAttrs = Dims [1,4,1,1] (4 + 4*8 bytes), then the weights Blob:
// i32 type, i64 count, u64 offset, u64 byte size.
size_t constantBlobAt(const Bytes& plan) { return attrsAt(plan, "const0") + 4 + 4 * 8; }

Bytes damaged(void (*edit)(Bytes&)) {
    Bytes plan = writePlan(sampleProgram());
    edit(plan);
    restamp(plan);
    return plan;
}

const char* kMeta = "plan metadata is invalid (at META byte ";

TEST(PlanMetaDamage, HugeTensorCount) {
    expectRefused(damaged([](Bytes& p) { put32(p, tensorCountAt(p), 0xFFFFFFF0u); }),
                  "tensor count 4294967280 exceeds");
    expectRefused(damaged([](Bytes& p) { put32(p, tensorCountAt(p), 1000); }),
                  "tensor count 1000 exceeds");
}

TEST(PlanMetaDamage, HugeStringLength) {
    expectRefused(damaged([](Bytes& p) { put32(p, sections(p).metaOff, 0x7FFFFFFFu); }),
                  "program name length count");
}

TEST(PlanMetaDamage, OutOfRangeTensorIndex) {
    // act0's attributes are ActivationAttrs (4 + 4 + 4 bytes), then u32 input count, i32 input.
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "act0") + 12 + 4, 6); }),
                  "node input tensor index 6 is outside [0, 6)");
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "act0") + 12 + 4, 0x80000000u); }),
                  "node input tensor index -2147483648");
}

TEST(PlanMetaDamage, BadActivationEnum) {
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "act0"), 99); }),
                  "bad ActivationType value 99");
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "act0"), 99); }), kMeta);
}

TEST(PlanMetaDamage, BadOpKind) {
    // Ops are stored by name: an unknown one is refused naming the node.
    expectRefused(damaged([](Bytes& p) { p[opNameAt(p, "act0") + 4 + 9] = 'x'; }),
                  "node 'act0' has op 'Activatiox', which this TensorForge does not know");
    expectRefused(damaged([](Bytes& p) { put32(p, opNameAt(p, "act0"), 0xFFFFFFFFu); }),
                  "op name length count 4294967295 exceeds");
}

TEST(PlanMetaDamage, OpKindSwappedForAnotherKind) {
    // Constant attrs read as Reformat attrs (same name length): the length prefix catches it.
    expectRefused(damaged([](Bytes& p) {
                      const char* other = "Reformat";
                      for (size_t i = 0; i < 8; ++i) p[opNameAt(p, "const0") + 4 + i] = static_cast<uint8_t>(other[i]);
                  }),
                  "Reformat attributes of node 'const0' took 12 bytes, the plan says");
}

TEST(PlanMetaDamage, BadTensorRoleAndDataType) {
    // The first tensor is "input": after its name come i32 type, Dims, i32 role.
    expectRefused(damaged([](Bytes& p) { put32(p, afterName(p, "input"), 10); }),
                  "bad DataType value 10");
    expectRefused(damaged([](Bytes& p) { put32(p, afterName(p, "input") + 4 + 4 + 4 * 8, 4); }),
                  "bad ir::TensorRole value 4");
}

// fc0 is the last node: its backend, choice count and choices (str tactic, u64 artifact offset,
// u64 artifact size) follow its output list.
size_t fcBackendAt(const Bytes& p) { return afterName(p, "gemm_avx2") - 9 - 4 - 4 - 4; }
size_t fcArtifactAt(const Bytes& p) { return afterName(p, "gemm_avx2"); }

TEST(PlanMetaDamage, BadBackend) {
    // Any mask bit 0..31 is structurally valid (backends register at run time; the engine refuses
    // one this build lacks); beyond 31 is damage.
    expectRefused(damaged([](Bytes& p) { put32(p, fcBackendAt(p), 32); }), "bad TacticSource value 32");
    expectRefused(damaged([](Bytes& p) { put32(p, fcBackendAt(p), 0xffffffffu); }), "bad TacticSource value -1");
}

TEST(PlanMetaDamage, BadTensorFormatAndLocation) {
    // After "input"'s name: i32 type, Dims (4 + 4 * 8), i32 role, i64 offset, i64 bytes, i32
    // constantNode, i32 format, i32 location.
    constexpr size_t kFormat = 4 + 4 + 4 * 8 + 4 + 8 + 8 + 4;
    expectRefused(damaged([](Bytes& p) { put32(p, afterName(p, "input") + kFormat, 13); }),
                  "bad TensorFormat value 13");
    expectRefused(damaged([](Bytes& p) { put32(p, afterName(p, "input") + kFormat + 4, 4); }),
                  "bad DeviceType value 4");
    // A known format the tensor's rank cannot have is caught by validateProgram.
    expectRefused(damaged([](Bytes& p) {
                      put32(p, afterName(p, "input") + kFormat,
                            static_cast<uint32_t>(TensorFormat::kDLA_LINEAR));
                  }),
                  "plan metadata is inconsistent (tensor 'input' has format 9");
}

TEST(PlanMetaDamage, KernelChoiceCount) {
    expectRefused(damaged([](Bytes& p) { put32(p, fcBackendAt(p) + 4, 0xFFFFFFFFu); }),
                  "kernel choice count 4294967295 exceeds");
}

// ---- the artifact references in META ----

TEST(PlanMetaDamage, ArtifactOffsetPastTheEnd) {
    expectRefused(damaged([](Bytes& p) {
                      put64(p, fcArtifactAt(p), (sections(p).artifactsSize + 64) / 64 * 64);
                  }),
                  "artifact of node 'fc0' for profile 0 [");
    expectRefused(damaged([](Bytes& p) { put64(p, fcArtifactAt(p), ~uint64_t{63}); }),
                  "lies outside ARTIFACTS");
}

TEST(PlanMetaDamage, ArtifactSizeOverflow) {
    // offset + size wraps around 2^64: must not pass as in bounds.
    expectRefused(damaged([](Bytes& p) { put64(p, fcArtifactAt(p) + 8, ~uint64_t{0} - 60); }),
                  "lies outside ARTIFACTS");
    expectRefused(damaged([](Bytes& p) {
                      put64(p, fcArtifactAt(p) + 8, sections(p).artifactsSize + 1);
                  }),
                  "lies outside ARTIFACTS");
    // The last artifact runs one byte past the section.
    expectRefused(damaged([](Bytes& p) {
                      const uint64_t off = load64(p.data() + fcArtifactAt(p));
                      put64(p, fcArtifactAt(p) + 8, sections(p).artifactsSize - off + 1);
                  }),
                  "lies outside ARTIFACTS");
}

TEST(PlanMetaDamage, UnalignedArtifact) {
    expectRefused(damaged([](Bytes& p) { put64(p, fcArtifactAt(p), 8); }),
                  "artifact of node 'fc0' for profile 0 offset 8 is not 64-byte aligned");
}

TEST(PlanMetaDamage, ArtifactIntoMetaIsImpossible) {
    // Offsets are relative to ARTIFACTS and bounded by its size, so no reference can reach META or
    // WEIGHTS; a section table that lays ARTIFACTS over META is refused (damage_test.cpp).
    expectRefused(damaged([](Bytes& p) {
                      put64(p, fcArtifactAt(p), 0);
                      put64(p, fcArtifactAt(p) + 8, sections(p).artifactsOff);
                  }),
                  "lies outside ARTIFACTS");
}

TEST(PlanMetaDamage, ArtifactSharedBetweenNodes) {
    // fc0 pointing at conv0's artifact (100 bytes at 0): a loader would copy more than the file
    // holds if every node could reference the largest artifact. Only one node's profiles share.
    expectRefused(damaged([](Bytes& p) {
                      put64(p, fcArtifactAt(p), 0);
                      put64(p, fcArtifactAt(p) + 8, 100);
                  }),
                  "the artifacts of nodes up to 'fc0' take 200 bytes, more than the 193-byte "
                  "ARTIFACTS section holds");
}

TEST(PlanMetaDamage, ArtifactVersionTable) {
    // The table ends META: u32 count, then {i32 TacticSource, u32 version} (one entry here).
    expectRefused(damaged([](Bytes& p) {
                      const SectionInfo s = sections(p);
                      put32(p, s.metaOff + s.metaSize - 8, 40);
                  }),
                  "bad TacticSource value 40");
    expectRefused(damaged([](Bytes& p) {
                      const SectionInfo s = sections(p);
                      put32(p, s.metaOff + s.metaSize - 12, 2);
                  }),
                  "artifact version count 2 exceeds");
}

TEST(PlanMetaDamage, BadMaxBatchAndHostArena) {
    // Before the table: i64 hostArenaBytes, i64 hostWorkspaceBytes, bool implicitBatch, i32 max.
    expectRefused(damaged([](Bytes& p) {
                      const SectionInfo s = sections(p);
                      put32(p, s.metaOff + s.metaSize - 12 - 4, 0);
                  }),
                  "maxBatchSize 0 is below 1");
    expectRefused(damaged([](Bytes& p) {
                      const SectionInfo s = sections(p);
                      p.at(s.metaOff + s.metaSize - 12 - 4 - 1) = 2;
                  }),
                  "bool byte 2");
    expectRefused(damaged([](Bytes& p) {
                      const SectionInfo s = sections(p);
                      put64(p, s.metaOff + s.metaSize - 12 - 5 - 16, ~uint64_t{0});
                  }),
                  "negative host arena");
}

TEST(PlanMetaDamage, BadDimsRank) {
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "const0"), 9); }),
                  "Dims nbDims 9 is outside 0..8");
    expectRefused(damaged([](Bytes& p) { put32(p, attrsAt(p, "const0"), 0xFFFFFFFFu); }),
                  "Dims nbDims -1");
}

TEST(PlanMetaDamage, BlobOffsetOutsideWeights) {
    expectRefused(damaged([](Bytes& p) {
                      put64(p, constantBlobAt(p) + 12, (sections(p).weightsSize + 64) / 64 * 64);
                  }),
                  "lies outside WEIGHTS");
    expectRefused(damaged([](Bytes& p) { put64(p, constantBlobAt(p) + 12, ~uint64_t{63}); }),
                  "lies outside WEIGHTS");
}

TEST(PlanMetaDamage, UnalignedBlob) {
    expectRefused(damaged([](Bytes& p) { put64(p, constantBlobAt(p) + 12, 4); }),
                  "blob offset 4 is not 64-byte aligned");
}

TEST(PlanMetaDamage, BlobSizeDisagreesWithCount) {
    expectRefused(damaged([](Bytes& p) { put64(p, constantBlobAt(p) + 20, 12); }),
                  "blob byte size 12 != 4 x kFLOAT (16)");
    expectRefused(damaged([](Bytes& p) { put64(p, constantBlobAt(p) + 4, uint64_t{1} << 62); }),
                  "does not fit in WEIGHTS");
    expectRefused(damaged([](Bytes& p) { put64(p, constantBlobAt(p) + 4, ~uint64_t{0}); }),
                  "blob of -1 values");
}

TEST(PlanMetaDamage, BadBoolByte) {
    // fc0's attrs: i64 nbOutputs, Blob kernel (28), Blob bias (28), then PostOp.enabled.
    expectRefused(damaged([](Bytes& p) { p.at(attrsAt(p, "fc0") + 8 + 28 + 28) = 2; }),
                  "bool byte 2");
}

TEST(PlanMetaDamage, MetaDeviceDiffersFromHeader) {
    expectRefused(damaged([](Bytes& p) { put32(p, tensorCountAt(p) - 4, 0); }),
                  "META device 0 differs from header device 2");
}

TEST(PlanMetaDamage, TrailingBytesInsideMeta) {
    // Grow META's declared size into its zero padding: the parser must notice the unread bytes.
    Bytes plan = writePlan(sampleProgram());
    const SectionInfo s = sections(plan);
    ASSERT_LT(s.metaOff + s.metaSize, s.weightsOff) << "the sample needs padding after META";
    put64(plan, kHeaderBytes + 16, s.metaSize + 1);
    restamp(plan);
    expectRefused(plan, "1 trailing bytes after the program");
}

// ---- well encoded, but inconsistent programs (caught by the parser or validateProgram) ----

Bytes planOf(void (*edit)(ir::Program&)) {
    ir::Program p = sampleProgram();
    edit(p);
    return writePlan(p);
}

TEST(PlanMetaDamage, NoProfile) {
    expectRefused(planOf([](ir::Program& p) { p.profiles.clear(); }), "no optimization profile");
}

TEST(PlanMetaDamage, ProfileWithWrongInputCount) {
    expectRefused(planOf([](ir::Program& p) { p.profiles[0].inputDims.clear(); }),
                  "profile 0 has 0 input entries, the plan has 1 inputs");
}

TEST(PlanMetaDamage, KernelChoicesDisagreeWithProfiles) {
    expectRefused(planOf([](ir::Program& p) { p.nodes[4].choices.clear(); }),
                  "plan metadata is inconsistent (node 'fc0' has 0 kernel choices for 1 profiles");
    expectRefused(planOf([](ir::Program& p) {
                      addProfile(p);
                      p.nodes[1].choices.resize(3);
                  }),
                  "node 'conv0' has 3 kernel choices for 2 profiles");
}

TEST(PlanMetaDamage, NetworkOutputIndexOutOfRange) {
    expectRefused(planOf([](ir::Program& p) { p.outputs = {42}; }),
                  "network output tensor index 42");
}

TEST(PlanMetaDamage, ArenaRangeOutsideArena) {
    expectRefused(planOf([](ir::Program& p) { p.tensors[3].arenaOffset = 8000; }),
                  "plan metadata is inconsistent (tensor 'act_out' arena range [8000, +4096)");
}

TEST(PlanMetaDamage, ConstantTensorPointsAtWrongNode) {
    expectRefused(planOf([](ir::Program& p) { p.tensors[1].constantNode = 2; }),
                  "not the Constant node producing it");
}

// ---- fuzz ----

TEST(PlanMetaFuzz, RandomMutationsNeverCrash) {
    const Bytes good = writePlan(sampleProgram());
    const SectionInfo s = sections(good);
    std::mt19937_64 rng(20240611);
    const uint32_t interesting[] = {0, 1, 2, 8, 9, 63, 64, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu};
    int accepted = 0, refused = 0;
    for (int iter = 0; iter < 2000; ++iter) {
        Bytes plan = good;
        const size_t at = s.metaOff + rng() % s.metaSize;
        switch (iter % 4) {
            case 0: plan[at] = static_cast<uint8_t>(rng()); break;               // one random byte
            case 1: plan[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;  // one bit
            case 2: {  // a run of random bytes
                const size_t n = 2 + rng() % 15;
                for (size_t i = 0; i < n && at + i < s.metaOff + s.metaSize; ++i)
                    plan[at + i] = static_cast<uint8_t>(rng());
                break;
            }
            default: {  // an interesting u32
                const size_t w = std::min(at, s.metaOff + s.metaSize - 4);
                put32(plan, w, interesting[rng() % (sizeof interesting / sizeof *interesting)]);
                break;
            }
        }
        restamp(plan);
        ir::Program p;
        std::string error;
        if (load(plan, p, error)) {
            ++accepted;  // e.g. a changed float or name: must still be a structurally valid program
            std::string why;
            EXPECT_TRUE(validateProgram(p, why)) << why;
        } else {
            ++refused;
            EXPECT_NE(error.find("rebuild"), std::string::npos) << error;
        }
    }
    EXPECT_EQ(accepted + refused, 2000);
    EXPECT_GT(refused, 500);  // most mutations hit structure, not payload
    std::cout << "[ fuzz     ] " << refused << " refused, " << accepted << " accepted\n";
}

//! Runs one damaged plan; an accepted plan must still be a structurally valid program.
void expectRefusedOrValid(const Bytes& plan, int& accepted, int& refused) {
    ir::Program p;
    std::string error;
    if (load(plan, p, error)) {
        ++accepted;
        std::string why;
        EXPECT_TRUE(validateProgram(p, why)) << why;
    } else {
        ++refused;
        EXPECT_NE(error.find("rebuild"), std::string::npos) << error;
    }
}

TEST(PlanMetaFuzz, MetaShrunkOrGrownNeverCrashes) {
    // Bytes deleted from or inserted into META (the section size patched, the padding before
    // WEIGHTS absorbing the change) shift every later field: the cursor must stay in bounds.
    const Bytes good = writePlan(sampleProgram());
    const SectionInfo s = sections(good);
    const size_t room = s.weightsOff - (s.metaOff + s.metaSize);
    ASSERT_GT(room, 0u);
    std::mt19937_64 rng(7);
    int accepted = 0, refused = 0;
    for (int iter = 0; iter < 1000; ++iter) {
        Bytes plan = good;
        auto meta = plan.begin() + static_cast<ptrdiff_t>(s.metaOff);
        const size_t at = rng() % s.metaSize;
        size_t size = s.metaSize;
        if (iter % 2 == 0) {  // delete k bytes
            const size_t k = 1 + rng() % std::min<size_t>(16, s.metaSize - at);
            std::copy(meta + at + k, meta + size, meta + at);
            std::fill(meta + size - k, meta + size, 0);
            size -= k;
        } else {  // insert k random bytes
            const size_t k = 1 + rng() % room;
            std::copy_backward(meta + at, meta + size, meta + size + k);
            for (size_t i = 0; i < k; ++i) meta[at + i] = static_cast<uint8_t>(rng());
            size += k;
        }
        put64(plan, kHeaderBytes + 16, size);
        restamp(plan);
        expectRefusedOrValid(plan, accepted, refused);
    }
    EXPECT_GT(refused, 900);
}

TEST(PlanMetaFuzz, HeaderAndTableMutationsNeverCrash) {
    const Bytes good = writePlan(sampleProgram());
    std::mt19937_64 rng(99);
    int accepted = 0, refused = 0;
    for (int iter = 0; iter < 2000; ++iter) {
        Bytes plan = good;
        const size_t n = 1 + rng() % 4;
        for (size_t i = 0; i < n; ++i)
            plan[rng() % (kHeaderBytes + kSectionCount * kSectionEntryBytes)] =
                static_cast<uint8_t>(rng());
        restamp(plan);
        expectRefusedOrValid(plan, accepted, refused);
    }
    EXPECT_GT(refused, 1500);
}

}  // namespace
}  // namespace tforge::plan::test
