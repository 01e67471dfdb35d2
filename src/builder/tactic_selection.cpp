// Chooses a backend and kernel (tactic) for every node. Where several tactics can run a node the
// builder times each on the real device with the profile's opt shapes (autotuning) and keeps the fastest.
// The reference backend is a fallback only: it is used when no other enabled backend supports a node.
#include <chrono>
#include <random>

#include "backends/registry.h"
#include "builder/build_request.h"
#include "ir/dims_util.h"
#include "ir/program_shapes.h"

namespace tforge::builder {
namespace {

struct Candidate {
    backends::Backend* backend;
    std::string tactic;
};

backends::NodeDesc describe(const ir::Program& p, const ir::ProgramNode& n, const std::vector<Dims>* dims) {
    backends::NodeDesc d;
    d.name = n.name;
    d.attrs = &n.attrs;
    for (int32_t t : n.inputs) d.inputs.push_back({dims ? (*dims)[t] : p.tensors[t].dims, p.tensors[t].type});
    for (int32_t t : n.outputs) d.outputs.push_back({dims ? (*dims)[t] : p.tensors[t].dims, p.tensors[t].type});
    return d;
}

// Fills a buffer with values that exercise the kernel like real data would (never zeros).
void fillRandom(std::vector<uint8_t>& buf, DataType type, std::mt19937& rng) {
    if (type == DataType::kFLOAT) {
        std::uniform_real_distribution<float> u(-1.f, 1.f);
        auto* f = reinterpret_cast<float*>(buf.data());
        for (size_t i = 0; i < buf.size() / 4; ++i) f[i] = u(rng);
    } else {
        for (auto& b : buf) b = static_cast<uint8_t>(rng() & 1);
    }
}

// Best-of-3 wall time of one kernel on opt-shape inputs, or a negative value if it fails.
double timeKernel(const ir::Program& p, const ir::ProgramNode& n, const std::vector<Dims>& dims,
                  const backends::Kernel& k) {
    std::mt19937 rng(1234);
    std::vector<std::vector<uint8_t>> storage;
    std::vector<backends::TensorView> ins, outs;
    auto view = [&](int32_t t) {
        const auto& pt = p.tensors[t];
        if (pt.role == ir::TensorRole::kConstant) {
            const auto& c = std::get<ir::ConstantAttrs>(p.nodes[pt.constantNode].attrs);
            return backends::TensorView{const_cast<void*>(c.weights.data), dims[t], pt.type};
        }
        storage.emplace_back(static_cast<size_t>(ir::volume(dims[t]) * dataTypeSize(pt.type)) + 64);
        fillRandom(storage.back(), pt.type, rng);
        return backends::TensorView{storage.back().data(), dims[t], pt.type};
    };
    for (int32_t t : n.inputs) ins.push_back(view(t));
    for (int32_t t : n.outputs) outs.push_back(view(t));
    std::vector<ir::TensorDesc> descs;
    for (int32_t t : n.inputs) descs.push_back({dims[t], p.tensors[t].type});
    std::vector<uint8_t> ws(k.workspaceSize(descs) + 64);
    backends::ExecArgs args{ws.data() + (64 - reinterpret_cast<uintptr_t>(ws.data()) % 64) % 64, ws.size() - 64};
    std::string err;
    double best = -1;
    for (int rep = 0; rep < 4; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        if (!k.run(ins, outs, args, err)) return -1;
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (rep > 0 && (best < 0 || s < best)) best = s;  // rep 0 warms caches
    }
    return best;
}

}  // namespace

bool profileShapes(const ir::Program& p, std::vector<std::vector<Dims>>& shapeSets, const Diagnostics& diag) {
    shapeSets.clear();
    std::string err;
    for (auto& prof : p.profiles)
        for (int s = 0; s < 3; ++s) {
            std::vector<Dims> in, all;
            for (auto& mom : prof.inputDims) in.push_back(mom[s]);
            if (!ir::inferProgramShapes(p, in, all, err)) {
                diag.error(ErrorCode::kINVALID_ARGUMENT, err + " (with the optimization profile's " +
                                                             (s == 0 ? "kMIN" : s == 1 ? "kOPT" : "kMAX") + " shapes)");
                return false;
            }
            shapeSets.push_back(std::move(all));
        }
    return true;
}

bool selectTactics(const BuildRequest& req, ir::Program& p, const std::vector<std::vector<Dims>>& shapeSets,
                   const Diagnostics& diag) {
    // Timing uses the opt shapes of profile 0; workspace bounds cover every profile's min/opt/max.
    std::string err;
    const std::vector<Dims>& opt = shapeSets[1];
    int64_t workspace = 0;
    for (auto& n : p.nodes) {
        if (n.kind() == ir::OpKind::kConstant) {
            n.backend = TacticSource::kREFERENCE;
            n.tactic = "constant";
            continue;
        }
        backends::NodeDesc desc = describe(p, n, nullptr);
        std::vector<Candidate> cands;
        std::string whyNot;
        for (backends::Backend* b : backends::allBackends()) {
            if (b->device() != req.device || !((req.sources >> static_cast<int32_t>(b->source())) & 1u)) continue;
            std::string why;
            if (!b->supports(desc, &why)) {
                whyNot += std::string(whyNot.empty() ? "" : "; ") + b->name() + ": " + why;
                continue;
            }
            bool isRef = b->source() == TacticSource::kREFERENCE;
            if (isRef && !cands.empty()) continue;  // fallback only
            for (auto& t : b->tactics(desc)) cands.push_back({b, t});
        }
        if (cands.empty()) {
            diag.error(ErrorCode::kUNSUPPORTED_STATE,
                       "Layer \"" + n.name + "\" (" + ir::opKindName(n.kind()) + "): no enabled backend for device " +
                           (req.device == DeviceType::kCPU ? "CPU" : "GPU") + " supports it" +
                           (whyNot.empty() ? std::string(" (check the config's tactic sources)") : ": " + whyNot));
            return false;
        }
        double bestTime = -1;
        size_t bestWs = 0;
        std::unique_ptr<backends::Kernel> best;
        for (auto& c : cands) {
            auto k = c.backend->createKernel(desc, c.tactic, err);
            if (!k) continue;
            size_t ws = 0;
            for (auto& dims : shapeSets) {
                std::vector<ir::TensorDesc> in;
                for (int32_t t : n.inputs) in.push_back({dims[t], p.tensors[t].type});
                ws = std::max(ws, k->workspaceSize(in));
            }
            if (ws > req.workspaceLimit) {
                diag.verbose("Layer \"" + n.name + "\": tactic " + c.tactic + " needs " + std::to_string(ws) +
                             " bytes of workspace, over the limit");
                continue;
            }
            double t = (cands.size() == 1 || req.optLevel == 0) ? 0 : timeKernel(p, n, opt, *k);
            diag.verbose("Layer \"" + n.name + "\": " + c.backend->name() + "/" + c.tactic + " " +
                         std::to_string(t * 1e3) + " ms");
            if (t < 0) continue;
            if (!best || t < bestTime) {
                best = std::move(k);
                bestTime = t;
                n.backend = c.backend->source();
                n.tactic = c.tactic;
                bestWs = ws;
            }
            if (req.optLevel == 0) break;
        }
        if (!best) {
            diag.error(ErrorCode::kUNSUPPORTED_STATE, "Layer \"" + n.name + "\": no tactic could be compiled" +
                                                          (err.empty() ? " within the workspace limit" : ": " + err));
            return false;
        }
        workspace = std::max<int64_t>(workspace, static_cast<int64_t>(bestWs));
    }
    p.workspaceBytes = workspace;
    return true;
}

}  // namespace tforge::builder
