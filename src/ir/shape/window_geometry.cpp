// Output extents of a sliding window (Convolution and Pooling share them; see docs/OPS.md).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

namespace {

// Fills v[0..k) from an attribute Dims: empty means `dflt` everywhere, otherwise it must have k
// extents in [lo, kMaxExtent]. The bound keeps dilation*(kernel-1)+1 and s+pre+post within int64.
bool resolve(const Dims& d, const char* name, const WindowSpec& s, int64_t dflt, int64_t lo, int64_t* v,
             std::string& err) {
    const int32_t k = s.window.nbDims;
    if (d.nbDims == 0) {
        for (int32_t i = 0; i < k; ++i) v[i] = dflt;
        return true;
    }
    if (d.nbDims != k) {
        err = cat(name, " has ", d.nbDims, " dims, expected ", k, " (like ", s.name, " ", xString(s.window),
                  ") or 0 for the default");
        return false;
    }
    for (int32_t i = 0; i < k; ++i) {
        if (d.d[i] < lo || d.d[i] > kMaxExtent) {
            err = cat(name, " ", xString(d), " must have extents in ", lo, "..2^31");
            return false;
        }
        v[i] = d.d[i];
    }
    return true;
}

}  // namespace

bool inferWindowOutput(const WindowSpec& s, const Dims& x, Dims& out, std::string& err) {
    const int32_t k = s.window.nbDims;
    if (k < 1 || k > 3) {
        err = cat(s.name, " has ", k, " dims, expected 1..3");
        return false;
    }
    for (int32_t i = 0; i < k; ++i) {
        if (s.window.d[i] < 1 || s.window.d[i] > kMaxExtent) {
            err = cat(s.name, " ", xString(s.window), " must have extents in 1..2^31");
            return false;
        }
    }
    if (!enumInRange(s.mode, 4)) {
        err = cat("padding mode ", static_cast<int32_t>(s.mode), " not supported");
        return false;
    }
    if (x.nbDims != k + 2) {
        err = cat("input ", toString(x), " has rank ", x.nbDims, ", expected ", k + 2, " ([N,C] and ", k,
                  " spatial dims for ", s.name, " ", xString(s.window), ")");
        return false;
    }
    int64_t stride[3], dil[3], pre[3] = {0, 0, 0}, post[3] = {0, 0, 0};
    if (!resolve(s.stride, "stride", s, 1, 1, stride, err)) return false;
    if (!resolve(s.dilation, "dilation", s, 1, 1, dil, err)) return false;
    const bool same = s.mode == PaddingMode::kSAME_UPPER || s.mode == PaddingMode::kSAME_LOWER;
    // SAME modes compute their own padding; explicit pads are ignored there, so not validated.
    if (!same) {
        if (!resolve(s.prePadding, "prePadding", s, 0, 0, pre, err)) return false;
        if (!resolve(s.postPadding, "postPadding", s, 0, 0, post, err)) return false;
    }

    out.nbDims = x.nbDims;
    out.d[0] = x.d[0];
    out.d[1] = x.d[1];
    bool tooSmall = false;
    Dims padded, dilated;
    padded.nbDims = dilated.nbDims = k;
    for (int32_t i = 0; i < k; ++i) {
        const int64_t in = x.d[2 + i];
        const int64_t e = dil[i] * (s.window.d[i] - 1) + 1;
        dilated.d[i] = e;
        padded.d[i] = in < 0 ? -1 : in + pre[i] + post[i];
        if (in < 0) {
            out.d[2 + i] = -1;  // depends on the run-time extent; checked again then
        } else if (same) {
            out.d[2 + i] = (in + stride[i] - 1) / stride[i];
        } else if (padded.d[i] < e) {
            tooSmall = true;
        } else {
            const int64_t span = padded.d[i] - e;
            out.d[2 + i] = (s.mode == PaddingMode::kEXPLICIT_ROUND_UP ? span + stride[i] - 1 : span) / stride[i] + 1;
        }
    }
    if (tooSmall) {
        err = s.showDilated ? cat(s.name, " ", xString(s.window), " (dilated ", xString(dilated),
                                  ") larger than padded input ", xString(padded), " (input ", toString(x), ")")
                            : cat(s.name, " ", xString(s.window), " larger than padded input ", xString(padded),
                                  " (input ", toString(x), ")");
        return false;
    }
    return true;
}

}  // namespace tforge::ir::shape
