#include "runtime/execution_context.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "ir/dims_util.h"
#include "ir/program_shapes.h"

namespace tforge::runtime {

ExecutionContextImpl::ExecutionContextImpl(EngineImpl& engine)
    : engine_(engine), prog_(engine.program()), diag_(engine.diag().logger()) {
    if (engine.getErrorRecorder()) diag_.setRecorder(engine.getErrorRecorder());
    for (int32_t t : prog_.inputs) {
        Dims d = prog_.tensors[t].dims;
        if (ir::hasDynamic(d)) d.nbDims = -1;  // must be set with setInputShape
        inputShapes_.push_back(d);
    }
    addresses_.assign(engine.getNbIOTensors(), nullptr);
    arenaSize_ = prog_.arenaBytes + prog_.workspaceBytes;
    if (arenaSize_ > 0) {
        size_t rounded = static_cast<size_t>((arenaSize_ + 63) / 64 * 64);
        arena_ = static_cast<uint8_t*>(std::aligned_alloc(64, rounded));
    }
}

ExecutionContextImpl::~ExecutionContextImpl() {
    std::free(arena_);
    diag_.setRecorder(nullptr);
}

bool ExecutionContextImpl::fail(ErrorCode code, const std::string& msg) const {
    diag_.error(code, msg);
    return false;
}

bool ExecutionContextImpl::setInputShape(const char* name, const Dims& dims) noexcept {
    std::string who = std::string("setInputShape(\"") + (name ? name : "<null>") + "\", " + ir::toString(dims) + ")";
    int32_t io = engine_.ioIndex(name);
    int32_t slot = io < 0 ? -1 : engine_.inputSlot(io);
    if (slot < 0) return fail(ErrorCode::kINVALID_ARGUMENT, who + ": no network input has this name");
    const auto& mom = prog_.profiles[profile_].inputDims[slot];
    if (dims.nbDims != mom[2].nbDims)
        return fail(ErrorCode::kINVALID_ARGUMENT, who + ": rank " + std::to_string(dims.nbDims) + ", the engine expects " +
                                                      ir::toString(prog_.tensors[prog_.inputs[slot]].dims));
    for (int i = 0; i < dims.nbDims; ++i)
        if (dims.d[i] < mom[0].d[i] || dims.d[i] > mom[2].d[i])
            return fail(ErrorCode::kINVALID_ARGUMENT,
                        who + ": dim " + std::to_string(i) + " = " + std::to_string(dims.d[i]) +
                            " is outside optimization profile " + std::to_string(profile_) + " range [" +
                            std::to_string(mom[0].d[i]) + ", " + std::to_string(mom[2].d[i]) + "] (min " +
                            ir::toString(mom[0]) + ", max " + ir::toString(mom[2]) + ")");
    if (!ir::sameDims(inputShapes_[slot], dims)) shapesValid_ = false;
    inputShapes_[slot] = dims;
    return true;
}

bool ExecutionContextImpl::allInputDimensionsSpecified() const noexcept {
    for (auto& d : inputShapes_)
        if (d.nbDims < 0) return false;
    return true;
}

bool ExecutionContextImpl::updateShapes() {
    if (shapesValid_) return true;
    for (size_t i = 0; i < inputShapes_.size(); ++i)
        if (inputShapes_[i].nbDims < 0)
            return fail(ErrorCode::kINVALID_STATE, "Input \"" + prog_.tensors[prog_.inputs[i]].name + "\" has dynamic dims " +
                                                       ir::toString(prog_.tensors[prog_.inputs[i]].dims) +
                                                       "; call setInputShape before running");
    std::string err;
    if (!ir::inferProgramShapes(prog_, inputShapes_, dims_, err)) return fail(ErrorCode::kINVALID_ARGUMENT, err);
    // The arena was planned for the profile's largest shapes; never write past a reservation.
    for (size_t t = 0; t < prog_.tensors.size(); ++t) {
        const auto& pt = prog_.tensors[t];
        if (pt.role != ir::TensorRole::kActivation) continue;
        if (ir::volume(dims_[t]) * dataTypeSize(pt.type) > pt.arenaBytes)
            return fail(ErrorCode::kINVALID_ARGUMENT, "Tensor \"" + pt.name + "\" " + ir::toString(dims_[t]) +
                                                          " is larger than the memory planned for it; rebuild with a "
                                                          "larger optimization profile");
    }
    shapesValid_ = true;
    return true;
}

Dims ExecutionContextImpl::getTensorShape(const char* name) const noexcept {
    int32_t io = engine_.ioIndex(name);
    if (io < 0) {
        Dims d;
        d.nbDims = -1;
        return d;
    }
    int32_t slot = engine_.inputSlot(io);
    if (slot >= 0) return inputShapes_[slot].nbDims < 0 ? prog_.tensors[prog_.inputs[slot]].dims : inputShapes_[slot];
    if (shapesValid_) return dims_[engine_.ioTensor(io)];
    std::vector<Dims> all;
    std::string err;
    if (allInputDimensionsSpecified() && ir::inferProgramShapes(prog_, inputShapes_, all, err))
        return all[engine_.ioTensor(io)];
    return prog_.tensors[engine_.ioTensor(io)].dims;
}

bool ExecutionContextImpl::setTensorAddress(const char* name, void* data) noexcept {
    int32_t io = engine_.ioIndex(name);
    if (io < 0)
        return fail(ErrorCode::kINVALID_ARGUMENT,
                    std::string("setTensorAddress: no I/O tensor named \"") + (name ? name : "<null>") + "\"");
    addresses_[io] = data;
    return true;
}

bool ExecutionContextImpl::setInputTensorAddress(const char* name, const void* data) noexcept {
    int32_t io = engine_.ioIndex(name);
    if (io >= 0 && engine_.inputSlot(io) < 0)
        return fail(ErrorCode::kINVALID_ARGUMENT, std::string("setInputTensorAddress: \"") + name + "\" is an output");
    return setTensorAddress(name, const_cast<void*>(data));
}

const void* ExecutionContextImpl::getTensorAddress(const char* name) const noexcept {
    int32_t io = engine_.ioIndex(name);
    return io < 0 ? nullptr : addresses_[io];
}

bool ExecutionContextImpl::setOptimizationProfileAsync(int32_t index, void*) noexcept {
    if (index < 0 || index >= engine_.getNbOptimizationProfiles())
        return fail(ErrorCode::kINVALID_ARGUMENT, "setOptimizationProfileAsync: profile " + std::to_string(index) +
                                                      " does not exist (the engine has " +
                                                      std::to_string(engine_.getNbOptimizationProfiles()) + ")");
    profile_ = index;
    shapesValid_ = false;
    for (size_t i = 0; i < inputShapes_.size(); ++i)
        if (ir::hasDynamic(prog_.tensors[prog_.inputs[i]].dims)) inputShapes_[i].nbDims = -1;
    return true;
}

bool ExecutionContextImpl::executeV2(void* const* bindings) noexcept {
    if (!bindings) return fail(ErrorCode::kINVALID_ARGUMENT, "executeV2: bindings is null");
    for (int32_t i = 0; i < engine_.getNbIOTensors(); ++i) addresses_[i] = bindings[i];
    return run();
}

bool ExecutionContextImpl::enqueueV3(void*) noexcept {
    // CPU engines complete the work before returning; the stream argument is for GPU engines.
    return run();
}

bool ExecutionContextImpl::run() {
    if (!updateShapes()) return false;
    for (int32_t io = 0; io < engine_.getNbIOTensors(); ++io)
        if (!addresses_[io] && ir::volume(dims_[engine_.ioTensor(io)]) > 0)
            return fail(ErrorCode::kINVALID_STATE, std::string("Tensor \"") + engine_.getIOTensorName(io) +
                                                       "\" has no address: call setTensorAddress(\"" +
                                                       engine_.getIOTensorName(io) + "\", ptr) before running");
    std::vector<void*> ptr(prog_.tensors.size(), nullptr);
    for (int32_t io = 0; io < engine_.getNbIOTensors(); ++io) ptr[engine_.ioTensor(io)] = addresses_[io];
    for (size_t t = 0; t < prog_.tensors.size(); ++t) {
        const auto& pt = prog_.tensors[t];
        if (pt.role == ir::TensorRole::kActivation) ptr[t] = arena_ + pt.arenaOffset;
        if (pt.role == ir::TensorRole::kConstant)
            ptr[t] = const_cast<void*>(std::get<ir::ConstantAttrs>(prog_.nodes[pt.constantNode].attrs).weights.data);
    }
    backends::ExecArgs args{arena_ + prog_.arenaBytes, static_cast<size_t>(prog_.workspaceBytes)};
    std::vector<backends::TensorView> ins, outs;
    std::vector<ir::TensorDesc> descs;
    std::string err;
    for (size_t i = 0; i < prog_.nodes.size(); ++i) {
        const auto& n = prog_.nodes[i];
        if (n.kind() == ir::OpKind::kConstant) {
            // Constants marked as outputs are copied into the caller's buffer.
            int32_t t = n.outputs[0];
            if (prog_.tensors[t].role == ir::TensorRole::kOutput) {
                const auto& c = std::get<ir::ConstantAttrs>(n.attrs);
                std::memcpy(ptr[t], c.weights.data, static_cast<size_t>(c.weights.bytes()));
            }
            continue;
        }
        ins.clear();
        outs.clear();
        descs.clear();
        for (int32_t t : n.inputs) {
            ins.push_back({ptr[t], dims_[t], prog_.tensors[t].type});
            descs.push_back({dims_[t], prog_.tensors[t].type});
        }
        for (int32_t t : n.outputs) outs.push_back({ptr[t], dims_[t], prog_.tensors[t].type});
        const backends::Kernel* k = engine_.kernel(i);
        if (k->workspaceSize(descs) > args.workspaceBytes)
            return fail(ErrorCode::kFAILED_EXECUTION, "Layer \"" + n.name + "\": needs more workspace than planned; rebuild");
        auto t0 = std::chrono::steady_clock::now();
        if (!k->run(ins, outs, args, err)) return fail(ErrorCode::kFAILED_EXECUTION, "Layer \"" + n.name + "\": " + err);
        if (profiler_) {
            float ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
            profiler_->reportLayerTime(n.name.c_str(), ms);
        }
    }
    // A network input that is also an output is one I/O tensor with one address: nothing to copy.
    return true;
}

}  // namespace tforge::runtime
