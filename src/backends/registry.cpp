#include "backends/registry.h"

#include <cstdlib>

namespace tforge::backends {

void* Backend::allocate(size_t bytes) const {
    // 64-byte alignment suits AVX-512 loads and matches the plan's weight alignment.
    size_t rounded = (bytes + 63) / 64 * 64;
    return std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
}

void Backend::release(void* p) const { std::free(p); }

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
