#include "api/network_impl.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

#include "api/layers.h"
#include "ir/dims_util.h"
#include "ir/shape_inference.h"

namespace tforge::api {

ir::Blob toBlob(const Weights& w) {
    if (w.count <= 0 || !w.values) {
        ir::Blob b;
        b.type = w.type;
        // Keep the claimed count so validation can say "weights have N values but no data".
        b.count = w.values ? 0 : std::max<int64_t>(w.count, 0);
        return b;
    }
    return ir::Blob::copyOf(w.type, w.values, w.count);
}

TensorImpl* asImpl(ITensor* t) { return static_cast<TensorImpl*>(t); }

// ---------------------------------------------------------------- TensorImpl

void TensorImpl::setName(const char* name) noexcept {
    if (!name || !*name) {
        net_->diag().error(ErrorCode::kINVALID_ARGUMENT, "Tensor \"" + t_->name + "\": setName needs a non-empty name");
        return;
    }
    net_->renameTensor(t_, name);
}

void TensorImpl::setDimensions(Dims dims) noexcept {
    if (!t_->isInput) {
        net_->diag().error(ErrorCode::kINVALID_ARGUMENT,
                           "Tensor \"" + t_->name + "\": setDimensions is only allowed on network inputs");
        return;
    }
    t_->dims = dims;
    net_->markConsumersDirty(t_);
}

Dims TensorImpl::getDimensions() const noexcept {
    net_->refreshShapes();
    return t_->dims;
}

void TensorImpl::setType(DataType type) noexcept {
    if (!t_->isInput) {
        net_->diag().error(ErrorCode::kINVALID_ARGUMENT,
                           "Tensor \"" + t_->name + "\": setType is only allowed on network inputs");
        return;
    }
    t_->type = type;
    net_->markConsumersDirty(t_);
}

DataType TensorImpl::getType() const noexcept {
    net_->refreshShapes();
    return t_->type;
}

bool TensorImpl::isShapeTensor() const noexcept { return net_->isShapeTensor(t_); }

bool TensorImpl::isExecutionTensor() const noexcept { return net_->isExecutionTensor(t_); }

// ---------------------------------------------------------------- NetworkImpl

NetworkImpl::NetworkImpl(ILogger* logger, NetworkDefinitionCreationFlags flags) : diag_(logger), flags_(flags) {}

NetworkImpl::~NetworkImpl() { diag_.setRecorder(nullptr); }

bool NetworkImpl::getFlag(NetworkDefinitionCreationFlag flag) const noexcept {
    return (flags_ >> static_cast<int32_t>(flag)) & 1u;
}

ILayer* NetworkImpl::getLayer(int32_t index) const noexcept {
    if (index < 0 || index >= getNbLayers()) return nullptr;
    return layers_[index]->asLayer();
}

ITensor* NetworkImpl::getInput(int32_t index) const noexcept {
    if (index < 0 || index >= getNbInputs()) return nullptr;
    return static_cast<TensorImpl*>(graph_.inputs()[index]->apiHandle);
}

ITensor* NetworkImpl::getOutput(int32_t index) const noexcept {
    if (index < 0 || index >= getNbOutputs()) return nullptr;
    return static_cast<TensorImpl*>(graph_.outputs()[index]->apiHandle);
}

ITensor* NetworkImpl::addInput(const char* name, DataType type, Dims dims) noexcept {
    std::string n = name ? name : "";
    if (n.empty()) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "addInput: the input needs a non-empty name");
        return nullptr;
    }
    if (graph_.hasTensorNamed(n)) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "addInput: a tensor named \"" + n + "\" already exists");
        return nullptr;
    }
    if (dims.nbDims < 0 || dims.nbDims > Dims::MAX_DIMS) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "addInput \"" + n + "\": rank " + std::to_string(dims.nbDims) +
                                                      " outside 0.." + std::to_string(Dims::MAX_DIMS));
        return nullptr;
    }
    for (int i = 0; i < dims.nbDims; ++i)
        if (dims.d[i] < -1) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "addInput \"" + n + "\": dims " + ir::toString(dims) +
                                                          " hold a negative extent other than -1 (dynamic)");
            return nullptr;
        }
    ir::Tensor* t = graph_.addTensor(n, type, dims);
    t->isInput = true;
    graph_.inputs().push_back(t);
    tensors_.push_back(std::make_unique<TensorImpl>(this, t));
    t->apiHandle = tensors_.back().get();
    handles_.insert(tensors_.back().get());
    return tensors_.back().get();
}

