// Removes layers none of whose outputs reach a network output, and the tensors they produced.
#include "passes/pass.h"

namespace tforge::passes {
namespace {

class DeadLayerRemoval final : public Pass {
public:
    const char* name() const override { return "dead_layer_removal"; }
    int32_t level() const override { return 0; }
    bool run(ir::Graph& g, PassContext&) override {
        bool changed = false;
        for (bool again = true; again;) {
            again = false;
            for (auto& up : g.nodes()) {
                ir::Node* n = up.get();
                bool used = false;
                for (ir::Tensor* t : n->outputs)
                    if (t->isOutput || !g.consumers(t).empty()) used = true;
                if (used) continue;
                std::vector<ir::Tensor*> outs = n->outputs;
                g.removeNode(n);
                for (ir::Tensor* t : outs) g.removeTensor(t);
                again = changed = true;
                break;  // the node list changed under us
            }
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeDeadLayerRemoval() { return std::make_unique<DeadLayerRemoval>(); }

}  // namespace tforge::passes
