// Chooses, for every node, a backend, the I/O types/formats its kernel takes and one tactic per
// optimization profile; then inserts the Reformat and Copy nodes those choices need.
//
// Per node, in execution order (so each input's physical type/format/device is known):
//  1. Candidates come from the first tier that supports the node: the engine's device's backends,
//     then (for a non-CPU engine) the CPU device's; within a device the reference backend is a
//     fallback only.
//  2. Every (backend, tactic, I/O option) is scored: first whether its float types follow the
//     builder's precision preference (kFP16/kBF16 of a weakly typed network), then how many
//     inputs would need a conversion. Only the best-scored candidates are timed on the device with
//     each profile's opt shapes (autotuning); the fastest wins, per profile, among candidates with
//     the same backend and I/O option (formats are per engine, tactics per profile).
//  3. Conversions: a consumer that needs another device gets a Copy; another type or format gets a
//     Reformat, run on the consumer's device. Converted versions are shared between consumers.
//     Engine outputs end in their network type, kLINEAR, on the engine's device.
#include <map>
#include <tuple>

#include "backends/registry.h"
#include "builder/build_request.h"
#include "builder/kernel_timing.h"
#include "builder/timing_cache.h"
#include "ir/dims_util.h"
#include "ir/format.h"
#include "ir/program_shapes.h"

namespace tforge::builder {
namespace {

struct Phys {
    DataType type{DataType::kFLOAT};
    TensorFormat format{TensorFormat::kLINEAR};
    DeviceType location{DeviceType::kCPU};
    bool operator==(const Phys& o) const { return type == o.type && format == o.format && location == o.location; }
    bool operator<(const Phys& o) const {
        return std::tie(type, format, location) < std::tie(o.type, o.format, o.location);
    }
};

struct Candidate {
    backends::Backend* backend;
    std::string tactic;
    backends::IoFormat io;
    int score;
};

struct Decision {
    backends::Backend* backend{nullptr};
    backends::IoFormat io;
    std::vector<ir::KernelChoice> choices;  // per profile
    size_t workspace{0};
};

const char* deviceName(DeviceType d) {
    switch (d) {
        case DeviceType::kCPU: return "CPU";
        case DeviceType::kTEST: return "TEST";
        case DeviceType::kGPU: return "GPU";
        default: return "DLA";
    }
}

std::string physString(const Phys& p) {
    return std::string(dataTypeName(p.type)) + " " + tensorFormatName(p.format) + " on " + deviceName(p.location);
}

class Selector {
public:
    Selector(const BuildRequest& req, ir::Program& p, std::vector<std::vector<Dims>>& shapeSets,
             const Diagnostics& diag)
        : req_(req), p_(p), shapes_(shapeSets), diag_(diag), phys_(p.tensors.size()) {
        // The network types of the outputs, before the physical ones overwrite the tensors.
        for (int32_t o : p_.outputs) logical_[o] = p_.tensors[o].type;
    }

    bool run() {
        for (int32_t t : p_.inputs) phys_[t] = Phys{p_.tensors[t].type, TensorFormat::kLINEAR, req_.device};
        decisions_.resize(p_.nodes.size());
        for (size_t i = 0; i < p_.nodes.size(); ++i)
            if (!decide(i)) return false;
        insertConversions();
        if (!failed_.empty()) return true;  // reported by selectTactics
        return profileShapes(p_, shapes_, diag_);
    }

private:
    size_t nbProfiles() const { return p_.profiles.size(); }

    backends::NodeDesc describe(const ir::ProgramNode& n, const backends::IoFormat* io, size_t profile) const {
        backends::NodeDesc d;
        d.name = n.name;
        d.attrs = &n.attrs;
        for (size_t i = 0; i < n.inputs.size(); ++i) {
            const auto& pt = p_.tensors[n.inputs[i]];
            ir::TensorDesc td{pt.dims, pt.type, TensorFormat::kLINEAR};
            if (io) td.type = io->inputs[i].type, td.format = io->inputs[i].format;
            d.inputs.push_back(td);
            d.inputRange.push_back({shapes_[3 * profile][n.inputs[i]], shapes_[3 * profile + 1][n.inputs[i]],
                                    shapes_[3 * profile + 2][n.inputs[i]]});
        }
        for (size_t o = 0; o < n.outputs.size(); ++o) {
            const auto& pt = p_.tensors[n.outputs[o]];
            ir::TensorDesc td{pt.dims, pt.type, TensorFormat::kLINEAR};
            if (io) td.type = io->outputs[o].type, td.format = io->outputs[o].format;
            d.outputs.push_back(td);
        }
        return d;
    }