void NetworkImpl::markOutput(ITensor& tensor) noexcept {
    if (!owns(&tensor)) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "markOutput: the tensor does not belong to this network");
        return;
    }
    ir::Tensor* t = asImpl(&tensor)->ir();
    if (t->isOutput) return;
    t->isOutput = true;
    graph_.outputs().push_back(t);
}

void NetworkImpl::unmarkOutput(ITensor& tensor) noexcept {
    if (!owns(&tensor)) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "unmarkOutput: the tensor does not belong to this network");
        return;
    }
    ir::Tensor* t = asImpl(&tensor)->ir();
    t->isOutput = false;
    auto& outs = graph_.outputs();
    outs.erase(std::remove(outs.begin(), outs.end(), t), outs.end());
}

void NetworkImpl::removeTensor(ITensor& tensor) noexcept {
    if (!owns(&tensor)) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "removeTensor: the tensor does not belong to this network");
        return;
    }
    ir::Tensor* t = asImpl(&tensor)->ir();
    if (t->producer || !graph_.consumers(t).empty()) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT,
                    "removeTensor \"" + t->name + "\": the tensor is still produced or used by a layer");
        return;
    }
    graph_.removeTensor(t);
    handles_.erase(&tensor);
    tensors_.erase(std::remove_if(tensors_.begin(), tensors_.end(), [&](const auto& p) { return p.get() == &tensor; }),
                   tensors_.end());
}

void NetworkImpl::markLayerDirty(ir::Node* n) const {
    LayerHandle* h = handleOf(n);
    if (h->dirty) return;
    h->dirty = true;
    dirtyNodes_.push_back(n);
}

void NetworkImpl::markConsumersDirty(const ir::Tensor* t) const {
    for (ir::Node* n : graph_.consumers(t)) markLayerDirty(n);
}

// The layers whose output's values follow their inputs' values (shape inference propagates them),
// so that a tensor computing a shape is a shape tensor too.
static bool propagatesValues(ir::OpKind k) {
    return k == ir::OpKind::kElementWise || k == ir::OpKind::kConcatenation || k == ir::OpKind::kShuffle ||
           k == ir::OpKind::kCast;
}

bool NetworkImpl::isShapeTensor(const ir::Tensor* t) const {
    for (const ir::Node* c : graph_.consumers(t))
        for (size_t i = 0; i < c->inputs.size(); ++i) {
            if (c->inputs[i] != t) continue;
            if (c->kind() == ir::OpKind::kShuffle && i == 1) return true;
            if (propagatesValues(c->kind()) && !(c->kind() == ir::OpKind::kShuffle && i != 0))
                for (const ir::Tensor* o : c->outputs)
                    if (o->hasValues && isShapeTensor(o)) return true;
        }
    return false;
}

bool NetworkImpl::isExecutionTensor(const ir::Tensor* t) const {
    if (t->isInput || t->isOutput || !isShapeTensor(t)) return true;
    for (const ir::Node* c : graph_.consumers(t))
        for (size_t i = 0; i < c->inputs.size(); ++i) {
            if (c->inputs[i] != t || (c->kind() == ir::OpKind::kShuffle && i == 1)) continue;
            for (const ir::Tensor* o : c->outputs)
                if (isExecutionTensor(o)) return true;
        }
    return false;
}

