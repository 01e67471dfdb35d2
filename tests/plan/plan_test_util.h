// Shared helpers of the plan tests: a small hand-built Program, plan surgery (section lookup,
// checksum re-stamping, locating META fields), and an attrs-comparing visitor.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "ir/program.h"
#include "plan/plan_file.h"
#include "plan/plan_format.h"

namespace tforge::plan::test {

using Bytes = std::vector<uint8_t>;
constexpr uint64_t kAllIsa = ir::kIsaAvx2 | ir::kIsaAvx512;

inline ir::Blob floats(int64_t count, float seed) {
    std::vector<float> v(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) v[i] = seed + 0.25f * static_cast<float>(i % 97) - 3.f;
    return ir::Blob::copyOf(DataType::kFLOAT, v.data(), count);
}

inline ir::ProgramTensor tensor(const char* name, Dims dims, ir::TensorRole role, int64_t off = -1,
                                int64_t bytes = 0, int32_t constantNode = -1) {
    ir::ProgramTensor t;
    t.name = name;
    t.dims = dims;
    t.role = role;
    t.arenaOffset = off;
    t.arenaBytes = bytes;
    t.constantNode = constantNode;
    return t;
}

//! `n` bytes that differ from position to position and from seed to seed.
inline Bytes pattern(size_t n, uint32_t seed) {
    Bytes b(n);
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; ++i) {
        x = x * 1103515245u + 12345u;
        b[i] = static_cast<uint8_t>(x >> 16);
    }
    return b;
}

//! A node with one kernel choice (the sample has one profile).
inline ir::ProgramNode node(const char* name, ir::Attrs attrs, std::vector<int32_t> in,
                            std::vector<int32_t> out, const char* tactic = "",
                            Bytes artifact = {}) {
    ir::ProgramNode n;
    n.name = name;
    n.attrs = std::move(attrs);
    n.inputs = std::move(in);
    n.outputs = std::move(out);
    n.backend = TacticSource::kCPU;
    n.choices = {ir::KernelChoice{tactic, std::move(artifact)}};
    return n;
}

//! Adds a profile (a copy of the first with another opt batch) and a kernel choice for it to every
//! node: the second profile's tactic gets a "_p1" suffix and its artifact other bytes.
inline void addProfile(ir::Program& p) {
    p.profiles.push_back(p.profiles[0]);
    for (auto& dims : p.profiles.back().inputDims)
        if (dims[1].nbDims > 0 && dims[1].d[0] < dims[2].d[0]) ++dims[1].d[0];
    for (ir::ProgramNode& n : p.nodes) {
        ir::KernelChoice c = n.choices.at(0);
        if (!c.tactic.empty()) c.tactic += "_p" + std::to_string(p.profiles.size() - 1);
        if (!c.artifact.empty()) c.artifact = pattern(c.artifact.size() + 3, 77);
        n.choices.push_back(std::move(c));
    }
}

//! Moves the engine to `device`: every tensor lives in that device's memory.
inline void moveTo(ir::Program& p, DeviceType device) {
    p.device = device;
    for (ir::ProgramTensor& t : p.tensors) t.location = device;
}

