#include "builder/timing_cache.h"

#include <fstream>
#include <sstream>

#include "backends/registry.h"
#include "common/host_memory.h"
#include "ir/dims_util.h"
#include "ir/program.h"

namespace tforge::builder {

namespace {

std::string cpuModel() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    return "unknown CPU";
}


//! Writes every attribute field into a stream (the visit() of each attrs struct lists them).
struct KeyWriter {
    std::ostringstream& os;
    void operator()(const Dims& d) { os << ir::toString(d) << ';'; }
    void operator()(const ir::Blob& b) { os << dataTypeName(b.type) << 'x' << b.count << ';'; }
    void operator()(const Permutation& p) {
        for (int32_t v : p.order) os << v << ',';
        os << ';';
    }
    void operator()(bool v) { os << (v ? 1 : 0) << ';'; }
    void operator()(float v) { os << v << ';'; }
    template <class T>
    void operator()(const T& v) {
        if constexpr (std::is_enum_v<T>) os << static_cast<int64_t>(v) << ';';
        else os << v << ';';
    }
};

}  // namespace

TimingCacheImpl::TimingCacheImpl() : data_(thisMachine()) {}

plan::TimingCacheData TimingCacheImpl::thisMachine() {
    plan::TimingCacheData d;
    d.device = cpuModel();
    d.isa = ir::hostIsa();
    d.libMajor = kVERSION_MAJOR;
    d.libMinor = kVERSION_MINOR;
    d.libPatch = kVERSION_PATCH;
    for (backends::Backend* b : backends::allBackends()) d.backendVersions.push_back({b->name(), b->artifactVersion()});
    return d;
}

IHostMemory* TimingCacheImpl::serialize() const noexcept {
    std::lock_guard<std::mutex> lk(m_);
    return new (std::nothrow) HostMemory(plan::writeTimingCache(data_));
}

bool TimingCacheImpl::combine(const ITimingCache& input, bool ignoreMismatch) noexcept {
    const auto* other = dynamic_cast<const TimingCacheImpl*>(&input);
    if (!other || other == this) return other == this;
    plan::TimingCacheData from;
    {
        std::lock_guard<std::mutex> lk(other->m_);
        from = other->data_;
    }
    std::lock_guard<std::mutex> lk(m_);
    std::string why;
    if (!ignoreMismatch && !plan::compatible(data_, from, why)) return false;
    plan::combine(data_, from);
    return true;
}

bool TimingCacheImpl::reset() noexcept {
    std::lock_guard<std::mutex> lk(m_);
    data_.entries.clear();
    return true;
}

bool TimingCacheImpl::matchesThisMachine(std::string& why) const {
    std::lock_guard<std::mutex> lk(m_);
    return plan::compatible(data_, thisMachine(), why);
}

bool TimingCacheImpl::lookup(const std::string& key, plan::TimingEntry& entry) const {
    std::lock_guard<std::mutex> lk(m_);
    auto it = data_.entries.find(key);
    if (it == data_.entries.end()) return false;
    entry = it->second;
    return true;
}

void TimingCacheImpl::record(const std::string& key, const plan::TimingEntry& entry) {
    std::lock_guard<std::mutex> lk(m_);
    auto [it, inserted] = data_.entries.emplace(key, entry);
    if (!inserted && entry.seconds < it->second.seconds) it->second = entry;
}

size_t TimingCacheImpl::size() const {
    std::lock_guard<std::mutex> lk(m_);
    return data_.entries.size();
}

std::string timingKey(const backends::NodeDesc& node, DeviceType device, const std::vector<Dims>& optInputs) {
    std::ostringstream os;
    os << ir::opKindName(node.kind()) << " dev" << static_cast<int32_t>(device) << " {";
    ir::Attrs attrs = *node.attrs;  // visit() is non-const
    KeyWriter w{os};
    std::visit([&](auto& a) { a.visit(w); }, attrs);
    os << "} in";
    for (size_t i = 0; i < node.inputs.size(); ++i)
        os << ' ' << ir::toString(i < optInputs.size() ? optInputs[i] : node.inputs[i].dims) << dataTypeName(node.inputs[i].type)
           << tensorFormatName(node.inputs[i].format);
    os << " out";
    for (auto& o : node.outputs) os << ' ' << dataTypeName(o.type) << tensorFormatName(o.format);
    return os.str();
}

}  // namespace tforge::builder
