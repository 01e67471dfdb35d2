// FullyConnected: x [B..., C, H, W] (rank >= 3) -> [B..., K, 1, 1] with weights [K, C*H*W].
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
    if (!checkBlob(a.kernel, "kernel weights", {DataType::kFLOAT}, false, err)) return false;
    if (!checkBlob(a.bias, "bias weights", {DataType::kFLOAT}, true, err)) return false;
    if (!checkPostOp(a.post, err)) return false;

    int64_t D = 0;
    volumeOf(x.dims, r - 3, r, D);  // cannot fail: the input's whole volume was checked
    if (D >= 0) {                   // dynamic C, H or W: the count is checked at run time
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
    if (a.bias.count != 0 && a.bias.count != K) {
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
