// INetworkDefinition and ITensor implementations: thin wrappers over ir::Graph that validate
// arguments, run shape inference as layers are added, and report errors by layer/tensor name.
//
// Shape inference is incremental, so defining a network of N layers costs O(N): a setter or
// setInput marks only its layer dirty, setDimensions/setType on an input marks the input's
// consumers dirty, and the next shape query (getDimensions, an add*, the build) re-infers the dirty
// layers in topological order, going on downstream only where a layer's outputs changed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/diagnostics.h"
#include "ir/graph.h"
#include "ir/shape_inference.h"
#include "tensorforge/network.h"

namespace tforge::api {

class NetworkImpl;

class TensorImpl final : public ITensor {
public:
    TensorImpl(NetworkImpl* net, ir::Tensor* t) : net_(net), t_(t) {}
    void setName(const char* name) noexcept override;
    const char* getName() const noexcept override { return t_->name.c_str(); }
    void setDimensions(Dims dimensions) noexcept override;
    Dims getDimensions() const noexcept override;
    void setType(DataType type) noexcept override;
    DataType getType() const noexcept override;
    bool isNetworkInput() const noexcept override { return t_->isInput; }
    bool isNetworkOutput() const noexcept override { return t_->isOutput; }
    //! True for a tensor that gives a layer's shape (a Shuffle's input 1), directly or through
    //! the value-propagating layers (ElementWise, Concatenation, Shuffle, Cast) computing one.
    bool isShapeTensor() const noexcept override;
    //! False only for a shape tensor that nothing else reads (nor is it a network input or output).
    bool isExecutionTensor() const noexcept override;
    ir::Tensor* ir() const { return t_; }
    NetworkImpl* network() const { return net_; }

private:
    NetworkImpl* net_;
    ir::Tensor* t_;
};

//! Base of all layer objects (ILayer part lives in LayerBase<> in layers.h).
class LayerHandle {
public:
    virtual ~LayerHandle() = default;
    virtual ILayer* asLayer() = 0;

    // Bookkeeping of NetworkImpl's incremental shape inference.
    uint64_t rank{0};   //!< position in a topological order (valid while the network's order is)
    bool dirty{false};  //!< waiting to be re-inferred (in the dirty list or the refresh queue)
};

class NetworkImpl final : public INetworkDefinition {
public:
    NetworkImpl(ILogger* logger, NetworkDefinitionCreationFlags flags);
    ~NetworkImpl() override;

    ITensor* addInput(const char* name, DataType type, Dims dimensions) noexcept override;
    void markOutput(ITensor& tensor) noexcept override;
    void unmarkOutput(ITensor& tensor) noexcept override;
    IConvolutionLayer* addConvolutionNd(ITensor& input, int64_t nbOutputMaps, Dims kernelSize, Weights kernelWeights,
                                        Weights biasWeights) noexcept override;
    IPoolingLayer* addPoolingNd(ITensor& input, PoolingType type, Dims windowSize) noexcept override;
    IFullyConnectedLayer* addFullyConnected(ITensor& input, int64_t nbOutputs, Weights kernelWeights,
                                            Weights biasWeights) noexcept override;
    IMatrixMultiplyLayer* addMatrixMultiply(ITensor& input0, MatrixOperation op0, ITensor& input1,
                                            MatrixOperation op1) noexcept override;
    IActivationLayer* addActivation(ITensor& input, ActivationType type) noexcept override;
    IElementWiseLayer* addElementWise(ITensor& input1, ITensor& input2, ElementWiseOperation op) noexcept override;
    IScaleLayer* addScale(ITensor& input, ScaleMode mode, Weights shift, Weights scale, Weights power) noexcept override;
    IScaleLayer* addScaleNd(ITensor& input, ScaleMode mode, Weights shift, Weights scale, Weights power,
                            int32_t channelAxis) noexcept override;
    ISoftMaxLayer* addSoftMax(ITensor& input) noexcept override;
    IShuffleLayer* addShuffle(ITensor& input) noexcept override;
    IConcatenationLayer* addConcatenation(ITensor* const* inputs, int32_t nbInputs) noexcept override;
    IConstantLayer* addConstant(Dims dimensions, Weights weights) noexcept override;
    ICastLayer* addCast(ITensor& input, DataType toType) noexcept override;
    // ---- math family: add methods (defined in src/api/network_<family>.cpp) (begin)
    // ---- math family (end)
    // ---- reduce family: add methods (defined in src/api/network_<family>.cpp) (begin)
    // ---- reduce family (end)
    // ---- shape family: add methods (defined in src/api/network_<family>.cpp) (begin)
    // ---- shape family (end)
    // ---- index family: add methods (defined in src/api/network_<family>.cpp) (begin)
    // ---- index family (end)
    // ---- control family: add methods (defined in src/api/network_<family>.cpp) (begin)
    // ---- control family (end)

