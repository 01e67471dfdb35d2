// Program: the compiled, flat form of a network that a plan file stores and an engine runs.
// Everything is referenced by index so it can be serialized and validated.
#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "ir/attrs.h"

namespace tforge::ir {

enum class TensorRole : int32_t { kInput = 0, kOutput = 1, kActivation = 2, kConstant = 3 };

struct ProgramTensor {
    std::string name;
    DataType type{DataType::kFLOAT};
    Dims dims;                     // -1 where dynamic
    TensorRole role{TensorRole::kActivation};
    int64_t arenaOffset{-1};       // kActivation: byte offset in the context's arena
    int64_t arenaBytes{0};         // kActivation: bytes reserved (size at the profile's max shapes)
    int32_t constantNode{-1};      // kConstant: index of the Constant node that holds the data
    TensorFormat format{TensorFormat::kLINEAR};  // memory layout chosen by the builder
    DeviceType location{DeviceType::kCPU};       // whose memory holds it (the arena of that device)
};

//! One tactic of a node and what its kernel prepacked at build (stored in the plan's artifact section
//! so loading does not repack; empty when the kernel has nothing worth storing).
struct KernelChoice {
    std::string tactic;            // backend-specific kernel name
    std::vector<uint8_t> artifact;
};

struct ProgramNode {
    std::string name;
    Attrs attrs;
    std::vector<int32_t> inputs;   // tensor indices
    std::vector<int32_t> outputs;
    TacticSource backend{TacticSource::kREFERENCE};
    //! The kernel chosen for each optimization profile (index parallel to Program::profiles).
    std::vector<KernelChoice> choices;
    //! Build time only (not stored in the plan): ILayer::setPrecision of the layer it came from.
    bool precisionSet{false};
    DataType precision{DataType::kFLOAT};
    OpKind kind() const { return kindOf(attrs); }
};

//! min/opt/max dims of each network input (index parallel to Program::inputs).
struct ProgramProfile {
    std::vector<std::array<Dims, 3>> inputDims;
};

//! Bits a machine must have to run the plan (x86 ISA features, GPU arch).
enum IsaBits : uint64_t { kIsaAvx2 = 1u << 0, kIsaAvx512 = 1u << 1 };
//! The IsaBits of the CPU this process runs on.
uint64_t hostIsa();

struct Program {
    std::string name;
    DeviceType device{DeviceType::kCPU};
    uint64_t isaRequirements{0};
    std::vector<ProgramTensor> tensors;
    std::vector<ProgramNode> nodes;        // in execution order
    std::vector<int32_t> inputs;           // tensor indices of network inputs, in addInput order
    std::vector<int32_t> outputs;          // tensor indices of network outputs, in markOutput order
    std::vector<ProgramProfile> profiles;  // one or more (a single implicit one for static networks)
    int64_t arenaBytes{0};                 // activation memory per context, on `device`
    int64_t workspaceBytes{0};             // scratch per context (largest kernel workspace), on `device`
    int64_t hostArenaBytes{0};             // activations on the host when `device` is not host memory
    int64_t hostWorkspaceBytes{0};         // scratch of host kernels in such an engine
    //! Legacy TensorRT <= 7 networks (createNetwork() without kEXPLICIT_BATCH): the engine's shapes
    //! include the batch dim as dynamic, maxBatchSize bounds it (engine.max_batch_size).
    bool implicitBatch{false};
    int32_t maxBatchSize{1};
    //! Backend::artifactVersion() of each backend whose kernels wrote KernelChoice::artifact bytes
    //! (one entry per TacticSource); a loader rebuilds from attributes where a version differs.
    std::vector<std::pair<TacticSource, uint32_t>> artifactVersions;
};

}  // namespace tforge::ir
