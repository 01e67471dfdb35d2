// The CPU device: host memory, and streams that run work inline on the calling thread (so an
// enqueueV3 on a CPU engine has finished when it returns; see device.h).
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "backends/device.h"

namespace tforge::backends {
namespace {

class DoneEvent final : public Event {
public:
    void synchronize() override {}
    bool query() override { return true; }
};

class InlineStream final : public Stream {
public:
    void enqueue(std::function<void()> work) override { work(); }
    void synchronize() override {}
    std::shared_ptr<Event> record() override { return std::make_shared<DoneEvent>(); }
    void wait(const std::shared_ptr<Event>& e) override {
        if (e) e->synchronize();
    }
    void* handle() override { return this; }
};

class CpuDevice final : public Device {
public:
    DeviceType type() const override { return DeviceType::kCPU; }
    const char* name() const override { return "cpu"; }
    bool hostAccessible() const override { return true; }
    void* allocate(size_t bytes) override {
        // 64-byte alignment suits AVX-512 loads and matches the plan's weight alignment.
        const size_t rounded = (bytes + 63) / 64 * 64;
        return std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    }
    void release(void* p) override { std::free(p); }
    void copy(void* dst, const void* src, size_t bytes, CopyKind, Stream*) override {
        if (bytes) std::memmove(dst, src, bytes);
    }
    // Any handle is accepted: CPU work runs inline, so a foreign handle (a tensorforge.cuda.Stream,
    // a pycuda-style integer) orders nothing and needs nothing.
    Stream* streamFromHandle(void*) override { return &default_; }
    std::unique_ptr<Stream> createStream() override { return std::make_unique<InlineStream>(); }
    void* hostView(const void* p) const override { return const_cast<void*>(p); }

private:
    InlineStream default_;
};

}  // namespace

Device* cpuDevice() {
    static CpuDevice d;
    return &d;
}

Device* findDevice(DeviceType type) {
    switch (type) {
        case DeviceType::kCPU: return cpuDevice();
        case DeviceType::kTEST: return testDevice();
        default: return nullptr;
    }
}

}  // namespace tforge::backends
