// A written plan reads back into the same Program, field for field, with aligned zero-copy blobs
// and kernel artifacts.
#include <cstdint>
#include <iterator>

#include "common/op_samples.h"
#include "plan_test_util.h"

namespace tforge::plan::test {
namespace {

bool sameDims(const Dims& a, const Dims& b) {
    if (a.nbDims != b.nbDims) return false;
    for (int i = 0; i < a.nbDims; ++i)
        if (a.d[i] != b.d[i]) return false;
    return true;
}

void expectSamePrograms(const ir::Program& a, const ir::Program& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.device, b.device);
    EXPECT_EQ(a.isaRequirements, b.isaRequirements);
    ASSERT_EQ(a.tensors.size(), b.tensors.size());
    for (size_t i = 0; i < a.tensors.size(); ++i) {
        const ir::ProgramTensor &x = a.tensors[i], &y = b.tensors[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.type, y.type);
        EXPECT_TRUE(sameDims(x.dims, y.dims)) << x.name;
        EXPECT_EQ(x.role, y.role);
        EXPECT_EQ(x.arenaOffset, y.arenaOffset);
        EXPECT_EQ(x.arenaBytes, y.arenaBytes);
        EXPECT_EQ(x.constantNode, y.constantNode);
        EXPECT_EQ(x.format, y.format) << x.name;
        EXPECT_EQ(x.location, y.location) << x.name;
    }
    ASSERT_EQ(a.nodes.size(), b.nodes.size());
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        const ir::ProgramNode &x = a.nodes[i], &y = b.nodes[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.kind(), y.kind());
        EXPECT_EQ(dumpAttrs(x.attrs), dumpAttrs(y.attrs)) << x.name;
        EXPECT_EQ(x.inputs, y.inputs);
        EXPECT_EQ(x.outputs, y.outputs);
        EXPECT_EQ(x.backend, y.backend);
        ASSERT_EQ(x.choices.size(), y.choices.size()) << x.name;
        for (size_t k = 0; k < x.choices.size(); ++k) {
            EXPECT_EQ(x.choices[k].tactic, y.choices[k].tactic) << x.name << " profile " << k;
            EXPECT_TRUE(x.choices[k].artifact == y.choices[k].artifact)
                << x.name << " profile " << k << ": artifact of " << x.choices[k].artifact.size()
                << " bytes read back as " << y.choices[k].artifact.size() << " other bytes";
        }
    }
    EXPECT_EQ(a.inputs, b.inputs);
    EXPECT_EQ(a.outputs, b.outputs);
    ASSERT_EQ(a.profiles.size(), b.profiles.size());
    for (size_t k = 0; k < a.profiles.size(); ++k) {
        ASSERT_EQ(a.profiles[k].inputDims.size(), b.profiles[k].inputDims.size());
        for (size_t j = 0; j < a.profiles[k].inputDims.size(); ++j)
            for (int m = 0; m < 3; ++m)
                EXPECT_TRUE(sameDims(a.profiles[k].inputDims[j][m], b.profiles[k].inputDims[j][m]));
    }
    EXPECT_EQ(a.arenaBytes, b.arenaBytes);
    EXPECT_EQ(a.workspaceBytes, b.workspaceBytes);
    EXPECT_EQ(a.hostArenaBytes, b.hostArenaBytes);
    EXPECT_EQ(a.hostWorkspaceBytes, b.hostWorkspaceBytes);
    EXPECT_EQ(a.implicitBatch, b.implicitBatch);
    EXPECT_EQ(a.maxBatchSize, b.maxBatchSize);
    EXPECT_EQ(a.artifactVersions, b.artifactVersions);
}

//! Reads the {offset, size} of the artifact that follows the tactic string `tactic` in META.
std::pair<uint64_t, uint64_t> artifactRef(const Bytes& plan, const std::string& tactic) {
    const size_t at = afterName(plan, tactic);
    return {load64(plan.data() + at), load64(plan.data() + at + 8)};
}

TEST(PlanRoundTrip, SampleProgramRoundTrips) {
    const ir::Program original = sampleProgram();
    std::string why;
    ASSERT_TRUE(validateProgram(original, why)) << why;
    Bytes plan = writePlan(original);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    expectSamePrograms(original, back);
}

