#include "common/thread_limit.h"

namespace tforge {

namespace {
thread_local int32_t tlsLimit = 0;
}

int32_t currentThreadLimit() noexcept { return tlsLimit; }

ScopedThreadLimit::ScopedThreadLimit(int32_t n) noexcept : previous_(tlsLimit) { tlsLimit = n > 0 ? n : 0; }

ScopedThreadLimit::~ScopedThreadLimit() { tlsLimit = previous_; }

}  // namespace tforge
