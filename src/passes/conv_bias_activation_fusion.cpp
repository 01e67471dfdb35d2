// Folds what follows a Convolution or FullyConnected into it:
//   + per-channel constant (ElementWise kSUM)  -> bias
//   Scale (uniform / per-channel, no power)    -> kernel and bias scaled
//   Activation                                 -> fused post-op (applied in the GEMM epilogue)
// Only while the intermediate tensor has a single consumer and is not a network output, and only
// before an activation has been fused (a bias after the activation is not the same function).
#include "ir/dims_util.h"
#include "passes/pass.h"

namespace tforge::passes {
namespace {

struct Target {
    ir::Blob* kernel;
    ir::Blob* bias;
    ir::PostOp* post;
    int64_t channels;
    int32_t channelAxis;  // of the producer's output
};

bool targetOf(ir::Node* n, Target& t) {
    int32_t rank = n->outputs[0]->dims.nbDims;
    if (auto* c = std::get_if<ir::ConvAttrs>(&n->attrs)) {
        t = {&c->kernel, &c->bias, &c->post, c->nbOutputMaps, 1};
        return rank >= 2;
    }
    if (auto* f = std::get_if<ir::FullyConnectedAttrs>(&n->attrs)) {
        t = {&f->kernel, &f->bias, &f->post, f->nbOutputs, rank - 3};
        return rank >= 3;
    }
    return false;
}

// A constant that broadcasts as one value per channel onto an output of rank `rank`.
bool perChannel(const ir::ConstantAttrs& c, int32_t rank, int32_t axis, int64_t channels) {
    if (c.weights.type != DataType::kFLOAT || c.dims.nbDims > rank) return false;
    int32_t off = rank - c.dims.nbDims;
    for (int i = 0; i < c.dims.nbDims; ++i) {
        int64_t want = (i + off == axis) ? channels : 1;
        if (c.dims.d[i] != want && !(i + off == axis && c.dims.d[i] == 1)) return false;
    }
    return true;
}

// Value for channel k of a per-channel (or uniform) blob.
float channelValue(const ir::Blob& b, int64_t k, float dflt) {
    if (b.count == 0) return dflt;
    return b.count == 1 ? b.f32()[0] : b.f32()[k];
}

ir::Blob biasOrZeros(const ir::Blob& bias, int64_t k) {
    ir::Blob out = ir::Blob::zerosF32(k);
    for (int64_t i = 0; i < k && bias.count == k; ++i) out.mutableF32()[i] = bias.f32()[i];
    return out;
}

bool foldBiasAdd(ir::Node* add, ir::Tensor* mid, Target& t) {
    auto* e = std::get_if<ir::ElementWiseAttrs>(&add->attrs);
    if (!e || e->op != ElementWiseOperation::kSUM || add->inputs.size() != 2) return false;
    ir::Tensor* other = add->inputs[0] == mid ? add->inputs[1] : add->inputs[0];
    const ir::ConstantAttrs* c = constantOf(other);
    if (!c || other == mid || !perChannel(*c, mid->dims.nbDims, t.channelAxis, t.channels)) return false;
    if (!ir::sameDims(add->outputs[0]->dims, mid->dims)) return false;  // the add must not broadcast the conv output
    ir::Blob bias = biasOrZeros(*t.bias, t.channels);
    for (int64_t k = 0; k < t.channels; ++k) bias.mutableF32()[k] += channelValue(c->weights, k, 0.f);
    *t.bias = bias;
    return true;
}

bool foldScale(ir::Node* s, ir::Tensor* mid, Target& t) {
    auto* a = std::get_if<ir::ScaleAttrs>(&s->attrs);
    if (!a || a->power.count != 0) return false;
    bool uniform = a->mode == ScaleMode::kUNIFORM;
    bool channel = a->mode == ScaleMode::kCHANNEL && a->channelAxis == t.channelAxis;
    if (!uniform && !channel) return false;
    (void)mid;
    int64_t per = t.kernel->count / t.channels;
    ir::Blob kernel = ir::Blob::zerosF32(t.kernel->count);
    ir::Blob bias = biasOrZeros(*t.bias, t.channels);
    for (int64_t k = 0; k < t.channels; ++k) {
        float sc = channelValue(a->scale, k, 1.f), sh = channelValue(a->shift, k, 0.f);
        for (int64_t i = 0; i < per; ++i) kernel.mutableF32()[k * per + i] = t.kernel->f32()[k * per + i] * sc;
        bias.mutableF32()[k] = bias.f32()[k] * sc + sh;
    }
    *t.kernel = kernel;
    *t.bias = bias;
    return true;
}

bool foldActivation(ir::Node* act, Target& t) {
    auto* a = std::get_if<ir::ActivationAttrs>(&act->attrs);
    if (!a) return false;
    *t.post = ir::PostOp{true, a->type, a->alpha, a->beta};
    return true;
}

class ConvBiasActivationFusion final : public Pass {
public:
    const char* name() const override { return "conv_bias_activation_fusion"; }
    int32_t level() const override { return 2; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        bool changed = false;
        // Collect first: folding removes nodes from the graph's list (never Conv/FC ones).
        std::vector<ir::Node*> targets;
        for (auto& up : g.nodes())
            if (up->kind() == ir::OpKind::kConvolution || up->kind() == ir::OpKind::kFullyConnected)
                targets.push_back(up.get());
        for (ir::Node* n : targets) {
            Target t;
            if (n->outputs.size() != 1 || !targetOf(n, t)) continue;
            while (!t.post->enabled) {
                ir::Tensor* mid = n->outputs[0];
                auto cons = g.consumers(mid);
                if (mid->isOutput || cons.size() != 1 || !targetOf(n, t)) break;
                ir::Node* next = cons[0];
                if (t.bias->count != 0 && t.bias->count != t.channels) break;
                const ir::Attrs before = n->attrs;  // same alternative: t's pointers stay valid
                bool folded = foldBiasAdd(next, mid, t) || foldScale(next, mid, t) || foldActivation(next, t);
                if (!folded) break;
                if (!ctx.supported(*n)) {  // no enabled backend runs the fused form: keep them apart
                    n->attrs = before;
                    break;
                }
                // `next` disappears: its output becomes the fused node's output.
                ir::Tensor* out = next->outputs[0];
                n->name += " + " + next->name;
                g.removeNode(next);
                n->outputs[0] = out;
                out->producer = n;
                g.removeTensor(mid);
                changed = true;
            }
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeConvBiasActivationFusion() { return std::make_unique<ConvBiasActivationFusion>(); }

}  // namespace tforge::passes