    bool enabled(const backends::Backend* b) const { return sourceEnabled(req_, b->source()); }

    static bool isFloat(DataType t) { return t == DataType::kFLOAT || t == DataType::kHALF || t == DataType::kBF16; }

    //! Whether a float output stored as `chosen` follows what the node asks for: its layer's
    //! setPrecision, else the builder flags' reduced types for fp32 tensors, else its own type.
    bool wanted(const ir::ProgramNode& n, DataType logical, DataType chosen) const {
        if (!isFloat(logical)) return true;
        if (n.precisionSet) return chosen == n.precision;
        if (logical == DataType::kFLOAT && !req_.preferredFloatTypes.empty()) {
            for (DataType t : req_.preferredFloatTypes)
                if (chosen == t) return true;
            return false;
        }
        return chosen == logical;
    }

    //! Lower is better: precision preference dominates, then conversions needed at the inputs.
    int score(const ir::ProgramNode& n, const backends::Backend& b, const backends::IoFormat& io) const {
        int pref = 0, conv = 0;
        for (size_t o = 0; o < n.outputs.size(); ++o)
            if (!wanted(n, p_.tensors[n.outputs[o]].type, io.outputs[o].type)) ++pref;
        for (size_t i = 0; i < n.inputs.size(); ++i)
            if (!(phys_[n.inputs[i]] == Phys{io.inputs[i].type, io.inputs[i].format, b.device()})) ++conv;
        return pref * 1000 + conv;
    }

    std::vector<Candidate> candidates(const ir::ProgramNode& n, std::string& whyNot) const {
        const backends::NodeDesc logical = describe(n, nullptr, 0);
        const bool promotable = backends::hasReducedFloat(logical);
        const backends::NodeDesc promoted = backends::promoted(logical);
        std::vector<DeviceType> tiers{req_.device};
        if (req_.device != DeviceType::kCPU) tiers.push_back(DeviceType::kCPU);
        const auto all = backends::allBackends();
        for (DeviceType dev : tiers)
            for (bool reference : {false, true}) {
                std::vector<Candidate> out;
                for (backends::Backend* b : all) {
                    if (b->device() != dev || !enabled(b) || (b->source() == TacticSource::kREFERENCE) != reference)
                        continue;
                    std::string why;
                    const backends::NodeDesc* asked = &logical;
                    if (!b->supports(logical, &why)) {
                        // fp16/bf16 storage around an fp32 kernel: Reformats convert at its boundary.
                        if (!promotable || !b->supports(promoted, nullptr)) {
                            whyNot += std::string(whyNot.empty() ? "" : "; ") + b->name() + ": " + why;
                            continue;
                        }
                        asked = &promoted;
                    }
                    for (const std::string& t : b->tactics(*asked))
                        for (const backends::IoFormat& io : b->formats(*asked, t)) {
                            if (io.inputs.size() != n.inputs.size() || io.outputs.size() != n.outputs.size()) continue;
                            out.push_back({b, t, io, score(n, *b, io)});
                        }
                }
                if (!out.empty()) return out;
            }
        return {};
    }