void NetworkImpl::setLayerInput(ir::Node* n, int32_t index, ir::Tensor* t) {
    if (static_cast<size_t>(index) == n->inputs.size())
        graph_.appendNodeInput(n, t);
    else
        graph_.setNodeInput(n, static_cast<size_t>(index), t);
    // A producer ranked after its new consumer breaks the order (and may close a cycle).
    if (t->producer && handleOf(t->producer)->rank >= handleOf(n)->rank) orderValid_ = false;
    cycleKnown_ = false;
    markLayerDirty(n);
}

void NetworkImpl::assignRanks(const std::vector<ir::Node*>& order) const {
    uint64_t r = 0;
    for (ir::Node* n : order) handleOf(n)->rank = r++;
    nextRank_ = r;
    orderValid_ = true;
    cycleKnown_ = false;
}

bool NetworkImpl::reorder() const {
    if (cycleKnown_) return false;  // only setInput can remove a cycle, and it clears the flag
    std::vector<ir::Node*> order;
    if (!graph_.topologicalOrder(order)) {
        cycleKnown_ = true;
        return false;
    }
    assignRanks(order);
    return true;
}

static bool sameShape(const Dims& a, const Dims& b) {
    if (a.nbDims != b.nbDims) return false;
    for (int32_t i = 0; i < a.nbDims; ++i)
        if (a.d[i] != b.d[i]) return false;
    return true;
}

// ILayer::setOutputType: a float output may be stored as another float type (the layer computes in
// its precision and the builder converts); changing the kind of value (float <-> int/bool) is not a
// conversion a layer can do.
bool NetworkImpl::applyOutputTypes(const ir::Node& n, std::vector<ir::TensorDesc>& outs, std::string& err) {
    auto isFloat = [](DataType t) { return t == DataType::kFLOAT || t == DataType::kHALF || t == DataType::kBF16; };
    for (size_t i = 0; i < outs.size(); ++i) {
        if (!n.outputTypeIsSet(i)) continue;
        const DataType want = n.outputTypes[i];
        if (want == outs[i].type) continue;
        if (!isFloat(want) || !isFloat(outs[i].type)) {
            err = std::string("setOutputType(") + std::to_string(i) + ", " + dataTypeName(want) + ") cannot change a " +
                  dataTypeName(outs[i].type) + " output (use addCast)";
            return false;
        }
        outs[i].type = want;
    }
    return true;
}

static ir::TensorDesc descOf(const ir::Tensor* t) {
    ir::TensorDesc d{t->dims, t->type};
    d.hasValues = t->hasValues;
    if (t->hasValues) d.values = t->values;
    return d;
}

bool NetworkImpl::inferNode(ir::Node* n, bool report, bool& changed) const {
    std::vector<ir::TensorDesc> ins, outs;
    bool inputsOk = true;
    for (ir::Tensor* t : n->inputs) {
        if (!t || t->dims.nbDims < 0) inputsOk = false;
        else ins.push_back(descOf(t));
    }
    std::string err;
    if (inputsOk && ir::inferShapes(n->attrs, ins, outs, err) && outs.size() == n->outputs.size() &&
        applyOutputTypes(*n, outs, err)) {
        for (size_t i = 0; i < outs.size(); ++i) {
            ir::Tensor* t = n->outputs[i];
            if (!sameShape(t->dims, outs[i].dims) || t->type != outs[i].type || t->hasValues != outs[i].hasValues ||
                t->values != outs[i].values)
                changed = true;  // values matter downstream: a Shuffle's reshape dims come from them
            t->dims = outs[i].dims;
            t->type = outs[i].type;
            t->hasValues = outs[i].hasValues;
            t->values = std::move(outs[i].values);
        }
        return true;
    }
    for (ir::Tensor* t : n->outputs) {
        if (t->dims.nbDims >= 0 || t->hasValues) changed = true;
        t->dims.nbDims = -1;
        t->hasValues = false;
        t->values.clear();
    }
    if (report && inputsOk)
        diag_.error(ErrorCode::kINVALID_ARGUMENT, std::string(ir::opKindName(n->kind())) + " layer \"" + n->name +
                                                      "\": " + (err.empty() ? "output count mismatch" : err));
    return false;
}

