// The build pipeline: validate -> profiles -> optimize (passes) -> lower -> tactics -> memory plan.
#include "backends/registry.h"
#include "common/thread_limit.h"
#include "ir/format.h"
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
    backends::NodeDesc desc;
    desc.name = n.name;
    desc.attrs = &n.attrs;
    desc.inputs = ins;
    desc.outputs = od;
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
    backends::ExecArgs args{ws.data(), ws.size(), nullptr, nullptr};
    return k->run(iv, ov, args, err);
}

// One arena per memory space: the engine's device, and the host for CPU-fallback layers of an engine
// on another device. Each activation reserves its largest storage over all profiles' shapes.
void planMemory(ir::Program& p, const std::vector<std::vector<Dims>>& shapeSets) {
    std::vector<int64_t> bytes(p.tensors.size(), 0);
    for (const auto& all : shapeSets)
        for (size_t t = 0; t < p.tensors.size(); ++t)
            bytes[t] = std::max(bytes[t], ir::storageVolume(all[t], p.tensors[t].format) * dataTypeSize(p.tensors[t].type));
    std::vector<Lifetime> lts(p.tensors.size(), Lifetime{0, -1, -1});
    for (size_t n = 0; n < p.nodes.size(); ++n) {
        for (int32_t o : p.nodes[n].outputs) lts[o].first = lts[o].last = static_cast<int32_t>(n);
        for (int32_t i : p.nodes[n].inputs) lts[i].last = std::max(lts[i].last, static_cast<int32_t>(n));
    }
    for (bool host : {false, true}) {
        if (host && p.device == DeviceType::kCPU) break;
        std::vector<int32_t> ids;
        std::vector<Lifetime> sel;
        for (size_t t = 0; t < p.tensors.size(); ++t) {
            const auto& pt = p.tensors[t];
            if (pt.role != ir::TensorRole::kActivation) continue;
            if ((pt.location != p.device) != host) continue;
            ids.push_back(static_cast<int32_t>(t));
            sel.push_back(Lifetime{bytes[t], lts[t].first, lts[t].last});
        }
        std::vector<int64_t> offsets;
        const int64_t total = planArena(sel, offsets);
        (host ? p.hostArenaBytes : p.arenaBytes) = total;
        for (size_t i = 0; i < ids.size(); ++i) {
            p.tensors[ids[i]].arenaOffset = offsets[i];
            p.tensors[ids[i]].arenaBytes = sel[i].bytes;
        }
    }
}

// Whether an enabled backend of the engine's device (or the CPU fallback) runs node `n` as it is.
bool someBackendSupports(const BuildRequest& req, const ir::Node& n) {
    backends::NodeDesc d;
    d.name = n.name;
    d.attrs = &n.attrs;
    for (ir::Tensor* t : n.inputs) d.inputs.push_back({t->dims, t->type});
    for (ir::Tensor* t : n.outputs) d.outputs.push_back({t->dims, t->type});
    for (backends::Backend* b : backends::allBackends()) {
        if (!sourceEnabled(req, b->source())) continue;
        if (b->device() != req.device && b->device() != DeviceType::kCPU) continue;
        if (b->supports(d, nullptr)) return true;
    }
    return false;
}

}  // namespace

bool buildProgram(const BuildRequest& req, ir::Program& out, const Diagnostics& diag) {
    const ir::Graph& g = *req.graph;
    if (!backends::findDevice(req.device)) {
        diag.error(ErrorCode::kINVALID_CONFIG,
                   "This build of TensorForge has no backend for the GPU/DLA device type; use DeviceType::kCPU");
        return false;
    }
    ScopedThreadLimit threads(req.maxThreads);
    if (!validateGraph(g, diag)) return false;
    ir::Program p;
    p.name = req.name;
    p.device = req.device;
    p.implicitBatch = req.implicitBatch;
    p.maxBatchSize = std::max(1, req.maxBatchSize);
    if (!resolveProfiles(g, req.profiles, p.profiles, diag)) return false;
    auto work = g.clone();
    passes::PassContext ctx;
    ctx.evaluate = evaluateWithReference;
    ctx.diag = &diag;
    ctx.optLevel = req.optLevel;
    ctx.supports = [&req](const ir::Node& n) { return someBackendSupports(req, n); };
    if (!passes::runPasses(*work, ctx)) return false;  // e.g. weights left as non-constant tensors
    lowerToProgram(*work, p);
    std::vector<std::vector<Dims>> shapeSets;
    if (!profileShapes(p, shapeSets, diag) || !selectTactics(req, p, shapeSets, diag)) return false;
    for (backends::Backend* b : backends::allBackends()) p.artifactVersions.push_back({b->source(), b->artifactVersion()});
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
