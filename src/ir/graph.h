// The mutable graph the network definition builds and the passes rewrite.
// Tensors and nodes have stable addresses (owned by unique_ptr); edges are raw pointers.
//
// The graph keeps two indexes so that the queries the network definition and the passes make per
// layer are O(1)-ish instead of scans over the whole graph: the consumers of each tensor and the
// number of tensors per name. They are kept right by the Graph methods, so code outside Graph must
// change Node::inputs only through addNode / setNodeInput / appendNodeInput / truncateNodeInputs /
// replaceAllUses / removeNode, and a
// tensor's name only through renameTensor (reading them directly is fine; Node::outputs and
// Tensor::producer are not indexed and may be assigned directly).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/attrs.h"

namespace tforge::ir {

struct Node;

struct Tensor {
    std::string name;
    DataType type{DataType::kFLOAT};
    Dims dims;                 // -1 for dynamic extents
    Node* producer{nullptr};   // nullptr for network inputs
    bool isInput{false};
    bool isOutput{false};
    void* apiHandle{nullptr};  // the api object wrapping this tensor (owned by the network)
    //! The values of a small int32/int64 tensor known at build time (ir::TensorDesc::values; kept
    //! by the network definition's shape inference, copied by clone()).
    bool hasValues{false};
    std::vector<int64_t> values;
};

struct Node {
    std::string name;
    Attrs attrs;
    std::vector<Tensor*> inputs;
    std::vector<Tensor*> outputs;
    void* apiHandle{nullptr};
    uint64_t seq{0};  // insertion order in its graph (consumers() lists nodes in this order)
    //! ILayer::setPrecision: the float type the builder should run this node in (honoured where a
    //! kernel offers it, otherwise a warning names the layer).
    bool precisionSet{false};
    DataType precision{DataType::kFLOAT};
    //! ILayer::setOutputType per output (index parallel to outputs; shorter means "not set").
    std::vector<bool> outputTypeSet;
    std::vector<DataType> outputTypes;
    bool outputTypeIsSet(size_t i) const { return i < outputTypeSet.size() && outputTypeSet[i]; }
    OpKind kind() const { return kindOf(attrs); }
};

class Graph {
public:
    Tensor* addTensor(std::string name, DataType type, Dims dims);
    Node* addNode(std::string name, Attrs attrs, std::vector<Tensor*> inputs);
    //! Removes a node (its outputs stay, producer cleared). Used by passes.
    void removeNode(Node* n);
    void removeTensor(Tensor* t);
    //! Replaces every use of `from` (node inputs and output marking) with `to`. O(uses of `from`).
    void replaceAllUses(Tensor* from, Tensor* to);
    //! n->inputs[index] = t, keeping the consumer index right (index must be < n->inputs.size()).
    void setNodeInput(Node* n, size_t index, Tensor* t);
    //! n->inputs.push_back(t), keeping the consumer index right.
    void appendNodeInput(Node* n, Tensor* t);
    //! Drops n->inputs[count..] (if any), keeping the consumer index right.
    void truncateNodeInputs(Node* n, size_t count);
    //! t->name = name, keeping the name index right.
    void renameTensor(Tensor* t, std::string name);
    //! Whether some tensor of the graph has this name. O(1).
    bool hasTensorNamed(const std::string& name) const;

    //! The nodes that read `t`, each once, in insertion order. O(uses of t).
    std::vector<Node*> consumers(const Tensor* t) const;
    //! True if the consumer and name indexes match the nodes and tensors (O(N); for tests).
    bool indexesConsistent() const;
    //! Nodes in a dependency order; returns false (and the node on a cycle) if there is a cycle.
    bool topologicalOrder(std::vector<Node*>& order, const Node** cycleNode = nullptr) const;

    const std::vector<std::unique_ptr<Tensor>>& tensors() const { return tensors_; }
    const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
    std::vector<Tensor*>& inputs() { return inputs_; }
    const std::vector<Tensor*>& inputs() const { return inputs_; }
    std::vector<Tensor*>& outputs() { return outputs_; }
    const std::vector<Tensor*>& outputs() const { return outputs_; }

    //! Deep copy (the builder optimizes a copy so the user's network stays as written).
    std::unique_ptr<Graph> clone() const;
    //! A name not used by any tensor yet, built from `base`.
    std::string uniqueTensorName(const std::string& base) const;

private:
    std::vector<std::unique_ptr<Tensor>> tensors_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<Tensor*> inputs_;
    std::vector<Tensor*> outputs_;
    // Consumer index: for each tensor, one entry per input slot that reads it (a node reading a
    // tensor twice appears twice).
    std::unordered_map<const Tensor*, std::vector<Node*>> users_;
    std::unordered_map<std::string, int32_t> names_;  // tensor name -> number of tensors with it
    uint64_t nextSeq_{0};
    void addUse(Tensor* t, Node* n);
    void dropUse(const Tensor* t, const Node* n);
};

}  // namespace tforge::ir