    double time(const ir::ProgramNode& n, const backends::Kernel& k, backends::Backend& b,
                const backends::IoFormat& io, size_t profile) const {
        const auto& opt = shapes_[3 * profile + 1];
        std::vector<backends::TensorView> ins, outs;
        std::vector<const void*> constants;
        for (size_t i = 0; i < n.inputs.size(); ++i) {
            const int32_t t = n.inputs[i];
            ins.push_back({nullptr, opt[t], io.inputs[i].type, io.inputs[i].format});
            const void* data = nullptr;
            const auto& pt = p_.tensors[t];
            if (pt.role == ir::TensorRole::kConstant && io.inputs[i].type == pt.type &&
                io.inputs[i].format == TensorFormat::kLINEAR)
                data = std::get<ir::ConstantAttrs>(p_.nodes[pt.constantNode].attrs).weights.data;
            constants.push_back(data);
        }
        for (size_t o = 0; o < n.outputs.size(); ++o)
            outs.push_back({nullptr, opt[n.outputs[o]], io.outputs[o].type, io.outputs[o].format});
        backends::Device* dev = backends::findDevice(b.device());
        return dev ? timeKernel(k, *dev, ins, constants, outs) : -1;
    }

    //! Largest workspace the kernel asks for over every shape set.
    bool workspaceOf(const ir::ProgramNode& n, const backends::Kernel& k, const backends::IoFormat& io,
                     size_t& ws) const {
        ws = 0;
        auto state = k.createState();
        for (const auto& dims : shapes_) {
            std::vector<ir::TensorDesc> in;
            for (size_t i = 0; i < n.inputs.size(); ++i)
                in.push_back({dims[n.inputs[i]], io.inputs[i].type, io.inputs[i].format});
            size_t w = 0;
            std::string err;
            if (!k.reshape(state.get(), in, w, err)) return false;
            ws = std::max(ws, w);
        }
        return true;
    }

    bool decide(size_t index) {
        const ir::ProgramNode& n = p_.nodes[index];
        Decision& d = decisions_[index];
        if (n.kind() == ir::OpKind::kConstant) {
            const auto& c = std::get<ir::ConstantAttrs>(n.attrs);
            d.backend = backends::referenceBackend();
            d.choices.assign(nbProfiles(), ir::KernelChoice{"constant", {}});
            phys_[n.outputs[0]] = Phys{c.weights.type, TensorFormat::kLINEAR, DeviceType::kCPU};
            return true;
        }
        std::string whyNot;
        std::vector<Candidate> cands = candidates(n, whyNot);
        if (cands.empty()) {
            diag_.error(ErrorCode::kUNSUPPORTED_STATE,
                        "Layer \"" + n.name + "\" (" + ir::opKindName(n.kind()) + "): no enabled backend for device " +
                            deviceName(req_.device) + " supports it" +
                            (whyNot.empty() ? std::string(" (check the config's tactic sources)") : ": " + whyNot));
            return false;
        }
        int best = cands[0].score;
        for (auto& c : cands) best = std::min(best, c.score);
        std::vector<Candidate> top;
        for (auto& c : cands)
            if (c.score == best) top.push_back(c);

        std::string err;
        for (size_t prof = 0; prof < nbProfiles(); ++prof) {
            double bestTime = -1;
            bool found = false;
            // The timing cache: a recorded winner among these candidates is taken without timing.
            std::string key;
            const Candidate* cached = nullptr;
            if (req_.timingCache && top.size() > 1 && req_.optLevel > 0) {
                key = cacheKey(n, prof);
                plan::TimingEntry e;
                if (req_.timingCache->lookup(key, e))
                    for (const Candidate& c : top)
                        if (c.backend->source() == e.source && choiceName(c) == e.tactic &&
                            (prof == 0 || (c.backend == d.backend && sameIo(c.io, d.io))))
                            cached = &c;
                if (cached) diag_.verbose("Layer \"" + n.name + "\": " + e.tactic + " from the timing cache");
            }
            for (const Candidate& c : top) {
                if (cached && &c != cached) continue;
                if (prof > 0 && (c.backend != d.backend || !sameIo(c.io, d.io))) continue;
                const backends::NodeDesc desc = describe(n, &c.io, prof);
                auto k = c.backend->createKernel(desc, c.tactic, err);
                if (!k) continue;
                size_t ws = 0;
                if (!workspaceOf(n, *k, c.io, ws)) continue;
                if (ws > req_.workspaceLimit) {
                    diag_.verbose("Layer \"" + n.name + "\": tactic " + c.tactic + " needs " + std::to_string(ws) +
                                  " bytes of workspace, over the limit");
                    continue;
                }
                const bool timed = top.size() > 1 && req_.optLevel > 0 && !cached;
                const double t = timed ? time(n, *k, *c.backend, c.io, prof) : 0;
                if (timed)
                    diag_.verbose("Layer \"" + n.name + "\" profile " + std::to_string(prof) + ": " + c.backend->name() +
                                  "/" + c.tactic + " " + std::to_string(t * 1e3) + " ms");
                if (t < 0) continue;
                if (!found || t < bestTime) {
                    found = true;
                    bestTime = t;
                    if (prof == 0) {
                        d.backend = c.backend;
                        d.io = c.io;
                        d.choices.assign(nbProfiles(), ir::KernelChoice{});
                    }
                    d.choices[prof] = ir::KernelChoice{c.tactic, k->artifact()};
                    d.workspace = std::max(d.workspace, ws);
                    best_ = &c;
                }
                if (req_.optLevel == 0) break;
            }
            if (!found) {
                diag_.error(ErrorCode::kUNSUPPORTED_STATE, "Layer \"" + n.name + "\": no tactic could be compiled" +
                                                               (err.empty() ? " within the workspace limit" : ": " + err));
                return false;
            }
            if (!key.empty() && !cached)
                req_.timingCache->record(key, plan::TimingEntry{best_->backend->source(), choiceName(*best_), bestTime});
        }
        for (size_t o = 0; o < n.outputs.size(); ++o)
            phys_[n.outputs[o]] = Phys{d.io.outputs[o].type, d.io.outputs[o].format, d.backend->device()};
        if (n.precisionSet && !n.outputs.empty() && isFloat(p_.tensors[n.outputs[0]].type) &&
            d.io.outputs[0].type != n.precision) {
            const std::string msg = "Layer \"" + n.name + "\": setPrecision(" + dataTypeName(n.precision) +
                                    ") cannot be honoured: no enabled kernel runs it in that type; it runs in " +
                                    dataTypeName(d.io.outputs[0].type);
            if (req_.obeyPrecision) {
                diag_.error(ErrorCode::kUNSUPPORTED_STATE, msg + " (kOBEY_PRECISION_CONSTRAINTS is set)");
                return false;
            }
            diag_.warning(msg);
        }
        return true;
    }

