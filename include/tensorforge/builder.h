// Build side: IBuilder, IBuilderConfig, IOptimizationProfile.
#pragma once
#include "tensorforge/network.h"
#include "tensorforge/runtime.h"

namespace tforge {

//! min/opt/max shapes for each dynamic network input.
class IOptimizationProfile {
public:
    virtual bool setDimensions(const char* inputName, OptProfileSelector select, const Dims& dims) noexcept = 0;
    virtual Dims getDimensions(const char* inputName, OptProfileSelector select) const noexcept = 0;
    virtual bool isValid() const noexcept = 0;
    virtual ~IOptimizationProfile() = default;
};

//! Measured tactic timings, reusable across builds (IBuilderConfig::setTimingCache). Keyed by op
//! signature (op, attributes, shapes, types, formats) and valid for the device, CPU ISA, library
//! and backend versions it was recorded with; a cache from elsewhere is ignored with a warning.
class ITimingCache {
public:
    virtual IHostMemory* serialize() const noexcept = 0;
    //! Adds `inputCache`'s entries (keeping the faster one per key). Refuses a cache recorded with
    //! other devices or versions unless ignoreMismatch.
    virtual bool combine(const ITimingCache& inputCache, bool ignoreMismatch) noexcept = 0;
    virtual bool reset() noexcept = 0;
    virtual ~ITimingCache() = default;
};

class IBuilderConfig {
public:
    virtual void setMemoryPoolLimit(MemoryPoolType pool, size_t poolSize) noexcept = 0;
    virtual size_t getMemoryPoolLimit(MemoryPoolType pool) const noexcept = 0;
    virtual void setFlags(uint32_t builderFlags) noexcept = 0;
    virtual uint32_t getFlags() const noexcept = 0;
    virtual void setFlag(BuilderFlag flag) noexcept = 0;
    virtual void clearFlag(BuilderFlag flag) noexcept = 0;
    virtual bool getFlag(BuilderFlag flag) const noexcept = 0;
    //! Returns the index of the profile, or -1 if it is invalid.
    virtual int32_t addOptimizationProfile(const IOptimizationProfile* profile) noexcept = 0;
    virtual int32_t getNbOptimizationProfiles() const noexcept = 0;
    virtual void setDefaultDeviceType(DeviceType deviceType) noexcept = 0;
    virtual DeviceType getDefaultDeviceType() const noexcept = 0;
    //! Bit mask of (1 << TacticSource); default: every source of the device.
    virtual bool setTacticSources(TacticSources sources) noexcept = 0;
    virtual TacticSources getTacticSources() const noexcept = 0;
    virtual void setProfilingVerbosity(ProfilingVerbosity verbosity) noexcept = 0;
    virtual ProfilingVerbosity getProfilingVerbosity() const noexcept = 0;
    virtual void setBuilderOptimizationLevel(int32_t level) noexcept = 0;
    virtual int32_t getBuilderOptimizationLevel() const noexcept = 0;
    virtual void reset() noexcept = 0;
    //! A timing cache from serialized bytes (size 0: an empty one for this machine); nullptr and an
    //! error if the bytes are damaged. The caller owns (deletes) it.
    virtual ITimingCache* createTimingCache(const void* blob, size_t size) const noexcept = 0;
    //! Builds use and update `cache` (the caller keeps it alive). With ignoreMismatch a cache from
    //! another machine or version is used as is; otherwise its entries are ignored, with a warning.
    virtual bool setTimingCache(const ITimingCache& cache, bool ignoreMismatch) noexcept = 0;
    virtual const ITimingCache* getTimingCache() const noexcept = 0;
    virtual ~IBuilderConfig() = default;
};

class IBuilder {
public:
    //! flags: bits of NetworkDefinitionCreationFlag; networks are always explicit batch.
    virtual INetworkDefinition* createNetworkV2(NetworkDefinitionCreationFlags flags) noexcept = 0;
    virtual IBuilderConfig* createBuilderConfig() noexcept = 0;
    virtual IOptimizationProfile* createOptimizationProfile() noexcept = 0;
    //! Validates, optimizes and compiles the network; returns the plan or nullptr (errors logged).
    virtual IHostMemory* buildSerializedNetwork(INetworkDefinition& network, IBuilderConfig& config) noexcept = 0;
    virtual bool isNetworkSupported(const INetworkDefinition& network, const IBuilderConfig& config) const noexcept = 0;
    virtual bool platformHasFastFp16() const noexcept = 0;
    virtual bool platformHasFastInt8() const noexcept = 0;
    virtual bool platformHasTf32() const noexcept = 0;
    virtual int32_t getNbDLACores() const noexcept = 0;
    virtual void setMaxThreads(int32_t maxThreads) noexcept = 0;
    virtual int32_t getMaxThreads() const noexcept = 0;
    virtual ILogger* getLogger() const noexcept = 0;
    virtual void setErrorRecorder(IErrorRecorder* recorder) noexcept = 0;
    virtual IErrorRecorder* getErrorRecorder() const noexcept = 0;
    virtual void reset() noexcept = 0;
    //! Legacy (TensorRT <= 9): the largest batch of an implicit-batch network
    //! (NetworkDefinitionCreationFlag::kIMPLICIT_BATCH_LEGACY); recorded in the plan.
    virtual void setMaxBatchSize(int32_t batchSize) noexcept = 0;
    virtual int32_t getMaxBatchSize() const noexcept = 0;
    virtual ~IBuilder() = default;
};

IBuilder* createInferBuilder(ILogger& logger) noexcept;

}  // namespace tforge
