// Helpers shared by the per-op shape inference files (private to src/ir/shape).
// Every helper validates before it touches Dims::d, so malformed inputs never read out of bounds.
#pragma once
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "ir/dims_util.h"
#include "ir/shape_inference.h"

namespace tforge::ir::shape {

// Extents <= 2^31 and volumes <= 2^40 keep every product we form (at most extent * volume) far
// below int64 overflow, and no backend could allocate a larger tensor anyway.
constexpr int64_t kMaxExtent = int64_t{1} << 31;
constexpr int64_t kMaxVolume = int64_t{1} << 40;

//! Concatenates anything streamable: cat("got ", 3, " values").
template <class... T>
std::string cat(const T&... v) {
    std::ostringstream os;
    (os << ... << v);
    return os.str();
}

//! Checks nbDims in [0, 8], extents >= -1 (>= 0 unless allowDynamic), <= kMaxExtent and a concrete
//! volume <= kMaxVolume. `what` names the tensor in the message ("input 0", "output").
bool checkTensorDims(const Dims& d, const std::string& what, bool allowDynamic, std::string& err);

//! out = a * b for a, b >= 0; false when the product exceeds kMaxVolume.
bool mulChecked(int64_t a, int64_t b, int64_t& out);

//! Product of d[first..last): -1 if any is dynamic (0 wins over -1: the product is 0 regardless).
//! Returns false when the concrete product exceeds kMaxVolume.
bool volumeOf(const Dims& d, int32_t first, int32_t last, int64_t& out);

//! "5x5" from d[first..]; used for kernels and spatial extents.
std::string xString(const Dims& d, int32_t first = 0);

//! True when t is one of `allowed`; otherwise sets "type X not supported (...)".
bool checkType(DataType t, std::initializer_list<DataType> allowed, const std::string& what, std::string& err);

//! Blob type check and count >= 0. Empty optional blobs (bias, shift, ...) skip the type check.
bool checkBlob(const Blob& b, const char* what, std::initializer_list<DataType> allowed, bool optional,
               std::string& err);

//! numpy broadcasting of one extent pair: equal, or one is 1; -1 with 1 -> -1, -1 with n -> n.
bool broadcastExtent(int64_t a, int64_t b, int64_t& out);

//! Right-aligned broadcast of two shapes; on mismatch sets the "cannot be broadcast" message.
bool broadcastShapes(const Dims& a, const Dims& b, Dims& out, const char* what, std::string& err);

template <class E>
bool enumInRange(E e, int32_t count) {
    auto v = static_cast<int32_t>(e);
    return v >= 0 && v < count;
}

//! A fused activation must name a known type (it is executed with the Activation formulas).
bool checkPostOp(const PostOp& p, std::string& err);

// Geometry shared by Convolution and Pooling: one window slides over x [N, C, spatial...].
struct WindowSpec {
    const char* name;  // "kernel" or "window", for messages
    bool showDilated;  // conv messages show the dilated kernel too
    Dims window, stride, prePadding, postPadding, dilation;
    PaddingMode mode;
};

//! Validates window/stride/dilation/padding against x and writes the spatial output extents into
//! out.d[2..] (out.nbDims = x.nbDims; out.d[0] = N; out.d[1] is left for the caller).
bool inferWindowOutput(const WindowSpec& s, const Dims& x, Dims& out, std::string& err);

// Per-op inference. Inputs are already count- and dims-checked by the dispatcher.
using Inputs = std::vector<TensorDesc>;
using Outputs = std::vector<TensorDesc>;
// One per op-table entry (the dispatcher is generated from the table: a missing one is a link error).
#define TFORGE_OP_INFER_DECL(Name, AttrsType, ...) \
    bool infer##Name(const AttrsType& a, const Inputs& in, Outputs& out, std::string& err);
TFORGE_FOR_EACH_OP(TFORGE_OP_INFER_DECL)
#undef TFORGE_OP_INFER_DECL

}  // namespace tforge::ir::shape
