#include "runtime/execution_context.h"

#include <chrono>
#include <cstring>

#include "backends/registry.h"
#include "common/thread_limit.h"
#include "ir/dims_util.h"
#include "ir/format.h"
#include "ir/program_shapes.h"

namespace tforge::runtime {

namespace {
int64_t storageBytes(const Dims& d, const ir::ProgramTensor& t) {
    return ir::storageVolume(d, t.format) * dataTypeSize(t.type);
}
}  // namespace

ExecutionContextImpl::ExecutionContextImpl(EngineImpl& engine, bool ownMemory)
    : engine_(engine), prog_(engine.program()), device_(engine.device()), diag_(engine.diag().logger()),
      ownMemory_(ownMemory) {
    if (engine.getErrorRecorder()) diag_.setRecorder(engine.getErrorRecorder());
    for (int32_t t : prog_.inputs) {
        Dims d = prog_.tensors[t].dims;
        if (ir::hasDynamic(d)) d.nbDims = -1;  // must be set with setInputShape
        inputShapes_.push_back(d);
    }
    addresses_.assign(engine.getNbIOTensors(), nullptr);
    arenaSize_ = prog_.arenaBytes + prog_.workspaceBytes;
    if (ownMemory_ && arenaSize_ > 0) arena_ = static_cast<uint8_t*>(device_.allocate(static_cast<size_t>(arenaSize_)));
    const int64_t host = prog_.hostArenaBytes + prog_.hostWorkspaceBytes;
    if (host > 0) hostArena_ = static_cast<uint8_t*>(backends::cpuDevice()->allocate(static_cast<size_t>(host)));
}

ExecutionContextImpl::~ExecutionContextImpl() {
    waitIdle();
    states_.clear();
    if (ownMemory_ && arena_) device_.release(arena_);
    if (hostArena_) backends::cpuDevice()->release(hostArena_);
    diag_.setRecorder(nullptr);
}

bool ExecutionContextImpl::ready() const {
    const bool hostOk = hostArena_ || prog_.hostArenaBytes + prog_.hostWorkspaceBytes == 0;
    return hostOk && (!ownMemory_ || arena_ || arenaSize_ == 0);
}

bool ExecutionContextImpl::fail(ErrorCode code, const std::string& msg) const {
    diag_.error(code, msg);
    return false;
}

void ExecutionContextImpl::waitIdle() {
    if (lastRun_) {
        lastRun_->synchronize();
        lastRun_.reset();
    }
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
    if (!ir::sameDims(inputShapes_[slot], dims)) {
        waitIdle();
        shapesValid_ = prepared_ = false;
        inputShapes_[slot] = dims;
    }
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
        if (storageBytes(dims_[t], pt) > pt.arenaBytes)
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
    if (addresses_[io] != data) {
        waitIdle();
        addresses_[io] = data;
        addressesDirty_ = true;
    }
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
    waitIdle();
    profile_ = index;
    shapesValid_ = prepared_ = false;
    for (size_t i = 0; i < inputShapes_.size(); ++i)
        if (ir::hasDynamic(prog_.tensors[prog_.inputs[i]].dims)) inputShapes_[i].nbDims = -1;
    return true;
}

void ExecutionContextImpl::setProfiler(IProfiler* profiler) noexcept {
    waitIdle();
    profiler_ = profiler;
}

void ExecutionContextImpl::setDeviceMemoryV2(void* memory, int64_t size) noexcept {
    if (ownMemory_) {
        fail(ErrorCode::kINVALID_STATE, "setDeviceMemoryV2: this context allocated its own memory; use "
                                        "createExecutionContextWithoutDeviceMemory()");
        return;
    }
    if (memory && size < arenaSize_) {
        fail(ErrorCode::kINVALID_ARGUMENT, "setDeviceMemoryV2: " + std::to_string(size) + " bytes given, the engine needs " +
                                               std::to_string(arenaSize_) + " (getDeviceMemorySizeV2)");
        return;
    }
    if (reinterpret_cast<uintptr_t>(memory) % 64 != 0) {
        fail(ErrorCode::kINVALID_ARGUMENT, "setDeviceMemoryV2: the memory must be 64-byte aligned");
        return;
    }
    waitIdle();
    arena_ = static_cast<uint8_t*>(memory);
    prepared_ = false;
}

bool ExecutionContextImpl::prepare() {
    if (!updateShapes()) return false;
    if (!ownMemory_ && !arena_ && arenaSize_ > 0)
        return fail(ErrorCode::kINVALID_STATE, "the context has no activation memory: call setDeviceMemoryV2 first");
    const size_t nbNodes = prog_.nodes.size();
    if (statesProfile_ != profile_) {
        states_.clear();
        states_.resize(nbNodes);
        for (size_t i = 0; i < nbNodes; ++i)
            if (const backends::Kernel* k = engine_.kernel(i, profile_)) states_[i] = k->createState();
        statesProfile_ = profile_;
    }
    std::vector<int32_t> ioOf(prog_.tensors.size(), -1);
    for (int32_t io = 0; io < engine_.getNbIOTensors(); ++io) ioOf[engine_.ioTensor(io)] = io;
    auto pointer = [&](int32_t t) -> void* {
        const auto& pt = prog_.tensors[t];
        switch (pt.role) {
            case ir::TensorRole::kActivation:
                return (pt.location == prog_.device ? arena_ : hostArena_) + pt.arenaOffset;
            case ir::TensorRole::kConstant:
                return const_cast<void*>(engine_.constantData(t));
            default:
                return nullptr;  // I/O: patched from addresses_
        }
    };
    steps_.clear();
    patches_.clear();
    stepNode_.clear();
    std::string err;
    for (size_t i = 0; i < nbNodes; ++i) {
        const auto& n = prog_.nodes[i];
        Step s;
        s.kind = n.kind();
        if (s.kind == ir::OpKind::kConstant && prog_.tensors[n.outputs[0]].role != ir::TensorRole::kOutput) continue;
        auto addView = [&](std::vector<backends::TensorView>& list, int32_t t, bool output) {
            const auto& pt = prog_.tensors[t];
            list.push_back({pointer(t), dims_[t], pt.type, pt.format});
            if (ioOf[t] >= 0)
                patches_.push_back({static_cast<int32_t>(steps_.size()), static_cast<int32_t>(list.size() - 1), ioOf[t], output});
        };
        if (s.kind == ir::OpKind::kConstant) {
            // A constant marked as an output is copied into the caller's buffer.
            const auto& c = std::get<ir::ConstantAttrs>(n.attrs);
            s.ins.push_back({const_cast<void*>(c.weights.data), c.dims, c.weights.type});
            addView(s.outs, n.outputs[0], true);
            s.copyBytes = static_cast<size_t>(c.weights.bytes());
            s.copyDevice = &device_;
            s.copyKind = backends::CopyKind::kHostToDevice;
        } else {
            for (int32_t t : n.inputs) addView(s.ins, t, false);
            for (int32_t t : n.outputs) addView(s.outs, t, true);
        }
        if (s.kind == ir::OpKind::kCopy) {
            const auto& a = std::get<ir::CopyAttrs>(n.attrs);
            const bool fromHost = a.from == DeviceType::kCPU, toHost = a.to == DeviceType::kCPU;
            s.copyDevice = backends::findDevice(fromHost ? a.to : a.from);
            s.copyKind = fromHost && !toHost   ? backends::CopyKind::kHostToDevice
                         : !fromHost && toHost ? backends::CopyKind::kDeviceToHost
                                               : backends::CopyKind::kDeviceToDevice;
            s.copyBytes = static_cast<size_t>(storageBytes(dims_[n.inputs[0]], prog_.tensors[n.inputs[0]]));
        } else if (s.kind != ir::OpKind::kConstant) {
            s.kernel = engine_.kernel(i, profile_);
            backends::Backend* b = backends::findBackend(n.backend);
            const bool onDevice = !b || b->device() == prog_.device;
            s.args.workspace = onDevice ? arena_ + prog_.arenaBytes : hostArena_ + prog_.hostArenaBytes;
            s.args.workspaceBytes = static_cast<size_t>(onDevice ? prog_.workspaceBytes : prog_.hostWorkspaceBytes);
            s.args.state = states_[i].get();
            std::vector<ir::TensorDesc> descs;
            for (auto& v : s.ins) descs.push_back({v.dims, v.type, v.format});
            size_t ws = 0;
            if (!s.kernel->reshape(s.args.state, descs, ws, err))
                return fail(ErrorCode::kINVALID_ARGUMENT, "Layer \"" + n.name + "\": " + err);
            if (ws > s.args.workspaceBytes)
                return fail(ErrorCode::kFAILED_EXECUTION, "Layer \"" + n.name + "\": needs more workspace than planned; rebuild");
        }
        steps_.push_back(std::move(s));
        stepNode_.push_back(static_cast<int32_t>(i));
    }
    prepared_ = true;
    addressesDirty_ = true;
    return true;
}

void ExecutionContextImpl::patchAddresses() {
    for (const Patch& p : patches_) {
        auto& list = p.output ? steps_[p.step].outs : steps_[p.step].ins;
        list[p.slot].data = addresses_[p.io];
    }
    addressesDirty_ = false;
}

bool ExecutionContextImpl::execute(backends::Stream* stream) {
    ScopedThreadLimit threads(engine_.maxThreads());
    std::string err;
    for (size_t i = 0; i < steps_.size(); ++i) {
        Step& s = steps_[i];
        s.args.stream = stream;  // the kernels' work is ordered on the stream running this
        const auto t0 = profiler_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
        if (!s.kernel) {
            if (s.copyBytes) s.copyDevice->copy(s.outs[0].data, s.ins[0].data, s.copyBytes, s.copyKind, nullptr);
        } else if (!s.kernel->enqueue(s.ins, s.outs, s.args, err)) {
            return fail(ErrorCode::kFAILED_EXECUTION, "Layer \"" + prog_.nodes[stepNode_[i]].name + "\": " + err);
        }
        if (profiler_) {
            float ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
            profiler_->reportLayerTime(prog_.nodes[stepNode_[i]].name.c_str(), ms);
        }
    }
    return true;
}

bool ExecutionContextImpl::executeV2(void* const* bindings) noexcept {
    if (!bindings) return fail(ErrorCode::kINVALID_ARGUMENT, "executeV2: bindings is null");
    for (int32_t i = 0; i < engine_.getNbIOTensors(); ++i) setTensorAddress(engine_.getIOTensorName(i), bindings[i]);
    if (!enqueueV3(nullptr)) return false;
    waitIdle();
    return true;
}

bool ExecutionContextImpl::enqueueV3(void* streamHandle) noexcept {
    backends::Stream* stream = device_.streamFromHandle(streamHandle);
    if (!stream)
        return fail(ErrorCode::kINVALID_ARGUMENT, std::string("enqueueV3: the stream handle is not a stream of the ") +
                                                      device_.name() + " device this engine runs on");
    if (!prepared_) {
        waitIdle();
        if (!prepare()) return false;
    }
    if (addressesDirty_) {
        waitIdle();
        for (int32_t io = 0; io < engine_.getNbIOTensors(); ++io)
            if (!addresses_[io] && storageBytes(dims_[engine_.ioTensor(io)], prog_.tensors[engine_.ioTensor(io)]) > 0)
                return fail(ErrorCode::kINVALID_STATE, std::string("Tensor \"") + engine_.getIOTensorName(io) +
                                                           "\" has no address: call setTensorAddress(\"" +
                                                           engine_.getIOTensorName(io) + "\", ptr) before running");
        patchAddresses();
    }
    if (prog_.device == DeviceType::kCPU) return execute(stream);  // CPU streams run inline (device.h)
    // One context's runs are ordered even across streams: they share its memory.
    if (lastRun_) stream->wait(lastRun_);
    stream->enqueue([this, stream] { execute(stream); });
    lastRun_ = stream->record();
    return true;
}

}  // namespace tforge::runtime
