// Runtime side: IRuntime, ICudaEngine (the name TensorRT users know; it runs on any device)
// and IExecutionContext.
#pragma once
#include "tensorforge/logger.h"

namespace tforge {

class IExecutionContext;
class IEngineInspector;

//! How IEngineInspector prints (TensorRT's values).
enum class LayerInformationFormat : int32_t { kONELINE = 0, kJSON = 1 };

//! An optimized network for one device. Immutable and shareable by many contexts.
class ICudaEngine {
public:
    virtual int32_t getNbIOTensors() const noexcept = 0;
    virtual const char* getIOTensorName(int32_t index) const noexcept = 0;
    virtual TensorIOMode getTensorIOMode(const char* tensorName) const noexcept = 0;
    //! Shape with -1 for dynamic dimensions; nbDims == -1 for an unknown name.
    virtual Dims getTensorShape(const char* tensorName) const noexcept = 0;
    virtual DataType getTensorDataType(const char* tensorName) const noexcept = 0;
    virtual TensorFormat getTensorFormat(const char* tensorName) const noexcept = 0;
    virtual int32_t getNbOptimizationProfiles() const noexcept = 0;
    virtual Dims getProfileShape(const char* tensorName, int32_t profileIndex,
                                 OptProfileSelector select) const noexcept = 0;
    virtual int32_t getNbLayers() const noexcept = 0;
    //! Bytes of activation memory each execution context allocates (the planned arena).
    virtual int64_t getDeviceMemorySizeV2() const noexcept = 0;
    virtual size_t getDeviceMemorySize() const noexcept = 0;
    virtual DeviceType getDeviceType() const noexcept = 0;
    virtual IHostMemory* serialize() const noexcept = 0;
    virtual IExecutionContext* createExecutionContext() noexcept = 0;
    virtual const char* getName() const noexcept = 0;
    virtual void setErrorRecorder(IErrorRecorder* recorder) noexcept = 0;
    virtual IErrorRecorder* getErrorRecorder() const noexcept = 0;
    //! A context that uses memory the caller provides with IExecutionContext::setDeviceMemoryV2 (at
    //! least getDeviceMemorySizeV2() bytes of the engine's device, 256-byte aligned).
    virtual IExecutionContext* createExecutionContextWithoutDeviceMemory() noexcept = 0;
    //! Legacy (TensorRT <= 7) engines built from an implicit-batch network: the batch bound, else 1.
    virtual int32_t getMaxBatchSize() const noexcept = 0;
    virtual bool hasImplicitBatchDimension() const noexcept = 0;
    //! An inspector of the engine's layers after fusion (delete it before the engine).
    virtual IEngineInspector* createEngineInspector() const noexcept = 0;
    virtual ~ICudaEngine() = default;
};

//! Per-run state of an engine: input shapes, tensor addresses, activation memory.
//! Use one context per thread (contexts of one engine may run concurrently).
class IExecutionContext {
public:
    virtual const ICudaEngine& getEngine() const noexcept = 0;
    //! Must lie within the active optimization profile; returns false and logs otherwise.
    virtual bool setInputShape(const char* tensorName, const Dims& dims) noexcept = 0;
    //! Input shapes as set; output shapes as inferred from them (-1 while inputs are unset).
    virtual Dims getTensorShape(const char* tensorName) const noexcept = 0;
    virtual bool allInputDimensionsSpecified() const noexcept = 0;
    virtual bool setTensorAddress(const char* tensorName, void* data) noexcept = 0;
    virtual const void* getTensorAddress(const char* tensorName) const noexcept = 0;
    virtual bool setInputTensorAddress(const char* tensorName, const void* data) noexcept = 0;
    virtual bool setOptimizationProfileAsync(int32_t profileIndex, void* stream) noexcept = 0;
    virtual int32_t getOptimizationProfile() const noexcept = 0;
    //! Runs the network on `stream` (nullptr: the device's default stream). On the CPU device the work
    //! is done when this returns; on other devices it returns at once and the work runs in stream
    //! order (synchronize the stream before reading outputs). Errors found while the work runs are
    //! reported through the logger/error recorder.
    virtual bool enqueueV3(void* stream) noexcept = 0;
    //! Synchronous run; bindings[i] is the address of I/O tensor i (engine's getIOTensorName order).
    virtual bool executeV2(void* const* bindings) noexcept = 0;
    virtual void setProfiler(IProfiler* profiler) noexcept = 0;
    virtual IProfiler* getProfiler() const noexcept = 0;
    virtual void setName(const char* name) noexcept = 0;
    virtual const char* getName() const noexcept = 0;
    virtual void setErrorRecorder(IErrorRecorder* recorder) noexcept = 0;
    virtual IErrorRecorder* getErrorRecorder() const noexcept = 0;
    //! Activation memory for a context made by createExecutionContextWithoutDeviceMemory.
    virtual void setDeviceMemoryV2(void* memory, int64_t size) noexcept = 0;
    virtual ~IExecutionContext() = default;
};

//! What the builder made of a network: each layer after fusion (the original layers it absorbed,
//! the chosen backend and tactic per profile, I/O shapes, types, formats and locations) and the
//! engine's memory. Unlike TensorRT the details do not depend on ProfilingVerbosity: plans always
//! carry them. The returned strings stay valid until the next call on this inspector.
class IEngineInspector {
public:
    //! Shapes are reported for this context's input shapes (and its profile's tactics); nullptr
    //! reports the engine's shapes (-1 where dynamic) and profile 0. False for a context of
    //! another engine.
    virtual bool setExecutionContext(const IExecutionContext* context) noexcept = 0;
    virtual const IExecutionContext* getExecutionContext() const noexcept = 0;
    //! One layer (index < ICudaEngine::getNbLayers()); nullptr for a bad index.
    virtual const char* getLayerInformation(int32_t layerIndex, LayerInformationFormat format) const noexcept = 0;
    //! Every layer and the engine's bindings and memory.
    virtual const char* getEngineInformation(LayerInformationFormat format) const noexcept = 0;
    virtual void setErrorRecorder(IErrorRecorder* recorder) noexcept = 0;
    virtual IErrorRecorder* getErrorRecorder() const noexcept = 0;
    virtual ~IEngineInspector() = default;
};

class IRuntime {
public:
    //! Loads a plan. Returns nullptr and logs why (truncated, corrupt, other version, other device).
    virtual ICudaEngine* deserializeCudaEngine(const void* blob, size_t size) noexcept = 0;
    virtual void setErrorRecorder(IErrorRecorder* recorder) noexcept = 0;
    virtual IErrorRecorder* getErrorRecorder() const noexcept = 0;
    virtual ILogger* getLogger() const noexcept = 0;
    virtual void setMaxThreads(int32_t maxThreads) noexcept = 0;
    virtual int32_t getMaxThreads() const noexcept = 0;
    virtual ~IRuntime() = default;
};

IRuntime* createInferRuntime(ILogger& logger) noexcept;

}  // namespace tforge
