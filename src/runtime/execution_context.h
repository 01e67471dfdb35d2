// IExecutionContext implementation: input shapes, tensor addresses, the context's own activation
// memory and kernel states. Setup (shape inference, pointer tables, kernel reshape) runs once per
// change of shapes, profile or addresses; enqueueV3 then only enqueues the prepared run on the
// stream. One context per thread; contexts of one engine run concurrently.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine_impl.h"

namespace tforge::runtime {

class ExecutionContextImpl final : public IExecutionContext {
public:
    ExecutionContextImpl(EngineImpl& engine, bool ownMemory);
    ~ExecutionContextImpl() override;
    bool ready() const;

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
    void setProfiler(IProfiler* profiler) noexcept override;
    IProfiler* getProfiler() const noexcept override { return profiler_; }
    void setName(const char* name) noexcept override { name_ = name ? name : ""; }
    const char* getName() const noexcept override { return name_.c_str(); }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }
    void setDeviceMemoryV2(void* memory, int64_t size) noexcept override;

private:
    //! One node's prepared call: views with final pointers and its arguments.
    struct Step {
        const backends::Kernel* kernel{nullptr};  // null for Copy and Constant nodes
        std::vector<backends::TensorView> ins, outs;
        backends::ExecArgs args;
        ir::OpKind kind{};
        size_t copyBytes{0};
        backends::Device* copyDevice{nullptr};
        backends::CopyKind copyKind{backends::CopyKind::kDeviceToDevice};
    };
    //! Where an I/O address goes: step `step`, input (or output) `slot`, from I/O tensor `io`.
    struct Patch {
        int32_t step, slot, io;
        bool output;
    };

    bool fail(ErrorCode code, const std::string& msg) const;
    //! Infers every tensor's shape from the input shapes, builds the steps and reshapes the kernels.
    bool prepare();
    bool updateShapes();
    void patchAddresses();
    //! Waits for this context's enqueued work (before anything it reads is changed).
    void waitIdle();
    //! The work of one run; executed on the stream (possibly on another thread).
    bool execute(backends::Stream* stream);

    EngineImpl& engine_;
    const ir::Program& prog_;
    backends::Device& device_;
    Diagnostics diag_;
    std::string name_;
    int32_t profile_{0};
    IProfiler* profiler_{nullptr};
    std::vector<Dims> inputShapes_;  // per program input; nbDims == -1 while unset
    std::vector<void*> addresses_;   // per I/O tensor
    std::vector<Dims> dims_;         // per program tensor, valid when shapesValid_
    bool shapesValid_{false};
    bool prepared_{false};
    bool addressesDirty_{true};
    bool ownMemory_{true};
    uint8_t* arena_{nullptr};        // engine device: activations, then workspace
    int64_t arenaSize_{0};
    uint8_t* hostArena_{nullptr};    // host-side activations and workspace of a non-CPU engine
    std::vector<std::unique_ptr<backends::KernelState>> states_;  // per node, for profile_
    int32_t statesProfile_{-1};
    std::vector<Step> steps_;
    std::vector<Patch> patches_;
    std::vector<int32_t> stepNode_;  // per step: program node index
    std::shared_ptr<backends::Event> lastRun_;
};

}  // namespace tforge::runtime
