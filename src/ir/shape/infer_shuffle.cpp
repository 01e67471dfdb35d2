// Shuffle: first transpose -> optional reshape (0 copies, one -1 inferred) -> second transpose.
// Optional input 1 (TensorRT's setInput(1, shapeTensor)): a 1-D int32/int64 tensor whose values are
// the reshape dims (same 0 and -1 rules; it overrides setReshapeDimensions). Values known at build
// time (ir::TensorDesc::values) give the exact shape; otherwise the output has -1 extents of rank
// input 1's extent (the build refuses that for now: run-time shape tensors are the next step).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

namespace {

std::string orderString(const Permutation& p, int32_t r) {
    std::string s = "(";
    for (int32_t i = 0; i < r; ++i) s += (i ? "," : "") + std::to_string(p.order[i]);
    return s + ")";
}

// Only order[0..r) is meaningful; entries past the rank are ignored (TensorRT does the same).
bool applyPermutation(const Permutation& p, const Dims& in, const char* name, Dims& out, std::string& err) {
    const int32_t r = in.nbDims;
    bool seen[Dims::MAX_DIMS] = {};
    for (int32_t i = 0; i < r; ++i) {
        const int32_t v = p.order[i];
        if (v < 0 || v >= r || seen[v]) {
            err =
                cat(name, " ", orderString(p, r), " is not a permutation of 0..", r - 1, " (shape ", toString(in), ")");
            return false;
        }
        seen[v] = true;
        out.d[i] = in.d[v];
    }
    out.nbDims = r;
    return true;
}

bool reshape(const ShuffleAttrs& a, const Dims& x, const Dims& t1, Dims& out, std::string& err) {
    const Dims& R = a.reshapeDims;
    if (R.nbDims < 0 || R.nbDims > Dims::MAX_DIMS) {
        err = cat("reshape dims have nbDims ", R.nbDims, ", expected 0..", Dims::MAX_DIMS);
        return false;
    }
    out.nbDims = R.nbDims;
    int32_t inferIdx = -1, copiedDynamic = 0;
    Dims known;  // output extents whose values are known now (excludes the -1 and dynamic copies)
    known.nbDims = 0;
    for (int32_t i = 0; i < R.nbDims; ++i) {
        const int64_t v = R.d[i];
        if (v < -1 || v > kMaxExtent) {
            err = cat("reshape dims ", toString(R), " have invalid extent ", v, " at dim ", i);
            return false;
        }
        if (v == -1) {
            if (inferIdx >= 0) {
                err = cat("reshape dims ", toString(R), " have more than one -1");
                return false;
            }
            inferIdx = i;
            out.d[i] = -1;
            continue;
        }
        out.d[i] = v;
        if (v == 0 && a.zeroIsPlaceholder) {
            if (i >= x.nbDims) {
                err = cat("reshape dims ", toString(R), " copy dim ", i, " (placeholder 0) but input ", toString(x),
                          " has rank ", x.nbDims);
                return false;
            }
            out.d[i] = x.d[i];  // docs/OPS.md: the extent of x (not of the transposed t1)
            if (out.d[i] < 0) {
                ++copiedDynamic;
                continue;
            }
        }
        known.d[known.nbDims++] = out.d[i];
    }
    int64_t outKnown = 0;
    if (!volumeOf(known, 0, known.nbDims, outKnown)) {
        err = cat("reshape to ", toString(R), " impossible: output volume of more than 2^40");
        return false;
    }
    // The input's dynamic extents cancel against the copies of them made by placeholders (each
    // copy takes a distinct input dim). Only if every dynamic extent cancels can we check now.
    Dims inKnownDims;
    inKnownDims.nbDims = 0;
    for (int32_t i = 0; i < t1.nbDims; ++i)
        if (t1.d[i] >= 0) inKnownDims.d[inKnownDims.nbDims++] = t1.d[i];
    if (t1.nbDims - inKnownDims.nbDims != copiedDynamic) return true;  // -1 stays -1, checked at run time
    int64_t inKnown = 0;
    volumeOf(inKnownDims, 0, inKnownDims.nbDims, inKnown);  // bounded by the checked input volume
    if (inferIdx >= 0) {
        if (outKnown == 0) {
            err = cat("reshape to ", toString(R), " impossible: -1 cannot be inferred when the other extents",
                      " have volume 0 (input ", toString(x), ")");
            return false;
        }
        if (inKnown % outKnown != 0) {
            err = cat("reshape to ", toString(R), " impossible: volume ", inKnown, " not divisible by ", outKnown,
                      " (input ", toString(x), ")");
            return false;
        }
        out.d[inferIdx] = inKnown / outKnown;
    } else if (inKnown != outKnown) {
        err = cat("reshape to ", toString(R), " impossible: input ", toString(x), " has volume ", inKnown, ", output ",
                  outKnown);
        return false;
    }
    return true;
}

}  // namespace

bool inferShuffle(const ShuffleAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16, DataType::kINT32, DataType::kBOOL}, "input", err)) return false;
    Dims t1, t2;
    if (!applyPermutation(a.firstTranspose, x.dims, "first transpose", t1, err)) return false;
    if (in.size() > 1) {
        const TensorDesc& s = in[1];
        if (!checkType(s.type, {DataType::kINT32, DataType::kINT64}, "reshape dims tensor (input 1)", err)) return false;
        if (s.dims.nbDims != 1 || s.dims.d[0] < 0 || s.dims.d[0] > Dims::MAX_DIMS) {
            err = cat("reshape dims tensor (input 1) ", toString(s.dims), " must be 1-D with a known extent of 0..",
                      Dims::MAX_DIMS, " (the output rank)");
            return false;
        }
        if (s.hasValues && static_cast<int64_t>(s.values.size()) == s.dims.d[0]) {
            ShuffleAttrs b = a;
            b.hasReshape = true;
            b.reshapeDims.nbDims = static_cast<int32_t>(s.values.size());
            for (size_t i = 0; i < s.values.size(); ++i) b.reshapeDims.d[i] = s.values[i];
            if (!reshape(b, x.dims, t1, t2, err)) return false;
        } else {
            t2.nbDims = static_cast<int32_t>(s.dims.d[0]);  // values known only at run time
            for (int32_t i = 0; i < t2.nbDims; ++i) t2.d[i] = -1;
        }
    } else if (!a.hasReshape) {
        t2 = t1;
    } else if (!reshape(a, x.dims, t1, t2, err)) {
        return false;
    }
    TensorDesc y;
    y.type = x.type;
    if (!applyPermutation(a.secondTranspose, t2, "second transpose", y.dims, err)) return false;
    // Value propagation: without transposes a reshape keeps the row-major values.
    auto identity = [](const Permutation& p, int32_t r) {
        for (int32_t i = 0; i < r; ++i)
            if (p.order[i] != i) return false;
        return true;
    };
    if (x.hasValues && identity(a.firstTranspose, x.dims.nbDims) && identity(a.secondTranspose, t2.nbDims) &&
        volume(y.dims) == static_cast<int64_t>(x.values.size())) {
        y.hasValues = true;
        y.values = x.values;
    }
    out.push_back(std::move(y));
    return true;
}

}  // namespace tforge::ir::shape
