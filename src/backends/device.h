// Devices: memory spaces, streams, events and copies (docs/ARCHITECTURE.md "Devices, backends,
// kernels"). A device says whether host code may dereference its pointers; the builder inserts Copy
// nodes wherever a tensor moves between devices, and the runtime orders all work of one enqueue on
// one stream of the engine's device.
//
// Streams of the CPU device run work inline: enqueue() executes on the calling thread before it
// returns, so enqueueV3 on a CPU engine returns with the results written and synchronize() has
// nothing to wait for. Streams of other devices (the test device, CUDA) return at once and run the
// work later, in order; synchronize() waits for it.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "tensorforge/types.h"

namespace tforge::backends {

class Event {
public:
    virtual ~Event() = default;
    //! Blocks until all work enqueued on the recording stream before record() has finished.
    virtual void synchronize() = 0;
    //! True once that work has finished (never blocks).
    virtual bool query() = 0;
};

class Stream {
public:
    virtual ~Stream() = default;
    //! Runs `work` after everything enqueued on this stream before it.
    virtual void enqueue(std::function<void()> work) = 0;
    //! Blocks until everything enqueued so far has run.
    virtual void synchronize() = 0;
    //! An event that completes when the work enqueued so far has run.
    virtual std::shared_ptr<Event> record() = 0;
    //! Makes later work on this stream wait for `e`.
    virtual void wait(const std::shared_ptr<Event>& e) = 0;
    //! The opaque handle users pass to enqueueV3 for this stream.
    virtual void* handle() = 0;
};

enum class CopyKind : int32_t { kHostToDevice, kDeviceToHost, kDeviceToDevice };

class Device {
public:
    virtual ~Device() = default;
    virtual DeviceType type() const = 0;
    virtual const char* name() const = 0;
    //! Whether host code may read and write this device's memory directly.
    virtual bool hostAccessible() const = 0;
    //! Device memory, 64-byte aligned; nullptr on failure. bytes == 0 gives a valid unique pointer.
    virtual void* allocate(size_t bytes) = 0;
    virtual void release(void* p) = 0;
    //! Copies `bytes`, ordered on `stream` (nullptr: synchronously, now).
    virtual void copy(void* dst, const void* src, size_t bytes, CopyKind kind, Stream* stream) = 0;
    //! The stream for a user's handle; nullptr handle means the device's default stream. Returns
    //! nullptr for a handle that is not a stream of this device.
    virtual Stream* streamFromHandle(void* handle) = 0;
    virtual std::unique_ptr<Stream> createStream() = 0;
    //! Host address behind a device pointer, for kernels of this device that execute on the host
    //! (the CPU device: the pointer itself; the test device: its untagged address). nullptr where the
    //! device's memory is not in the host address space (CUDA).
    virtual void* hostView(const void* p) const = 0;
};

//! The devices compiled in (process-wide singletons); nullptr for a type without a device here.
Device* findDevice(DeviceType type);
Device* cpuDevice();
Device* testDevice();

}  // namespace tforge::backends
