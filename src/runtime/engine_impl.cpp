#include "runtime/engine_impl.h"

#include <cstring>

#include "backends/registry.h"
#include "common/host_memory.h"
#include "ir/program_shapes.h"
#include "plan/plan_file.h"
#include "runtime/execution_context.h"

namespace tforge::runtime {

EngineImpl::EngineImpl(ir::Program p, const Diagnostics& d) : prog_(std::move(p)), diag_(d.logger()) {
    for (int32_t t : prog_.inputs) io_.push_back(t);
    for (int32_t t : prog_.outputs)
        if (prog_.tensors[t].role != ir::TensorRole::kInput) io_.push_back(t);
    for (size_t i = 0; i < io_.size(); ++i) {
        ioByName_.emplace(prog_.tensors[io_[i]].name, static_cast<int32_t>(i));
        int32_t slot = -1;
        for (size_t k = 0; k < prog_.inputs.size(); ++k)
            if (prog_.inputs[k] == io_[i]) slot = static_cast<int32_t>(k);
        slot_.push_back(slot);
    }
}

std::unique_ptr<EngineImpl> EngineImpl::create(ir::Program program, const Diagnostics& diag, int32_t maxThreads,
                                               std::string& error) {
    std::unique_ptr<EngineImpl> e(new EngineImpl(std::move(program), diag));
    e->maxThreads_ = maxThreads;
    const ir::Program& p = e->prog_;
    e->device_ = backends::findDevice(p.device);
    if (!e->device_) {
        error = "the plan is for a device this build of TensorForge has no support for";
        return nullptr;
    }
    // Each profile's min/opt/max shapes of every tensor, so kernels see real extents.
    std::vector<std::array<std::vector<Dims>, 3>> shapes(p.profiles.size());
    for (size_t pi = 0; pi < p.profiles.size(); ++pi)
        for (int s = 0; s < 3; ++s) {
            std::vector<Dims> in;
            for (auto& mom : p.profiles[pi].inputDims) in.push_back(mom[s]);
            if (!ir::inferProgramShapes(p, in, shapes[pi][s], error)) return nullptr;
        }
    // Constants the device's kernels read are uploaded once, here (weights never move per run).
    e->deviceConstants_.assign(p.tensors.size(), nullptr);
    for (size_t t = 0; t < p.tensors.size(); ++t) {
        const auto& pt = p.tensors[t];
        if (pt.role != ir::TensorRole::kConstant || pt.location == DeviceType::kCPU) continue;
        const auto& w = std::get<ir::ConstantAttrs>(p.nodes[pt.constantNode].attrs).weights;
        void* d = e->device_->allocate(static_cast<size_t>(w.bytes()));
        if (!d) {
            error = "cannot allocate " + std::to_string(w.bytes()) + " bytes of device memory for constant \"" +
                    pt.name + "\"";
            return nullptr;
        }
        e->deviceConstants_[t] = d;
        e->device_->copy(d, w.data, static_cast<size_t>(w.bytes()), backends::CopyKind::kHostToDevice, nullptr);
    }
    e->kernels_.resize(p.nodes.size());
    for (size_t i = 0; i < p.nodes.size(); ++i) {
        const auto& n = p.nodes[i];
        e->kernels_[i].resize(p.profiles.size());
        if (n.kind() == ir::OpKind::kConstant || n.kind() == ir::OpKind::kCopy) continue;
        backends::Backend* b = backends::findBackend(n.backend);
        if (!b) {
            error = "layer \"" + n.name + "\" needs a backend that this build of TensorForge lacks; rebuild the engine";
            return nullptr;
        }
        // Artifacts are used only when the backend still encodes them the same way.
        bool artifactsUsable = false;
        for (auto& [src, ver] : p.artifactVersions)
            if (src == n.backend) artifactsUsable = ver == b->artifactVersion();
        for (size_t pi = 0; pi < p.profiles.size(); ++pi) {
            const ir::KernelChoice& c = n.choices[pi];
            bool shared = false;
            for (size_t q = 0; q < pi && !shared; ++q)
                if (n.choices[q].tactic == c.tactic && n.choices[q].artifact == c.artifact) {
                    e->kernels_[i][pi] = e->kernels_[i][q];
                    shared = true;
                }
            if (shared) continue;
            backends::NodeDesc d;
            d.name = n.name;
            d.attrs = &n.attrs;
            for (int32_t t : n.inputs) {
                d.inputs.push_back({p.tensors[t].dims, p.tensors[t].type, p.tensors[t].format});
                d.inputRange.push_back({shapes[pi][0][t], shapes[pi][1][t], shapes[pi][2][t]});
            }
            for (int32_t t : n.outputs) d.outputs.push_back({p.tensors[t].dims, p.tensors[t].type, p.tensors[t].format});
            if (artifactsUsable && !c.artifact.empty()) d.artifact = &c.artifact;
            std::string why;
            auto k = b->supports(d, &why) ? b->createKernel(d, c.tactic, why) : nullptr;
            if (!k) {
                error = "layer \"" + n.name + "\": backend " + b->name() + " cannot run tactic \"" + c.tactic + "\" (" +
                        why + "); rebuild the engine";
                return nullptr;
            }
            e->kernels_[i][pi] = std::move(k);
        }
    }
    return e;
}

EngineImpl::~EngineImpl() {
    for (void* d : deviceConstants_)
        if (d) device_->release(d);
    diag_.setRecorder(nullptr);
}

const void* EngineImpl::constantData(int32_t t) const {
    if (deviceConstants_[t]) return deviceConstants_[t];
    return std::get<ir::ConstantAttrs>(prog_.nodes[prog_.tensors[t].constantNode].attrs).weights.data;
}

int32_t EngineImpl::ioIndex(const char* name) const {
    if (!name) return -1;
    auto it = ioByName_.find(name);
    return it == ioByName_.end() ? -1 : it->second;
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

TensorFormat EngineImpl::getTensorFormat(const char* name) const noexcept {
    int32_t i = ioIndex(name);
    return i < 0 ? TensorFormat::kLINEAR : prog_.tensors[io_[i]].format;
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

IHostMemory* EngineImpl::serialize() const noexcept { return new (std::nothrow) HostMemory(plan::writePlan(prog_)); }

IExecutionContext* EngineImpl::makeContext(bool ownMemory) noexcept {
    auto* c = new (std::nothrow) ExecutionContextImpl(*this, ownMemory);
    if (c && !c->ready()) {
        diag_.error(ErrorCode::kFAILED_ALLOCATION, "createExecutionContext: cannot allocate " +
                                                       std::to_string(getDeviceMemorySizeV2()) + " bytes of activation memory");
        delete c;
        return nullptr;
    }
    return c;
}

IExecutionContext* EngineImpl::createExecutionContext() noexcept { return makeContext(true); }

IExecutionContext* EngineImpl::createExecutionContextWithoutDeviceMemory() noexcept { return makeContext(false); }

}  // namespace tforge::runtime