TEST(PlanRoundTrip, BlobsAreAlignedAndShareOneCopy) {
    Bytes plan = writePlan(sampleProgram());
    const SectionInfo s = sections(plan);
    EXPECT_EQ(s.metaOff % kAlign, 0u);
    EXPECT_EQ(s.weightsOff % kAlign, 0u);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    plan.assign(plan.size(), 0xAB);  // the program must not point into the caller's buffer
    const std::vector<ir::Blob> blobs = blobsOf(back);
    ASSERT_EQ(blobs.size(), 5u);  // constant, conv kernel + bias, fc kernel + bias
    const void* owner = nullptr;
    for (const ir::Blob& b : blobs) {
        if (b.empty()) continue;
        EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data) % 64, 0u);
        ASSERT_TRUE(b.owner);
        if (!owner) owner = b.owner.get();
        EXPECT_EQ(b.owner.get(), owner) << "every blob shares the one weights copy";
    }
    const ir::Program original = sampleProgram();
    const auto* fc = std::get_if<ir::FullyConnectedAttrs>(&back.nodes[4].attrs);
    ASSERT_NE(fc, nullptr);
    const auto& want = std::get<ir::FullyConnectedAttrs>(original.nodes[4].attrs);
    ASSERT_EQ(fc->kernel.bytes(), want.kernel.bytes());
    EXPECT_EQ(std::memcmp(fc->kernel.data, want.kernel.data, want.kernel.bytes()), 0);
}

TEST(PlanRoundTrip, BlobsOutliveTheProgram) {
    ir::Blob kept;
    {
        ir::Program back;
        std::string error;
        ASSERT_TRUE(load(writePlan(sampleProgram()), back, error)) << error;
        kept = std::get<ir::ConstantAttrs>(back.nodes[0].attrs).weights;
    }
    EXPECT_EQ(kept.count, 4);
    EXPECT_FLOAT_EQ(kept.f32()[1], 1.f + 0.25f - 3.f);
}

TEST(PlanRoundTrip, SharedBlobIsStoredOnce) {
    ir::Program p = sampleProgram();
    const size_t before = writePlan(p).size();
    auto& conv = std::get<ir::ConvAttrs>(p.nodes[1].attrs);
    std::get<ir::FullyConnectedAttrs>(p.nodes[4].attrs).bias = conv.bias;  // same pointer
    std::get<ir::FullyConnectedAttrs>(p.nodes[4].attrs).nbOutputs = 4;
    Bytes plan = writePlan(p);
    EXPECT_LT(plan.size(), before);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    EXPECT_EQ(std::get<ir::ConvAttrs>(back.nodes[1].attrs).bias.data,
              std::get<ir::FullyConnectedAttrs>(back.nodes[4].attrs).bias.data);
}


//! One node of every OpKind in the op table, with non-default attributes and as many inputs as the
//! table's minimum arity, appended to the sample program.
TEST(PlanRoundTrip, EveryOpKindRoundTrips) {
    ir::Program p = sampleProgram();
    for (int32_t k = 0; k < ir::kNbOpKinds; ++k) {
        const auto kind = static_cast<ir::OpKind>(k);
        const ir::OpInfo& info = ir::opInfo(kind);
        const ir::Attrs a = tftest::opNonDefaultAttrs(kind);
        ASSERT_EQ(kindOf(a), kind);
        const int32_t out = static_cast<int32_t>(p.tensors.size());
        const std::string name = std::string("extra_") + info.name;
        if (kind == ir::OpKind::kConstant) {
            p.tensors.push_back(tensor(name.c_str(), std::get<ir::ConstantAttrs>(a).dims,
                                       ir::TensorRole::kConstant, -1, 0,
                                       static_cast<int32_t>(p.nodes.size())));
            p.tensors.back().type = DataType::kINT32;
        } else {
            p.tensors.push_back(
                tensor(name.c_str(), Dims4(-1, 4, 8, 8), ir::TensorRole::kActivation, 0, 64));
        }
        const std::vector<int32_t> in(static_cast<size_t>(std::max(info.minInputs, 0)), 0);
        p.nodes.push_back(node(info.name, a, in, {out}, info.name, pattern(k % 3 == 0 ? 0 : k, k)));
        p.nodes.back().backend = k % 2 ? TacticSource::kREFERENCE : TacticSource::kCPU;
    }
    p.artifactVersions = {{TacticSource::kCPU, 3}, {TacticSource::kREFERENCE, 1}};
    std::string why;
    ASSERT_TRUE(validateProgram(p, why)) << why;
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(writePlan(p), back, error)) << error;
    expectSamePrograms(p, back);
    for (int k = 0; k < ir::kNbOpKinds; ++k) {
        bool seen = false;
        for (const ir::ProgramNode& n : back.nodes) seen = seen || static_cast<int>(n.kind()) == k;
        EXPECT_TRUE(seen) << "no node of kind " << k;
    }
}

