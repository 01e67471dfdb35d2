// Pooling: x [N, C, spatial...] -> [N, C, out...]; extents as for a convolution with dilation 1.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferPooling(const PoolAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    if (!enumInRange(a.type, 3)) {
        err = cat("pooling type ", static_cast<int32_t>(a.type), " not supported");
        return false;
    }
    // A window lying wholly in padding has no element to pool; TensorRT refuses such padding too.
    const bool explicitPad = a.paddingMode == PaddingMode::kEXPLICIT_ROUND_DOWN ||
                             a.paddingMode == PaddingMode::kEXPLICIT_ROUND_UP;
    for (int i = 0; explicitPad && i < a.windowSize.nbDims && i < Dims::MAX_DIMS; ++i) {
        int64_t pre = i < a.prePadding.nbDims ? a.prePadding.d[i] : 0;
        int64_t post = i < a.postPadding.nbDims ? a.postPadding.d[i] : 0;
        if (pre >= a.windowSize.d[i] || post >= a.windowSize.d[i]) {
            err = cat("padding ", pre, "/", post, " at spatial dim ", i, " must be smaller than the window ",
                      a.windowSize.d[i]);
            return false;
        }
    }
    TensorDesc y;
    y.type = x.type;
    // Pooling has no dilation attribute: an empty Dims resolves to all 1.
    const WindowSpec spec{"window", false, a.windowSize, a.stride, a.prePadding, a.postPadding, Dims{}, a.paddingMode};
    if (!inferWindowOutput(spec, x.dims, y.dims, err)) return false;
    out.push_back(y);
    return true;
}

}  // namespace tforge::ir::shape
