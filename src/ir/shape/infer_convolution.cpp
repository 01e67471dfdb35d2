// Convolution: x [N, C, spatial...] -> [N, K, out...] (docs/OPS.md "Convolution").
// Optional inputs (TensorRT's setInput(1/2)): 1 = kernel [K, C/groups, kernel...], 2 = bias [K];
// they take the place of the kernel/bias blobs (the weights_from_constants pass folds them back).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferConvolution(const ConvAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    const int64_t K = a.nbOutputMaps, G = a.nbGroups;
    if (K < 1 || K > kMaxExtent) {
        err = cat("number of output maps ", K, " must be in 1..2^31");
        return false;
    }
    if (G < 1 || G > kMaxExtent) {
        err = cat("number of groups ", G, " must be in 1..2^31");
        return false;
    }
    if (K % G != 0) {
        err = cat("output maps ", K, " not divisible by groups ", G);
        return false;
    }
    const TensorDesc* kt = in.size() > 1 ? &in[1] : nullptr;
    const TensorDesc* bt = in.size() > 2 ? &in[2] : nullptr;
    if (kt && !checkType(kt->type, {DataType::kFLOAT}, "kernel tensor (input 1)", err)) return false;
    if (bt && !checkType(bt->type, {DataType::kFLOAT}, "bias tensor (input 2)", err)) return false;
    if (!kt && !checkBlob(a.kernel, "kernel weights", {DataType::kFLOAT}, false, err)) return false;
    if (!bt && !checkBlob(a.bias, "bias weights", {DataType::kFLOAT}, true, err)) return false;
    if (!checkPostOp(a.post, err)) return false;

    TensorDesc y;
    y.type = x.type;
    const WindowSpec spec{"kernel",     true,          a.kernelSize, a.stride,
                          a.prePadding, a.postPadding, a.dilation,   a.paddingMode};
    if (!inferWindowOutput(spec, x.dims, y.dims, err)) return false;  // also checks the rank
    y.dims.d[1] = K;

    // The weight count needs C; with a dynamic C it is checked at run time.
    const int64_t C = x.dims.d[1];
    if (kt) {
        // The kernel tensor's dims are what the blob count would have had to be: [K, C/groups, kernel...].
        Dims want;
        want.nbDims = a.kernelSize.nbDims + 2;
        want.d[0] = K;
        want.d[1] = C >= 0 ? C / G : -1;
        for (int32_t i = 0; i < a.kernelSize.nbDims; ++i) want.d[i + 2] = a.kernelSize.d[i];
        bool match = kt->dims.nbDims == want.nbDims;
        for (int32_t i = 0; match && i < want.nbDims; ++i)
            match = want.d[i] < 0 || kt->dims.d[i] < 0 || kt->dims.d[i] == want.d[i];
        if (!match) {
            err = cat("kernel tensor (input 1) dims ", toString(kt->dims), " do not match the kernel weights' [K=", K,
                      ", C/groups=", C >= 0 ? cat(C / G) : std::string("?"), ", ", xString(a.kernelSize),
                      "] = ", toString(want));
            return false;
        }
        if (C >= 0 && C % G != 0) {
            err = cat("input channels ", C, " (input ", toString(x.dims), ") not divisible by groups ", G);
            return false;
        }
    } else if (C >= 0) {
        if (C % G != 0) {
            err = cat("input channels ", C, " (input ", toString(x.dims), ") not divisible by groups ", G);
            return false;
        }
        int64_t kvol = 0, expected = 0;
        if (!volumeOf(a.kernelSize, 0, a.kernelSize.nbDims, kvol) || !mulChecked(K, C / G, expected) ||
            !mulChecked(expected, kvol, expected)) {
            err =
                cat("kernel weights K=", K, " x C/groups=", C / G, " x ", xString(a.kernelSize), " exceed 2^40 values");
            return false;
        }
        if (a.kernel.count != expected) {
            err = cat("kernel weights have ", a.kernel.count, " values, expected ", expected, " (K=", K,
                      " x C/groups=", C / G, " x ", xString(a.kernelSize), ")");
            return false;
        }
    }
    if (bt) {
        if (bt->dims.nbDims != 1 || (bt->dims.d[0] >= 0 && bt->dims.d[0] != K)) {
            err = cat("bias tensor (input 2) dims ", toString(bt->dims), " do not match the bias weights' [K=", K, "]");
            return false;
        }
    } else if (a.bias.count != 0 && a.bias.count != K) {
        err = cat("bias weights have ", a.bias.count, " values, expected 0 or K=", K);
        return false;
    }
    out.push_back(y);
    return true;
}

}  // namespace tforge::ir::shape
