#include "runtime/engine_impl.h"

#include <cstring>

#include "api/builder_config.h"
#include "backends/registry.h"
#include "plan/plan_file.h"
#include "runtime/execution_context.h"

namespace tforge::runtime {

EngineImpl::EngineImpl(ir::Program p, const Diagnostics& d) : prog_(std::move(p)), diag_(d.logger()) {
    for (int32_t t : prog_.inputs) io_.push_back(t);
    for (int32_t t : prog_.outputs)
        if (prog_.tensors[t].role != ir::TensorRole::kInput) io_.push_back(t);
}

std::unique_ptr<EngineImpl> EngineImpl::create(ir::Program program, const Diagnostics& diag, std::string& error) {
    std::unique_ptr<EngineImpl> e(new EngineImpl(std::move(program), diag));
    const ir::Program& p = e->prog_;
    for (const auto& n : p.nodes) {
        if (n.kind() == ir::OpKind::kConstant) {
            e->kernels_.push_back(nullptr);
            continue;
        }
        backends::Backend* b = backends::findBackend(n.backend);
        if (!b) {
            error = "layer \"" + n.name + "\" needs a backend that this build of TensorForge lacks; rebuild the engine";
            return nullptr;
        }
        backends::NodeDesc d;
        d.name = n.name;
        d.attrs = &n.attrs;
        for (int32_t t : n.inputs) d.inputs.push_back({p.tensors[t].dims, p.tensors[t].type});
        for (int32_t t : n.outputs) d.outputs.push_back({p.tensors[t].dims, p.tensors[t].type});
        std::string why;
        auto k = b->supports(d, &why) ? b->createKernel(d, n.tactic, why) : nullptr;
        if (!k) {
            error = "layer \"" + n.name + "\": backend " + b->name() + " cannot run tactic \"" + n.tactic + "\" (" + why +
                    "); rebuild the engine";
            return nullptr;
        }
        e->kernels_.push_back(std::move(k));
    }
    return e;
}

int32_t EngineImpl::ioIndex(const char* name) const {
    if (!name) return -1;
    for (size_t i = 0; i < io_.size(); ++i)
        if (prog_.tensors[io_[i]].name == name) return static_cast<int32_t>(i);
    return -1;
}

int32_t EngineImpl::inputSlot(int32_t io) const {
    for (size_t i = 0; i < prog_.inputs.size(); ++i)
        if (prog_.inputs[i] == io_[io]) return static_cast<int32_t>(i);
    return -1;
}

const char* EngineImpl::getIOTensorName(int32_t index) const noexcept {
    if (index < 0 || index >= getNbIOTensors()) return nullptr;
    return prog_.tensors[io_[index]].name.c_str();
}

TensorIOMode EngineImpl::getTensorIOMode(const char* name) const noexcept {
    int32_t i = ioIndex(name);
    if (i < 0) return TensorIOMode::kNONE;
    return inputSlot(i) >= 0 ? TensorIOMode::kINPUT : TensorIOMode::kOUTPUT;
}

Dims EngineImpl::getTensorShape(const char* name) const noexcept {
    int32_t i = ioIndex(name);
    if (i < 0) {
        Dims d;
        d.nbDims = -1;
        return d;
    }
    return prog_.tensors[io_[i]].dims;
}

DataType EngineImpl::getTensorDataType(const char* name) const noexcept {
    int32_t i = ioIndex(name);
    return i < 0 ? DataType::kFLOAT : prog_.tensors[io_[i]].type;
}

Dims EngineImpl::getProfileShape(const char* name, int32_t profileIndex, OptProfileSelector select) const noexcept {
    Dims bad;
    bad.nbDims = -1;
    int32_t i = ioIndex(name);
    int s = static_cast<int>(select);
    if (i < 0 || profileIndex < 0 || profileIndex >= getNbOptimizationProfiles() || s < 0 || s > 2) return bad;
    int32_t slot = inputSlot(i);
    if (slot < 0) return bad;
    return prog_.profiles[profileIndex].inputDims[slot][s];
}

IHostMemory* EngineImpl::serialize() const noexcept { return new (std::nothrow) api::HostMemory(plan::writePlan(prog_)); }

IExecutionContext* EngineImpl::createExecutionContext() noexcept {
    auto* c = new (std::nothrow) ExecutionContextImpl(*this);
    if (c && !c->ready()) {
        diag_.error(ErrorCode::kFAILED_ALLOCATION, "createExecutionContext: cannot allocate " +
                                                       std::to_string(getDeviceMemorySizeV2()) + " bytes of activation memory");
        delete c;
        return nullptr;
    }
    return c;
}

}  // namespace tforge::runtime