bool NetworkImpl::refreshShapes(bool report) const {
    if (report) {
        // The build: every layer again, in order, so that each failing one is reported by name.
        std::vector<ir::Node*> order;
        const ir::Node* cyc = nullptr;
        if (!graph_.topologicalOrder(order, &cyc)) {
            cycleKnown_ = true;
            diag_.error(ErrorCode::kINVALID_ARGUMENT,
                        "Network has a cycle through layer \"" + (cyc ? cyc->name : std::string("?")) +
                            "\" (check setInput calls)");
            return false;
        }
        assignRanks(order);
        for (ir::Node* n : dirtyNodes_) handleOf(n)->dirty = false;
        dirtyNodes_.clear();
        bool ok = true;
        for (ir::Node* n : order) {
            bool changed = false;
            ok = inferNode(n, true, changed) && ok;
        }
        return checkBuildTimeInputs(order) && ok;
    }
    if (dirtyNodes_.empty()) return true;
    // With a cycle the shapes stay as they are (the layers stay dirty) until setInput breaks it.
    if (!orderValid_ && !reorder()) return false;
    // Dirty layers first, then consumers of changed outputs, always the lowest rank next: a layer
    // is inferred once, after every upstream layer that changed.
    using Item = std::pair<uint64_t, ir::Node*>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (ir::Node* n : dirtyNodes_) queue.push({handleOf(n)->rank, n});  // handle->dirty stays set while queued
    dirtyNodes_.clear();
    bool ok = true;
    while (!queue.empty()) {
        ir::Node* n = queue.top().second;
        queue.pop();
        handleOf(n)->dirty = false;
        bool changed = false;
        ok = inferNode(n, false, changed) && ok;
        if (!changed) continue;
        for (ir::Tensor* t : n->outputs)
            for (ir::Node* c : graph_.consumers(t)) {
                LayerHandle* h = handleOf(c);
                if (h->dirty) continue;
                h->dirty = true;
                queue.push({h->rank, c});
            }
    }
    return ok;
}

// The network input a tensor's value depends on, or null if it is computed from constants only.
static const ir::Tensor* networkInputBehind(const ir::Tensor* t) {
    std::vector<const ir::Tensor*> stack{t};
    std::unordered_set<const ir::Node*> seen;
    while (!stack.empty()) {
        const ir::Tensor* u = stack.back();
        stack.pop_back();
        if (!u) continue;
        if (!u->producer) {
            if (u->isInput) return u;
            continue;
        }
        if (!seen.insert(u->producer).second) continue;
        for (const ir::Tensor* in : u->producer->inputs) stack.push_back(in);
    }
    return nullptr;
}

bool NetworkImpl::checkBuildTimeInputs(const std::vector<ir::Node*>& order) const {
    bool ok = true;
    for (const ir::Node* n : order)
        for (size_t i = 0; i < n->inputs.size(); ++i) {
            const ir::Tensor* t = n->inputs[i];
            if (!t || !ir::isBuildTimeInput(n->kind(), i)) continue;
            const std::string who = std::string(ir::opKindName(n->kind())) + " layer \"" + n->name + "\": ";
            const ir::Tensor* src = networkInputBehind(t);
            const std::string because =
                src ? " (input " + std::to_string(i) + " \"" + t->name + "\" depends on network input \"" + src->name + "\")"
                    : " (input " + std::to_string(i) + " \"" + t->name + "\" has no value known at build time)";
            if (n->kind() == ir::OpKind::kShuffle) {
                if (t->hasValues) continue;
                diag_.error(ErrorCode::kUNSUPPORTED_STATE,
                            who + "reshape dims from a tensor computed at run time are not supported yet" + because);
                ok = false;
            } else if (src) {  // Convolution / FullyConnected weights: passes fold what constants compute
                diag_.error(ErrorCode::kUNSUPPORTED_STATE,
                            who + (i == 1 ? "kernel" : "bias") +
                                " weights from a non-constant tensor are not supported yet" + because);
                ok = false;
            }
        }
    return ok;
}

