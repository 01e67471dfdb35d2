// The API-level conformance harness: builds the same one-layer network on the reference backend
// and on the CPU backend (each alone), with dynamic dims and an optimization profile, runs both on
// several concrete shapes with fresh random inputs, and compares every output within a budget.
#pragma once
#include <functional>

#include "common/test_util.h"

namespace tftest {

struct InputSpec {
    std::string name;
    Dims declared;             // may hold -1
    std::vector<Dims> runs;    // concrete shapes, one per run
    DataType type{DataType::kFLOAT};
    float lo{-2.f}, hi{2.f};   // value range (e.g. positive for POW)
};

using Populate = std::function<void(INetworkDefinition&, std::vector<ITensor*>& inputs)>;

inline std::vector<float> randomPayload(const Dims& d, DataType type, uint32_t seed, float lo, float hi) {
    size_t n = static_cast<size_t>(vol(d));
    if (type == DataType::kFLOAT) return randomFloats(n, seed, lo, hi);
    std::mt19937 rng(seed);
    std::vector<float> v(n + 1);
    if (type == DataType::kINT32) {
        auto* p = reinterpret_cast<int32_t*>(v.data());
        for (size_t i = 0; i < n; ++i) p[i] = static_cast<int32_t>(rng() % 19) - 9;
    } else {  // kBOOL, one byte each
        auto* p = reinterpret_cast<uint8_t*>(v.data());
        for (size_t i = 0; i < n; ++i) p[i] = rng() & 1;
    }
    return v;
}

inline Ptr<INetworkDefinition> makeNetwork(IBuilder& b, const std::vector<InputSpec>& specs, const Populate& pop) {
    Ptr<INetworkDefinition> net(b.createNetworkV2(0));
    std::vector<ITensor*> ins;
    for (auto& s : specs) ins.push_back(net->addInput(s.name.c_str(), s.type, s.declared));
    pop(*net, ins);
    return net;
}

//! Runs the comparison; returns a description of the first mismatch or "" if all is well.
inline void checkLayer(const std::vector<InputSpec>& specs, const Populate& pop, double atol = 1e-4,
                       double rtol = 1e-4) {
    CaptureLogger logger;
    std::map<std::string, std::array<Dims, 3>> profile;
    for (auto& s : specs) {
        Dims mn = s.runs[0], mx = s.runs[0];
        for (auto& r : s.runs)
            for (int i = 0; i < r.nbDims; ++i) {
                mn.d[i] = std::min(mn.d[i], r.d[i]);
                mx.d[i] = std::max(mx.d[i], r.d[i]);
            }
        bool dynamic = false;
        for (int i = 0; i < s.declared.nbDims; ++i) dynamic = dynamic || s.declared.d[i] < 0;
        if (dynamic) profile[s.name] = {mn, mx, mx};
    }
    Ptr<IBuilder> builder(createInferBuilder(logger));
    auto refNet = makeNetwork(*builder, specs, pop);
    auto cpuNet = makeNetwork(*builder, specs, pop);
    Built ref = build(*builder, *refNet, logger, sourceBit(TacticSource::kREFERENCE), profile);
    ASSERT_TRUE(ref.engine) << logger.all();
    Built cpu = build(*builder, *cpuNet, logger, sourceBit(TacticSource::kCPU), profile);
    ASSERT_TRUE(cpu.engine) << logger.all();
    for (size_t r = 0; r < specs[0].runs.size(); ++r) {
        std::map<std::string, HostTensor> inputs, refOut, cpuOut;
        uint32_t seed = 1000 + static_cast<uint32_t>(r) * 17;
        for (auto& s : specs) inputs[s.name] = {s.runs[r], randomPayload(s.runs[r], s.type, seed++, s.lo, s.hi)};
        ASSERT_TRUE(infer(*ref.engine, inputs, refOut)) << logger.all();
        ASSERT_TRUE(infer(*cpu.engine, inputs, cpuOut)) << logger.all();
        for (auto& [name, t] : refOut) {
            const HostTensor& c = cpuOut.at(name);
            ASSERT_EQ(t.dims.nbDims, c.dims.nbDims) << name;
            for (int i = 0; i < t.dims.nbDims; ++i) ASSERT_EQ(t.dims.d[i], c.dims.d[i]) << name;
            DataType type = ref.engine->getTensorDataType(name.c_str());
            if (type == DataType::kFLOAT) {
                EXPECT_LE(errorRatio(c.data, t.data, atol, rtol), 1.0) << "output " << name << " run " << r;
            } else {
                size_t bytes = static_cast<size_t>(vol(t.dims) * dataTypeSize(type));
                EXPECT_EQ(0, std::memcmp(c.data.data(), t.data.data(), bytes)) << "output " << name << " run " << r;
            }
        }
    }
}

}  // namespace tftest
