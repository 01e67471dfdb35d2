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
            if (replaceWithConstants(g, n, ctx, "constant_folding")) changed = true;
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeConstantFolding() { return std::make_unique<ConstantFolding>(); }

}  // namespace tforge::passes
