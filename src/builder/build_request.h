// What the builder needs from the API objects (network + config), without depending on them.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "ir/graph.h"
#include "ir/program.h"

namespace tforge::builder {

//! input name -> {min, opt, max}
using ProfileSpec = std::map<std::string, std::array<Dims, 3>>;

struct BuildRequest {
    const ir::Graph* graph{nullptr};
    std::string name;
    DeviceType device{DeviceType::kCPU};
    TacticSources sources{0};
    int32_t optLevel{3};        // 0: no autotuning (first tactic wins)
    size_t workspaceLimit{0};
    std::vector<ProfileSpec> profiles;
    //! Reduced float types the builder may choose for fp32 tensors (BuilderFlag kFP16 / kBF16 of a
    //! weakly typed network); empty for strongly typed networks, whose types are the network's own.
    std::vector<DataType> preferredFloatTypes;
    int32_t maxThreads{0};      // IBuilder::setMaxThreads (0: all)
    //! IBuilderConfig::setTimingCache (null: none): consulted before timing, updated after.
    class TimingCacheImpl* timingCache{nullptr};
    bool obeyPrecision{false};  // kOBEY_PRECISION_CONSTRAINTS: an unhonoured setPrecision fails the build
    bool implicitBatch{false};  // legacy implicit-batch network: recorded in the plan
    int32_t maxBatchSize{1};
};

//! Whether the config's tactic-source mask enables `source` (one of its 32 bits).
inline bool sourceEnabled(const BuildRequest& req, TacticSource source) {
    const auto s = static_cast<int32_t>(source);
    return s >= 0 && s < 32 && ((req.sources >> s) & 1u);
}

//! Validates, optimizes, selects tactics, plans memory. Errors go to `diag`; false on failure.
bool buildProgram(const BuildRequest& req, ir::Program& out, const Diagnostics& diag);

// Steps of buildProgram, exposed for unit tests.
bool validateGraph(const ir::Graph& g, const Diagnostics& diag);
bool resolveProfiles(const ir::Graph& g, const std::vector<ProfileSpec>& specs, std::vector<ir::ProgramProfile>& out,
                     const Diagnostics& diag);
//! Flattens an (optimized, acyclic) graph into program tensors/nodes in execution order.
void lowerToProgram(const ir::Graph& g, ir::Program& p);
//! Concrete shapes of every tensor for each profile's kMIN, kOPT, kMAX inputs (3 sets per profile, in
//! that order); false (reported, naming the layer) if a layer rejects some profile's shapes.
bool profileShapes(const ir::Program& p, std::vector<std::vector<Dims>>& shapeSets, const Diagnostics& diag);
//! Chooses a backend, I/O formats/types and one kernel per profile for every node, then inserts the
//! Reformat and Copy nodes the choices need (docs/ARCHITECTURE.md "Formats, types and devices").
//! Recomputes shapeSets for the final program.
bool selectTactics(const BuildRequest& req, ir::Program& p, std::vector<std::vector<Dims>>& shapeSets,
                   const Diagnostics& diag);

struct Lifetime {
    int64_t bytes;
    int32_t first, last;  // node indices of definition and last use (inclusive)
};
//! Assigns 64-byte-aligned offsets so tensors alive at the same time never overlap; returns the arena size.
int64_t planArena(const std::vector<Lifetime>& tensors, std::vector<int64_t>& offsets);

}  // namespace tforge::builder
