// The test device (DeviceType::kTEST): a device emulated on the host so that CI machines without a
// GPU exercise everything a GPU engine needs from the core: copies between memory spaces, Copy nodes
// the builder inserts at device boundaries, and asynchronous, ordered streams with events.
//
// Memory: each allocation is a 64-byte-aligned host block, poisoned with 0xFF bytes (NaN as fp32,
// -1 as int32), and handed out as a *tagged* address: the real address XOR (1 << 62). On x86-64 that
// address is non-canonical, so host code that dereferences it directly (a CPU kernel given a device
// tensor, a plain memcpy) faults at once instead of silently working. Only this device's copies and
// the test backend's kernels (through hostView) touch the real block.
//
// Streams: each one owns a worker thread and a FIFO queue; enqueue() returns at once and the work
// runs later, in order, as on a GPU stream.
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "backends/device.h"

namespace tforge::backends {
namespace {

constexpr uintptr_t kTag = uintptr_t(1) << 62;

void report(const char* what) { std::fprintf(stderr, "tensorforge test device: %s\n", what); }

void reportPtr(const char* fmt, const void* p) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, p);
    report(buf);
}

//! A one-shot completion flag: set once by the recording stream's worker.
class TestEvent final : public Event {
public:
    void complete() {
        std::lock_guard<std::mutex> lock(m_);
        done_ = true;
        cv_.notify_all();
    }
    void synchronize() override {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return done_; });
    }
    bool query() override {
        std::lock_guard<std::mutex> lock(m_);
        return done_;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool done_{false};
};

class TestDevice;

class TestStream final : public Stream {
public:
    explicit TestStream(TestDevice& device);
    ~TestStream() override;

    void enqueue(std::function<void()> work) override {
        if (!work) return;
        {
            std::lock_guard<std::mutex> lock(m_);
            queue_.push_back(std::move(work));
            ++submitted_;
        }
        workCv_.notify_one();
    }

    void synchronize() override {
        if (std::this_thread::get_id() == workerId_) {
            // Waiting for itself would never return: the item running now is part of what it waits for.
            report("Stream::synchronize() called from the stream's own worker (a task waiting for itself); "
                   "ignored");
            return;
        }
        std::unique_lock<std::mutex> lock(m_);
        const uint64_t target = submitted_;
        idleCv_.wait(lock, [&] { return completed_ >= target; });
    }

    std::shared_ptr<Event> record() override {
        auto e = std::make_shared<TestEvent>();
        enqueue([e] { e->complete(); });
        return e;
    }

    void wait(const std::shared_ptr<Event>& e) override {
        if (!e) return;
        std::shared_ptr<Event> keep = e;
        enqueue([keep] { keep->synchronize(); });
    }

    void* handle() override { return this; }

private:
    void loop() {
        std::unique_lock<std::mutex> lock(m_);
        for (;;) {
            workCv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stop_ and drained
            std::function<void()> work = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            try {
                work();
            } catch (const std::exception& ex) {
                char buf[512];
                std::snprintf(buf, sizeof buf, "a task on a stream threw (%s); the stream goes on", ex.what());
                report(buf);
            } catch (...) {
                report("a task on a stream threw; the stream goes on");
            }
            work = nullptr;  // destroy captures before reporting completion
            lock.lock();
            ++completed_;
            idleCv_.notify_all();
        }
    }

    TestDevice& device_;
    std::mutex m_;
    std::condition_variable workCv_, idleCv_;
    std::deque<std::function<void()>> queue_;
    uint64_t submitted_{0}, completed_{0};
    bool stop_{false};
    std::thread worker_;
    std::thread::id workerId_;
};

class TestDevice final : public Device {
public:
    TestDevice() : default_(std::make_unique<TestStream>(*this)) {}

    DeviceType type() const override { return DeviceType::kTEST; }
    const char* name() const override { return "test"; }
    bool hostAccessible() const override { return false; }

    void* allocate(size_t bytes) override {
        if (bytes > SIZE_MAX - 63) return nullptr;
        const size_t rounded = std::max<size_t>(64, (bytes + 63) / 64 * 64);
        void* real = std::aligned_alloc(64, rounded);
        if (real == nullptr) return nullptr;
        std::memset(real, 0xFF, rounded);  // poison: NaN as fp32, so unwritten outputs show
        {
            std::lock_guard<std::mutex> lock(memMutex_);
            blocks_[reinterpret_cast<uintptr_t>(real)] = bytes;  // the size asked for: views past it fail
        }
        return tag(real);
    }

    void release(void* p) override {
        if (p == nullptr) return;
        const uintptr_t real = reinterpret_cast<uintptr_t>(p) ^ kTag;
        {
            std::lock_guard<std::mutex> lock(memMutex_);
            auto it = blocks_.find(real);
            if (it == blocks_.end()) {
                reportPtr("release(%p): not a live test-device allocation (double free, or memory of another "
                          "device); ignored",
                          p);
                return;
            }
            blocks_.erase(it);
        }
        std::free(reinterpret_cast<void*>(real));
    }

