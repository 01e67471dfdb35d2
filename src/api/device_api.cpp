// include/tensorforge/device.h: thin, non-throwing wrappers over backends::findDevice. Streams and
// events created here are owned by registries here, so a destroyed or foreign handle is refused with
// a message instead of being dereferenced.
#include "tensorforge/device.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include "backends/device.h"

namespace tforge {
namespace {

using backends::CopyKind;
using backends::Device;
using backends::Event;
using backends::Stream;

void report(const char* fn, const char* what) { std::fprintf(stderr, "tensorforge %s: %s\n", fn, what); }

Device* deviceFor(DeviceType type, const char* fn) {
    Device* d = backends::findDevice(type);
    if (d == nullptr) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "no device of type %d in this build", static_cast<int>(type));
        report(fn, buf);
    }
    return d;
}

struct OwnedStream {
    DeviceType type;
    std::unique_ptr<Stream> stream;
};
struct OwnedEvent {
    DeviceType type;
    std::shared_ptr<Event> event;
};

std::mutex& registryMutex() {
    static auto* m = new std::mutex;  // never destroyed, as the registries
    return *m;
}
std::map<void*, OwnedStream>& streams() {
    static auto* m = new std::map<void*, OwnedStream>;  // never destroyed: handles may outlive statics
    return *m;
}
std::map<void*, OwnedEvent>& events() {
    static auto* m = new std::map<void*, OwnedEvent>;
    return *m;
}

Stream* streamFor(Device* d, void* handle, const char* fn) {
    Stream* s = d->streamFromHandle(handle);
    if (s == nullptr) report(fn, "not a stream of this device (destroyed, or created for another device)");
    return s;
}

std::shared_ptr<Event> eventFor(DeviceType type, void* handle, const char* fn) {
    std::lock_guard<std::mutex> lock(registryMutex());
    auto it = events().find(handle);
    if (it == events().end() || it->second.type != type) {
        report(fn, "not a live event of this device");
        return nullptr;
    }
    return it->second.event;
}

//! Whether p is memory of device d where device memory is expected. Devices whose memory lies in the
//! host address space (cpu, test) can tell through hostView; for others only null is caught here.
bool isDeviceMemory(Device* d, const void* p, size_t bytes) {
    if (p == nullptr) return false;
    if (d->hostAccessible() || d->type() != DeviceType::kTEST) return true;
    // hostView accepts the end of a block (one past its last byte), so this checks [p, p + bytes).
    return d->hostView(p) != nullptr && d->hostView(static_cast<const char*>(p) + bytes) != nullptr;
}

bool copyImpl(const char* fn, DeviceType type, void* dst, const void* src, size_t bytes, CopyKind kind,
              void* stream) {
    Device* d = deviceFor(type, fn);
    if (d == nullptr) return false;
    if (bytes == 0) return true;
    const bool dstDevice = kind != CopyKind::kDeviceToHost;
    const bool srcDevice = kind != CopyKind::kHostToDevice;
    if (dst == nullptr || src == nullptr) {
        report(fn, "null pointer");
        return false;
    }
    if ((dstDevice && !isDeviceMemory(d, dst, bytes)) || (srcDevice && !isDeviceMemory(d, src, bytes))) {
        report(fn, dstDevice && !isDeviceMemory(d, dst, bytes)
                       ? "destination is not memory of this device (or the range runs past its allocation)"
                       : "source is not memory of this device (or the range runs past its allocation)");
        return false;
    }
    if ((!dstDevice && d->hostView(dst) != nullptr && !d->hostAccessible()) ||
        (!srcDevice && d->hostView(src) != nullptr && !d->hostAccessible())) {
        report(fn, "host pointer expected, got device memory");
        return false;
    }
    Stream* s = streamFor(d, stream, fn);
    if (s == nullptr) return false;
    d->copy(dst, src, bytes, kind, s);
    if (stream == nullptr) s->synchronize();  // synchronous: ordered after the default stream's work
    return true;
}

}  // namespace

void* deviceMalloc(DeviceType type, size_t bytes) noexcept {
    try {
        Device* d = deviceFor(type, "deviceMalloc");
        return d ? d->allocate(bytes) : nullptr;
    } catch (...) {
        report("deviceMalloc", "allocation failed");
        return nullptr;
    }
}

void deviceFree(DeviceType type, void* p) noexcept {
    if (p == nullptr) return;
    try {
        if (Device* d = deviceFor(type, "deviceFree")) d->release(p);
    } catch (...) {
        report("deviceFree", "failed");
    }
}

