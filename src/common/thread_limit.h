// Per-caller thread limits. IRuntime/IBuilder::setMaxThreads apply to the engines and builds of that
// object only: the runtime and builder open a ScopedThreadLimit around the work they run, and every
// parallel loop (the CPU backend's pool) uses at most that many threads on behalf of this thread.
#pragma once
#include <cstdint>

namespace tforge {

//! The innermost limit set on this thread; 0 = none (use every thread of the pool).
int32_t currentThreadLimit() noexcept;

class ScopedThreadLimit {
public:
    explicit ScopedThreadLimit(int32_t n) noexcept;
    ~ScopedThreadLimit();
    ScopedThreadLimit(const ScopedThreadLimit&) = delete;
    ScopedThreadLimit& operator=(const ScopedThreadLimit&) = delete;

private:
    int32_t previous_;
};

}  // namespace tforge