std::string NetworkImpl::defaultLayerName(ir::OpKind kind) const {
    return "(Unnamed Layer* " + std::to_string(layerCounter_) + ") [" + ir::opKindName(kind) + "]";
}

bool NetworkImpl::checkWeights(const char* layerKind, const char* what, const Weights& w, bool allowEmpty,
                               bool allowInt) const {
    std::string who = std::string(layerKind) + " layer (layer " + std::to_string(layerCounter_) + ")";
    if (w.count < 0) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, who + ": " + what + " weights have a negative count");
        return false;
    }
    if (w.count > 0 && !w.values) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT,
                    who + ": " + what + " weights claim " + std::to_string(w.count) + " values but point to null");
        return false;
    }
    if (w.count == 0 && !allowEmpty) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, who + ": " + what + " weights are empty");
        return false;
    }
    bool typeOk = w.type == DataType::kFLOAT ||
                  (allowInt && (w.type == DataType::kINT32 || w.type == DataType::kBOOL));
    if (w.count > 0 && !typeOk) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, who + ": " + what + " weights of type " + dataTypeName(w.type) +
                                                      " are not supported (use kFLOAT)");
        return false;
    }
    return true;
}

LayerHandle* NetworkImpl::addLayer(std::unique_ptr<LayerHandle> (*make)(NetworkImpl*, ir::Node*), ir::Attrs attrs,
                                   std::vector<ITensor*> inputs, const char* what) {
    std::vector<ir::Tensor*> ins;
    for (ITensor* t : inputs) {
        if (!t || !owns(t)) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, std::string(what) + ": an input tensor is null or belongs to another network");
            return nullptr;
        }
        ins.push_back(asImpl(t)->ir());
    }
    refreshShapes();
    ir::OpKind kind = ir::kindOf(attrs);
    std::string name = defaultLayerName(kind);
    std::vector<ir::TensorDesc> descs, outs;
    for (ir::Tensor* t : ins) descs.push_back(descOf(t));
    std::string err;
    bool upstreamPending = false;  // an input's layer is not valid yet; judge this one at build
    for (ir::Tensor* t : ins)
        if (t->dims.nbDims < 0) {
            upstreamPending = true;
            err = "input \"" + t->name + "\" has no valid shape yet";
        }
    if (err.empty() && !ir::inferShapes(attrs, descs, outs, err) && err.empty()) err = "shape inference failed";
    if (!err.empty()) {
        std::string shapes;
        for (ir::Tensor* t : ins) shapes += (shapes.empty() ? "" : ", ") + ("\"" + t->name + "\" " + ir::toString(t->dims));
        std::string msg = std::string(what) + " " + name + ": " + err + (shapes.empty() ? "" : " (inputs: " + shapes + ")");
        if (!upstreamPending && !fixableLater(kind)) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, msg);
            return nullptr;
        }
        // Attributes set after the add (groups, stride, axis, weights...) may still make it valid, as in
        // TensorRT; if not, the build reports the error naming the layer.
        diag_.verbose(msg + " (not yet valid; checked again at build)");
        outs.assign(1, ir::TensorDesc{});  // every layer kind here has one output
        outs[0].dims.nbDims = -1;
    }
    ir::Node* n = graph_.addNode(name, std::move(attrs), std::move(ins));
    for (size_t i = 0; i < outs.size(); ++i) {
        std::string tn = name + "_output" + (outs.size() > 1 ? "_" + std::to_string(i) : std::string());
        ir::Tensor* t = graph_.addTensor(tn, outs[i].type, outs[i].dims);
        t->hasValues = outs[i].hasValues;
        t->values = std::move(outs[i].values);
        t->producer = n;
        n->outputs.push_back(t);
        tensors_.push_back(std::make_unique<TensorImpl>(this, t));
        t->apiHandle = tensors_.back().get();
        handles_.insert(tensors_.back().get());
    }
    layers_.push_back(make(this, n));
    n->apiHandle = layers_.back().get();
    layers_.back()->rank = nextRank_++;  // after its inputs' producers: the order stays topological
    ++layerCounter_;
    return layers_.back().get();
}