    //! How a candidate is named in the timing cache: its tactic and I/O types/formats.
    static std::string choiceName(const Candidate& c) {
        std::string s = c.tactic + "@";
        for (auto* list : {&c.io.inputs, &c.io.outputs}) {
            for (auto& t : *list) s += std::string(dataTypeName(t.type)) + "/" + tensorFormatName(t.format) + ",";
            s += ";";
        }
        return s;
    }

    //! The op signature plus what the candidates' scores depended on (the inputs' physical forms).
    std::string cacheKey(const ir::ProgramNode& n, size_t prof) const {
        std::vector<Dims> opt;
        for (int32_t t : n.inputs) opt.push_back(shapes_[3 * prof + 1][t]);
        std::string key = timingKey(describe(n, nullptr, prof), req_.device, opt) + " from";
        for (int32_t t : n.inputs) key += " " + physString(phys_[t]);
        return key;
    }

    static bool sameIo(const backends::IoFormat& a, const backends::IoFormat& b) {
        auto same = [](const std::vector<ir::TensorDesc>& x, const std::vector<ir::TensorDesc>& y) {
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i)
                if (x[i].type != y[i].type || x[i].format != y[i].format) return false;
            return true;
        };
        return same(a.inputs, b.inputs) && same(a.outputs, b.outputs);
    }

    // ---------------------------------------------------------------- conversions

    int32_t newTensor(int32_t from, const Phys& ph, const std::string& suffix) {
        ir::ProgramTensor t = p_.tensors[from];
        t.name = t.name + " [" + suffix + "]";
        t.type = ph.type;
        t.format = ph.format;
        t.location = ph.location;
        t.role = ir::TensorRole::kActivation;
        t.constantNode = -1;
        t.arenaOffset = -1;
        t.arenaBytes = 0;
        p_.tensors.push_back(t);
        phys_.push_back(ph);
        return static_cast<int32_t>(p_.tensors.size()) - 1;
    }