//! Every field version 2 added: tensor formats and locations, host arena and workspace, implicit
//! batch, maxBatchSize, artifact versions, on a test-device engine with host-resident tensors.
TEST(PlanRoundTrip, EveryNewFieldRoundTrips) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kTEST);
    p.tensors[0].location = DeviceType::kCPU;  // the input stays on the host
    p.tensors[3].location = DeviceType::kCPU;  // act_out: in the host arena
    p.tensors[3].arenaOffset = 64;
    p.tensors[3].format = TensorFormat::kCHW32;
    p.tensors[4].format = TensorFormat::kHWC16;
    p.tensors[5].format = TensorFormat::kCHW4;
    p.hostArenaBytes = 64 + 4096;
    p.hostWorkspaceBytes = 777;
    p.workspaceBytes = 1u << 20;
    p.implicitBatch = true;
    p.maxBatchSize = 4;
    p.nodes[2].backend = TacticSource::kTEST;
    p.nodes[2].choices[0] = {"test_kernel", pattern(7, 9)};
    p.artifactVersions = {{TacticSource::kTEST, 0xFFFFFFFFu}, {TacticSource::kCPU, 0}};
    std::string why;
    ASSERT_TRUE(validateProgram(p, why)) << why;
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(writePlan(p), back, error)) << error;
    expectSamePrograms(p, back);
    EXPECT_EQ(back.device, DeviceType::kTEST);
    EXPECT_EQ(back.tensors[3].location, DeviceType::kCPU);
    EXPECT_EQ(back.tensors[3].format, TensorFormat::kCHW32);
    EXPECT_EQ(back.hostArenaBytes, 64 + 4096);
    EXPECT_TRUE(back.implicitBatch);
    EXPECT_EQ(back.maxBatchSize, 4);
}

TEST(PlanRoundTrip, ArtifactsOfEverySize) {
    ir::Program p = sampleProgram();
    const size_t sizes[] = {0, 1, 63, 64, 65, size_t{4} << 20, 2};
    for (size_t i = 0; i < std::size(sizes); ++i) {
        const int32_t out = static_cast<int32_t>(p.tensors.size());
        const std::string name = "art" + std::to_string(i);
        p.tensors.push_back(
            tensor(name.c_str(), Dims4(-1, 4, 8, 8), ir::TensorRole::kActivation, 0, 64));
        ir::ActivationAttrs relu;
        p.nodes.push_back(node(name.c_str(), relu, {0}, {out}, ("tactic_" + name).c_str(),
                               pattern(sizes[i], 100 + static_cast<uint32_t>(i))));
    }
    const Bytes plan = writePlan(p);
    const SectionInfo s = sections(plan);
    EXPECT_EQ(s.artifactsOff % kAlign, 0u);
    EXPECT_EQ(s.artifactsOff + s.artifactsSize, plan.size()) << "ARTIFACTS ends the file";
    for (size_t i = 0; i < std::size(sizes); ++i) {
        const auto [off, size] = artifactRef(plan, "tactic_art" + std::to_string(i));
        EXPECT_EQ(size, sizes[i]);
        EXPECT_EQ(off % kAlign, 0u) << "artifact " << i;
        EXPECT_LE(off + size, s.artifactsSize);
        if (size > 0) {
            EXPECT_EQ(std::memcmp(plan.data() + s.artifactsOff + off,
                                  p.nodes[5 + i].choices[0].artifact.data(), size),
                      0);
        }
    }
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    expectSamePrograms(p, back);
}