bool NetworkImpl::fixableLater(ir::OpKind kind) {
    switch (kind) {
        case ir::OpKind::kConvolution: case ir::OpKind::kPooling: case ir::OpKind::kFullyConnected:
        case ir::OpKind::kScale: case ir::OpKind::kConcatenation: case ir::OpKind::kConstant:
        case ir::OpKind::kSoftMax: case ir::OpKind::kShuffle:
            return true;
        default:
            return false;  // only setInput could help: report now
    }
}

template <class L, class A>
L* NetworkImpl::add(A attrs, std::vector<ITensor*> inputs, const char* what) {
    auto make = [](NetworkImpl* net, ir::Node* n) -> std::unique_ptr<LayerHandle> {
        return std::make_unique<L>(net, n);
    };
    return static_cast<L*>(addLayer(make, ir::Attrs(std::move(attrs)), std::move(inputs), what));
}

IConvolutionLayer* NetworkImpl::addConvolutionNd(ITensor& input, int64_t nbOutputMaps, Dims kernelSize,
                                                 Weights kernelWeights, Weights biasWeights) noexcept {
    // Empty kernel weights are allowed: setInput(1, kernelTensor) may provide them (TensorRT).
    if (!checkWeights("Convolution", "kernel", kernelWeights, true) ||
        !checkWeights("Convolution", "bias", biasWeights, true))
        return nullptr;
    ir::ConvAttrs a;
    int32_t k = kernelSize.nbDims;
    a.nbOutputMaps = nbOutputMaps;
    a.kernelSize = kernelSize;
    a.stride = a.dilation = ir::filledDims(k, 1);
    a.prePadding = a.postPadding = ir::filledDims(k, 0);
    a.kernel = toBlob(kernelWeights);
    a.bias = toBlob(biasWeights);
    return add<ConvolutionLayer>(std::move(a), {&input}, "addConvolutionNd");
}

IPoolingLayer* NetworkImpl::addPoolingNd(ITensor& input, PoolingType type, Dims windowSize) noexcept {
    ir::PoolAttrs a;
    a.type = type;
    a.windowSize = windowSize;
    a.stride = ir::filledDims(windowSize.nbDims, 1);
    a.prePadding = a.postPadding = ir::filledDims(windowSize.nbDims, 0);
    return add<PoolingLayer>(std::move(a), {&input}, "addPoolingNd");
}

IFullyConnectedLayer* NetworkImpl::addFullyConnected(ITensor& input, int64_t nbOutputs, Weights kernelWeights,
                                                     Weights biasWeights) noexcept {
    // Empty kernel weights are allowed: setInput(1, kernelTensor) may provide them (TensorRT).
    if (!checkWeights("FullyConnected", "kernel", kernelWeights, true) ||
        !checkWeights("FullyConnected", "bias", biasWeights, true))
        return nullptr;
    ir::FullyConnectedAttrs a;
    a.nbOutputs = nbOutputs;
    a.kernel = toBlob(kernelWeights);
    a.bias = toBlob(biasWeights);
    return add<FullyConnectedLayer>(std::move(a), {&input}, "addFullyConnected");
}

IMatrixMultiplyLayer* NetworkImpl::addMatrixMultiply(ITensor& input0, MatrixOperation op0, ITensor& input1,
                                                     MatrixOperation op1) noexcept {
    ir::MatMulAttrs a;
    a.op0 = op0;
    a.op1 = op1;
    return add<MatrixMultiplyLayer>(a, {&input0, &input1}, "addMatrixMultiply");
}

