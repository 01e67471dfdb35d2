// Transpose/reshape elimination and merging (Shuffle layers, which exporters chain a lot):
//   - a Shuffle that changes nothing (identity transposes, reshape to the same static dims) goes;
//   - Shuffle A feeding only Shuffle B becomes one Shuffle where the composition still fits
//     Shuffle's form "transpose, reshape, transpose":
//       transpose ∘ transpose            -> one transpose (permutations compose);
//       [A without second transpose] then a pure reshape B -> A reshaping straight to B's dims;
//       [A without second transpose] then a pure transpose B -> A with B as its second transpose.
// Merged reshapes use the consumer's output dims, so they need static shapes there (a dynamic
// dim stays two layers). Shuffles with a run-time reshape input are left alone.
#include <string>

#include "ir/dims_util.h"
#include "passes/pass.h"

namespace tforge::passes {
namespace {

bool isIdentity(const Permutation& p, int32_t rank) {
    for (int32_t i = 0; i < rank; ++i)
        if (p.order[i] != i) return false;
    return true;
}

bool isStatic(const Dims& d) {
    if (d.nbDims < 0) return false;
    for (int32_t i = 0; i < d.nbDims; ++i)
        if (d.d[i] < 0) return false;
    return true;
}

struct Shape {
    const ir::ShuffleAttrs* a;
    int32_t inRank, midRank;  // before and after the reshape
    bool firstIdentity() const { return isIdentity(a->firstTranspose, inRank); }
    bool secondIdentity() const { return isIdentity(a->secondTranspose, midRank); }
    bool pureTranspose() const { return !a->hasReshape; }
    bool pureReshape() const { return a->hasReshape && firstIdentity() && secondIdentity(); }
};

bool shapeOf(const ir::Node* n, Shape& s) {
    const auto* a = std::get_if<ir::ShuffleAttrs>(&n->attrs);
    if (!a || n->inputs.size() != 1 || n->outputs.size() != 1 || n->precisionSet || !n->outputTypeSet.empty())
        return false;
    s.a = a;
    s.inRank = n->inputs[0]->dims.nbDims;
    s.midRank = n->outputs[0]->dims.nbDims;
    return s.inRank >= 0 && s.midRank >= 0;
}

bool changesNothing(const ir::Node* n, const Shape& s) {
    const ir::Tensor* in = n->inputs[0];
    const ir::Tensor* out = n->outputs[0];
    if (!s.firstIdentity() || !s.secondIdentity()) return false;
    return !s.a->hasReshape || (isStatic(in->dims) && ir::sameDims(in->dims, out->dims));
}

// The one permutation a Shuffle without reshape applies (its first, then its second transpose).
Permutation effective(const ir::ShuffleAttrs& a, int32_t rank) {
    Permutation p = ir::identityPermutation();
    for (int32_t i = 0; i < rank; ++i) p.order[i] = a.firstTranspose.order[a.secondTranspose.order[i]];
    return p;
}

// x then y: out[i] = mid[y[i]] = in[x[y[i]]].
Permutation then(const Permutation& x, const Permutation& y, int32_t rank) {
    Permutation p = ir::identityPermutation();
    for (int32_t i = 0; i < rank; ++i) p.order[i] = x.order[y.order[i]];
    return p;
}

// B's attributes folded into A's (A feeds only B); false where the composition is not a Shuffle.
bool compose(const Shape& A, const Shape& B, const ir::Tensor* bOut, ir::ShuffleAttrs& merged) {
    merged = *A.a;
    if (A.pureTranspose() && B.pureTranspose()) {
        merged.firstTranspose = then(effective(*A.a, A.inRank), effective(*B.a, B.inRank), A.inRank);
        merged.secondTranspose = ir::identityPermutation();
        return true;
    }
    if (!A.secondIdentity()) return false;
    if (B.pureReshape()) {
        if (!isStatic(bOut->dims)) return false;
        merged.hasReshape = true;
        merged.reshapeDims = bOut->dims;
        merged.zeroIsPlaceholder = false;
        merged.secondTranspose = ir::identityPermutation();
        return true;
    }
    if (B.pureTranspose()) {  // A reshapes (both pure transposes were merged above): B permutes its result
        merged.secondTranspose = effective(*B.a, B.inRank);
        return true;
    }
    return false;
}

class ShuffleMerging final : public Pass {
public:
    const char* name() const override { return "shuffle_merging"; }
    int32_t level() const override { return 1; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        bool changed = false;
        for (bool again = true; again;) {
            again = false;
            for (auto& up : g.nodes()) {
                ir::Node* n = up.get();
                Shape s;
                if (!shapeOf(n, s)) continue;
                ir::Tensor* out = n->outputs[0];
                if (out->isOutput) continue;
                if (changesNothing(n, s)) {
                    ir::Tensor* in = n->inputs[0];
                    g.removeNode(n);
                    g.replaceAllUses(out, in);
                    g.removeTensor(out);
                    again = changed = true;
                    break;  // the node list changed
                }
                const auto consumers = g.consumers(out);
                Shape b;
                if (consumers.size() != 1 || !shapeOf(consumers[0], b)) continue;
                ir::Node* next = consumers[0];
                ir::ShuffleAttrs merged;
                if (!compose(s, b, next->outputs[0], merged)) continue;
                const ir::Attrs before = n->attrs;
                n->attrs = merged;
                if (!ctx.supported(*n)) {
                    n->attrs = before;
                    continue;
                }
                ir::Tensor* last = next->outputs[0];
                n->name += " + " + next->name;
                g.removeNode(next);
                n->outputs[0] = last;
                last->producer = n;
                g.removeTensor(out);
                again = changed = true;
                break;
            }
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeShuffleMerging() { return std::make_unique<ShuffleMerging>(); }

}  // namespace tforge::passes
