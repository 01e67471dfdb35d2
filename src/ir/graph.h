// The mutable graph the network definition builds and the passes rewrite.
// Tensors and nodes have stable addresses (owned by unique_ptr); edges are raw pointers.
#pragma once
#include <memory>
#include <string>
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
};

struct Node {
    std::string name;
    Attrs attrs;
    std::vector<Tensor*> inputs;
    std::vector<Tensor*> outputs;
    void* apiHandle{nullptr};
    OpKind kind() const { return kindOf(attrs); }
};

class Graph {
public:
    Tensor* addTensor(std::string name, DataType type, Dims dims);
    Node* addNode(std::string name, Attrs attrs, std::vector<Tensor*> inputs);
    //! Removes a node (its outputs stay, producer cleared). Used by passes.
    void removeNode(Node* n);
    void removeTensor(Tensor* t);
    //! Replaces every use of `from` (node inputs and output marking) with `to`.
    void replaceAllUses(Tensor* from, Tensor* to);

    std::vector<Node*> consumers(const Tensor* t) const;
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
};

}  // namespace tforge::ir
