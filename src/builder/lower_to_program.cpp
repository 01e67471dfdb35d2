// Graph -> Program: execution order, tensor indices and roles.
#include <unordered_map>

#include "builder/build_request.h"

namespace tforge::builder {

void lowerToProgram(const ir::Graph& g, ir::Program& p) {
    std::vector<ir::Node*> order;
    g.topologicalOrder(order);
    std::unordered_map<const ir::Tensor*, int32_t> index;
    auto tensorIndex = [&](const ir::Tensor* t) {
        auto it = index.find(t);
        if (it != index.end()) return it->second;
        ir::ProgramTensor pt;
        pt.name = t->name;
        pt.type = t->type;
        pt.dims = t->dims;
        pt.role = t->isInput ? ir::TensorRole::kInput : t->isOutput ? ir::TensorRole::kOutput : ir::TensorRole::kActivation;
        p.tensors.push_back(pt);
        int32_t i = static_cast<int32_t>(p.tensors.size()) - 1;
        index[t] = i;
        return i;
    };
    for (ir::Tensor* t : g.inputs()) p.inputs.push_back(tensorIndex(t));
    for (ir::Node* n : order) {
        ir::ProgramNode pn;
        pn.name = n->name;
        pn.attrs = n->attrs;
        pn.precisionSet = n->precisionSet;
        pn.precision = n->precision;
        for (ir::Tensor* t : n->inputs) pn.inputs.push_back(tensorIndex(t));
        for (ir::Tensor* t : n->outputs) pn.outputs.push_back(tensorIndex(t));
        if (n->kind() == ir::OpKind::kConstant) {
            // A constant's data lives in the plan; the tensor points at it unless it is a network output.
            auto& pt = p.tensors[pn.outputs[0]];
            if (pt.role == ir::TensorRole::kActivation) pt.role = ir::TensorRole::kConstant;
            pt.constantNode = static_cast<int32_t>(p.nodes.size());
        }
        p.nodes.push_back(std::move(pn));
    }
    for (ir::Tensor* t : g.outputs()) p.outputs.push_back(tensorIndex(t));
}

}  // namespace tforge::builder
