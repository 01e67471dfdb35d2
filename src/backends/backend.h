// The one small interface every tactic source implements. The core (builder, runtime) talks to
// backends only through this header, device.h and backends/registry.h; it never includes a backend's
// own headers. Roles (docs/ARCHITECTURE.md): a Device owns memory, streams and copies; a Backend is
// one tactic source on a device; a Kernel is one compiled op with create / reshape / enqueue phases.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backends/device.h"
#include "ir/attrs.h"
#include "ir/shape_inference.h"

namespace tforge::backends {

//! A tensor as a kernel sees it at run time: concrete logical dims, element type and memory format
//! (kLINEAR: dense row-major; other formats as ir/format.h lays them out).
struct TensorView {
    void* data{nullptr};
    Dims dims;
    DataType type{DataType::kFLOAT};
    TensorFormat format{TensorFormat::kLINEAR};
};

//! What a backend is told about a node when asked about support/tactics and when compiling it.
//! Dims may contain -1 (dynamic); `inputRange` then gives each input's min/opt/max dims of the
//! optimization profile being built (empty when unknown), so kernels can pick blocking for real
//! shapes. `attrs` is valid only during the call: a kernel copies what it keeps (Blobs share data).
struct NodeDesc {
    std::string name;
    const ir::Attrs* attrs{nullptr};
    std::vector<ir::TensorDesc> inputs;
    std::vector<ir::TensorDesc> outputs;
    std::vector<std::array<Dims, 3>> inputRange{};
    //! A prepacked artifact from the plan (what Kernel::artifact() returned at build); when set,
    //! createKernel restores from it instead of repacking weights.
    const std::vector<uint8_t>* artifact{nullptr};
    ir::OpKind kind() const { return ir::kindOf(*attrs); }
};

//! Whether any input or output of `node` is stored as kHALF or kBF16.
inline bool hasReducedFloat(const NodeDesc& node) {
    for (const auto* list : {&node.inputs, &node.outputs})
        for (const auto& t : *list)
            if (t.type == DataType::kHALF || t.type == DataType::kBF16) return true;
    return false;
}

//! `node` with every kHALF/kBF16 input and output turned into kFLOAT: the form an fp32-only kernel
//! runs when reduced-precision storage is converted around it.
inline NodeDesc promoted(const NodeDesc& node) {
    NodeDesc p = node;
    for (auto* list : {&p.inputs, &p.outputs})
        for (auto& t : *list)
            if (t.type == DataType::kHALF || t.type == DataType::kBF16) t.type = DataType::kFLOAT;
    return p;
}

//! Per-execution-context state of a kernel (library handles, per-shape plans). Kernels are shared by
//! all contexts of an engine and are const; whatever changes per context lives here.
class KernelState {
public:
    virtual ~KernelState() = default;
};

//! Per-call resources handed to a kernel.
struct ExecArgs {
    void* workspace{nullptr};  // scratch of at least the bytes reshape() asked for, 64-byte aligned
    size_t workspaceBytes{0};
    Stream* stream{nullptr};   // the stream of the kernel's device the work is ordered on
    KernelState* state{nullptr};
};

//! A compiled op. Three phases, as XNNPACK operators and TensorRT plugins have them:
//!   create   the constructor (via Backend::createKernel), at build and at load: prepack weights,
//!            choose blocking; artifact() returns the prepacked bytes to store in the plan
//!   reshape  once per shape change per context: per-shape setup, workspace size
//!   enqueue  per run: the work, ordered on args.stream
//! Host kernels implement run() (the work, on the calling thread) and inherit enqueue(): the
//! runtime already calls enqueue from the stream's own thread. run()/enqueue() may be called
//! concurrently from several contexts, so they must not mutate the kernel (use KernelState).
class Kernel {
public:
    virtual ~Kernel() = default;
    virtual std::unique_ptr<KernelState> createState() const { return nullptr; }
    //! Scratch bytes needed for these concrete (or, at build time, max-profile) input dims.
    virtual size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const {
        (void)inputs;
        return 0;
    }
    virtual bool reshape(KernelState* state, const std::vector<ir::TensorDesc>& inputs, size_t& workspace,
                         std::string& error) const {
        (void)state;
        (void)error;
        workspace = workspaceSize(inputs);
        return true;
    }
    virtual bool enqueue(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs,
                         const ExecArgs& args, std::string& error) const {
        return run(inputs, outputs, args, error);
    }
    //! Returns false and sets error on failure (e.g. a shape the kernel cannot handle).
    virtual bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs,
                     const ExecArgs& args, std::string& error) const = 0;
    //! Prepacked state worth storing in the plan (empty: nothing; the kernel rebuilds from attrs).
    virtual std::vector<uint8_t> artifact() const { return {}; }
};

//! The formats and element types one tactic takes and produces, per input and output.
struct IoFormat {
    std::vector<ir::TensorDesc> inputs, outputs;  // dims ignored: only type and format count
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual const char* name() const = 0;
    virtual TacticSource source() const = 0;
    virtual DeviceType device() const = 0;
    //! Whether some tactic handles this node; if not, `why` says what is missing.
    virtual bool supports(const NodeDesc& node, std::string* why) const = 0;
    //! Names of the kernels that can run this node, best guess first.
    virtual std::vector<std::string> tactics(const NodeDesc& node) const = 0;
    //! The I/O formats and types a tactic accepts, preferred first. The default: exactly the
    //! node's own types, kLINEAR everywhere. The builder asks with the node's IR types; where a
    //! tactic needs other types or formats it inserts Reformat nodes around the node.
    virtual std::vector<IoFormat> formats(const NodeDesc& node, const std::string& tactic) const {
        (void)tactic;
        IoFormat f;
        for (auto d : node.inputs) f.inputs.push_back({d.dims, d.type, TensorFormat::kLINEAR});
        for (auto d : node.outputs) f.outputs.push_back({d.dims, d.type, TensorFormat::kLINEAR});
        return {f};
    }
    //! Compiles one tactic for the node (its inputs/outputs carry the chosen types and formats);
    //! nullptr (and error set) if it cannot.
    virtual std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                                 std::string& error) const = 0;
    //! Version of the artifact encoding; a plan whose artifacts have another version is rebuilt
    //! from attributes at load (correct, only slower) rather than refused.
    virtual uint32_t artifactVersion() const { return 1; }
};

}  // namespace tforge::backends
