#include "backends/cpu/thread_pool.h"

#include "common/thread_limit.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tforge::backends::cpu {

namespace {

// One parallelFor call. Heap-allocated and shared with the tickets in the queue, so a worker that
// pops a ticket after the call returned only sees an exhausted counter, never a dangling job.
struct Job {
    const RangeFn* fn{nullptr};  // valid until done == nChunks (the caller waits for that)
    int64_t n{0}, chunk{0}, nChunks{0};
    // Separate cache lines: `next` is hammered by every participant, `done` once per chunk.
    alignas(64) std::atomic<int64_t> next{0};
    alignas(64) std::atomic<int64_t> done{0};
    std::mutex m;
    std::condition_variable cv;

    void runChunks() {
        for (;;) {
            int64_t c = next.fetch_add(1, std::memory_order_relaxed);
            if (c >= nChunks) return;
            int64_t b = c * chunk;
            (*fn)(b, std::min(n, b + chunk));
            // acq_rel: the chunk's writes happen-before the caller's acquire of the final count.
            if (done.fetch_add(1, std::memory_order_acq_rel) + 1 == nChunks) {
                std::lock_guard<std::mutex> lk(m);  // pairs with the caller's predicate check
                cv.notify_all();
            }
        }
    }
};

int32_t envThreads() {
    const char* s = std::getenv("TFORGE_NUM_THREADS");
    if (s) {
        int v = std::atoi(s);
        if (v > 0) return v;
    }
    unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int32_t>(hw);
}

}  // namespace

struct ThreadPool::Impl {
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::shared_ptr<Job>> queue;  // one ticket per helper wanted by a call
    std::vector<std::thread> workers;
    bool stop{false};
    int32_t defaultThreads{1};
    std::atomic<int32_t> limit{1};  // participants per call, caller included

    void workerLoop() {
        for (;;) {
            std::shared_ptr<Job> job;
            {
                std::unique_lock<std::mutex> lk(m);
                cv.wait(lk, [&] { return stop || !queue.empty(); });
                if (stop && queue.empty()) return;
                job = std::move(queue.front());
                queue.pop_front();
            }
            job->runChunks();
        }
    }

    // Grows the pool to `total - 1` workers (the caller is the last participant). Never shrinks:
    // idle workers only cost a blocked thread.
    void ensureWorkers(int32_t total) {
        std::lock_guard<std::mutex> lk(m);
        while (static_cast<int32_t>(workers.size()) < total - 1) workers.emplace_back([this] { workerLoop(); });
    }
};

ThreadPool& ThreadPool::instance() {
    static ThreadPool pool;
    return pool;
}

ThreadPool::ThreadPool() : impl_(new Impl) {
    impl_->defaultThreads = envThreads();
    impl_->limit.store(impl_->defaultThreads);
    impl_->ensureWorkers(impl_->defaultThreads);
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lk(impl_->m);
        impl_->stop = true;
    }
    impl_->cv.notify_all();
    for (auto& t : impl_->workers) t.join();
    delete impl_;
}

void ThreadPool::setMaxThreads(int32_t n) {
    int32_t total = n <= 0 ? impl_->defaultThreads : n;
    impl_->ensureWorkers(total);
    impl_->limit.store(total);
}

int32_t ThreadPool::maxThreads() const {
    return impl_->limit.load();
}

void ThreadPool::parallelFor(int64_t n, const RangeFn& fn, int64_t grain) {
    if (n <= 0) return;
    grain = std::max<int64_t>(1, grain);
    int64_t threads = impl_->limit.load(std::memory_order_relaxed);
    // The calling runtime's/builder's setMaxThreads (common/thread_limit.h) narrows it further.
    if (const int32_t caller = currentThreadLimit(); caller > 0 && caller < threads) threads = caller;
    const int64_t maxChunks = (n + grain - 1) / grain;
    if (threads <= 1 || maxChunks <= 1) {
        fn(0, n);
        return;
    }
    // A few chunks per thread lets fast threads take over from slow ones (other contexts may be
    // running kernels on the same cores); chunks stay multiples of grain.
    int64_t target = std::min<int64_t>(maxChunks, threads * 4);
    int64_t chunk = (n + target - 1) / target;
    chunk = (chunk + grain - 1) / grain * grain;

    auto job = std::make_shared<Job>();
    job->fn = &fn;
    job->n = n;
    job->chunk = chunk;
    job->nChunks = (n + chunk - 1) / chunk;
    const int64_t helpers = std::min<int64_t>(threads - 1, job->nChunks - 1);
    {
        std::lock_guard<std::mutex> lk(impl_->m);
        for (int64_t i = 0; i < helpers; ++i) impl_->queue.push_back(job);
    }
    for (int64_t i = 0; i < helpers; ++i) impl_->cv.notify_one();

    job->runChunks();
    std::unique_lock<std::mutex> lk(job->m);
    job->cv.wait(lk, [&] { return job->done.load(std::memory_order_acquire) == job->nChunks; });
}

}  // namespace tforge::backends::cpu
