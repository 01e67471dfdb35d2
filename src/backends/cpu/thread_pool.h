// The CPU backend's process-wide thread pool: a fixed set of std::threads and one parallelFor.
// Several execution contexts run kernels at the same time from their own threads, so every
// parallelFor call carries its own completion state and the calling thread works on its own job
// (it never just blocks), which also makes nested calls deadlock-free.
#pragma once
#include <cstdint>
#include <functional>

namespace tforge::backends::cpu {

//! fn(begin, end) processes items [begin, end).
using RangeFn = std::function<void(int64_t, int64_t)>;

class ThreadPool {
public:
    //! The one instance: hardware_concurrency() threads, or TFORGE_NUM_THREADS if set.
    static ThreadPool& instance();

    //! Runs fn over [0, n) in chunks of at least `grain` items (chunk boundaries are multiples of
    //! grain, so a grain of 16+ floats keeps tasks off each other's cache lines). Returns when all
    //! items are done. Safe to call concurrently from any number of threads, and from inside fn.
    void parallelFor(int64_t n, const RangeFn& fn, int64_t grain = 1);

    //! Upper bound on threads one parallelFor uses (caller included); 0 = all hardware threads.
    void setMaxThreads(int32_t n);
    int32_t maxThreads() const;

    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

private:
    ThreadPool();
    struct Impl;
    Impl* impl_;
};

//! Shorthand for ThreadPool::instance().parallelFor.
inline void parallelFor(int64_t n, const RangeFn& fn, int64_t grain = 1) {
    ThreadPool::instance().parallelFor(n, fn, grain);
}

//! Items per task so that one task does at least ~minWork units when each item costs itemCost.
inline int64_t grainFor(int64_t itemCost, int64_t minWork = 16384) {
    if (itemCost <= 0) return minWork;
    int64_t g = (minWork + itemCost - 1) / itemCost;
    return g < 1 ? 1 : g;
}

}  // namespace tforge::backends::cpu
