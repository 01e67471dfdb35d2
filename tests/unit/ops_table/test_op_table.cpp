// Derived from the op table: every op must have shape inference, a reference kernel that runs its
// sample, a plan round trip, a CPU-table entry or a reason to lack one, and (public ops) a Python name.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "backends/registry.h"
#include "common/op_samples.h"
#include "ir/format.h"
#include "plan/plan_file.h"

using namespace tforge;
using namespace tforge::ir;

namespace {

std::vector<OpKind> allOps() {
    std::vector<OpKind> v;
    for (int32_t k = 0; k < kNbOpKinds; ++k) v.push_back(static_cast<OpKind>(k));
    return v;
}

std::string readSource(const std::string& rel) {
    std::ifstream f(std::string(TFORGE_SOURCE_DIR) + "/" + rel);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

TEST(OpTable, NamesAreUniqueAndArityIsSane) {
    std::set<std::string> names;
    for (OpKind k : allOps()) {
        const OpInfo& info = opInfo(k);
        EXPECT_TRUE(names.insert(info.name).second) << info.name;
        EXPECT_GE(info.minInputs, 0) << info.name;
        EXPECT_TRUE(info.maxInputs == kVariadic || info.maxInputs >= info.minInputs) << info.name;
        EXPECT_GE(info.nbOutputs, 1) << info.name;
        EXPECT_EQ(info.internal, std::string(info.addMethod).empty()) << info.name;
        if (!info.internal) {
            EXPECT_STRNE(layerTypeName(info.layerType), "Unknown") << info.name;
        }
    }
}

TEST(OpTable, EveryOpHasShapeInferenceAndAReferenceKernelThatRunsItsSample) {
    for (OpKind k : allOps()) {
        SCOPED_TRACE(opKindName(k));
        const tftest::OpSample s = tftest::opSample(k);
        ASSERT_EQ(kindOf(s.attrs), k) << "tests/common/op_samples.h gives the wrong op";
        std::vector<TensorDesc> outs;
        std::string err;
        ASSERT_TRUE(inferShapes(s.attrs, s.inputs, outs, err)) << err;
        ASSERT_EQ(outs.size(), static_cast<size_t>(opInfo(k).nbOutputs));
        backends::NodeDesc node;
        node.name = opKindName(k);
        node.attrs = &s.attrs;
        node.inputs = s.inputs;
        node.outputs = outs;
        backends::Backend* ref = backends::referenceBackend();
        ASSERT_TRUE(ref->supports(node, &err)) << err;
        auto kernel = ref->createKernel(node, "reference", err);
        ASSERT_NE(kernel, nullptr) << err;
        std::vector<std::vector<uint8_t>> storage;
        std::vector<backends::TensorView> in, out;
        for (auto& d : s.inputs) {
            storage.emplace_back(static_cast<size_t>(storageVolume(d.dims, d.format) * dataTypeSize(d.type)) + 64, 0x3c);
            in.push_back({storage.back().data(), d.dims, d.type, d.format});
        }
        for (auto& d : outs) {
            storage.emplace_back(static_cast<size_t>(storageVolume(d.dims, d.format) * dataTypeSize(d.type)) + 64, 0xff);
            out.push_back({storage.back().data(), d.dims, d.type, d.format});
        }
        size_t ws = 0;
        ASSERT_TRUE(kernel->reshape(nullptr, s.inputs, ws, err)) << err;
        std::vector<uint8_t> workspace(ws + 64);
        backends::ExecArgs args{workspace.data(), ws, nullptr, nullptr};
        EXPECT_TRUE(kernel->run(in, out, args, err)) << err;
    }
}

TEST(OpTable, EveryOpRoundTripsThroughAPlan) {
    for (OpKind k : allOps()) {
        SCOPED_TRACE(opKindName(k));
        const tftest::OpSample s = tftest::opSample(k);
        Program p;
        p.name = "one op";
        p.profiles.resize(1);
        std::vector<TensorDesc> outs;
        std::string err;
        ASSERT_TRUE(inferShapes(s.attrs, s.inputs, outs, err)) << err;
        ProgramNode n;
        n.name = "n";
        n.attrs = s.attrs;
        n.choices = {KernelChoice{"reference", {}}};
        for (auto& d : s.inputs) {
            p.tensors.push_back(ProgramTensor{"in" + std::to_string(p.tensors.size()), d.type, d.dims, TensorRole::kInput});
            n.inputs.push_back(static_cast<int32_t>(p.tensors.size() - 1));
            p.inputs.push_back(n.inputs.back());
            p.profiles[0].inputDims.push_back({d.dims, d.dims, d.dims});
        }
        for (auto& d : outs) {
            p.tensors.push_back(ProgramTensor{"out", d.type, d.dims, TensorRole::kOutput});
            n.outputs.push_back(static_cast<int32_t>(p.tensors.size() - 1));
            p.outputs.push_back(n.outputs.back());
        }
        if (k == OpKind::kConstant) p.tensors[n.outputs[0]].constantNode = 0;
        p.nodes.push_back(n);
        const std::vector<uint8_t> bytes = plan::writePlan(p);
        Program back;
        ASSERT_TRUE(plan::readPlan(bytes.data(), bytes.size(), DeviceType::kCPU, false, ~uint64_t{0}, back, err)) << err;
        ASSERT_EQ(back.nodes.size(), 1u);
        EXPECT_EQ(back.nodes[0].kind(), k);
        EXPECT_EQ(plan::writePlan(back), bytes) << "attributes changed in the round trip";
    }
}

TEST(OpTable, EveryPublicOpHasAPythonBinding) {
    // The core ops' add_* methods live in network.cpp, each op family's in its own file.
    std::string bindings = readSource("python/src/network.cpp");
    ASSERT_FALSE(bindings.empty()) << "python/src/network.cpp not found";
    for (const char* family : {"math", "reduce", "shape", "index", "control"})
        bindings += readSource(std::string("python/src/family_") + family + ".cpp");
    for (OpKind k : allOps()) {
        const OpInfo& info = opInfo(k);
        if (info.internal) continue;
        const std::string py = std::string("\"") + info.pythonMethod + "\"";
        EXPECT_NE(bindings.find(py), std::string::npos)
            << info.name << ": python/src/network.cpp binds no " << py << " (INetworkDefinition::" << info.addMethod << ")";
    }
}

TEST(OpTable, TheCpuBackendCoversEveryPublicOpOrSaysWhy) {
    // Public ops the CPU backend leaves to the reference on purpose: none (its Cast covers the float
    // types; integer casts fall back to the reference case by case).
    const std::set<std::string> referenceOnly{
        // ---- math family: reference-only ops, each with its reason (begin)
        // ---- math family (end)
        // ---- reduce family: reference-only ops, each with its reason (begin)
        // ---- reduce family (end)
        // ---- shape family: reference-only ops, each with its reason (begin)
        // ---- shape family (end)
        // ---- index family: reference-only ops, each with its reason (begin)
        // ---- index family (end)
        // ---- control family: reference-only ops, each with its reason (begin)
        // ---- control family (end)
    };
    for (OpKind k : allOps()) {
        const OpInfo& info = opInfo(k);
        if (info.internal || referenceOnly.count(info.name)) continue;
        const tftest::OpSample s = tftest::opSample(k);
        std::vector<TensorDesc> outs;
        std::string err;
        ASSERT_TRUE(inferShapes(s.attrs, s.inputs, outs, err)) << err;
        backends::NodeDesc node;
        node.attrs = &s.attrs;
        node.inputs = s.inputs;
        node.outputs = outs;
        EXPECT_TRUE(backends::cpuBackend()->supports(node, &err)) << info.name << ": " << err;
    }
}
