#include "ir/program_shapes.h"

#include "ir/shape_inference.h"

namespace tforge::ir {

bool inferProgramShapes(const Program& p, const std::vector<Dims>& inputDims, std::vector<Dims>& dims,
                        std::string& error) {
    dims.assign(p.tensors.size(), Dims{});
    for (size_t i = 0; i < p.inputs.size() && i < inputDims.size(); ++i) dims[p.inputs[i]] = inputDims[i];
    // Constants are static; a device copy of one (uploaded at load) has no producing node.
    for (size_t t = 0; t < p.tensors.size(); ++t)
        if (p.tensors[t].role == TensorRole::kConstant) dims[t] = p.tensors[t].dims;
    std::vector<TensorDesc> ins, outs;
    for (const ProgramNode& n : p.nodes) {
        ins.clear();
        outs.clear();
        for (int32_t t : n.inputs) ins.push_back({dims[t], p.tensors[t].type});
        if (!inferShapes(n.attrs, ins, outs, error) || outs.size() != n.outputs.size()) {
            error = "Layer \"" + n.name + "\": " + (error.empty() ? std::string("output count mismatch") : error);
            return false;
        }
        for (size_t o = 0; o < outs.size(); ++o) dims[n.outputs[o]] = outs[o].dims;
    }
    return true;
}

}  // namespace tforge::ir
