// IExecutionContext implementation: input shapes, tensor addresses and the context's own
// activation arena. One context per thread; contexts of one engine run concurrently.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine_impl.h"

namespace tforge::runtime {

class ExecutionContextImpl final : public IExecutionContext {
public:
    explicit ExecutionContextImpl(EngineImpl& engine);
    ~ExecutionContextImpl() override;
    bool ready() const { return arena_ != nullptr || arenaSize_ == 0; }

    const ICudaEngine& getEngine() const noexcept override { return engine_; }
    bool setInputShape(const char* tensorName, const Dims& dims) noexcept override;
    Dims getTensorShape(const char* tensorName) const noexcept override;
    bool allInputDimensionsSpecified() const noexcept override;
    bool setTensorAddress(const char* tensorName, void* data) noexcept override;
    const void* getTensorAddress(const char* tensorName) const noexcept override;
    bool setInputTensorAddress(const char* tensorName, const void* data) noexcept override;
    bool setOptimizationProfileAsync(int32_t profileIndex, void* stream) noexcept override;
    int32_t getOptimizationProfile() const noexcept override { return profile_; }
    bool enqueueV3(void* stream) noexcept override;
    bool executeV2(void* const* bindings) noexcept override;
    void setProfiler(IProfiler* profiler) noexcept override { profiler_ = profiler; }
    IProfiler* getProfiler() const noexcept override { return profiler_; }
    void setName(const char* name) noexcept override { name_ = name ? name : ""; }
    const char* getName() const noexcept override { return name_.c_str(); }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }

private:
    bool fail(ErrorCode code, const std::string& msg) const;
    //! Infers every tensor's shape from the input shapes (cached until an input shape changes).
    bool updateShapes();
    bool run();

    EngineImpl& engine_;
    const ir::Program& prog_;
    Diagnostics diag_;
    std::string name_;
    int32_t profile_{0};
    IProfiler* profiler_{nullptr};
    std::vector<Dims> inputShapes_;  // per program input; nbDims == -1 while unset
    std::vector<void*> addresses_;   // per I/O tensor
    std::vector<Dims> dims_;         // per program tensor, valid when shapesValid_
    bool shapesValid_{false};
    int64_t arenaSize_{0};
    uint8_t* arena_{nullptr};        // activations, then workspace
};

}  // namespace tforge::runtime
