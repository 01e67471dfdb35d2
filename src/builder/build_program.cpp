// The build pipeline: validate -> profiles -> optimize (passes) -> lower -> tactics -> memory plan.
#include "backends/registry.h"
#include "builder/build_request.h"
#include "ir/dims_util.h"
#include "ir/shape_inference.h"
#include "passes/pass.h"
#include "plan/plan_file.h"

namespace tforge::builder {
namespace {

// Constant folding evaluates nodes with the reference backend: slow but always right, and the
// folded values then match what the reference would compute at run time.
bool evaluateWithReference(const ir::Node& n, std::vector<ir::Blob>& outs, std::string& err) {
    std::vector<ir::TensorDesc> ins, od;
    std::vector<backends::TensorView> iv, ov;
    for (ir::Tensor* t : n.inputs) {
        const ir::ConstantAttrs* c = passes::constantOf(t);
        if (!c) return false;
        ins.push_back({c->dims, c->weights.type});
        iv.push_back({const_cast<void*>(c->weights.data), c->dims, c->weights.type});
    }
    if (!ir::inferShapes(n.attrs, ins, od, err)) return false;
    backends::NodeDesc desc{n.name, &n.attrs, ins, od};
    backends::Backend* ref = backends::referenceBackend();
    if (!ref->supports(desc, &err)) return false;
    auto k = ref->createKernel(desc, "reference", err);
    if (!k) return false;
    outs.clear();
    for (auto& d : od) {
        outs.push_back(ir::Blob::copyOf(d.type, nullptr, ir::volume(d.dims)));
        ov.push_back({const_cast<void*>(outs.back().data), d.dims, d.type});
    }
    std::vector<uint8_t> ws(k->workspaceSize(ins) + 64);
    backends::ExecArgs args{ws.data(), ws.size()};
    return k->run(iv, ov, args, err);
}

void planMemory(ir::Program& p, const std::vector<std::vector<Dims>>& shapeSets) {
    // Reserve each activation's largest size over all profiles' min/opt/max shapes.
    std::vector<int64_t> bytes(p.tensors.size(), 0);
    for (const auto& all : shapeSets)
        for (size_t t = 0; t < p.tensors.size(); ++t)
            bytes[t] = std::max(bytes[t], ir::volume(all[t]) * dataTypeSize(p.tensors[t].type));
    std::vector<int32_t> ids;
    std::vector<Lifetime> lts;
    for (size_t t = 0; t < p.tensors.size(); ++t) {
        if (p.tensors[t].role != ir::TensorRole::kActivation) continue;
        Lifetime lt{bytes[t], -1, -1};
        for (size_t n = 0; n < p.nodes.size(); ++n) {
            for (int32_t o : p.nodes[n].outputs)
                if (o == static_cast<int32_t>(t)) lt.first = lt.last = static_cast<int32_t>(n);
            for (int32_t i : p.nodes[n].inputs)
                if (i == static_cast<int32_t>(t)) lt.last = std::max(lt.last, static_cast<int32_t>(n));
        }
        ids.push_back(static_cast<int32_t>(t));
        lts.push_back(lt);
    }
    std::vector<int64_t> offsets;
    p.arenaBytes = planArena(lts, offsets);
    for (size_t i = 0; i < ids.size(); ++i) {
        p.tensors[ids[i]].arenaOffset = offsets[i];
        p.tensors[ids[i]].arenaBytes = lts[i].bytes;
    }
}

}  // namespace

bool buildProgram(const BuildRequest& req, ir::Program& out, const Diagnostics& diag) {
    const ir::Graph& g = *req.graph;
    if (req.device != DeviceType::kCPU) {
        diag.error(ErrorCode::kINVALID_CONFIG,
                   "This build of TensorForge has no backend for the GPU/DLA device type; use DeviceType::kCPU");
        return false;
    }
    if (!validateGraph(g, diag)) return false;
    ir::Program p;
    p.name = req.name;
    p.device = req.device;
    if (!resolveProfiles(g, req.profiles, p.profiles, diag)) return false;
    auto work = g.clone();
    passes::PassContext ctx;
    ctx.evaluate = evaluateWithReference;
    ctx.diag = &diag;
    passes::runPasses(*work, ctx);
    lowerToProgram(*work, p);
    std::vector<std::vector<Dims>> shapeSets;
    if (!profileShapes(p, shapeSets, diag) || !selectTactics(req, p, shapeSets, diag)) return false;
    planMemory(p, shapeSets);
    // The loader will hold the plan to these rules; a builder bug must surface here, not at load.
    std::string err;
    if (!plan::validateProgram(p, err)) {
        diag.error(ErrorCode::kINTERNAL_ERROR, "internal error: the built program is inconsistent: " + err);
        return false;
    }
    diag.info("Engine \"" + p.name + "\": " + std::to_string(p.nodes.size()) + " layers, activation arena " +
              std::to_string(p.arenaBytes) + " bytes, workspace " + std::to_string(p.workspaceBytes) + " bytes");
    out = std::move(p);
    return true;
}

}  // namespace tforge::builder
