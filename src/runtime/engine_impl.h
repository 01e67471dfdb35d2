// ICudaEngine implementation: an immutable program plus its compiled kernels, one per node and
// optimization profile (shared where profiles chose the same tactic). Shared by any number of
// execution contexts: kernels are const; per-context state lives in the contexts.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/backend.h"
#include "common/diagnostics.h"
#include "ir/program.h"
#include "tensorforge/runtime.h"

namespace tforge::runtime {

class EngineImpl final : public ICudaEngine {
public:
    //! Compiles every node's recorded tactics; nullptr and `error` if a backend refuses.
    static std::unique_ptr<EngineImpl> create(ir::Program program, const Diagnostics& diag, int32_t maxThreads,
                                              std::string& error);

    int32_t getNbIOTensors() const noexcept override { return static_cast<int32_t>(io_.size()); }
    const char* getIOTensorName(int32_t index) const noexcept override;
    TensorIOMode getTensorIOMode(const char* tensorName) const noexcept override;
    Dims getTensorShape(const char* tensorName) const noexcept override;
    DataType getTensorDataType(const char* tensorName) const noexcept override;
    TensorFormat getTensorFormat(const char* tensorName) const noexcept override;
    int32_t getNbOptimizationProfiles() const noexcept override { return static_cast<int32_t>(prog_.profiles.size()); }
    Dims getProfileShape(const char* tensorName, int32_t profileIndex, OptProfileSelector select) const noexcept override;
    int32_t getNbLayers() const noexcept override { return static_cast<int32_t>(prog_.nodes.size()); }
    int64_t getDeviceMemorySizeV2() const noexcept override { return prog_.arenaBytes + prog_.workspaceBytes; }
    size_t getDeviceMemorySize() const noexcept override { return static_cast<size_t>(getDeviceMemorySizeV2()); }
    DeviceType getDeviceType() const noexcept override { return prog_.device; }
    IHostMemory* serialize() const noexcept override;
    IExecutionContext* createExecutionContext() noexcept override;
    IExecutionContext* createExecutionContextWithoutDeviceMemory() noexcept override;
    int32_t getMaxBatchSize() const noexcept override { return prog_.implicitBatch ? prog_.maxBatchSize : 1; }
    bool hasImplicitBatchDimension() const noexcept override { return prog_.implicitBatch; }
    IEngineInspector* createEngineInspector() const noexcept override;
    const char* getName() const noexcept override { return prog_.name.c_str(); }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }
    ~EngineImpl() override;

    // --- internal ---
    const ir::Program& program() const { return prog_; }
    //! The kernel of `node` for `profile` (null for Constant and Copy nodes).
    const backends::Kernel* kernel(size_t node, int32_t profile) const { return kernels_[node][profile].get(); }
    backends::Device& device() const { return *device_; }
    //! Where constant tensor `t` lives for the kernels: the plan's weights, or for a constant on the
    //! engine's (non-host) device, the copy uploaded when the engine was created.
    const void* constantData(int32_t t) const;
    const Diagnostics& diag() const { return diag_; }
    int32_t maxThreads() const { return maxThreads_; }
    //! Index into io_ of a tensor name, or -1.
    int32_t ioIndex(const char* name) const;
    //! Program tensor index of I/O tensor `io`.
    int32_t ioTensor(int32_t io) const { return io_[io]; }
    //! Position of I/O tensor `io` in program.inputs, or -1 if it is not an input.
    int32_t inputSlot(int32_t io) const { return slot_[io]; }

private:
    EngineImpl(ir::Program p, const Diagnostics& d);
    IExecutionContext* makeContext(bool ownMemory) noexcept;
    ir::Program prog_;
    Diagnostics diag_;
    backends::Device* device_{nullptr};
    int32_t maxThreads_{0};
    std::vector<std::vector<std::shared_ptr<const backends::Kernel>>> kernels_;  // [node][profile]
    std::vector<int32_t> io_;                  // inputs, then outputs not also inputs
    std::vector<int32_t> slot_;                // per io: position in program.inputs or -1
    std::unordered_map<std::string, int32_t> ioByName_;
    std::vector<void*> deviceConstants_;       // per tensor: device copy of a constant, or null
};

}  // namespace tforge::runtime
