// Structural checks of an ir::Program: what a well-formed META can still get wrong (indices that
// point at the wrong kind of thing, execution order, arena ranges, profiles). The plan reader runs
// it last, so an engine is never built on a Program that the runtime would index out of bounds.
#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "ir/format.h"
#include "plan/plan_file.h"

namespace tforge::plan {
namespace {

std::string quote(const std::string& s) { return "'" + s + "'"; }

bool knownDevice(DeviceType d) {
    const auto v = static_cast<int32_t>(d);
    return v >= 0 && v <= static_cast<int32_t>(DeviceType::kTEST);
}

// Any of the 32 tactic-source bits (TacticSources is a 32-bit mask): backends can be registered at
// run time (backends/registry.h), so whether this build has one is checked when the engine is
// created ("needs a backend that this build lacks"), not by the plan's structure.
bool knownBackend(TacticSource s) {
    const auto v = static_cast<int32_t>(s);
    return v >= 0 && v < 32;
}

//! Whether the arena that holds tensors at `location` is the host arena: in an engine whose
//! device is not the CPU, host-resident tensors (location kCPU) live in a second, host arena.
bool inHostArena(const ir::Program& p, DeviceType location) {
    return p.device != DeviceType::kCPU && location == DeviceType::kCPU;
}

//! Checks the Dims and Blobs inside a node's attributes (the scalar fields need no check here).
struct AttrChecker {
    std::string& why;
    void operator()(const Dims& d) {
        if (why.empty() && (d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS))
            why = "attribute Dims nbDims " + std::to_string(d.nbDims) + " is outside 0..8";
    }
    void operator()(const ir::Blob& b) {
        if (!why.empty()) return;
        if (b.count < 0)
            why = "a weights blob has a negative count";
        else if (b.count > 0 && !b.data)
            why = "a weights blob of " + std::to_string(b.count) + " values has no data";
        else if (dataTypeSize(b.type) == 0)
            why = "a weights blob has an unknown data type";
    }
    template <class T>
    void operator()(const T&) {}
};

bool checkTensor(const ir::Program& p, size_t i, std::string& why) {
    const ir::ProgramTensor& t = p.tensors[i];
    const std::string name = "tensor " + quote(t.name);
    if (dataTypeSize(t.type) == 0)
        why = name + " has an unknown data type";
    else if (t.dims.nbDims < 0 || t.dims.nbDims > Dims::MAX_DIMS)
        why = name + " has nbDims outside 0..8";
    if (!why.empty()) return false;
    for (int k = 0; k < t.dims.nbDims; ++k)
        if (t.dims.d[k] < -1) why = name + " has a negative extent other than -1";
    if (!why.empty()) return false;
    if (!ir::formatSupported(t.format, t.dims.nbDims)) {
        why = name + " has format " + std::to_string(static_cast<int32_t>(t.format)) +
              ", which is unknown or unsupported for rank " + std::to_string(t.dims.nbDims);
    } else if (!knownDevice(t.location)) {
        why = name + " is on an unknown device (" +
              std::to_string(static_cast<int32_t>(t.location)) + ")";
    } else if (t.location != p.device && t.location != DeviceType::kCPU) {
        // An engine holds tensors on its own device and, where that is not the host, on the host.
        why = name + " is on device " + std::to_string(static_cast<int32_t>(t.location)) +
              ", neither the engine's device nor the host";
    }
    if (!why.empty()) return false;
    switch (t.role) {
        case ir::TensorRole::kInput:
        case ir::TensorRole::kOutput: break;
        case ir::TensorRole::kActivation: {
            const bool host = inHostArena(p, t.location);
            const int64_t arena = host ? p.hostArenaBytes : p.arenaBytes;
            if (t.arenaOffset < 0 || t.arenaBytes < 0 || t.arenaOffset > arena ||
                t.arenaBytes > arena - t.arenaOffset) {
                why = name + " arena range [" + std::to_string(t.arenaOffset) + ", +" +
                      std::to_string(t.arenaBytes) + ") is outside the " + std::to_string(arena) +
                      "-byte " + (host ? "host arena" : "arena");
            }
            break;
        }
        case ir::TensorRole::kConstant: {
            const int32_t n = t.constantNode;
            bool ok = n >= 0 && static_cast<size_t>(n) < p.nodes.size() &&
                      p.nodes[n].kind() == ir::OpKind::kConstant;
            if (ok) {
                ok = false;
                for (int32_t o : p.nodes[n].outputs) ok = ok || o == static_cast<int32_t>(i);
                // Or the engine's device copy of that constant (uploaded once when the engine loads).
                const auto& c = std::get<ir::ConstantAttrs>(p.nodes[n].attrs);
                ok = ok || (t.location != DeviceType::kCPU && t.type == c.weights.type &&
                            t.format == TensorFormat::kLINEAR && t.dims.nbDims == c.dims.nbDims &&
                            std::equal(t.dims.d, t.dims.d + t.dims.nbDims, c.dims.d));
            }
            if (!ok)
                why = name + " names node " + std::to_string(n) +
                      ", which is not the Constant node producing it";
            break;
        }
        default: why = name + " has an unknown role"; break;
    }
    return why.empty();
}

//! Network inputs/outputs: valid indices with the matching role, each listed once, all listed.
bool checkIo(const ir::Program& p, const std::vector<int32_t>& list, ir::TensorRole role,
             const char* what, std::string& why) {
    std::vector<bool> listed(p.tensors.size(), false);
    for (int32_t i : list) {
        if (i < 0 || static_cast<size_t>(i) >= p.tensors.size()) {
            why = std::string(what) + " index " + std::to_string(i) + " is out of range";
        } else if (p.tensors[i].role != role) {
            why = std::string(what) + " " + quote(p.tensors[i].name) + " has the wrong tensor role";
        } else if (listed[i]) {
            why = std::string(what) + " " + quote(p.tensors[i].name) + " is listed twice";
        }
        if (!why.empty()) return false;
        listed[i] = true;
    }
    for (size_t i = 0; i < p.tensors.size(); ++i) {
        if (p.tensors[i].role == role && !listed[i]) {
            why = "tensor " + quote(p.tensors[i].name) + " has the " + what +
                  " role but is not a " + what;
            return false;
        }
    }
    return true;
}

//! Nodes in execution order: each reads only tensors already available and writes fresh ones.
bool checkNodes(const ir::Program& p, std::vector<bool>& produced, std::string& why) {
    for (size_t k = 0; k < p.nodes.size(); ++k) {
        const ir::ProgramNode& n = p.nodes[k];
        const std::string name = "node " + quote(n.name);
        if (!knownBackend(n.backend)) {
            why = name + " uses an unknown backend";
            return false;
        }
        if (n.choices.size() != p.profiles.size()) {
            why = name + " has " + std::to_string(n.choices.size()) + " kernel choices for " +
                  std::to_string(p.profiles.size()) + " profiles";
            return false;
        }
        for (const ir::KernelChoice& c : n.choices) {
            if (c.artifact.empty()) continue;
            bool versioned = false;
            for (const auto& v : p.artifactVersions) versioned = versioned || v.first == n.backend;
            if (!versioned) {
                why = name + " has a kernel artifact, but its backend " +
                      std::to_string(static_cast<int32_t>(n.backend)) +
                      " has no artifact version";
                return false;
            }
        }
        AttrChecker check{why};
        ir::Attrs attrs = n.attrs;  // visit() takes non-const references
        std::visit([&](auto& a) { a.visit(check); }, attrs);
        if (!why.empty()) {
            why = name + ": " + why;
            return false;
        }
        for (int32_t i : n.inputs) {
            if (i < 0 || static_cast<size_t>(i) >= p.tensors.size())
                why = name + " input index " + std::to_string(i) + " is out of range";
            else if (!produced[i])
                why = name + " reads tensor " + quote(p.tensors[i].name) + " before it is produced";
            if (!why.empty()) return false;
        }
        for (int32_t o : n.outputs) {
            if (o < 0 || static_cast<size_t>(o) >= p.tensors.size())
                why = name + " output index " + std::to_string(o) + " is out of range";
            else if (produced[o])
                why = name + " writes tensor " + quote(p.tensors[o].name) +
                      ", which is already produced";
            if (!why.empty()) return false;
            produced[o] = true;
        }
        if (const auto* c = std::get_if<ir::ConstantAttrs>(&n.attrs)) {
            int64_t volume = 1;
            for (int d = 0; d < c->dims.nbDims && volume >= 0; ++d)
                volume = c->dims.d[d] < 0 || (c->dims.d[d] > 0 && volume > INT64_MAX / c->dims.d[d])
                             ? -1
                             : volume * c->dims.d[d];
            if (n.inputs.size() != 0 || n.outputs.size() != 1 || volume != c->weights.count) {
                why = name + " is a Constant without exactly one output and volume(dims) weights";
                return false;
            }
        }
    }
    return true;
}

bool checkProfiles(const ir::Program& p, std::string& why) {
    if (p.profiles.empty()) {
        why = "the program has no optimization profile";
        return false;
    }
    for (size_t k = 0; k < p.profiles.size(); ++k) {
        const auto& dims = p.profiles[k].inputDims;
        const std::string prof = "profile " + std::to_string(k);
        if (dims.size() != p.inputs.size()) {
            why = prof + " has " + std::to_string(dims.size()) + " entries for " +
                  std::to_string(p.inputs.size()) + " inputs";
            return false;
        }
        for (size_t j = 0; j < dims.size(); ++j) {
            const ir::ProgramTensor& t = p.tensors[p.inputs[j]];
            const Dims &mn = dims[j][0], &opt = dims[j][1], &mx = dims[j][2];
            if (mn.nbDims != t.dims.nbDims || opt.nbDims != t.dims.nbDims ||
                mx.nbDims != t.dims.nbDims) {
                why = prof + " gives input " + quote(t.name) + " the wrong rank";
                return false;
            }
            for (int d = 0; d < t.dims.nbDims; ++d) {
                const bool ordered = 0 <= mn.d[d] && mn.d[d] <= opt.d[d] && opt.d[d] <= mx.d[d];
                const int64_t fixed = t.dims.d[d];
                if (!ordered || (fixed != -1 && (mn.d[d] != fixed || mx.d[d] != fixed))) {
                    why = prof + " dimension " + std::to_string(d) + " of input " + quote(t.name) +
                          " is not 0 <= min <= opt <= max (equal to the extent where it is static)";
                    return false;
                }
            }
        }
    }
    return true;
}

//! The per-backend artifact versions: known backends, each listed once.
bool checkArtifactVersions(const ir::Program& p, std::string& why) {
    for (size_t i = 0; i < p.artifactVersions.size(); ++i) {
        const TacticSource s = p.artifactVersions[i].first;
        const std::string name = "artifact version entry " + std::to_string(i) + " (backend " +
                                 std::to_string(static_cast<int32_t>(s)) + ")";
        if (!knownBackend(s))
            why = name + " names an unknown backend";
        for (size_t j = 0; j < i && why.empty(); ++j)
            if (p.artifactVersions[j].first == s) why = name + " repeats a backend";
        if (!why.empty()) return false;
    }
    return true;
}

}  // namespace

bool validateProgram(const ir::Program& p, std::string& why) {
    why.clear();
    if (!knownDevice(p.device))
        why = "unknown device";
    else if (p.arenaBytes < 0 || p.workspaceBytes < 0)
        why = "negative arena or workspace size";
    else if (p.hostArenaBytes < 0 || p.hostWorkspaceBytes < 0)
        why = "negative host arena or host workspace size";
    else if (p.maxBatchSize < 1)
        why = "maxBatchSize " + std::to_string(p.maxBatchSize) + " is below 1";
    if (!why.empty()) return false;
    if (!checkArtifactVersions(p, why)) return false;
    for (size_t i = 0; i < p.tensors.size(); ++i)
        if (!checkTensor(p, i, why)) return false;
    if (!checkIo(p, p.inputs, ir::TensorRole::kInput, "network input", why) ||
        !checkIo(p, p.outputs, ir::TensorRole::kOutput, "network output", why))
        return false;
    // Profiles before nodes: each node has one kernel choice per profile.
    if (!checkProfiles(p, why)) return false;
    std::vector<bool> produced(p.tensors.size(), false);
    for (int32_t i : p.inputs) produced[i] = true;
    for (size_t i = 0; i < p.tensors.size(); ++i) {  // device copies of constants exist from load on
        const auto& t = p.tensors[i];
        if (t.role != ir::TensorRole::kConstant || t.constantNode < 0 ||
            static_cast<size_t>(t.constantNode) >= p.nodes.size())
            continue;
        const auto& outs = p.nodes[t.constantNode].outputs;
        if (std::find(outs.begin(), outs.end(), static_cast<int32_t>(i)) == outs.end()) produced[i] = true;
    }
    if (!checkNodes(p, produced, why)) return false;
    for (int32_t o : p.outputs) {
        if (!produced[o]) {
            why = "network output " + quote(p.tensors[o].name) + " is produced by no node";
            return false;
        }
    }
    return true;
}

}  // namespace tforge::plan