    int32_t getNbLayers() const noexcept override { return static_cast<int32_t>(layers_.size()); }
    ILayer* getLayer(int32_t index) const noexcept override;
    int32_t getNbInputs() const noexcept override { return static_cast<int32_t>(graph_.inputs().size()); }
    ITensor* getInput(int32_t index) const noexcept override;
    int32_t getNbOutputs() const noexcept override { return static_cast<int32_t>(graph_.outputs().size()); }
    ITensor* getOutput(int32_t index) const noexcept override;
    void removeTensor(ITensor& tensor) noexcept override;
    bool hasImplicitBatchDimension() const noexcept override {
        return getFlag(NetworkDefinitionCreationFlag::kIMPLICIT_BATCH_LEGACY);
    }
    NetworkDefinitionCreationFlags getFlags() const noexcept override { return flags_; }
    bool getFlag(NetworkDefinitionCreationFlag flag) const noexcept override;
    void setName(const char* name) noexcept override { name_ = name ? name : ""; }
    const char* getName() const noexcept override { return name_.c_str(); }
    void setErrorRecorder(IErrorRecorder* recorder) noexcept override { diag_.setRecorder(recorder); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }

    // --- internal ---
    const Diagnostics& diag() const { return diag_; }
    const ir::Graph& graph() const { return graph_; }
    //! Without `report`: re-infers the layers marked dirty and, where their outputs changed, the
    //! layers downstream; returns false if one of the re-inferred layers fails (or there is a cycle).
    //! With `report` (the builder): re-infers the whole graph, logs each failing layer by name (and a
    //! cycle) and returns false if any fails.
    bool refreshShapes(bool report = false) const;
    //! A setter changed this layer's attributes: re-infer it at the next shape query.
    void markLayerDirty(ir::Node* n) const;
    //! The dims or type of this tensor (a network input) changed: re-infer its consumers.
    void markConsumersDirty(const ir::Tensor* t) const;
    //! ILayer::setInput: rewires input `index` of `n` to `t` (a tensor of this network); index ==
    //! n->inputs.size() appends one (the caller checks it against the op's MaxInputs).
    void setLayerInput(ir::Node* n, int32_t index, ir::Tensor* t);
    //! ITensor::setName.
    void renameTensor(ir::Tensor* t, const char* name) { graph_.renameTensor(t, name); }
    //! True if `t` is a tensor of this network (guards against tensors of another network). O(1).
    bool owns(const ITensor* t) const { return t && handles_.count(t) != 0; }
    //! ITensor::isShapeTensor / isExecutionTensor (see there).
    bool isShapeTensor(const ir::Tensor* t) const;
    bool isExecutionTensor(const ir::Tensor* t) const;

private:
    // Adds a node; infers its outputs; on failure logs "<kind> layer <name>: <why>", removes it and returns null.
    LayerHandle* addLayer(std::unique_ptr<LayerHandle> (*make)(NetworkImpl*, ir::Node*), ir::Attrs attrs,
                          std::vector<ITensor*> inputs, const char* what);
    template <class L, class A>
    L* add(A attrs, std::vector<ITensor*> inputs, const char* what);
    static bool applyOutputTypes(const ir::Node& n, std::vector<ir::TensorDesc>& outs, std::string& err);
    bool checkWeights(const char* layerKind, const char* what, const Weights& w, bool allowEmpty,
                      bool allowInt = false) const;
    std::string defaultLayerName(ir::OpKind kind) const;
    //! Whether a layer kind has setters that can repair a failed add-time check (then the add succeeds
    //! and the build reports the error if it is still there).
    static bool fixableLater(ir::OpKind kind);
    static LayerHandle* handleOf(const ir::Node* n) { return static_cast<LayerHandle*>(n->apiHandle); }
    //! Infers one layer's outputs from its inputs; `changed` is set if an output's dims or type
    //! changed. With `report` a failure is logged naming the layer. Returns false if it fails.
    bool inferNode(ir::Node* n, bool report, bool& changed) const;
    //! The build's checks of build-time inputs (weights and shape tensors) that the passes will
    //! fold: each must be computable at build time. Logs each failing layer; false if any fails.
    bool checkBuildTimeInputs(const std::vector<ir::Node*>& order) const;
    //! Gives every layer its rank in a topological order; false (and nothing changes) on a cycle.
    bool reorder() const;
    void assignRanks(const std::vector<ir::Node*>& order) const;

    mutable ir::Graph graph_;
    Diagnostics diag_;
    NetworkDefinitionCreationFlags flags_{0};
    std::string name_;
    std::vector<std::unique_ptr<TensorImpl>> tensors_;
    std::unordered_set<const ITensor*> handles_;  // the tensors_ pointers, for owns()
    std::vector<std::unique_ptr<LayerHandle>> layers_;
    int32_t layerCounter_{0};

    // Incremental shape inference.
    mutable std::vector<ir::Node*> dirtyNodes_;  // each with handle->dirty set, no duplicates
    mutable uint64_t nextRank_{0};               // rank of the next layer added
    mutable bool orderValid_{true};              // ranks are a topological order (setInput may break it)
    mutable bool cycleKnown_{false};             // the last reorder() found a cycle; no setInput since
};

TensorImpl* asImpl(ITensor* t);

}  // namespace tforge::api
