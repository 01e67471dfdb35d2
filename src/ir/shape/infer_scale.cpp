// Scale: y = (x*scale + shift)^power with uniform, per-channel or per-element coefficients.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferScale(const ScaleAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!enumInRange(a.mode, 3)) {
        err = cat("scale mode ", static_cast<int32_t>(a.mode), " not supported");
        return false;
    }
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    const int32_t r = x.dims.nbDims;
    if (r < 1) {
        err = cat("input ", toString(x.dims), " has rank 0, expected >= 1");
        return false;
    }
    const Blob* blobs[3] = {&a.shift, &a.scale, &a.power};
    const char* names[3] = {"shift", "scale", "power"};
    for (int i = 0; i < 3; ++i)
        if (!checkBlob(*blobs[i], names[i], {DataType::kFLOAT}, true, err)) return false;

    // Expected count of each non-empty blob; -1 when it depends on a dynamic extent.
    int64_t expected = 1;
    std::string why = "kUNIFORM";
    if (a.mode != ScaleMode::kUNIFORM) {
        // channelAxis only matters for the modes that index by it, so kUNIFORM accepts any value
        // (a uniform scale of a rank-1 tensor with the default axis 1 is legitimate).
        if (a.channelAxis < 0 || a.channelAxis >= r) {
            err = cat("channel axis ", a.channelAxis, " out of range for input ", toString(x.dims), " of rank ", r);
            return false;
        }
        if (a.mode == ScaleMode::kCHANNEL) {
            expected = x.dims.d[a.channelAxis];
            why = cat("kCHANNEL: C = dim ", a.channelAxis, " of input ", toString(x.dims));
        } else {
            volumeOf(x.dims, a.channelAxis, r, expected);  // bounded by the checked input volume
            why = cat("kELEMENTWISE: volume of dims ", a.channelAxis, "..", r - 1, " of input ", toString(x.dims));
        }
    }
    if (expected >= 0) {
        for (int i = 0; i < 3; ++i) {
            if (blobs[i]->count != 0 && blobs[i]->count != expected) {
                err = cat(names[i], " has ", blobs[i]->count, " values, expected ", expected, " (", why, ")");
                return false;
            }
        }
    }
    out.push_back(TensorDesc{x.dims, x.type});
    return true;
}

}  // namespace tforge::ir::shape