    void copy(void* dst, const void* src, size_t bytes, CopyKind kind, Stream* stream) override {
        if (bytes == 0) return;
        void* d = nullptr;
        const void* s = nullptr;
        if (!resolve(dst, src, bytes, kind, &d, &s)) return;
        if (stream == nullptr) {
            std::memmove(d, s, bytes);
            return;
        }
        // Resolved again when the copy runs: the blocks may have been released in between (a bug of
        // the caller, which is reported instead of touching freed memory).
        stream->enqueue([this, dst, src, bytes, kind] {
            void* d2 = nullptr;
            const void* s2 = nullptr;
            if (resolve(dst, src, bytes, kind, &d2, &s2)) std::memmove(d2, s2, bytes);
        });
    }

    Stream* streamFromHandle(void* handle) override {
        if (handle == nullptr) return default_.get();
        std::lock_guard<std::mutex> lock(streamMutex_);
        Stream* s = static_cast<Stream*>(handle);
        return live_.count(s) ? s : nullptr;
    }

    std::unique_ptr<Stream> createStream() override { return std::make_unique<TestStream>(*this); }

    //! The untagged address for a pointer into a live block, its end (one past the last byte asked
    //! for, where an empty tensor may sit) included; nullptr for anything else.
    void* hostView(const void* p) const override { return hostRange(p, 0); }

    // Stream registry (TestStream's constructor and destructor).
    void addStream(Stream* s) {
        std::lock_guard<std::mutex> lock(streamMutex_);
        live_.insert(s);
    }
    void removeStream(Stream* s) {
        std::lock_guard<std::mutex> lock(streamMutex_);
        live_.erase(s);
    }

private:
    static void* tag(void* real) { return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(real) ^ kTag); }

    //! The host address behind [p, p + bytes) if the whole range lies in one live block (p may be the
    //! block's end when bytes == 0), else nullptr.
    void* hostRange(const void* p, size_t bytes) const {
        if (p == nullptr) return nullptr;
        const uintptr_t real = reinterpret_cast<uintptr_t>(p) ^ kTag;
        std::lock_guard<std::mutex> lock(memMutex_);
        auto it = blocks_.upper_bound(real);
        if (it == blocks_.begin()) return nullptr;
        --it;
        const uintptr_t offset = real - it->first;
        if (offset > it->second || bytes > it->second - offset) return nullptr;
        return reinterpret_cast<void*>(real);
    }

    //! Whether p looks like a test-device address (tag bit set, top bit clear): host code must not
    //! dereference it even when it is not live any more.
    static bool looksTagged(const void* p) {
        const uintptr_t u = reinterpret_cast<uintptr_t>(p);
        return (u & kTag) != 0 && (u >> 63) == 0;
    }

    bool resolveDevice(const void* p, size_t bytes, const char* role, void** out) const {
        *out = hostRange(p, bytes);
        if (*out == nullptr) {
            char buf[256];
            std::snprintf(buf, sizeof buf,
                          "copy: %s %p (%zu bytes) is not inside a live test-device allocation; copy skipped",
                          role, p, bytes);
            report(buf);
            return false;
        }
        return true;
    }

    static bool checkHost(const void* p, const char* role) {
        if (p == nullptr || looksTagged(p)) {
            char buf[256];
            std::snprintf(buf, sizeof buf,
                          "copy: %s %p should be host memory but is %s; copy skipped", role, p,
                          p == nullptr ? "null" : "a test-device address");
            report(buf);
            return false;
        }
        return true;
    }

    bool resolve(void* dst, const void* src, size_t bytes, CopyKind kind, void** d, const void** s) const {
        void* sv = nullptr;
        switch (kind) {
            case CopyKind::kHostToDevice:
                if (!checkHost(src, "source") || !resolveDevice(dst, bytes, "destination", d)) return false;
                *s = src;
                return true;
            case CopyKind::kDeviceToHost:
                if (!checkHost(dst, "destination") || !resolveDevice(src, bytes, "source", &sv)) return false;
                *d = dst;
                *s = sv;
                return true;
            case CopyKind::kDeviceToDevice:
                if (!resolveDevice(src, bytes, "source", &sv) || !resolveDevice(dst, bytes, "destination", d))
                    return false;
                *s = sv;
                return true;
        }
        report("copy: unknown copy kind; copy skipped");
        return false;
    }

    mutable std::mutex memMutex_;
    std::map<uintptr_t, size_t> blocks_;  // real address -> bytes asked for
    std::mutex streamMutex_;
    std::set<Stream*> live_;
    std::unique_ptr<TestStream> default_;  // last: created after the registry it joins
};

TestStream::TestStream(TestDevice& device) : device_(device) {
    worker_ = std::thread([this] { loop(); });
    workerId_ = worker_.get_id();
    device_.addStream(this);
}

TestStream::~TestStream() {
    device_.removeStream(this);
    synchronize();
    {
        std::lock_guard<std::mutex> lock(m_);
        stop_ = true;
    }
    workCv_.notify_all();
    if (worker_.get_id() == std::this_thread::get_id()) {
        // The worker would go on running inside a freed object: there is no safe way to continue.
        report("a stream destroyed by a task running on that stream; aborting");
        std::abort();
    }
    worker_.join();
}

}  // namespace

Device* testDevice() {
    // Never destroyed: streams and allocations that outlive static destruction (a static engine, a
    // user's global buffer) must still find the device. Its default stream's worker idles at exit.
    static TestDevice* d = new TestDevice;
    return d;
}

}  // namespace tforge::backends
