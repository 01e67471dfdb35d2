// Build-time inputs folded into attributes (TensorRT semantics for parsers such as ONNX, which feed
// weights and shapes as ordinary tensors):
//   weights_from_constants      a Convolution's / FullyConnected's input 1 (kernel) and 2 (bias)
//                               computed from constants become its kernel/bias blobs;
//   shape_inputs_from_constants a Shuffle's input 1 (reshape dims) whose values are known at build
//                               time becomes its reshape dims.
// Both are level 0 (always): kernels take these ops with one input only (ir::expectedInputCount),
// and runPasses refuses a node still holding such an input after the fixpoint.
#include "ir/dims_util.h"
#include "ir/shape_inference.h"
#include "passes/pass.h"

namespace tforge::passes {
namespace {

// Replaces the producer of `t` (and, first, whatever feeds it) by Constant nodes when everything
// behind `t` is constant, as constant_folding does, but without its size limit and at every
// optimization level: weights must end up in attributes. Returns the constant, or null.
const ir::ConstantAttrs* foldToConstant(ir::Graph& g, ir::Tensor* t, PassContext& ctx, int depth = 0) {
    if (!t || !t->producer) return nullptr;
    if (const ir::ConstantAttrs* c = constantOf(t)) return c;
    if (depth > 256 || !ctx.evaluate) return nullptr;
    ir::Node* n = t->producer;
    for (ir::Tensor* in : n->inputs)
        if (!foldToConstant(g, in, ctx, depth + 1)) return nullptr;
    if (!replaceWithConstants(g, n, ctx, "weights_from_constants")) return nullptr;
    return constantOf(t);
}

std::vector<ir::Node*> nodesWithExtraInputs(const ir::Graph& g, std::initializer_list<ir::OpKind> kinds) {
    std::vector<ir::Node*> v;
    for (auto& up : g.nodes()) {
        bool match = false;
        for (ir::OpKind k : kinds) match = match || up->kind() == k;
        if (match && up->inputs.size() > 1) v.push_back(up.get());
    }
    return v;
}

class WeightsFromConstants final : public Pass {
public:
    const char* name() const override { return "weights_from_constants"; }
    int32_t level() const override { return 0; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        bool changed = false;
        for (ir::Node* n : nodesWithExtraInputs(g, {ir::OpKind::kConvolution, ir::OpKind::kFullyConnected})) {
            std::vector<const ir::ConstantAttrs*> cs;
            for (size_t i = 1; i < n->inputs.size(); ++i) {
                const ir::ConstantAttrs* c = foldToConstant(g, n->inputs[i], ctx);
                if (!c || c->weights.type != DataType::kFLOAT) break;
                cs.push_back(c);
            }
            if (cs.size() + 1 != n->inputs.size()) continue;  // runPasses reports what stays unfolded
            ir::Blob* kernel = nullptr;
            ir::Blob* bias = nullptr;
            if (auto* a = std::get_if<ir::ConvAttrs>(&n->attrs)) kernel = &a->kernel, bias = &a->bias;
            if (auto* a = std::get_if<ir::FullyConnectedAttrs>(&n->attrs)) kernel = &a->kernel, bias = &a->bias;
            *kernel = cs[0]->weights;
            if (cs.size() > 1) *bias = cs[1]->weights;
            g.truncateNodeInputs(n, 1);  // dead_layer_removal drops the constants nobody else reads
            changed = true;
        }
        return changed;
    }
};

class ShapeInputsFromConstants final : public Pass {
public:
    const char* name() const override { return "shape_inputs_from_constants"; }
    int32_t level() const override { return 0; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        bool changed = false;
        for (ir::Node* n : nodesWithExtraInputs(g, {ir::OpKind::kShuffle})) {
            ir::Tensor* t = n->inputs[1];
            std::vector<int64_t> v;
            if (t && t->hasValues) {
                v = t->values;  // the network definition's value propagation
            } else if (const ir::ConstantAttrs* c = foldToConstant(g, t, ctx);
                       c && c->weights.type == DataType::kINT32 && c->weights.count <= Dims::MAX_DIMS) {
                v.assign(c->weights.i32(), c->weights.i32() + c->weights.count);
            } else {
                continue;
            }
            if (v.size() > static_cast<size_t>(Dims::MAX_DIMS)) continue;
            auto& a = std::get<ir::ShuffleAttrs>(n->attrs);
            a.hasReshape = true;
            a.reshapeDims.nbDims = static_cast<int32_t>(v.size());
            for (size_t i = 0; i < v.size(); ++i) a.reshapeDims.d[i] = v[i];
            g.truncateNodeInputs(n, 1);
            changed = true;
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeWeightsFromConstants() { return std::make_unique<WeightsFromConstants>(); }
std::unique_ptr<Pass> makeShapeInputsFromConstants() { return std::make_unique<ShapeInputsFromConstants>(); }

}  // namespace tforge::passes
