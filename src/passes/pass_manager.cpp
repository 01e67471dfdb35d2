#include <cstdlib>
#include <sstream>

#include "passes/pass.h"

namespace tforge::passes {

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
    v.push_back(makeConvBiasActivationFusion());
    return v;
}

void runPasses(ir::Graph& graph, PassContext& ctx, const std::set<std::string>& disabled) {
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
        if (!changed) return;
    }
}

}  // namespace tforge::passes
