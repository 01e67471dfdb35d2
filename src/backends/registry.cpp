#include "backends/registry.h"

namespace tforge::backends {

const std::vector<Backend*>& allBackends() {
    // Order matters: the builder prefers earlier backends' tactics when timings tie.
    static const std::vector<Backend*> list{cpuBackend(), referenceBackend()};
    return list;
}

Backend* findBackend(TacticSource source) {
    for (Backend* b : allBackends())
        if (b->source() == source) return b;
    return nullptr;
}

}  // namespace tforge::backends