    //! The backend and tactic that run a Reformat on `device` (the fastest device-local one is not
    //! searched for: reformats are rare and cheap next to the layers around them).
    bool reformatKernel(const ir::ProgramNode& n, DeviceType device, Decision& d) {
        for (bool reference : {false, true})
            for (backends::Backend* b : backends::allBackends()) {
                if (b->device() != device || !enabled(b) || (b->source() == TacticSource::kREFERENCE) != reference)
                    continue;
                backends::IoFormat io;
                io.inputs.push_back({Dims{}, p_.tensors[n.inputs[0]].type, p_.tensors[n.inputs[0]].format});
                io.outputs.push_back({Dims{}, p_.tensors[n.outputs[0]].type, p_.tensors[n.outputs[0]].format});
                const backends::NodeDesc desc = describe(n, &io, 0);
                if (!b->supports(desc, nullptr)) continue;
                auto tactics = b->tactics(desc);
                if (tactics.empty()) continue;
                d.backend = b;
                d.io = io;
                d.choices.assign(nbProfiles(), ir::KernelChoice{tactics[0], {}});
                return true;
            }
        return false;
    }

    //! A version of tensor t with physical form `need`, emitting conversion nodes into `out`.
    int32_t obtain(int32_t t, const Phys& need, std::vector<ir::ProgramNode>& out, std::vector<Decision>& outDec) {
        if (phys_[t] == need) return t;
        auto key = std::make_pair(t, need);
        if (auto it = versions_.find(key); it != versions_.end()) return it->second;
        int32_t src = t;
        const Phys cur = phys_[t];
        if (cur.location != need.location) {
            const Phys moved{cur.type, cur.format, need.location};
            auto mk = std::make_pair(t, moved);
            if (auto it = versions_.find(mk); it != versions_.end()) {
                src = it->second;
            } else if (p_.tensors[t].role == ir::TensorRole::kConstant && cur.location == DeviceType::kCPU) {
                // Weights move once, when the engine loads, not on every run: a device-resident
                // constant tensor (the engine uploads it) instead of a Copy node.
                src = newTensor(t, moved, std::string("on ") + deviceName(need.location));
                p_.tensors[src].role = ir::TensorRole::kConstant;
                p_.tensors[src].constantNode = p_.tensors[t].constantNode;
                versions_[mk] = src;
            } else {
                ir::ProgramNode c;
                c.name = "Copy " + p_.tensors[t].name + " to " + deviceName(need.location);
                c.attrs = ir::CopyAttrs{cur.location, need.location};
                c.inputs = {t};
                src = newTensor(t, moved, std::string("on ") + deviceName(need.location));
                c.outputs = {src};
                Decision cd;
                cd.backend = backends::referenceBackend();
                cd.choices.assign(nbProfiles(), ir::KernelChoice{"copy", {}});
                out.push_back(std::move(c));
                outDec.push_back(std::move(cd));
                versions_[mk] = src;
                diag_.verbose("Builder: copy of \"" + p_.tensors[t].name + "\" from " + deviceName(cur.location) +
                              " to " + deviceName(need.location));
            }
        }
        if (!(phys_[src] == need)) {
            const Phys from = phys_[src];
            ir::ProgramNode r;
            r.name = "Reformat " + p_.tensors[t].name + " to " + dataTypeName(need.type) + " " +
                     tensorFormatName(need.format);
            r.attrs = ir::ReformatAttrs{from.format, need.format, need.type};
            r.inputs = {src};
            const int32_t dst = newTensor(t, need, std::string(dataTypeName(need.type)) + " " + tensorFormatName(need.format));
            r.outputs = {dst};
            Decision rd;
            if (!reformatKernel(r, need.location, rd)) {
                failed_ = "no backend on device " + std::string(deviceName(need.location)) + " can reformat \"" +
                          p_.tensors[t].name + "\" from " + physString(from) + " to " + physString(need);
                return t;
            }
            out.push_back(std::move(r));
            outDec.push_back(std::move(rd));
            diag_.verbose("Builder: reformat of \"" + p_.tensors[t].name + "\" from " + physString(from) + " to " +
                          physString(need));
            src = dst;
        }
        versions_[key] = src;
        return src;
    }

