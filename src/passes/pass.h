// Graph passes: named rewrite objects run by a pass manager to a fixpoint, each disable-able by
// name through TFORGE_DISABLE_PASSES=name1,name2 (or the `disabled` set given by the builder).
#pragma once
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "ir/graph.h"

namespace tforge::passes {

//! What passes may ask of the builder without depending on a backend.
struct PassContext {
    //! Computes the outputs of a node whose inputs are all constants (constant folding).
    std::function<bool(const ir::Node& node, std::vector<ir::Blob>& outputs, std::string& error)> evaluate;
    const Diagnostics* diag{nullptr};
};

class Pass {
public:
    virtual ~Pass() = default;
    virtual const char* name() const = 0;
    //! Rewrites the graph; returns true if anything changed.
    virtual bool run(ir::Graph& graph, PassContext& ctx) = 0;
};

std::unique_ptr<Pass> makeDeadLayerRemoval();
std::unique_ptr<Pass> makeConstantFolding();
std::unique_ptr<Pass> makeConvBiasActivationFusion();

//! The default pipeline in order.
std::vector<std::unique_ptr<Pass>> defaultPasses();

//! Runs the enabled passes repeatedly until none changes the graph (at most 16 rounds).
//! Passes named in `disabled` or in the TFORGE_DISABLE_PASSES environment variable are skipped.
void runPasses(ir::Graph& graph, PassContext& ctx, const std::set<std::string>& disabled = {});

// Helpers shared by passes.
bool isConstant(const ir::Tensor* t);
const ir::ConstantAttrs* constantOf(const ir::Tensor* t);

}  // namespace tforge::passes
