// IBuilderConfig, IOptimizationProfile and IHostMemory implementations (plain state holders).
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "builder/timing_cache.h"
#include "common/diagnostics.h"
#include "common/host_memory.h"
#include "tensorforge/builder.h"

namespace tforge::api {

class OptimizationProfileImpl final : public IOptimizationProfile {
public:
    bool setDimensions(const char* inputName, OptProfileSelector select, const Dims& dims) noexcept override;
    Dims getDimensions(const char* inputName, OptProfileSelector select) const noexcept override;
    bool isValid() const noexcept override;
    //! input name -> {min, opt, max}; a selector not set yet has nbDims == -1.
    std::map<std::string, std::array<Dims, 3>> dims;
};

class BuilderConfigImpl final : public IBuilderConfig {
public:
    BuilderConfigImpl() { reset(); }
    void setMemoryPoolLimit(MemoryPoolType pool, size_t poolSize) noexcept override;
    size_t getMemoryPoolLimit(MemoryPoolType pool) const noexcept override;
    void setFlags(uint32_t f) noexcept override { flags_ = f; }
    uint32_t getFlags() const noexcept override { return flags_; }
    void setFlag(BuilderFlag flag) noexcept override { flags_ |= 1u << static_cast<int32_t>(flag); }
    void clearFlag(BuilderFlag flag) noexcept override { flags_ &= ~(1u << static_cast<int32_t>(flag)); }
    bool getFlag(BuilderFlag flag) const noexcept override { return (flags_ >> static_cast<int32_t>(flag)) & 1u; }
    int32_t addOptimizationProfile(const IOptimizationProfile* profile) noexcept override;
    int32_t getNbOptimizationProfiles() const noexcept override { return static_cast<int32_t>(profiles.size()); }
    void setDefaultDeviceType(DeviceType t) noexcept override { device = t; }
    DeviceType getDefaultDeviceType() const noexcept override { return device; }
    bool setTacticSources(TacticSources s) noexcept override { sources = s; return true; }
    TacticSources getTacticSources() const noexcept override { return sources; }
    void setProfilingVerbosity(ProfilingVerbosity v) noexcept override { verbosity = v; }
    ProfilingVerbosity getProfilingVerbosity() const noexcept override { return verbosity; }
    void setBuilderOptimizationLevel(int32_t level) noexcept override { optLevel = level; }
    int32_t getBuilderOptimizationLevel() const noexcept override { return optLevel; }
    void reset() noexcept override;
    ITimingCache* createTimingCache(const void* blob, size_t size) const noexcept override;
    bool setTimingCache(const ITimingCache& cache, bool ignoreMismatch) noexcept override;
    const ITimingCache* getTimingCache() const noexcept override { return timingCache; }

    std::vector<OptimizationProfileImpl> profiles;
    builder::TimingCacheImpl* timingCache{nullptr};  // not owned
    bool ignoreTimingMismatch{false};
    Diagnostics diag;  // logs to the creating builder's logger (createTimingCache/setTimingCache errors)
    DeviceType device{DeviceType::kCPU};
    TacticSources sources{0};
    ProfilingVerbosity verbosity{ProfilingVerbosity::kLAYER_NAMES_ONLY};
    int32_t optLevel{3};
    size_t workspaceLimit{0};

private:
    uint32_t flags_{0};
};

using tforge::HostMemory;

}  // namespace tforge::api
