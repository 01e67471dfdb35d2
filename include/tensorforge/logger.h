// Logging, error recording, profiling and host-memory interfaces shared by builder and runtime.
#pragma once
#include "tensorforge/types.h"

namespace tforge {

//! Receives every message of the library. Implement log(); it may be called from any thread.
class ILogger {
public:
    enum class Severity : int32_t { kINTERNAL_ERROR = 0, kERROR = 1, kWARNING = 2, kINFO = 3, kVERBOSE = 4 };
    virtual void log(Severity severity, const char* msg) noexcept = 0;
    virtual ~ILogger() = default;
};

//! Collects errors for the caller to inspect (TensorRT's IErrorRecorder).
//! The library calls reportError(); incRefCount/decRefCount track the objects holding it.
class IErrorRecorder {
public:
    using ErrorDesc = const char*;
    using RefCount = int32_t;
    static constexpr size_t kMAX_DESC_LENGTH = 127;
    virtual int32_t getNbErrors() const noexcept = 0;
    virtual ErrorCode getErrorCode(int32_t errorIdx) const noexcept = 0;
    virtual ErrorDesc getErrorDesc(int32_t errorIdx) const noexcept = 0;
    virtual bool hasOverflowed() const noexcept = 0;
    virtual void clear() noexcept = 0;
    //! Returns true if the library should treat the error as fatal (ignored by TensorForge).
    virtual bool reportError(ErrorCode val, ErrorDesc desc) noexcept = 0;
    virtual RefCount incRefCount() noexcept = 0;
    virtual RefCount decRefCount() noexcept = 0;
    virtual ~IErrorRecorder() = default;
};

//! Receives per-layer execution times after each run of a context it is attached to.
class IProfiler {
public:
    virtual void reportLayerTime(const char* layerName, float ms) noexcept = 0;
    virtual ~IProfiler() = default;
};

//! Bytes owned by the library (a serialized plan). Delete it to free them.
class IHostMemory {
public:
    virtual void* data() const noexcept = 0;
    virtual size_t size() const noexcept = 0;
    virtual DataType type() const noexcept = 0;
    virtual ~IHostMemory() = default;
};

}  // namespace tforge
