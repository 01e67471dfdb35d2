// A written plan reads back into the same Program, field for field, with aligned zero-copy blobs.
#include <cstdint>

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
        EXPECT_EQ(x.tactic, y.tactic);
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

//! One node of every OpKind with non-default values in every field, so each visit() is covered.
TEST(PlanRoundTrip, EveryOpKindRoundTrips) {
    ir::Program p = sampleProgram();
    ir::PoolAttrs pool;
    pool.type = PoolingType::kMAX_AVERAGE_BLEND;
    pool.windowSize = Dims2(2, 3);
    pool.stride = Dims2(2, 2);
    pool.prePadding = Dims2(0, 1);
    pool.postPadding = Dims2(1, 0);
    pool.paddingMode = PaddingMode::kSAME_LOWER;
    pool.blendFactor = 0.375f;
    pool.averageCountExcludesPadding = false;
    ir::MatMulAttrs mm;
    mm.op0 = MatrixOperation::kTRANSPOSE;
    mm.op1 = MatrixOperation::kVECTOR;
    ir::ElementWiseAttrs ew;
    ew.op = ElementWiseOperation::kLESS;
    ir::ScaleAttrs scale;
    scale.mode = ScaleMode::kCHANNEL;
    scale.scale = floats(3, 7.f);
    scale.power = ir::Blob::copyOf(DataType::kHALF, "\x01\x02\x03\x04\x05\x06", 3);
    scale.channelAxis = 2;
    ir::SoftMaxAttrs sm;
    sm.axes = 1u << 3;
    ir::ShuffleAttrs sh;
    sh.firstTranspose = ir::identityPermutation();
    std::swap(sh.firstTranspose.order[0], sh.firstTranspose.order[2]);
    sh.hasReshape = true;
    sh.reshapeDims = Dims3(0, -1, 12);
    sh.secondTranspose = ir::identityPermutation();
    sh.zeroIsPlaceholder = false;
    ir::ConcatAttrs cat;
    cat.axis = -1;
    const ir::Attrs extra[] = {pool, mm, ew, scale, sm, sh, cat};
    for (const ir::Attrs& a : extra) {
        const int32_t out = static_cast<int32_t>(p.tensors.size());
        const std::string name = std::string("t_") + ir::opKindName(kindOf(a));
        p.tensors.push_back(
            tensor(name.c_str(), Dims4(-1, 4, 8, 8), ir::TensorRole::kActivation, 0, 64));
        p.nodes.push_back(node(ir::opKindName(kindOf(a)), a, {0}, {out}, "k"));
    }
    p.nodes.back().backend = TacticSource::kREFERENCE;
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

TEST(PlanRoundTrip, StaticProgramWithSeveralProfiles) {
    ir::Program p = sampleProgram();
    p.profiles.push_back(p.profiles[0]);
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
    p.device = DeviceType::kGPU;
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