//! input[-1,3,8,8] -> conv(3x3, 4 maps, kernel+bias) -> leaky relu -> + constant[1,4,1,1] ->
//! FC(10). conv0 and fc0 have kernel artifacts (100 and 65 bytes), conv_out is channels-last.
inline ir::Program sampleProgram() {
    using ir::TensorRole;
    ir::Program p;
    p.name = "sample_net";
    p.device = DeviceType::kCPU;
    p.isaRequirements = ir::kIsaAvx2;
    p.tensors = {tensor("input", Dims4(-1, 3, 8, 8), TensorRole::kInput),
                 tensor("const", Dims4(1, 4, 1, 1), TensorRole::kConstant, -1, 0, 0),
                 tensor("conv_out", Dims4(-1, 4, 8, 8), TensorRole::kActivation, 0, 4096),
                 tensor("act_out", Dims4(-1, 4, 8, 8), TensorRole::kActivation, 4096, 4096),
                 tensor("sum_out", Dims4(-1, 4, 8, 8), TensorRole::kActivation, 0, 4096),
                 tensor("output", Dims4(-1, 10, 1, 1), TensorRole::kOutput)};
    ir::ConstantAttrs c;
    c.dims = Dims4(1, 4, 1, 1);
    c.weights = floats(4, 1.f);
    ir::ConvAttrs conv;
    conv.nbOutputMaps = 4;
    conv.kernelSize = Dims2(3, 3);
    conv.stride = Dims2(1, 1);
    conv.prePadding = conv.postPadding = Dims2(1, 1);
    conv.dilation = Dims2(1, 1);
    conv.paddingMode = PaddingMode::kSAME_UPPER;
    conv.kernel = floats(4 * 3 * 3 * 3, 2.f);
    conv.bias = floats(4, 3.f);
    ir::ActivationAttrs act;
    act.type = ActivationType::kLEAKY_RELU;
    act.alpha = 0.1f;
    ir::ElementWiseAttrs sum;
    ir::FullyConnectedAttrs fc;
    fc.nbOutputs = 10;
    fc.kernel = floats(10 * 4 * 8 * 8, 4.f);
    fc.bias = floats(10, 5.f);
    fc.post.enabled = true;
    fc.post.type = ActivationType::kCLIP;
    fc.post.alpha = -1.f;
    fc.post.beta = 6.f;
    p.tensors[2].format = TensorFormat::kHWC;
    p.nodes = {node("const0", c, {}, {1}, "constant"),
               node("conv0", conv, {0}, {2}, "direct_3x3", pattern(100, 1)),
               node("act0", act, {2}, {3}), node("sum0", sum, {3, 1}, {4}),
               node("fc0", fc, {4}, {5}, "gemm_avx2", pattern(65, 2))};
    p.nodes[0].backend = TacticSource::kREFERENCE;
    p.inputs = {0};
    p.outputs = {5};
    p.profiles.resize(1);
    p.profiles[0].inputDims = {{Dims4(1, 3, 8, 8), Dims4(2, 3, 8, 8), Dims4(4, 3, 8, 8)}};
    p.arenaBytes = 8192;
    p.workspaceBytes = 1024;
    p.artifactVersions = {{TacticSource::kCPU, 3}};
    return p;
}

inline bool load(const Bytes& plan, ir::Program& out, std::string& error,
                 DeviceType dev = DeviceType::kCPU, bool gpu = false, uint64_t isa = kAllIsa) {
    return readPlan(plan.data(), plan.size(), dev, gpu, isa, out, error);
}

//! Asserts that the plan is refused with a message containing `phrase`.
inline void expectRefused(const Bytes& plan, const std::string& phrase,
                          DeviceType dev = DeviceType::kCPU, bool gpu = false,
                          uint64_t isa = kAllIsa) {
    ir::Program p;
    std::string error;
    EXPECT_FALSE(load(plan, p, error, dev, gpu, isa)) << "expected refusal: " << phrase;
    EXPECT_NE(error.find(phrase), std::string::npos)
        << "error: " << error << "\nwanted: " << phrase;
    EXPECT_NE(error.find("rebuild"), std::string::npos) << "no advice in: " << error;
}

//! Re-stamps the checksum the way a careful attacker (or a buggy tool) would, so the check
//! under test, not the checksum, has to catch the damage.
inline void restamp(Bytes& plan) {
    ASSERT_GE(plan.size(), kHeaderBytes);
    storeLE(plan.data() + kOffChecksum, planChecksum(plan.data(), plan.size()), 8);
}

