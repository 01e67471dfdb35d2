#include "api/builder_config.h"

#include <limits>

namespace tforge::api {

namespace {
Dims unsetDims() {
    Dims d;
    d.nbDims = -1;
    return d;
}
}  // namespace

bool OptimizationProfileImpl::setDimensions(const char* inputName, OptProfileSelector select,
                                            const Dims& d) noexcept {
    int s = static_cast<int>(select);
    if (!inputName || s < 0 || s > 2 || d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS) return false;
    for (int i = 0; i < d.nbDims; ++i)
        if (d.d[i] < 0) return false;  // profile dims are concrete
    auto it = dims.find(inputName);
    if (it == dims.end()) it = dims.emplace(inputName, std::array<Dims, 3>{unsetDims(), unsetDims(), unsetDims()}).first;
    it->second[s] = d;
    return true;
}

Dims OptimizationProfileImpl::getDimensions(const char* inputName, OptProfileSelector select) const noexcept {
    int s = static_cast<int>(select);
    if (!inputName || s < 0 || s > 2) return unsetDims();
    auto it = dims.find(inputName);
    return it == dims.end() ? unsetDims() : it->second[s];
}

bool OptimizationProfileImpl::isValid() const noexcept {
    if (dims.empty()) return false;
    for (auto& [name, mom] : dims) {
        (void)name;
        for (auto& d : mom)
            if (d.nbDims < 0) return false;
        if (mom[0].nbDims != mom[1].nbDims || mom[1].nbDims != mom[2].nbDims) return false;
        for (int i = 0; i < mom[0].nbDims; ++i)
            if (!(mom[0].d[i] <= mom[1].d[i] && mom[1].d[i] <= mom[2].d[i])) return false;
    }
    return true;
}

void BuilderConfigImpl::setMemoryPoolLimit(MemoryPoolType pool, size_t poolSize) noexcept {
    if (pool == MemoryPoolType::kWORKSPACE) workspaceLimit = poolSize;
}

size_t BuilderConfigImpl::getMemoryPoolLimit(MemoryPoolType pool) const noexcept {
    return pool == MemoryPoolType::kWORKSPACE ? workspaceLimit : 0;
}

int32_t BuilderConfigImpl::addOptimizationProfile(const IOptimizationProfile* profile) noexcept {
    auto* p = dynamic_cast<const OptimizationProfileImpl*>(profile);
    if (!p || !p->isValid()) return -1;
    profiles.push_back(*p);
    return static_cast<int32_t>(profiles.size()) - 1;
}

ITimingCache* BuilderConfigImpl::createTimingCache(const void* blob, size_t size) const noexcept {
    if (size == 0) return new (std::nothrow) builder::TimingCacheImpl();
    if (!blob) {
        diag.error(ErrorCode::kINVALID_ARGUMENT, "createTimingCache: the blob is null but its size is not 0");
        return nullptr;
    }
    plan::TimingCacheData data;
    std::string err;
    if (!plan::readTimingCache(blob, size, data, err)) {
        diag.error(ErrorCode::kINVALID_ARGUMENT, "createTimingCache: " + err);
        return nullptr;
    }
    return new (std::nothrow) builder::TimingCacheImpl(std::move(data));
}

bool BuilderConfigImpl::setTimingCache(const ITimingCache& cache, bool ignoreMismatch) noexcept {
    auto* impl = dynamic_cast<builder::TimingCacheImpl*>(const_cast<ITimingCache*>(&cache));
    if (!impl) {
        diag.error(ErrorCode::kINVALID_ARGUMENT, "setTimingCache: the cache was not created by TensorForge");
        return false;
    }
    timingCache = impl;
    ignoreTimingMismatch = ignoreMismatch;
    return true;
}

void BuilderConfigImpl::reset() noexcept {
    timingCache = nullptr;
    ignoreTimingMismatch = false;
    profiles.clear();
    device = DeviceType::kCPU;
    // Every tactic source is enabled by default, as in TensorRT; the builder uses those of the device.
    sources = ~TacticSources{0};
    verbosity = ProfilingVerbosity::kLAYER_NAMES_ONLY;
    optLevel = 3;
    workspaceLimit = std::numeric_limits<size_t>::max();
    flags_ = 0;
}

}  // namespace tforge::api
