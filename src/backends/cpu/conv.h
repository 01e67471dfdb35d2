// Convolution kernels: shared setup (weights validated once, geometry per run) and the two tactics.
#pragma once
#include <memory>
#include <string>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/gemm.h"

namespace tforge::backends::cpu {

//! What both conv tactics know after createKernel: the attributes and the derived group sizes.
struct ConvSetup {
    ir::ConvAttrs attrs;                     // a copy: Blob shares (not copies) the weight memory
    int64_t K{0}, G{1}, Kg{0}, Cg{0}, R{0};  // out maps, groups, per-group out/in channels, taps
    Epilogue epilogue() const;

    //! Validates attributes against the (possibly dynamic) input desc.
    bool init(const NodeDesc& node, std::string& error);
    //! Validates concrete run-time tensors and computes the geometry.
    bool prepare(const std::vector<TensorView>& in, const std::vector<TensorView>& out, Window3& w,
                 std::string& error) const;
    //! Geometry for workspace sizing; false if dims are not concrete or don't fit.
    bool windowFor(const Dims& x, Window3& w) const;
};

//! `artifact` (may be null): a plan's artifact of this kernel, restored instead of packing when valid.
std::unique_ptr<Kernel> makeConvGemmKernel(const ConvSetup& s, const std::vector<uint8_t>* artifact = nullptr);
//! Reads the weights in place (nothing prepacked, so no artifact).
std::unique_ptr<Kernel> makeConvDirectKernel(const ConvSetup& s);

}  // namespace tforge::backends::cpu
