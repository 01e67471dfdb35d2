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
    //! Whether an enabled backend of the engine's device can run this (rewritten) node; a fusion
    //! that produces a node nobody supports is not applied. Unset: everything is supported.
    std::function<bool(const ir::Node& node)> supports;
    const Diagnostics* diag{nullptr};
    //! IBuilderConfig::setBuilderOptimizationLevel (0-5): passes above it do not run.
    int32_t optLevel{3};
    bool supported(const ir::Node& n) const { return !supports || supports(n); }
};

class Pass {
public:
    virtual ~Pass() = default;
    virtual const char* name() const = 0;
    //! The lowest builder optimization level that runs this pass (TensorRT's 0-5; the default is 3).
    virtual int32_t level() const = 0;
    //! Rewrites the graph; returns true if anything changed.
    virtual bool run(ir::Graph& graph, PassContext& ctx) = 0;
};

std::unique_ptr<Pass> makeDeadLayerRemoval();
std::unique_ptr<Pass> makeConstantFolding();
std::unique_ptr<Pass> makeConvBiasActivationFusion();
std::unique_ptr<Pass> makeWeightsFromConstants();
std::unique_ptr<Pass> makeShapeInputsFromConstants();
std::unique_ptr<Pass> makeCommonSubexpressionElimination();
std::unique_ptr<Pass> makeShuffleMerging();

//! Every pass in pipeline order (docs/ARCHITECTURE.md "How to add a pass").
std::vector<std::unique_ptr<Pass>> defaultPasses();

//! Runs the passes of ctx.optLevel and below repeatedly until none changes the graph (at most 16
//! rounds). Passes named in `disabled` or in the TFORGE_DISABLE_PASSES environment variable
//! (comma-separated names) are skipped; an unknown name there is reported as a warning.
//! Afterwards no node may keep a build-time input (ir::isBuildTimeInput: weights or shape tensors
//! the passes could not fold): each one is reported as an error naming its layer, its inputs are
//! dropped and its attributes made invalid, so that the build stops at shape inference before any
//! kernel sees it. Returns false in that case.
bool runPasses(ir::Graph& graph, PassContext& ctx, const std::set<std::string>& disabled = {});

// Helpers shared by passes.
//! Evaluates `n` (all inputs constant) with ctx.evaluate and replaces it by one Constant node per
//! output, each taking over the output tensor. False (n untouched, a verbose line from `pass`) if it
//! cannot be evaluated.
bool replaceWithConstants(ir::Graph& g, ir::Node* n, PassContext& ctx, const char* pass);
bool isConstant(const ir::Tensor* t);
const ir::ConstantAttrs* constantOf(const ir::Tensor* t);

}  // namespace tforge::passes
