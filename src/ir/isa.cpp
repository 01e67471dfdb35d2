#include "ir/program.h"

namespace tforge::ir {

uint64_t hostIsa() {
    uint64_t bits = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) bits |= kIsaAvx2;
    if (__builtin_cpu_supports("avx512f")) bits |= kIsaAvx512;
#endif
    return bits;
}

}  // namespace tforge::ir
