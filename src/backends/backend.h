// The one small interface every device backend implements. The core (builder, runtime) talks to
// backends only through this header and backends/registry.h; it never includes a backend's own headers.
#pragma once
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ir/attrs.h"
#include "ir/shape_inference.h"

namespace tforge::backends {

//! A tensor as a kernel sees it at run time: concrete dims, dense row-major.
struct TensorView {
    void* data{nullptr};
    Dims dims;
    DataType type{DataType::kFLOAT};
};

//! What a backend is told about a node when asked about support/tactics and when compiling it.
//! Dims may contain -1 (dynamic); kernels must accept any concrete shape consistent with them.
//! `attrs` is valid only during the call: a kernel copies what it keeps (Blobs share their data).
struct NodeDesc {
    std::string name;
    const ir::Attrs* attrs{nullptr};
    std::vector<ir::TensorDesc> inputs;
    std::vector<ir::TensorDesc> outputs;
    ir::OpKind kind() const { return ir::kindOf(*attrs); }
};

//! Per-call resources handed to a kernel.
struct ExecArgs {
    void* workspace{nullptr};   // scratch of at least workspaceSize(...) bytes, 64-byte aligned
    size_t workspaceBytes{0};
};

//! A compiled op: build-time work (prepacking weights, choosing blocking) happens in the
//! constructor; run() does only run-time work and may be called concurrently from several
//! execution contexts, so it must not mutate the kernel.
class Kernel {
public:
    virtual ~Kernel() = default;
    //! Scratch bytes needed for these concrete (or, at build time, max-profile) input dims.
    virtual size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const { (void)inputs; return 0; }
    //! Returns false and sets error on failure (e.g. a shape the kernel cannot handle).
    virtual bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs,
                     const ExecArgs& args, std::string& error) const = 0;
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
    //! Compiles one tactic for the node; nullptr (and error set) if it cannot.
    virtual std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                                 std::string& error) const = 0;
    //! Memory the backend's kernels read and write (host memory for CPU backends).
    //! Defined inline so that every user of this header has Backend's vtable (no key function).
    virtual void* allocate(size_t bytes) const {
        // 64-byte alignment suits AVX-512 loads and matches the plan's weight alignment.
        size_t rounded = (bytes + 63) / 64 * 64;
        return std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    }
    virtual void release(void* p) const { std::free(p); }
    //! Threads the backend may use (0 = hardware concurrency).
    virtual void setMaxThreads(int32_t n) { (void)n; }
};

}  // namespace tforge::backends
