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

}  // namespace
}  // namespace tforge::plan::test
