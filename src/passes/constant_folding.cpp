// Evaluates layers whose inputs are all constants at build time and replaces them by Constant layers.
#include "passes/pass.h"

#include "ir/dims_util.h"

namespace tforge::passes {
namespace {

// Folding a huge constant would bloat the plan; leave those to run time.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;

class ConstantFolding final : public Pass {
public:
    const char* name() const override { return "constant_folding"; }
    int32_t level() const override { return 1; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        if (!ctx.evaluate) return false;
        bool changed = false;
        std::vector<ir::Node*> order;
        if (!g.topologicalOrder(order)) return false;
        for (ir::Node* n : order) {
            if (n->kind() == ir::OpKind::kConstant || n->inputs.empty()) continue;
            bool allConst = true;
            for (ir::Tensor* t : n->inputs) allConst = allConst && isConstant(t);
            if (!allConst) continue;
            bool small = true;
            for (ir::Tensor* t : n->outputs) small = small && ir::volume(t->dims) >= 0 && ir::volume(t->dims) <= kMaxFoldedElements;
            if (!small) continue;
            std::vector<ir::Blob> values;
            std::string err;
            if (!ctx.evaluate(*n, values, err) || values.size() != n->outputs.size()) {
                if (ctx.diag) ctx.diag->verbose("constant_folding: cannot fold \"" + n->name + "\": " + err);
                continue;
            }
            // One Constant node per output, each taking over the output tensor.
            std::vector<ir::Tensor*> outs = n->outputs;
            std::string name = n->name;
            g.removeNode(n);
            for (size_t i = 0; i < outs.size(); ++i) {
                ir::ConstantAttrs a;
                a.dims = outs[i]->dims;
                a.weights = values[i];
                ir::Node* c = g.addNode(name + (outs.size() > 1 ? "_" + std::to_string(i) : "") + " (folded)", a, {});
                c->outputs.push_back(outs[i]);
                outs[i]->producer = c;
            }
            changed = true;
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeConstantFolding() { return std::make_unique<ConstantFolding>(); }

}  // namespace tforge::passes
