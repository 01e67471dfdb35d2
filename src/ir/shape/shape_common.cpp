// Validation and formatting helpers shared by the per-op shape inference files.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool checkTensorDims(const Dims& d, const std::string& what, bool allowDynamic, std::string& err) {
    // nbDims first: toString() and every loop below index d.d[0..nbDims).
    if (d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS) {
        err = cat(what, " has nbDims ", d.nbDims, ", expected 0..", Dims::MAX_DIMS);
        return false;
    }
    for (int32_t i = 0; i < d.nbDims; ++i) {
        const int64_t e = d.d[i];
        if (e < -1 || (e == -1 && !allowDynamic)) {
            err = allowDynamic
                      ? cat(what, " ", toString(d), " has extent ", e, " at dim ", i,
                            " (only -1, dynamic, may be negative)")
                      : cat(what, " ", toString(d), " must be concrete and non-negative (dim ", i, " is ", e, ")");
            return false;
        }
        if (e > kMaxExtent) {
            err = cat(what, " ", toString(d), " has extent ", e, " at dim ", i, ", more than 2^31");
            return false;
        }
    }
    int64_t v = 0;
    if (!volumeOf(d, 0, d.nbDims, v)) {
        err = cat(what, " ", toString(d), " has a volume of more than 2^40 elements");
        return false;
    }
    return true;
}

bool mulChecked(int64_t a, int64_t b, int64_t& out) {
    if (a == 0 || b == 0) {
        out = 0;
        return true;
    }
    if (a > kMaxVolume / b) return false;
    out = a * b;
    return out <= kMaxVolume;
}

bool volumeOf(const Dims& d, int32_t first, int32_t last, int64_t& out) {
    // A zero extent makes the product 0 whatever the others are, so test it before multiplying:
    // [2^31, 2^31, 0] is an empty tensor, not an overflow.
    bool dynamic = false;
    for (int32_t i = first; i < last; ++i) {
        if (d.d[i] == 0) {
            out = 0;
            return true;
        }
        dynamic |= d.d[i] < 0;
    }
    int64_t v = 1;
    for (int32_t i = first; i < last; ++i)
        if (d.d[i] > 0 && !mulChecked(v, d.d[i], v)) return false;
    out = dynamic ? -1 : v;
    return true;
}

std::string xString(const Dims& d, int32_t first) {
    std::string s;
    for (int32_t i = first; i < d.nbDims && i < Dims::MAX_DIMS; ++i) {
        if (i > first) s += "x";
        s += std::to_string(d.d[i]);
    }
    return s;
}

namespace {
std::string typeName(DataType t) {
    std::string n = dataTypeName(t);
    if (n == "unknown") n += cat("(", static_cast<int32_t>(t), ")");
    return n;
}
}  // namespace

bool checkType(DataType t, std::initializer_list<DataType> allowed, const std::string& what, std::string& err) {
    std::string list;
    for (DataType a : allowed) {
        if (a == t) return true;
        list += (list.empty() ? "" : "/") + typeName(a);
    }
    err = cat(what, " type ", typeName(t), " not supported (expected ", list, ")");
    return false;
}

bool checkBlob(const Blob& b, const char* what, std::initializer_list<DataType> allowed, bool optional,
               std::string& err) {
    if (b.count < 0) {
        err = cat(what, " have a negative count ", b.count);
        return false;
    }
    if (optional && b.count == 0) return true;
    return checkType(b.type, allowed, what, err);
}

bool broadcastExtent(int64_t a, int64_t b, int64_t& out) {
    if (a == b)
        out = a;
    else if (a == 1)
        out = b;
    else if (b == 1)
        out = a;
    else if (a == -1)
        out = b;  // the dynamic extent must turn out to be b (or 1) at run time
    else if (b == -1)
        out = a;
    else
        return false;
    return true;
}

bool broadcastShapes(const Dims& a, const Dims& b, Dims& out, const char* what, std::string& err) {
    const int32_t r = a.nbDims > b.nbDims ? a.nbDims : b.nbDims;
    out.nbDims = r;
    for (int32_t i = 0; i < r; ++i) {
        // Right-aligned: the shorter shape behaves as if padded with leading 1s.
        const int32_t ia = i - (r - a.nbDims), ib = i - (r - b.nbDims);
        const int64_t ea = ia >= 0 ? a.d[ia] : 1, eb = ib >= 0 ? b.d[ib] : 1;
        if (!broadcastExtent(ea, eb, out.d[i])) {
            err = cat(what, " ", toString(a), " and ", toString(b), " cannot be broadcast (dim ", i, ": ", ea, " vs ",
                      eb, ")");
            return false;
        }
    }
    return true;
}

bool checkPostOp(const PostOp& p, std::string& err) {
    if (p.enabled && !enumInRange(p.type, kNB_ACTIVATION_TYPES)) {
        err = cat("fused activation type ", static_cast<int32_t>(p.type), " not supported");
        return false;
    }
    return true;
}

}  // namespace tforge::ir::shape
