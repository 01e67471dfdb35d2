// Merges nodes that compute the same thing: same op, same attributes, same input tensors (and
// identical small constants, which exporters write once per use). The later duplicate's consumers
// are rewired to the first node's outputs. A duplicate whose output is a network output is kept
// (its name is part of the engine's interface), as are nodes with a precision or output type set.
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "passes/pass.h"

namespace tforge::passes {
namespace {

// Constants larger than this are compared by identity only: hashing every large weight on every
// round of the pass manager would cost more than the rare duplicate saves.
constexpr int64_t kMaxHashedBlobBytes = int64_t{1} << 20;

//! An attrs struct's visit() written out as bytes: equal keys mean equal attributes.
struct KeyWriter {
    std::string key;
    void raw(const void* p, size_t n) { key.append(static_cast<const char*>(p), n); }
    void operator()(const ir::Blob& b) {
        raw(&b.type, sizeof b.type);
        raw(&b.count, sizeof b.count);
        if (b.bytes() <= kMaxHashedBlobBytes) {
            if (b.data && b.bytes() > 0) raw(b.data, static_cast<size_t>(b.bytes()));
        } else {
            raw(&b.data, sizeof b.data);
        }
    }
    void operator()(const std::string& s) {
        const size_t n = s.size();
        raw(&n, sizeof n);
        key += s;
    }
    template <class T>
    void operator()(const std::vector<T>& v) {
        const size_t n = v.size();
        raw(&n, sizeof n);
        for (const T& x : v) (*this)(x);
    }
    void operator()(const Dims& d) {
        raw(&d.nbDims, sizeof d.nbDims);
        for (int32_t i = 0; i < d.nbDims && i < Dims::MAX_DIMS; ++i) raw(&d.d[i], sizeof d.d[i]);
    }
    template <class T>
    void operator()(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>, "add a KeyWriter overload for this attribute type");
        raw(&v, sizeof v);
    }
};

std::string nodeKey(const ir::Node& n) {
    KeyWriter w;
    const int32_t kind = static_cast<int32_t>(n.kind());
    w.raw(&kind, sizeof kind);
    for (const ir::Tensor* t : n.inputs) w.raw(&t, sizeof t);
    ir::Attrs attrs = n.attrs;  // visit() takes non-const references; copies share blobs
    std::visit([&](auto& a) { a.visit(w); }, attrs);
    return w.key;
}

bool mergeable(const ir::Node& n) {
    if (n.precisionSet || !n.outputTypeSet.empty() || n.outputs.empty()) return false;
    for (const ir::Tensor* t : n.outputs)
        if (t->isOutput) return false;
    return true;
}

class CommonSubexpressionElimination final : public Pass {
public:
    const char* name() const override { return "common_subexpression_elimination"; }
    int32_t level() const override { return 1; }
    bool run(ir::Graph& g, PassContext& ctx) override {
        std::vector<ir::Node*> order;
        if (!g.topologicalOrder(order)) return false;  // the builder reports cycles
        // Topological order: a node's inputs are already canonical when it is keyed, so chains of
        // duplicates collapse in one run.
        std::unordered_map<std::string, ir::Node*> seen;
        bool changed = false;
        for (ir::Node* n : order) {
            if (!mergeable(*n)) continue;
            auto [it, fresh] = seen.emplace(nodeKey(*n), n);
            if (fresh) continue;
            ir::Node* first = it->second;
            if (first->outputs.size() != n->outputs.size()) continue;
            if (ctx.diag) ctx.diag->verbose(std::string(name()) + ": \"" + n->name + "\" is \"" + first->name + "\"");
            const std::vector<ir::Tensor*> outs = n->outputs;
            g.removeNode(n);
            for (size_t i = 0; i < outs.size(); ++i) {
                g.replaceAllUses(outs[i], first->outputs[i]);
                g.removeTensor(outs[i]);
            }
            changed = true;
        }
        return changed;
    }
};

}  // namespace

std::unique_ptr<Pass> makeCommonSubexpressionElimination() {
    return std::make_unique<CommonSubexpressionElimination>();
}

}  // namespace tforge::passes
