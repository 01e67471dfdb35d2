// Device memory, copies, streams and events for TensorForge's own devices (the CPU device and the
// test device, DeviceType::kTEST), which have no CUDA runtime to allocate or copy with. For
// DeviceType::kCPU these work on plain host memory and streams run work inline; a device type with no
// device compiled in gives nullptr / false. Nothing throws; errors are reported on stderr.
//
// Streams and events are opaque handles. A stream handle is what IExecutionContext::enqueueV3 takes;
// nullptr means the device's default stream (the one enqueueV3(nullptr) runs on).
#pragma once
#include <cstddef>

#include "tensorforge/types.h"

namespace tforge {

//! Device memory, 64-byte aligned (nullptr on failure; bytes == 0 gives a valid unique pointer).
//! Test-device memory is not host-dereferenceable: read and write it only with the copies below.
void* deviceMalloc(DeviceType device, size_t bytes) noexcept;
//! Frees deviceMalloc memory; nullptr is a no-op.
void deviceFree(DeviceType device, void* p) noexcept;

//! Copies `bytes`. With a stream: ordered after the work already enqueued on it and returning at once
//! (keep the host buffer alive and unchanged until the stream is synchronized, as with
//! cudaMemcpyAsync). With stream == nullptr: after the work of the device's default stream, and
//! finished when the call returns. False for a missing device, a null pointer, memory that is not
//! this device's where device memory is expected, or an unknown stream.
bool memcpyHostToDevice(DeviceType device, void* dst, const void* src, size_t bytes, void* stream = nullptr) noexcept;
bool memcpyDeviceToHost(DeviceType device, void* dst, const void* src, size_t bytes, void* stream = nullptr) noexcept;
bool memcpyDeviceToDevice(DeviceType device, void* dst, const void* src, size_t bytes,
                          void* stream = nullptr) noexcept;

//! A new stream of the device (nullptr on failure); destroy it with streamDestroy, which first waits
//! for its work.
void* streamCreate(DeviceType device) noexcept;
void streamDestroy(DeviceType device, void* stream) noexcept;
//! Blocks until all work enqueued on the stream (nullptr: the default stream) has run.
bool streamSynchronize(DeviceType device, void* stream) noexcept;

//! An event that completes when the work enqueued on `stream` so far has run (nullptr on failure).
//! Destroy it with eventDestroy.
void* eventRecord(DeviceType device, void* stream) noexcept;
//! Blocks until the event has completed.
bool eventSynchronize(DeviceType device, void* event) noexcept;
//! Whether the event has completed (never blocks); false for an unknown event too.
bool eventQuery(DeviceType device, void* event) noexcept;
//! Makes work enqueued on `stream` later wait for `event` (which may come from another stream).
bool streamWaitEvent(DeviceType device, void* stream, void* event) noexcept;
void eventDestroy(DeviceType device, void* event) noexcept;

}  // namespace tforge
