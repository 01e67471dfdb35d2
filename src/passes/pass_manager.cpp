#include <cstdlib>
#include <sstream>

#include "ir/shape_inference.h"
#include "passes/pass.h"

namespace tforge::passes {

bool replaceWithConstants(ir::Graph& g, ir::Node* n, PassContext& ctx, const char* pass) {
    std::vector<ir::Blob> values;
    std::string err;
    if (!ctx.evaluate || !ctx.evaluate(*n, values, err) || values.size() != n->outputs.size()) {
        if (ctx.diag) ctx.diag->verbose(std::string(pass) + ": cannot evaluate \"" + n->name + "\": " + err);
        return false;
    }
    const std::vector<ir::Tensor*> outs = n->outputs;
    const std::string name = n->name;
    g.removeNode(n);
    for (size_t i = 0; i < outs.size(); ++i) {
        ir::ConstantAttrs a;
        a.dims = outs[i]->dims;
        a.weights = values[i];
        ir::Node* c = g.addNode(name + (outs.size() > 1 ? "_" + std::to_string(i) : "") + " (folded)", a, {});
        c->outputs.push_back(outs[i]);
        outs[i]->producer = c;
    }
    return true;
}

bool isConstant(const ir::Tensor* t) {
    return t && t->producer && t->producer->kind() == ir::OpKind::kConstant;
}

const ir::ConstantAttrs* constantOf(const ir::Tensor* t) {
    return isConstant(t) ? &std::get<ir::ConstantAttrs>(t->producer->attrs) : nullptr;
}

std::vector<std::unique_ptr<Pass>> defaultPasses() {
    std::vector<std::unique_ptr<Pass>> v;
    v.push_back(makeDeadLayerRemoval());
    v.push_back(makeConstantFolding());
    v.push_back(makeWeightsFromConstants());       // after folding: computed weights fold too
    v.push_back(makeShapeInputsFromConstants());
    v.push_back(makeCommonSubexpressionElimination());  // before fusion: fused duplicates no longer match
    v.push_back(makeShuffleMerging());
    v.push_back(makeConvBiasActivationFusion());
    return v;
}

namespace {

// See runPasses: a build-time input left after the passes is an error, and the node is made invalid
// (a negative blob count, nbDims -1) so that shape inference stops the build.
bool refuseUnfoldedInputs(ir::Graph& graph, const PassContext& ctx, const std::set<std::string>& off) {
    bool ok = true;
    for (auto& up : graph.nodes()) {
        ir::Node* n = up.get();
        const int32_t want = ir::expectedInputCount(n->kind());
        if (want < 0 || n->inputs.size() <= static_cast<size_t>(want)) continue;
        const ir::Tensor* t = n->inputs[static_cast<size_t>(want)];
        std::string what;
        const char* pass = "weights_from_constants";
        if (auto* a = std::get_if<ir::ConvAttrs>(&n->attrs)) {
            what = "kernel weights from a non-constant tensor are not supported yet";
            a->kernel.count = -1;
        } else if (auto* f = std::get_if<ir::FullyConnectedAttrs>(&n->attrs)) {
            what = "kernel weights from a non-constant tensor are not supported yet";
            f->kernel.count = -1;
        } else if (auto* s = std::get_if<ir::ShuffleAttrs>(&n->attrs)) {
            what = "reshape dims from a tensor computed at run time are not supported yet";
            pass = "shape_inputs_from_constants";
            s->hasReshape = true;
            s->reshapeDims.nbDims = -1;
        } else {
            what = "extra inputs are not supported";
        }
        std::string why = " (input " + std::to_string(want) + " \"" + (t ? t->name : std::string("?")) +
                          "\" could not be computed at build time";
        if (off.count(pass)) why += "; pass " + std::string(pass) + " is disabled";
        if (ctx.diag)
            ctx.diag->error(ErrorCode::kUNSUPPORTED_STATE, std::string(ir::opKindName(n->kind())) + " layer \"" +
                                                               n->name + "\": " + what + why + ")");
        graph.truncateNodeInputs(n, static_cast<size_t>(want));
        ok = false;
    }
    return ok;
}

}  // namespace

bool runPasses(ir::Graph& graph, PassContext& ctx, const std::set<std::string>& disabled) {
    std::set<std::string> off = disabled;
    if (const char* env = std::getenv("TFORGE_DISABLE_PASSES")) {
        std::stringstream ss(env);
        std::string name;
        while (std::getline(ss, name, ','))
            if (!name.empty()) off.insert(name);
    }
    auto pipeline = defaultPasses();
    for (const std::string& name : off) {
        bool known = false;
        for (auto& p : pipeline) known = known || name == p->name();
        if (!known && ctx.diag) ctx.diag->warning("TFORGE_DISABLE_PASSES names an unknown pass \"" + name + "\"");
    }
    for (int round = 0; round < 16; ++round) {
        bool changed = false;
        for (auto& p : pipeline) {
            if (off.count(p->name()) || p->level() > ctx.optLevel) continue;
            if (p->run(graph, ctx)) {
                changed = true;
                if (ctx.diag) ctx.diag->verbose(std::string("pass ") + p->name() + " changed the graph");
            }
        }
        if (!changed) break;
    }
    return refuseUnfoldedInputs(graph, ctx, off);
}

}  // namespace tforge::passes
