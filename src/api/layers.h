// One class per layer kind: attribute accessors over the node's typed attributes.
// Setters mark their layer dirty; the network re-infers dirty layers (and what changes downstream of
// them) on the next shape query or build.
#pragma once
#include <string>

#include "api/network_impl.h"

namespace tforge::api {

inline Weights toWeights(const ir::Blob& b) { return Weights{b.type, b.data, b.count}; }
//! Copies user weights (null values with count > 0 become an empty blob; the builder reports it).
ir::Blob toBlob(const Weights& w);

template <class Iface, class A, LayerType LT>
class LayerBase : public Iface, public LayerHandle {
public:
    LayerBase(NetworkImpl* net, ir::Node* n) : net_(net), n_(n) {}
    ILayer* asLayer() override { return this; }
    LayerType getType() const noexcept override { return LT; }
    void setName(const char* name) noexcept override {
        if (name) n_->name = name;
    }
    const char* getName() const noexcept override { return n_->name.c_str(); }
    int32_t getNbInputs() const noexcept override { return static_cast<int32_t>(n_->inputs.size()); }
    ITensor* getInput(int32_t index) const noexcept override {
        if (index < 0 || index >= getNbInputs() || !n_->inputs[index]) return nullptr;
        return static_cast<TensorImpl*>(n_->inputs[index]->apiHandle);
    }
    int32_t getNbOutputs() const noexcept override { return static_cast<int32_t>(n_->outputs.size()); }
    ITensor* getOutput(int32_t index) const noexcept override {
        if (index < 0 || index >= getNbOutputs()) return nullptr;
        return static_cast<TensorImpl*>(n_->outputs[index]->apiHandle);
    }
    //! Replaces input `index`, or appends one with index == getNbInputs() where the op takes more
    //! (TensorRT: a Convolution's/FullyConnected's kernel 1 and bias 2, a Shuffle's reshape dims 1).
    void setInput(int32_t index, ITensor& tensor) noexcept override {
        const ir::OpInfo& info = ir::opInfo(n_->kind());
        const int32_t nb = getNbInputs();
        const bool canAppend = info.maxInputs != ir::kVariadic && nb < info.maxInputs;
        if (index < 0 || index > nb || (index == nb && !canAppend)) {
            net_->diag().error(ErrorCode::kINVALID_ARGUMENT,
                               "Layer \"" + n_->name + "\": setInput index " + std::to_string(index) +
                                   " out of range [0," + std::to_string(nb) + ")" +
                                   (canAppend ? " (" + std::to_string(nb) + " appends an input; this layer takes up to " +
                                                    std::to_string(info.maxInputs) + ")"
                                              : std::string()));
            return;
        }
        if (!net_->owns(&tensor)) {
            net_->diag().error(ErrorCode::kINVALID_ARGUMENT,
                               "Layer \"" + n_->name + "\": setInput got a tensor of another network");
            return;
        }
        net_->setLayerInput(n_, index, asImpl(&tensor)->ir());
    }
    void setPrecision(DataType dataType) noexcept override {
        if (!typeControlAllowed("setPrecision")) return;
        n_->precisionSet = true;
        n_->precision = dataType;
    }
    DataType getPrecision() const noexcept override { return n_->precisionSet ? n_->precision : DataType::kFLOAT; }
    bool precisionIsSet() const noexcept override { return n_->precisionSet; }
    void resetPrecision() noexcept override { n_->precisionSet = false; }
    void setOutputType(int32_t index, DataType dataType) noexcept override {
        if (!typeControlAllowed("setOutputType") || !outputIndexOk("setOutputType", index)) return;
        const auto i = static_cast<size_t>(index);
        if (n_->outputTypeSet.size() <= i) {
            n_->outputTypeSet.resize(i + 1, false);
            n_->outputTypes.resize(i + 1, DataType::kFLOAT);
        }
        n_->outputTypeSet[i] = true;
        n_->outputTypes[i] = dataType;
        net_->markLayerDirty(n_);
    }
    DataType getOutputType(int32_t index) const noexcept override {
        if (index >= 0 && n_->outputTypeIsSet(static_cast<size_t>(index))) return n_->outputTypes[index];
        ITensor* out = getOutput(index);
        return out ? out->getType() : DataType::kFLOAT;
    }
    bool outputTypeIsSet(int32_t index) const noexcept override {
        return index >= 0 && n_->outputTypeIsSet(static_cast<size_t>(index));
    }
    void resetOutputType(int32_t index) noexcept override {
        if (index < 0 || !n_->outputTypeIsSet(static_cast<size_t>(index))) return;
        n_->outputTypeSet[index] = false;
        net_->markLayerDirty(n_);
    }

protected:
    // TensorRT 11 / strongly typed networks: types follow the network's own casts, so per-layer
    // precision controls are refused (as TensorRT does) rather than silently ignored.
    bool typeControlAllowed(const char* what) const {
        if (!net_->getFlag(NetworkDefinitionCreationFlag::kSTRONGLY_TYPED)) return true;
        net_->diag().error(ErrorCode::kINVALID_ARGUMENT, "Layer \"" + n_->name + "\": " + what +
                                                             " is not allowed in a strongly typed network (its types "
                                                             "follow the network's inputs and casts; use addCast)");
        return false;
    }
    bool outputIndexOk(const char* what, int32_t index) const {
        if (index >= 0 && index < getNbOutputs()) return true;
        net_->diag().error(ErrorCode::kINVALID_ARGUMENT, "Layer \"" + n_->name + "\": " + what + " index " +
                                                             std::to_string(index) + " out of range [0," +
                                                             std::to_string(getNbOutputs()) + ")");
        return false;
    }
    A& mut() {
        net_->markLayerDirty(n_);
        return std::get<A>(n_->attrs);
    }
    const A& get() const { return std::get<A>(n_->attrs); }
    NetworkImpl* net_;
    ir::Node* n_;
};

//! Stride and padding accessors shared by the sliding-window layers (convolution, pooling).
template <class Iface, class A, LayerType LT>
class WindowLayerBase : public LayerBase<Iface, A, LT> {
public:
    using LayerBase<Iface, A, LT>::LayerBase;
    using LayerBase<Iface, A, LT>::mut;
    using LayerBase<Iface, A, LT>::get;
    void setStrideNd(Dims d) noexcept override { mut().stride = d; }
    Dims getStrideNd() const noexcept override { return get().stride; }
    void setPaddingNd(Dims d) noexcept override { mut().prePadding = d; mut().postPadding = d; }
    Dims getPaddingNd() const noexcept override { return get().prePadding; }
    void setPrePadding(Dims d) noexcept override { mut().prePadding = d; }
    Dims getPrePadding() const noexcept override { return get().prePadding; }
    void setPostPadding(Dims d) noexcept override { mut().postPadding = d; }
    Dims getPostPadding() const noexcept override { return get().postPadding; }
    void setPaddingMode(PaddingMode m) noexcept override { mut().paddingMode = m; }
    PaddingMode getPaddingMode() const noexcept override { return get().paddingMode; }
};

class ConvolutionLayer final : public WindowLayerBase<IConvolutionLayer, ir::ConvAttrs, LayerType::kCONVOLUTION> {
public:
    using WindowLayerBase::WindowLayerBase;
    void setNbOutputMaps(int64_t v) noexcept override { mut().nbOutputMaps = v; }
    int64_t getNbOutputMaps() const noexcept override { return get().nbOutputMaps; }
    void setNbGroups(int64_t v) noexcept override { mut().nbGroups = v; }
    int64_t getNbGroups() const noexcept override { return get().nbGroups; }
    void setKernelWeights(Weights w) noexcept override { mut().kernel = toBlob(w); }
    Weights getKernelWeights() const noexcept override { return toWeights(get().kernel); }
    void setBiasWeights(Weights w) noexcept override { mut().bias = toBlob(w); }
    Weights getBiasWeights() const noexcept override { return toWeights(get().bias); }
    void setKernelSizeNd(Dims d) noexcept override { mut().kernelSize = d; }
    Dims getKernelSizeNd() const noexcept override { return get().kernelSize; }
    void setDilationNd(Dims d) noexcept override { mut().dilation = d; }
    Dims getDilationNd() const noexcept override { return get().dilation; }
};

class PoolingLayer final : public WindowLayerBase<IPoolingLayer, ir::PoolAttrs, LayerType::kPOOLING> {
public:
    using WindowLayerBase::WindowLayerBase;
    void setPoolingType(PoolingType t) noexcept override { mut().type = t; }
    PoolingType getPoolingType() const noexcept override { return get().type; }
    void setWindowSizeNd(Dims d) noexcept override { mut().windowSize = d; }
    Dims getWindowSizeNd() const noexcept override { return get().windowSize; }
    void setBlendFactor(float f) noexcept override { mut().blendFactor = f; }
    float getBlendFactor() const noexcept override { return get().blendFactor; }
    void setAverageCountExcludesPadding(bool b) noexcept override { mut().averageCountExcludesPadding = b; }
    bool getAverageCountExcludesPadding() const noexcept override { return get().averageCountExcludesPadding; }
};

class FullyConnectedLayer final
    : public LayerBase<IFullyConnectedLayer, ir::FullyConnectedAttrs, LayerType::kFULLY_CONNECTED> {
public:
    using LayerBase::LayerBase;
    void setNbOutputChannels(int64_t v) noexcept override { mut().nbOutputs = v; }
    int64_t getNbOutputChannels() const noexcept override { return get().nbOutputs; }
    void setKernelWeights(Weights w) noexcept override { mut().kernel = toBlob(w); }
    Weights getKernelWeights() const noexcept override { return toWeights(get().kernel); }
    void setBiasWeights(Weights w) noexcept override { mut().bias = toBlob(w); }
    Weights getBiasWeights() const noexcept override { return toWeights(get().bias); }
};

class MatrixMultiplyLayer final
    : public LayerBase<IMatrixMultiplyLayer, ir::MatMulAttrs, LayerType::kMATRIX_MULTIPLY> {
public:
    using LayerBase::LayerBase;
    void setOperation(int32_t index, MatrixOperation op) noexcept override {
        if (index == 0) mut().op0 = op;
        else if (index == 1) mut().op1 = op;
    }
    MatrixOperation getOperation(int32_t index) const noexcept override {
        return index == 0 ? get().op0 : get().op1;
    }
};

class ActivationLayer final : public LayerBase<IActivationLayer, ir::ActivationAttrs, LayerType::kACTIVATION> {
public:
    using LayerBase::LayerBase;
    void setActivationType(ActivationType t) noexcept override { mut().type = t; }
    ActivationType getActivationType() const noexcept override { return get().type; }
    void setAlpha(float a) noexcept override { mut().alpha = a; }
    void setBeta(float b) noexcept override { mut().beta = b; }
    float getAlpha() const noexcept override { return get().alpha; }
    float getBeta() const noexcept override { return get().beta; }
};

class ElementWiseLayer final : public LayerBase<IElementWiseLayer, ir::ElementWiseAttrs, LayerType::kELEMENTWISE> {
public:
    using LayerBase::LayerBase;
    void setOperation(ElementWiseOperation op) noexcept override { mut().op = op; }
    ElementWiseOperation getOperation() const noexcept override { return get().op; }
};

class ScaleLayer final : public LayerBase<IScaleLayer, ir::ScaleAttrs, LayerType::kSCALE> {
public:
    using LayerBase::LayerBase;
    void setMode(ScaleMode m) noexcept override { mut().mode = m; }
    ScaleMode getMode() const noexcept override { return get().mode; }
    void setShift(Weights w) noexcept override { mut().shift = toBlob(w); }
    Weights getShift() const noexcept override { return toWeights(get().shift); }
    void setScale(Weights w) noexcept override { mut().scale = toBlob(w); }
    Weights getScale() const noexcept override { return toWeights(get().scale); }
    void setPower(Weights w) noexcept override { mut().power = toBlob(w); }
    Weights getPower() const noexcept override { return toWeights(get().power); }
    int32_t getChannelAxis() const noexcept override { return get().channelAxis; }
    void setChannelAxis(int32_t a) noexcept override { mut().channelAxis = a; }
};

class SoftMaxLayer final : public LayerBase<ISoftMaxLayer, ir::SoftMaxAttrs, LayerType::kSOFTMAX> {
public:
    using LayerBase::LayerBase;
    void setAxes(uint32_t axes) noexcept override { mut().axes = axes; }
    uint32_t getAxes() const noexcept override { return get().axes; }
};

class ShuffleLayer final : public LayerBase<IShuffleLayer, ir::ShuffleAttrs, LayerType::kSHUFFLE> {
public:
    using LayerBase::LayerBase;
    void setFirstTranspose(Permutation p) noexcept override { mut().firstTranspose = p; }
    Permutation getFirstTranspose() const noexcept override { return get().firstTranspose; }
    void setReshapeDimensions(Dims d) noexcept override {
        mut().reshapeDims = d;
        mut().hasReshape = true;
    }
    Dims getReshapeDimensions() const noexcept override {
        if (!get().hasReshape) { Dims d; d.nbDims = -1; return d; }
        return get().reshapeDims;
    }
    void setSecondTranspose(Permutation p) noexcept override { mut().secondTranspose = p; }
    Permutation getSecondTranspose() const noexcept override { return get().secondTranspose; }
    void setZeroIsPlaceholder(bool z) noexcept override { mut().zeroIsPlaceholder = z; }
    bool getZeroIsPlaceholder() const noexcept override { return get().zeroIsPlaceholder; }
};

class ConcatenationLayer final
    : public LayerBase<IConcatenationLayer, ir::ConcatAttrs, LayerType::kCONCATENATION> {
public:
    using LayerBase::LayerBase;
    void setAxis(int32_t axis) noexcept override { mut().axis = axis; }
    int32_t getAxis() const noexcept override { return get().axis; }
};

class CastLayer final : public LayerBase<ICastLayer, ir::CastAttrs, LayerType::kCAST> {
public:
    using LayerBase::LayerBase;
    void setToType(DataType t) noexcept override { mut().toType = t; }
    DataType getToType() const noexcept override { return get().toType; }
};

class ConstantLayer final : public LayerBase<IConstantLayer, ir::ConstantAttrs, LayerType::kCONSTANT> {
public:
    using LayerBase::LayerBase;
    void setWeights(Weights w) noexcept override { mut().weights = toBlob(w); }
    Weights getWeights() const noexcept override { return toWeights(get().weights); }
    void setDimensions(Dims d) noexcept override { mut().dims = d; }
    Dims getDimensions() const noexcept override { return get().dims; }
};

// Layer classes of the op families (their add methods: src/api/network_<family>.cpp).
// ---- math family: layer classes (begin)
// ---- math family (end)
// ---- reduce family: layer classes (begin)
// ---- reduce family (end)
// ---- shape family: layer classes (begin)
// ---- shape family (end)
// ---- index family: layer classes (begin)
// ---- index family (end)
// ---- control family: layer classes (begin)
// ---- control family (end)

}  // namespace tforge::api