    void insertConversions() {
        std::vector<ir::ProgramNode> nodes;
        std::vector<Decision> decs;
        std::vector<int32_t> newIndex(p_.nodes.size());
        for (size_t i = 0; i < p_.nodes.size(); ++i) {
            ir::ProgramNode n = std::move(p_.nodes[i]);
            Decision d = std::move(decisions_[i]);
            if (n.kind() != ir::OpKind::kConstant)
                for (size_t k = 0; k < n.inputs.size(); ++k)
                    n.inputs[k] = obtain(n.inputs[k], Phys{d.io.inputs[k].type, d.io.inputs[k].format, d.backend->device()},
                                         nodes, decs);
            newIndex[i] = static_cast<int32_t>(nodes.size());
            nodes.push_back(std::move(n));
            decs.push_back(std::move(d));
        }
        // Engine outputs: their network type, kLINEAR, on the engine's device.
        for (int32_t& o : p_.outputs) {
            const Phys need{logicalType(o), TensorFormat::kLINEAR, req_.device};
            if (phys_[o] == need) continue;
            const int32_t v = obtain(o, need, nodes, decs);
            if (v == o) continue;  // failed_ says why
            // The converted version takes the output's name and role; the original becomes internal.
            ir::ProgramTensor& pt = p_.tensors[o];
            std::swap(p_.tensors[v].name, pt.name);
            p_.tensors[v].role = ir::TensorRole::kOutput;
            pt.role = pt.constantNode >= 0 ? ir::TensorRole::kConstant : ir::TensorRole::kActivation;
            o = v;
        }
        for (auto& pt : p_.tensors)
            if (pt.constantNode >= 0) pt.constantNode = newIndex[pt.constantNode];
        for (size_t i = 0; i < nodes.size(); ++i) {
            nodes[i].backend = decs[i].backend->source();
            nodes[i].choices = std::move(decs[i].choices);
        }
        workspace_.clear();
        for (size_t i = 0; i < nodes.size(); ++i) workspace_.push_back({decs[i].backend->device(), decs[i].workspace});
        p_.nodes = std::move(nodes);
        for (size_t t = 0; t < p_.tensors.size(); ++t) {
            p_.tensors[t].type = phys_[t].type;
            p_.tensors[t].format = phys_[t].format;
            p_.tensors[t].location = phys_[t].location;
        }
        p_.workspaceBytes = p_.hostWorkspaceBytes = 0;
        for (auto& [dev, ws] : workspace_) {
            int64_t& slot = dev == p_.device ? p_.workspaceBytes : p_.hostWorkspaceBytes;
            slot = std::max<int64_t>(slot, static_cast<int64_t>(ws));
        }
    }

    DataType logicalType(int32_t t) {
        auto it = logical_.find(t);
        return it == logical_.end() ? p_.tensors[t].type : it->second;
    }

public:
    const std::string& failure() const { return failed_; }

private:
    const BuildRequest& req_;
    ir::Program& p_;
    std::vector<std::vector<Dims>>& shapes_;
    const Diagnostics& diag_;
    std::vector<Phys> phys_;
    std::vector<Decision> decisions_;
    std::map<std::pair<int32_t, Phys>, int32_t> versions_;
    std::map<int32_t, DataType> logical_;
    std::vector<std::pair<DeviceType, size_t>> workspace_;
    std::string failed_;
    const Candidate* best_{nullptr};  // the current node's winner so far (for the timing cache)
};

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

bool selectTactics(const BuildRequest& req, ir::Program& p, std::vector<std::vector<Dims>>& shapeSets,
                   const Diagnostics& diag) {
    Selector s(req, p, shapeSets, diag);
    if (!s.run()) return false;
    if (!s.failure().empty()) {
        diag.error(ErrorCode::kUNSUPPORTED_STATE, "Builder: " + s.failure());
        return false;
    }
    return true;
}

}  // namespace tforge::builder
