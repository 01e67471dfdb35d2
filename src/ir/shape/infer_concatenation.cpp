// Concatenation: n >= 1 inputs of one rank and type joined along `axis` (negative from the end).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferConcatenation(const ConcatAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const Dims& first = in[0].dims;
    const int32_t r = first.nbDims;
    if (r < 1) {
        err = cat("input 0 ", toString(first), " is a scalar; concatenation needs rank >= 1");
        return false;
    }
    if (a.axis < -r || a.axis >= r) {
        err = cat("axis ", a.axis, " out of range [", -r, ", ", r, ") for inputs of rank ", r);
        return false;
    }
    const int32_t axis = a.axis < 0 ? a.axis + r : a.axis;
    const DataType t = in[0].type;
    if (!checkType(t, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16, DataType::kINT32, DataType::kBOOL}, "input 0", err)) return false;

    TensorDesc y;
    y.type = t;
    y.dims = first;
    for (size_t n = 1; n < in.size(); ++n) {
        const Dims& d = in[n].dims;
        if (in[n].type != t) {
            err = cat("input ", n, " type ", dataTypeName(in[n].type), " differs from input 0 type ", dataTypeName(t));
            return false;
        }
        if (d.nbDims != r) {
            err = cat("input ", n, " ", toString(d), " has rank ", d.nbDims, ", input 0 ", toString(first),
                      " has rank ", r);
            return false;
        }
        for (int32_t i = 0; i < r; ++i) {
            int64_t& o = y.dims.d[i];
            if (i == axis) {
                // Extents are <= 2^31 each, so the sum cannot overflow before it is checked.
                o = (o < 0 || d.d[i] < 0) ? -1 : o + d.d[i];
                if (o > kMaxExtent) {
                    err = cat("concatenated extent along axis ", axis, " exceeds 2^31 at input ", n);
                    return false;
                }
            } else if (o >= 0 && d.d[i] >= 0 && o != d.d[i]) {
                err = cat("input ", n, " ", toString(d), " differs from ", toString(y.dims), " at dim ", i, " (",
                          d.d[i], " vs ", o, "); only axis ", axis, " may differ");
                return false;
            } else if (o < 0) {
                o = d.d[i];  // a concrete extent pins down a dynamic one (they must be equal)
            }
        }
    }
    // Value propagation (shape tensors): every input's values known -> the output's.
    bool all = t == DataType::kINT32 || t == DataType::kINT64;
    for (const TensorDesc& d : in) all = all && d.hasValues;
    const int64_t n = all ? volume(y.dims) : -1;
    if (all && n >= 0 && n <= kMaxPropagatedValues) {
        // Row-major: for each index over the dims before the axis, each input contributes a chunk.
        int64_t outer = 1;
        for (int32_t i = 0; i < axis; ++i) outer *= y.dims.d[i];
        for (int64_t o = 0; o < outer; ++o)
            for (const TensorDesc& d : in) {
                int64_t chunk = 1;
                for (int32_t i = axis; i < r; ++i) chunk *= d.dims.d[i];
                y.values.insert(y.values.end(), d.values.begin() + o * chunk, d.values.begin() + (o + 1) * chunk);
            }
        y.hasValues = true;
    }
    out.push_back(std::move(y));
    return true;
}

}  // namespace tforge::ir::shape