bool memcpyHostToDevice(DeviceType type, void* dst, const void* src, size_t bytes, void* stream) noexcept {
    try {
        return copyImpl("memcpyHostToDevice", type, dst, src, bytes, CopyKind::kHostToDevice, stream);
    } catch (...) {
        return false;
    }
}

bool memcpyDeviceToHost(DeviceType type, void* dst, const void* src, size_t bytes, void* stream) noexcept {
    try {
        return copyImpl("memcpyDeviceToHost", type, dst, src, bytes, CopyKind::kDeviceToHost, stream);
    } catch (...) {
        return false;
    }
}

bool memcpyDeviceToDevice(DeviceType type, void* dst, const void* src, size_t bytes, void* stream) noexcept {
    try {
        return copyImpl("memcpyDeviceToDevice", type, dst, src, bytes, CopyKind::kDeviceToDevice, stream);
    } catch (...) {
        return false;
    }
}

void* streamCreate(DeviceType type) noexcept {
    try {
        Device* d = deviceFor(type, "streamCreate");
        if (d == nullptr) return nullptr;
        std::unique_ptr<Stream> s = d->createStream();
        if (!s) return nullptr;
        void* h = s->handle();
        std::lock_guard<std::mutex> lock(registryMutex());
        streams()[h] = OwnedStream{type, std::move(s)};
        return h;
    } catch (...) {
        report("streamCreate", "failed");
        return nullptr;
    }
}

void streamDestroy(DeviceType type, void* stream) noexcept {
    if (stream == nullptr) return;
    try {
        std::unique_ptr<Stream> doomed;
        {
            std::lock_guard<std::mutex> lock(registryMutex());
            auto it = streams().find(stream);
            if (it == streams().end() || it->second.type != type) {
                report("streamDestroy", "not a stream created by streamCreate for this device; ignored");
                return;
            }
            doomed = std::move(it->second.stream);
            streams().erase(it);
        }
        doomed.reset();  // waits for its work, outside the registry lock
    } catch (...) {
        report("streamDestroy", "failed");
    }
}

bool streamSynchronize(DeviceType type, void* stream) noexcept {
    try {
        Device* d = deviceFor(type, "streamSynchronize");
        if (d == nullptr) return false;
        Stream* s = streamFor(d, stream, "streamSynchronize");
        if (s == nullptr) return false;
        s->synchronize();
        return true;
    } catch (...) {
        return false;
    }
}

void* eventRecord(DeviceType type, void* stream) noexcept {
    try {
        Device* d = deviceFor(type, "eventRecord");
        if (d == nullptr) return nullptr;
        Stream* s = streamFor(d, stream, "eventRecord");
        if (s == nullptr) return nullptr;
        std::shared_ptr<Event> e = s->record();
        if (!e) return nullptr;
        // The handle is a heap cell of its own: Event objects of inline streams may be shared.
        auto* cell = new char;
        std::lock_guard<std::mutex> lock(registryMutex());
        events()[cell] = OwnedEvent{type, std::move(e)};
        return cell;
    } catch (...) {
        report("eventRecord", "failed");
        return nullptr;
    }
}

bool eventSynchronize(DeviceType type, void* event) noexcept {
    try {
        std::shared_ptr<Event> e = eventFor(type, event, "eventSynchronize");
        if (!e) return false;
        e->synchronize();
        return true;
    } catch (...) {
        return false;
    }
}

bool eventQuery(DeviceType type, void* event) noexcept {
    try {
        std::shared_ptr<Event> e = eventFor(type, event, "eventQuery");
        return e && e->query();
    } catch (...) {
        return false;
    }
}

bool streamWaitEvent(DeviceType type, void* stream, void* event) noexcept {
    try {
        Device* d = deviceFor(type, "streamWaitEvent");
        if (d == nullptr) return false;
        Stream* s = streamFor(d, stream, "streamWaitEvent");
        if (s == nullptr) return false;
        std::shared_ptr<Event> e = eventFor(type, event, "streamWaitEvent");
        if (!e) return false;
        s->wait(e);
        return true;
    } catch (...) {
        return false;
    }
}

void eventDestroy(DeviceType type, void* event) noexcept {
    if (event == nullptr) return;
    try {
        std::lock_guard<std::mutex> lock(registryMutex());
        auto it = events().find(event);
        if (it == events().end() || it->second.type != type) {
            report("eventDestroy", "not a live event of this device; ignored");
            return;
        }
        delete static_cast<char*>(it->first);
        events().erase(it);
    } catch (...) {
        report("eventDestroy", "failed");
    }
}

}  // namespace tforge
