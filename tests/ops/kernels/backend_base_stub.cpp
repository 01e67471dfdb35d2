// test_kernels links only tf_ir, tf_shape and the two backend object libraries
// (tests/CMakeLists.txt), but Backend's out-of-line virtuals (its vtable's key function) live in
// src/backends/registry.cpp, part of tf_core. Weak copies let the test link on its own; if
// registry.cpp is ever linked in too, its strong definitions win and nothing clashes.
#include <cstdlib>

#include "backends/backend.h"

namespace tforge::backends {

__attribute__((weak)) void* Backend::allocate(size_t bytes) const {
    size_t rounded = (bytes + 63) / 64 * 64;
    return std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
}

__attribute__((weak)) void Backend::release(void* p) const { std::free(p); }

}  // namespace tforge::backends
