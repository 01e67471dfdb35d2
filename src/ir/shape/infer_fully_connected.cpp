// FullyConnected: x [B..., C, H, W] (rank >= 3) -> [B..., K, 1, 1] with weights [K, C*H*W].
// Optional inputs (TensorRT's setInput(1/2)): 1 = kernel [K, C*H*W], 2 = bias [K]; they take the
// place of the kernel/bias blobs (the weights_from_constants pass folds them back).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferFullyConnected(const FullyConnectedAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    const int32_t r = x.dims.nbDims;
    if (r < 3) {
        err = cat("input ", toString(x.dims), " has rank ", r, ", expected >= 3 ([..., C, H, W])");
        return false;
    }
    const int64_t K = a.nbOutputs;
    if (K < 1 || K > kMaxExtent) {
        err = cat("number of outputs ", K, " must be in 1..2^31");
        return false;
    }
    const TensorDesc* kt = in.size() > 1 ? &in[1] : nullptr;
    const TensorDesc* bt = in.size() > 2 ? &in[2] : nullptr;
    if (kt && !checkType(kt->type, {DataType::kFLOAT}, "kernel tensor (input 1)", err)) return false;
    if (bt && !checkType(bt->type, {DataType::kFLOAT}, "bias tensor (input 2)", err)) return false;
    if (!kt && !checkBlob(a.kernel, "kernel weights", {DataType::kFLOAT}, false, err)) return false;
    if (!bt && !checkBlob(a.bias, "bias weights", {DataType::kFLOAT}, true, err)) return false;
    if (!checkPostOp(a.post, err)) return false;

    int64_t D = 0;
    volumeOf(x.dims, r - 3, r, D);  // cannot fail: the input's whole volume was checked
    if (kt) {
        // The kernel tensor's dims are what the blob count would have had to be: [K, C*H*W].
        const bool match = kt->dims.nbDims == 2 && (kt->dims.d[0] < 0 || kt->dims.d[0] == K) &&
                           (kt->dims.d[1] < 0 || D < 0 || kt->dims.d[1] == D);
        if (!match) {
            err = cat("kernel tensor (input 1) dims ", toString(kt->dims), " do not match the kernel weights' [K=", K,
                      ", C*H*W=", D >= 0 ? cat(D) : std::string("?"), "] of input ", toString(x.dims));
            return false;
        }
    } else if (D >= 0) {  // dynamic C, H or W: the count is checked at run time
        int64_t expected = 0;
        if (!mulChecked(K, D, expected)) {
            err = cat("kernel weights K=", K, " x C*H*W=", D, " exceed 2^40 values");
            return false;
        }
        if (a.kernel.count != expected) {
            err = cat("kernel weights have ", a.kernel.count, " values, expected ", expected, " (K=", K, " x C*H*W=", D,
                      " of input ", toString(x.dims), ")");
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
    TensorDesc y;
    y.type = x.type;
    y.dims = x.dims;
    y.dims.d[r - 3] = K;
    y.dims.d[r - 2] = 1;
    y.dims.d[r - 1] = 1;
    out.push_back(y);
    return true;
}

}  // namespace tforge::ir::shape