TEST(PlanRoundTrip, NoArtifactsAtAll) {
    ir::Program p = sampleProgram();
    for (ir::ProgramNode& n : p.nodes) n.choices[0].artifact.clear();
    p.artifactVersions.clear();
    const Bytes plan = writePlan(p);
    EXPECT_EQ(sections(plan).artifactsSize, 0u);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    expectSamePrograms(p, back);
}

TEST(PlanRoundTrip, PerProfileChoicesWithTwoProfiles) {
    ir::Program p = sampleProgram();
    addProfile(p);
    p.nodes[4].choices[1].artifact.clear();  // fc0 needs no artifact for the second profile
    std::string why;
    ASSERT_TRUE(validateProgram(p, why)) << why;
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(writePlan(p), back, error)) << error;
    expectSamePrograms(p, back);
    EXPECT_EQ(back.nodes[1].choices[0].tactic, "direct_3x3");
    EXPECT_EQ(back.nodes[1].choices[1].tactic, "direct_3x3_p1");
    EXPECT_EQ(back.nodes[1].choices[1].artifact.size(), 103u);
    EXPECT_TRUE(back.nodes[4].choices[1].artifact.empty());
}

TEST(PlanRoundTrip, EqualArtifactsAreStoredOnce) {
    ir::Program p = sampleProgram();
    p.nodes[1].choices[0].artifact = pattern(5000, 3);
    const size_t one = sections(writePlan(p)).artifactsSize;
    addProfile(p);
    for (ir::ProgramNode& n : p.nodes) n.choices[1].artifact = n.choices[0].artifact;
    const Bytes plan = writePlan(p);
    EXPECT_EQ(sections(plan).artifactsSize, one);
    EXPECT_EQ(artifactRef(plan, "direct_3x3"), artifactRef(plan, "direct_3x3_p1"));
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    expectSamePrograms(p, back);
}

TEST(PlanRoundTrip, EqualArtifactsOfDifferentNodesAreStoredTwice) {
    ir::Program p = sampleProgram();
    p.nodes[4].choices[0].artifact = p.nodes[1].choices[0].artifact;
    const Bytes plan = writePlan(p);
    EXPECT_NE(artifactRef(plan, "direct_3x3").first, artifactRef(plan, "gemm_avx2").first);
    EXPECT_EQ(sections(plan).artifactsSize, 128u + 100u);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    expectSamePrograms(p, back);
}

TEST(PlanRoundTrip, ArtifactsOutliveTheCallersBuffer) {
    Bytes plan = writePlan(sampleProgram());
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(plan, back, error)) << error;
    plan.assign(plan.size(), 0xCD);
    EXPECT_TRUE(back.nodes[1].choices[0].artifact == pattern(100, 1));
    EXPECT_TRUE(back.nodes[4].choices[0].artifact == pattern(65, 2));
}

TEST(PlanRoundTrip, StaticProgramWithSeveralProfiles) {
    ir::Program p = sampleProgram();
    addProfile(p);
    p.profiles[1].inputDims[0][1] = Dims4(3, 3, 8, 8);
    p.name.clear();  // empty strings are legal
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(writePlan(p), back, error)) << error;
    expectSamePrograms(p, back);
}

TEST(PlanRoundTrip, DifferentPatchVersionIsAccepted) {
    Bytes plan = writePlan(sampleProgram());
    put32(plan, kOffLibPatch, kVERSION_PATCH + 7);
    restamp(plan);
    ir::Program back;
    std::string error;
    EXPECT_TRUE(load(plan, back, error)) << error;
}

TEST(PlanRoundTrip, GpuPlanLoadsWhereThereIsAGpu) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kGPU);
    ir::Program back;
    std::string error;
    ASSERT_TRUE(load(writePlan(p), back, error, DeviceType::kGPU, true)) << error;
    EXPECT_EQ(back.device, DeviceType::kGPU);
}

TEST(PlanRoundTrip, FailedReadLeavesProgramUntouched) {
    ir::Program target = sampleProgram();
    Bytes plan = writePlan(sampleProgram());
    plan.back() ^= 1;
    std::string error;
    EXPECT_FALSE(load(plan, target, error));
    EXPECT_EQ(target.nodes.size(), 5u);
}

}  // namespace
}  // namespace tforge::plan::test
