// validateProgram on hand-made Programs: the structural rules the reader relies on.
#include "plan_test_util.h"

namespace tforge::plan::test {
namespace {

void expectInvalid(void (*edit)(ir::Program&), const std::string& phrase) {
    ir::Program p = sampleProgram();
    edit(p);
    std::string why;
    EXPECT_FALSE(validateProgram(p, why)) << "expected: " << phrase;
    EXPECT_NE(why.find(phrase), std::string::npos) << "why: " << why << "\nwanted: " << phrase;
}

TEST(ValidateProgram, SampleIsValid) {
    std::string why;
    EXPECT_TRUE(validateProgram(sampleProgram(), why)) << why;
}

TEST(ValidateProgram, NodeReadsBeforeProduced) {
    expectInvalid([](ir::Program& p) { std::swap(p.nodes[2], p.nodes[3]); },
                  "reads tensor 'act_out' before it is produced");
}

TEST(ValidateProgram, TensorWrittenTwice) {
    expectInvalid([](ir::Program& p) { p.nodes[3].outputs = {3}; },
                  "writes tensor 'act_out', which is already produced");
}

TEST(ValidateProgram, RolesMustMatchInputsAndOutputs) {
    expectInvalid([](ir::Program& p) { p.inputs = {2}; },
                  "network input 'conv_out' has the wrong tensor role");
    expectInvalid([](ir::Program& p) { p.outputs.clear(); },
                  "has the network output role but is not a network output");
    expectInvalid([](ir::Program& p) { p.inputs = {0, 0}; }, "listed twice");
}

TEST(ValidateProgram, OutputMustBeProduced) {
    expectInvalid([](ir::Program& p) { p.nodes.pop_back(); },
                  "network output 'output' is produced by no node");
}

TEST(ValidateProgram, ArenaRanges) {
    expectInvalid([](ir::Program& p) { p.arenaBytes = 4096; }, "is outside the 4096-byte arena");
    expectInvalid([](ir::Program& p) { p.tensors[2].arenaOffset = -1; }, "arena range [-1,");
}

TEST(ValidateProgram, ConstantNode) {
    expectInvalid([](ir::Program& p) { p.tensors[1].constantNode = 7; }, "names node 7");
    expectInvalid(
        [](ir::Program& p) {
            std::get<ir::ConstantAttrs>(p.nodes[0].attrs).dims = Dims4(1, 5, 1, 1);
        },
        "volume(dims) weights");
}

TEST(ValidateProgram, Profiles) {
    expectInvalid([](ir::Program& p) { p.profiles[0].inputDims[0][0] = Dims4(8, 3, 8, 8); },
                  "min <= opt <= max");
    expectInvalid([](ir::Program& p) { p.profiles[0].inputDims[0][2] = Dims4(4, 3, 8, 9); },
                  "static");
    expectInvalid([](ir::Program& p) { p.profiles[0].inputDims[0][1] = Dims3(2, 3, 8); },
                  "wrong rank");
}

TEST(ValidateProgram, BlobWithoutData) {
    expectInvalid(
        [](ir::Program& p) { std::get<ir::ConvAttrs>(p.nodes[1].attrs).bias.data = nullptr; },
        "has no data");
}

TEST(ValidateProgram, OneKernelChoicePerProfile) {
    expectInvalid([](ir::Program& p) { p.nodes[2].choices.clear(); },
                  "node 'act0' has 0 kernel choices for 1 profiles");
    expectInvalid([](ir::Program& p) { p.nodes[0].choices.push_back(p.nodes[0].choices[0]); },
                  "node 'const0' has 2 kernel choices for 1 profiles");
    expectInvalid(
        [](ir::Program& p) {
            addProfile(p);
            p.nodes[4].choices.pop_back();
        },
        "node 'fc0' has 1 kernel choices for 2 profiles");
    ir::Program two = sampleProgram();
    addProfile(two);
    std::string why;
    EXPECT_TRUE(validateProgram(two, why)) << why;
}

TEST(ValidateProgram, TensorFormats) {
    expectInvalid([](ir::Program& p) { p.tensors[2].format = TensorFormat::kDLA_HWC4; },
                  "tensor 'conv_out' has format 10, which is unknown or unsupported for rank 4");
    expectInvalid([](ir::Program& p) { p.tensors[2].format = static_cast<TensorFormat>(13); },
                  "has format 13");
    expectInvalid(
        [](ir::Program& p) {
            p.tensors[2].dims = Dims2(-1, 256);
            p.tensors[2].format = TensorFormat::kCHW16;
        },
        "unsupported for rank 2");
    ir::Program p = sampleProgram();
    p.tensors[3].format = TensorFormat::kCHW32;
    std::string why;
    EXPECT_TRUE(validateProgram(p, why)) << why;
}

TEST(ValidateProgram, TensorLocations) {
    expectInvalid([](ir::Program& p) { p.tensors[2].location = static_cast<DeviceType>(4); },
                  "tensor 'conv_out' is on an unknown device (4)");
    expectInvalid([](ir::Program& p) { p.tensors[2].location = static_cast<DeviceType>(-1); },
                  "unknown device (-1)");
    expectInvalid([](ir::Program& p) { p.tensors[2].location = DeviceType::kGPU; },
                  "is on device 0, neither the engine's device nor the host");
    expectInvalid(
        [](ir::Program& p) {
            moveTo(p, DeviceType::kGPU);
            p.tensors[4].location = DeviceType::kTEST;
        },
        "tensor 'sum_out' is on device 3, neither");
}

TEST(ValidateProgram, HostArenaOfADeviceEngine) {
    // In a test-device engine, host-resident activations are placed in the host arena.
    expectInvalid(
        [](ir::Program& p) {
            moveTo(p, DeviceType::kTEST);
            p.tensors[3].location = DeviceType::kCPU;
        },
        "tensor 'act_out' arena range [4096, +4096) is outside the 0-byte host arena");
    expectInvalid(
        [](ir::Program& p) {
            moveTo(p, DeviceType::kTEST);
            p.tensors[3].location = DeviceType::kCPU;
            p.hostArenaBytes = 8191;
        },
        "outside the 8191-byte host arena");
    expectInvalid(
        [](ir::Program& p) {
            moveTo(p, DeviceType::kTEST);
            p.arenaBytes = 4096;  // act_out still on the device, at [4096, +4096)
            p.hostArenaBytes = 1 << 20;
        },
        "tensor 'act_out' arena range [4096, +4096) is outside the 4096-byte arena");
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kTEST);
    p.tensors[3].location = DeviceType::kCPU;
    p.tensors[3].arenaOffset = 0;
    p.hostArenaBytes = 4096;
    p.arenaBytes = 4096;  // conv_out and sum_out share [0, 4096) on the device
    std::string why;
    EXPECT_TRUE(validateProgram(p, why)) << why;
    // On a CPU engine the host is the device: one arena, hostArenaBytes unused.
    ir::Program cpu = sampleProgram();
    cpu.hostArenaBytes = 0;
    EXPECT_TRUE(validateProgram(cpu, why)) << why;
}

TEST(ValidateProgram, SizesAndBatch) {
    expectInvalid([](ir::Program& p) { p.maxBatchSize = 0; }, "maxBatchSize 0 is below 1");
    expectInvalid([](ir::Program& p) { p.maxBatchSize = -3; }, "maxBatchSize -3 is below 1");
    expectInvalid([](ir::Program& p) { p.hostArenaBytes = -1; }, "negative host arena");
    expectInvalid([](ir::Program& p) { p.hostWorkspaceBytes = -64; }, "negative host arena");
    expectInvalid([](ir::Program& p) { p.workspaceBytes = -1; }, "negative arena or workspace");
    expectInvalid([](ir::Program& p) { p.device = static_cast<DeviceType>(4); }, "unknown device");
}

TEST(ValidateProgram, ArtifactVersions) {
    expectInvalid([](ir::Program& p) { p.artifactVersions.clear(); },
                  "node 'conv0' has a kernel artifact, but its backend 17 has no artifact version");
    expectInvalid(
        [](ir::Program& p) { p.artifactVersions.push_back({TacticSource::kCPU, 4}); },
        "artifact version entry 1 (backend 17) repeats a backend");
    expectInvalid(
        [](ir::Program& p) { p.artifactVersions.push_back({static_cast<TacticSource>(32), 4}); },
        "artifact version entry 1 (backend 32) names an unknown backend");
}

TEST(ValidateProgram, TestDeviceBackend) {
    ir::Program p = sampleProgram();
    moveTo(p, DeviceType::kTEST);
    p.nodes[2].backend = TacticSource::kTEST;
    std::string why;
    EXPECT_TRUE(validateProgram(p, why)) << why;
    p.nodes[2].backend = static_cast<TacticSource>(32);
    EXPECT_FALSE(validateProgram(p, why));
    EXPECT_NE(why.find("node 'act0' uses an unknown backend"), std::string::npos) << why;
}

}  // namespace
}  // namespace tforge::plan::test
