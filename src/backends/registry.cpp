#include "backends/registry.h"

#include <algorithm>
#include <mutex>

namespace tforge::backends {

namespace {
std::mutex& extrasMutex() {
    static std::mutex m;
    return m;
}
std::vector<Backend*>& extras() {
    static std::vector<Backend*> v;
    return v;
}
}  // namespace

std::vector<Backend*> allBackends() {
    // Order matters: the builder prefers earlier backends' tactics when timings tie; the reference
    // comes last and is used only where nothing else supports a node.
    std::vector<Backend*> list{cpuBackend(), testBackend()};
    {
        std::lock_guard<std::mutex> lk(extrasMutex());
        list.insert(list.end(), extras().begin(), extras().end());
    }
    list.push_back(referenceBackend());
    return list;
}

Backend* findBackend(TacticSource source) {
    for (Backend* b : allBackends())
        if (b->source() == source) return b;
    return nullptr;
}

void registerBackend(Backend* b) {
    std::lock_guard<std::mutex> lk(extrasMutex());
    if (b && std::find(extras().begin(), extras().end(), b) == extras().end()) extras().push_back(b);
}

void unregisterBackend(Backend* b) {
    std::lock_guard<std::mutex> lk(extrasMutex());
    extras().erase(std::remove(extras().begin(), extras().end(), b), extras().end());
}

}  // namespace tforge::backends