IActivationLayer* NetworkImpl::addActivation(ITensor& input, ActivationType type) noexcept {
    ir::ActivationAttrs a;
    a.type = type;
    ir::defaultActivationParams(type, a.alpha, a.beta);
    return add<ActivationLayer>(a, {&input}, "addActivation");
}

IElementWiseLayer* NetworkImpl::addElementWise(ITensor& input1, ITensor& input2, ElementWiseOperation op) noexcept {
    ir::ElementWiseAttrs a;
    a.op = op;
    return add<ElementWiseLayer>(a, {&input1, &input2}, "addElementWise");
}

IScaleLayer* NetworkImpl::addScale(ITensor& input, ScaleMode mode, Weights shift, Weights scale,
                                   Weights power) noexcept {
    refreshShapes();
    int32_t rank = asImpl(&input)->ir()->dims.nbDims;
    return addScaleNd(input, mode, shift, scale, power, rank >= 2 ? 1 : 0);
}

IScaleLayer* NetworkImpl::addScaleNd(ITensor& input, ScaleMode mode, Weights shift, Weights scale, Weights power,
                                     int32_t channelAxis) noexcept {
    if (!checkWeights("Scale", "shift", shift, true) || !checkWeights("Scale", "scale", scale, true) ||
        !checkWeights("Scale", "power", power, true))
        return nullptr;
    ir::ScaleAttrs a;
    a.mode = mode;
    a.shift = toBlob(shift);
    a.scale = toBlob(scale);
    a.power = toBlob(power);
    a.channelAxis = channelAxis;
    return add<ScaleLayer>(std::move(a), {&input}, "addScale");
}

ISoftMaxLayer* NetworkImpl::addSoftMax(ITensor& input) noexcept {
    refreshShapes();
    int32_t rank = owns(&input) ? asImpl(&input)->ir()->dims.nbDims : 0;
    ir::SoftMaxAttrs a;
    a.axes = rank >= 2 ? (1u << 1) : 1u;  // the channel / class axis (docs/OPS.md)
    return add<SoftMaxLayer>(a, {&input}, "addSoftMax");
}

IShuffleLayer* NetworkImpl::addShuffle(ITensor& input) noexcept {
    ir::ShuffleAttrs a;
    a.firstTranspose = a.secondTranspose = ir::identityPermutation();
    return add<ShuffleLayer>(a, {&input}, "addShuffle");
}

IConcatenationLayer* NetworkImpl::addConcatenation(ITensor* const* inputs, int32_t nbInputs) noexcept {
    if (!inputs || nbInputs <= 0) {
        diag_.error(ErrorCode::kINVALID_ARGUMENT, "addConcatenation: needs at least one input tensor");
        return nullptr;
    }
    std::vector<ITensor*> ins(inputs, inputs + nbInputs);
    refreshShapes();
    int32_t rank = ins[0] && owns(ins[0]) ? asImpl(ins[0])->ir()->dims.nbDims : 0;
    ir::ConcatAttrs a;
    a.axis = rank >= 3 ? rank - 3 : 0;  // TensorRT's default: the channel axis of NCHW
    return add<ConcatenationLayer>(a, std::move(ins), "addConcatenation");
}

IConstantLayer* NetworkImpl::addConstant(Dims dimensions, Weights weights) noexcept {
    if (!checkWeights("Constant", "constant", weights, false, true)) return nullptr;
    ir::ConstantAttrs a;
    a.dims = dimensions;
    a.weights = toBlob(weights);
    return add<ConstantLayer>(std::move(a), {}, "addConstant");
}

}  // namespace tforge::api

namespace tforge::api {

ICastLayer* NetworkImpl::addCast(ITensor& input, DataType toType) noexcept {
    return add<CastLayer>(ir::CastAttrs{toType}, {&input}, "addCast");
}

}  // namespace tforge::api