struct SectionInfo {
    size_t metaOff, metaSize, weightsOff, weightsSize, artifactsOff, artifactsSize;
};
inline SectionInfo sections(const Bytes& plan) {
    SectionInfo s{};
    for (size_t i = 0; i < kSectionCount; ++i) {
        const uint8_t* e = plan.data() + kHeaderBytes + i * kSectionEntryBytes;
        const size_t off = load64(e + 8), size = load64(e + 16);
        if (load32(e) == kSectionMeta)
            s.metaOff = off, s.metaSize = size;
        else if (load32(e) == kSectionWeights)
            s.weightsOff = off, s.weightsSize = size;
        else
            s.artifactsOff = off, s.artifactsSize = size;
    }
    return s;
}

//! File offset of section table entry `i` (the writer orders them META, WEIGHTS, ARTIFACTS).
inline size_t entry(int i) { return kHeaderBytes + static_cast<size_t>(i) * kSectionEntryBytes; }

inline void put32(Bytes& plan, size_t at, uint32_t v) { storeLE(plan.data() + at, v, 4); }
inline void put64(Bytes& plan, size_t at, uint64_t v) { storeLE(plan.data() + at, v, 8); }

//! File offset of the byte after the name of node (or tensor) `name` in META: there its kind
//! (i32) and attribute length (u32) follow, then the attributes.
inline size_t afterName(const Bytes& plan, const std::string& name) {
    const SectionInfo s = sections(plan);
    Bytes pattern(4);
    storeLE(pattern.data(), name.size(), 4);
    pattern.insert(pattern.end(), name.begin(), name.end());
    auto begin = plan.begin() + s.metaOff, end = begin + s.metaSize;
    auto it = std::search(begin, end, pattern.begin(), pattern.end());
    EXPECT_NE(it, end) << "name not found in META: " << name;
    return static_cast<size_t>(it - plan.begin()) + pattern.size();
}

//! Renders every field of an attrs struct (via visit) as text, blobs including their bytes.
struct FieldDump {
    std::vector<std::string> fields;
    template <class T>
    void add(const T& v) {
        std::ostringstream os;
        os << v;
        fields.push_back(os.str());
    }
    void operator()(int64_t v) { add(v); }
    void operator()(int32_t v) { add(v); }
    void operator()(uint32_t v) { add(v); }
    void operator()(bool v) { add(v); }
    void operator()(float v) { add(v); }
    template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
    void operator()(E e) {
        add(static_cast<int64_t>(e));
    }
    void operator()(const Dims& d) {
        std::string s = "dims" + std::to_string(d.nbDims);
        for (int i = 0; i < d.nbDims; ++i) s += ":" + std::to_string(d.d[i]);
        fields.push_back(s);
    }
    void operator()(const Permutation& p) {
        std::string s = "perm";
        for (int32_t v : p.order) s += ":" + std::to_string(v);
        fields.push_back(s);
    }
    void operator()(const ir::Blob& b) {
        std::string s = "blob " + std::to_string(static_cast<int>(b.type)) + " x" +
                        std::to_string(b.count) + " ";
        const auto* p = static_cast<const uint8_t*>(b.data);
        for (int64_t i = 0; i < b.bytes() && p; ++i) s += std::to_string(p[i]) + ",";
        fields.push_back(s);
    }
};

inline std::vector<std::string> dumpAttrs(const ir::Attrs& attrs) {
    FieldDump d;
    ir::Attrs copy = attrs;
    std::visit([&](auto& a) { a.visit(d); }, copy);
    return d.fields;
}

struct BlobCollector {
    std::vector<ir::Blob> blobs;
    void operator()(const ir::Blob& b) { blobs.push_back(b); }
    template <class T>
    void operator()(const T&) {}
};

//! Every Blob of every node (for pointer and ownership checks).
inline std::vector<ir::Blob> blobsOf(const ir::Program& p) {
    BlobCollector c;
    for (const ir::ProgramNode& n : p.nodes) {
        ir::Attrs copy = n.attrs;
        std::visit([&](auto& a) { a.visit(c); }, copy);
    }
    return c.blobs;
}

}  // namespace tforge::plan::test
