// Helpers shared by the API-level tests: a capturing logger, RAII ownership, random data,
// and "build this network with these tactic sources and run it" in a few lines.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "tensorforge/tensorforge.h"

namespace tftest {

using namespace tforge;

class CaptureLogger : public ILogger {
public:
    void log(Severity s, const char* msg) noexcept override {
        std::lock_guard<std::mutex> g(mu);
        if (s <= Severity::kWARNING) messages.push_back(msg);
    }
    //! True if some error/warning contains `needle`.
    bool saw(const std::string& needle) const {
        std::lock_guard<std::mutex> g(mu);
        for (auto& m : messages)
            if (m.find(needle) != std::string::npos) return true;
        return false;
    }
    std::string all() const {
        std::lock_guard<std::mutex> g(mu);
        std::string s;
        for (auto& m : messages) s += m + "\n";
        return s;
    }
    void clear() {
        std::lock_guard<std::mutex> g(mu);
        messages.clear();
    }
    mutable std::mutex mu;
    std::vector<std::string> messages;
};

template <class T>
using Ptr = std::unique_ptr<T>;

inline std::vector<float> randomFloats(size_t n, uint32_t seed, float lo = -1.f, float hi = 1.f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) {
        x = u(rng);
        if (x == 0.f) x = 0.5f;  // never zeros
    }
    return v;
}

inline Weights weightsOf(const std::vector<float>& v) { return Weights{DataType::kFLOAT, v.data(), (int64_t)v.size()}; }

inline int64_t vol(const Dims& d) {
    int64_t v = 1;
    for (int i = 0; i < d.nbDims; ++i) v *= d.d[i];
    return v;
}

inline TacticSources sourceBit(TacticSource s) { return 1u << static_cast<int32_t>(s); }

//! A built and deserialized engine.
struct Built {
    Ptr<IRuntime> runtime;
    Ptr<ICudaEngine> engine;
    std::vector<uint8_t> plan;
};

using Profile = std::map<std::string, std::array<Dims, 3>>;  // input name -> {min, opt, max}

//! What build() sets on the builder config besides the tactic sources.
struct BuildOptions {
    DeviceType device{DeviceType::kCPU};
    uint32_t flags{0};  // BuilderFlag bits
    Profile profile;    // empty for static networks
};

inline Built build(IBuilder& builder, INetworkDefinition& net, ILogger& logger, TacticSources sources,
                   const BuildOptions& options) {
    Built b;
    Ptr<IBuilderConfig> config(builder.createBuilderConfig());
    config->setTacticSources(sources);
    config->setDefaultDeviceType(options.device);
    config->setFlags(options.flags);
    const Profile& profile = options.profile;
    if (!profile.empty()) {
        IOptimizationProfile* p = builder.createOptimizationProfile();
        for (auto& [name, mom] : profile) {
            p->setDimensions(name.c_str(), OptProfileSelector::kMIN, mom[0]);
            p->setDimensions(name.c_str(), OptProfileSelector::kOPT, mom[1]);
            p->setDimensions(name.c_str(), OptProfileSelector::kMAX, mom[2]);
        }
        config->addOptimizationProfile(p);
    }
    Ptr<IHostMemory> plan(builder.buildSerializedNetwork(net, *config));
    if (!plan) return b;
    b.plan.assign(static_cast<uint8_t*>(plan->data()), static_cast<uint8_t*>(plan->data()) + plan->size());
    b.runtime.reset(createInferRuntime(logger));
    b.engine.reset(b.runtime->deserializeCudaEngine(b.plan.data(), b.plan.size()));
    return b;
}

inline Built build(IBuilder& builder, INetworkDefinition& net, ILogger& logger, TacticSources sources,
                   const Profile& profile = {}) {
    return build(builder, net, logger, sources, BuildOptions{DeviceType::kCPU, 0, profile});
}

//! Runs one inference; inputs by name (shape + data); returns outputs by name (poisoned with NaN first).
struct HostTensor {
    Dims dims;
    std::vector<float> data;  // also carries int32/bool payloads bit-for-bit when sized by bytes
};
inline bool infer(ICudaEngine& engine, const std::map<std::string, HostTensor>& inputs,
                  std::map<std::string, HostTensor>& outputs, IExecutionContext* ctx = nullptr) {
    Ptr<IExecutionContext> own;
    if (!ctx) {
        own.reset(engine.createExecutionContext());
        ctx = own.get();
    }
    if (!ctx) return false;
    for (auto& [name, t] : inputs) {
        if (!ctx->setInputShape(name.c_str(), t.dims)) return false;
        ctx->setTensorAddress(name.c_str(), const_cast<float*>(t.data.data()));
    }
    outputs.clear();
    for (int i = 0; i < engine.getNbIOTensors(); ++i) {
        const char* name = engine.getIOTensorName(i);
        if (engine.getTensorIOMode(name) != TensorIOMode::kOUTPUT) continue;
        HostTensor& o = outputs[name];
        o.dims = ctx->getTensorShape(name);
        o.data.assign(std::max<int64_t>(vol(o.dims), 1), std::nanf(""));
        ctx->setTensorAddress(name, o.data.data());
    }
    return ctx->enqueueV3(nullptr);
}

//! Max |a-b| / (atol + rtol*|b|) over all elements; <= 1 means within budget.
inline double errorRatio(const std::vector<float>& a, const std::vector<float>& b, double atol, double rtol) {
    if (a.size() != b.size()) return 1e30;
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) != std::isnan(b[i])) return 1e30;
        if (std::isnan(a[i])) continue;
        double e = std::fabs(double(a[i]) - double(b[i])) / (atol + rtol * std::fabs(double(b[i])));
        worst = std::max(worst, e);
    }
    return worst;
}

}  // namespace tftest
