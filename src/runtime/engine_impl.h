// ICudaEngine implementation: an immutable program plus one compiled kernel per node.
// Shared by any number of execution contexts (kernels' run() is const and thread-safe).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "common/diagnostics.h"
#include "ir/program.h"
#include "tensorforge/runtime.h"

namespace tforge::runtime {

class EngineImpl final : public ICudaEngine {
public:
    //! Compiles every node's recorded tactic; nullptr and `error` if a backend refuses.
    static std::unique_ptr<EngineImpl> create(ir::Program program, const Diagnostics& diag, std::string& error);

    int32_t getNbIOTensors() const noexcept override { return static_cast<int32_t>(io_.size()); }
    const char* getIOTensorName(int32_t index) const noexcept override;
    TensorIOMode getTensorIOMode(const char* tensorName) const noexcept override;
    Dims getTensorShape(const char* tensorName) const noexcept override;
    DataType getTensorDataType(const char* tensorName) const noexcept override;
    TensorFormat getTensorFormat(const char*) const noexcept override { return TensorFormat::kLINEAR; }
    int32_t getNbOptimizationProfiles() const noexcept override { return static_cast<int32_t>(prog_.profiles.size()); }
    Dims getProfileShape(const char* tensorName, int32_t profileIndex, OptProfileSelector select) const noexcept override;
    int32_t getNbLayers() const noexcept override { return static_cast<int32_t>(prog_.nodes.size()); }
    int64_t getDeviceMemorySizeV2() const noexcept override { return prog_.arenaBytes + prog_.workspaceBytes; }
    size_t getDeviceMemorySize() const noexcept override { return static_cast<size_t>(getDeviceMemorySizeV2()); }
    DeviceType getDeviceType() const noexcept override { return prog_.device; }
    IHostMemory* serialize() const noexcept override;
    IExecutionContext* createExecutionContext() noexcept override;
    const char* getName() const noexcept override { return prog_.name.c_str(); }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }
    ~EngineImpl() override { diag_.setRecorder(nullptr); }

    // --- internal ---
    const ir::Program& program() const { return prog_; }
    const backends::Kernel* kernel(size_t node) const { return kernels_[node].get(); }
    const Diagnostics& diag() const { return diag_; }
    //! Index into io_ of a tensor name, or -1.
    int32_t ioIndex(const char* name) const;
    //! Program tensor index of I/O tensor `io`.
    int32_t ioTensor(int32_t io) const { return io_[io]; }
    //! Position of I/O tensor `io` in program.inputs, or -1 if it is not an input.
    int32_t inputSlot(int32_t io) const;

private:
    EngineImpl(ir::Program p, const Diagnostics& d);
    ir::Program prog_;
    Diagnostics diag_;
    std::vector<std::unique_ptr<backends::Kernel>> kernels_;  // null for Constant nodes
    std::vector<int32_t> io_;                                 // inputs, then outputs not also inputs
};

}  // namespace tforge::runtime
