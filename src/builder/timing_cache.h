// The timing cache behind ITimingCache: measured tactic times per op signature for one machine,
// shared by the builds of any number of configs (guarded by a mutex; builds may run concurrently).
#pragma once
#include <mutex>
#include <string>

#include "backends/backend.h"
#include "plan/timing_cache_format.h"
#include "tensorforge/builder.h"

namespace tforge::builder {

class TimingCacheImpl final : public ITimingCache {
public:
    //! An empty cache recorded on this machine with this library and these backends.
    TimingCacheImpl();
    explicit TimingCacheImpl(plan::TimingCacheData data) : data_(std::move(data)) {}

    IHostMemory* serialize() const noexcept override;
    bool combine(const ITimingCache& inputCache, bool ignoreMismatch) noexcept override;
    bool reset() noexcept override;

    //! Whether this cache's entries hold here; if not, `why` says what differs.
    bool matchesThisMachine(std::string& why) const;
    bool lookup(const std::string& key, plan::TimingEntry& entry) const;
    void record(const std::string& key, const plan::TimingEntry& entry);
    size_t size() const;
    //! The header (device, ISA, versions) of a cache recorded here now.
    static plan::TimingCacheData thisMachine();

private:
    mutable std::mutex m_;
    plan::TimingCacheData data_;
};

//! The op signature a timing is valid for: op, every attribute (weights by count and type only),
//! the backend's device, and each input's and output's dims, type and format.
std::string timingKey(const backends::NodeDesc& node, DeviceType device, const std::vector<Dims>& optInputs);

}  // namespace tforge::builder
