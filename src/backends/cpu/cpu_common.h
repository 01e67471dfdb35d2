// Helpers shared by the CPU kernels: aligned buffers, run-time argument checks and the window
// geometry (output extents, padding) that convolution and pooling both follow (OPS.md).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "ir/dims_util.h"

namespace tforge::backends::cpu {

//! 64-byte-aligned float storage for prepacked weights (built once, read by every run()).
class AlignedFloats {
public:
    AlignedFloats() = default;
    //! count floats, all zero (and zero up to the next multiple of 16: floatBytes(count)).
    explicit AlignedFloats(int64_t count);
    //! The same storage with only the rounded-up tail past `count` zeroed: for callers that write
    //! every one of the count floats themselves (saves a pass over memory).
    static AlignedFloats uninitialized(int64_t count);
    float* data() const { return p_.get(); }
    int64_t size() const { return n_; }

private:
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> p_;
    int64_t n_{0};
};

inline int64_t roundUp(int64_t v, int64_t m) {
    return (v + m - 1) / m * m;
}
inline int64_t ceilDiv(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

//! Bytes of workspace: rounds every scratch region up to a cache line so regions never share one.
inline size_t floatBytes(int64_t count) {
    return static_cast<size_t>(roundUp(count, 16) * 4);
}

//! Checks count/type/non-null of the tensors a kernel got, and that concrete dims are >= 0.
bool checkViews(const char* op, const std::vector<TensorView>& inputs, size_t nIn,
                const std::vector<TensorView>& outputs, size_t nOut, std::string& error);
//! Checks that out has exactly `dims` and `type` (the caller allocated it from shape inference).
bool checkOutput(const char* op, const TensorView& out, const Dims& dims, DataType type, std::string& error);
bool checkType(const char* op, const TensorView& t, DataType type, std::string& error);

//! Convolution/pooling geometry with k spatial dims (1..3) folded into 3 (leading extents 1),
//! so one loop nest serves 1-D, 2-D and 3-D.
struct Window3 {
    int64_t in[3]{1, 1, 1}, out[3]{1, 1, 1}, kernel[3]{1, 1, 1}, stride[3]{1, 1, 1}, dilation[3]{1, 1, 1},
        pre[3]{0, 0, 0};
    int64_t padEnd[3]{1, 1, 1};  // end of the padded input (in + post padding); pooling counts
    int64_t inVolume() const { return in[0] * in[1] * in[2]; }
    int64_t outVolume() const { return out[0] * out[1] * out[2]; }
    int64_t kernelVolume() const { return kernel[0] * kernel[1] * kernel[2]; }
};

//! Fills w from the input dims x ([N, C, s...], k = x.nbDims - 2 spatial dims, concrete) and the
//! op's window attributes; false with error if they are inconsistent or the kernel doesn't fit.
bool computeWindow(const Dims& x, const Dims& kernel, const Dims& stride, const Dims& dilation, const Dims& prePad,
                   const Dims& postPad, PaddingMode mode, Window3& w, std::string& error);

//! Output dims [N, K, out...] for input x and geometry w.
Dims windowOutputDims(const Dims& x, int64_t channels, const Window3& w);

//! The ops this backend has kernels for, one file each; cpu_backend.cpp's per-op table (indexed by
//! OpKind) is generated from this list, and tests check it against the op table.
#define TFORGE_CPU_OPS_CORE(X)                                                                            \
    X(Convolution) X(Pooling) X(FullyConnected) X(MatrixMultiply) X(Activation) X(ElementWise) X(Scale) \
    X(SoftMax) X(Shuffle) X(Concatenation) X(Constant) X(Cast) X(Reformat)
// One list per op family (src/ir/op_table.h), so that families grow without touching each other.
#define TFORGE_CPU_OPS_MATH(X)
#define TFORGE_CPU_OPS_REDUCE(X)
#define TFORGE_CPU_OPS_SHAPE(X)
#define TFORGE_CPU_OPS_INDEX(X)
#define TFORGE_CPU_OPS_CONTROL(X)
#define TFORGE_CPU_OPS(X)                                                                                     \
    TFORGE_CPU_OPS_CORE(X) TFORGE_CPU_OPS_MATH(X) TFORGE_CPU_OPS_REDUCE(X) TFORGE_CPU_OPS_SHAPE(X)           \
        TFORGE_CPU_OPS_INDEX(X) TFORGE_CPU_OPS_CONTROL(X)

#define TFORGE_CPU_OP_DECL(Name)                                  \
    bool supports##Name(const NodeDesc& node, std::string* why);  \
    std::vector<std::string> tactics##Name(const NodeDesc& node); \
    std::unique_ptr<Kernel> create##Name(const NodeDesc& node, const std::string& tactic, std::string& error);
TFORGE_CPU_OPS(TFORGE_CPU_OP_DECL)
#undef TFORGE_CPU_OP_DECL

//! Shared supports() check: every input is fp32 (most ops).
bool allFloatInputs(const NodeDesc& node, std::string* why);

}  // namespace tforge::backends::cpu
