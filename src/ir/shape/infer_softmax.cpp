// SoftMax: normalizes along the single axis whose bit is set in `axes`; shape is preserved.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

namespace {
std::string hexString(uint32_t v) {
    std::ostringstream os;
    os << "0x" << std::hex << v;
    return os.str();
}
}  // namespace

bool inferSoftMax(const SoftMaxAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    const TensorDesc& x = in[0];
    if (!checkType(x.type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    // x & (x-1) clears the lowest set bit: zero afterwards means at most one bit was set.
    if (a.axes == 0 || (a.axes & (a.axes - 1)) != 0) {
        err = cat("axes ", hexString(a.axes), " must have exactly one bit set");
        return false;
    }
    int32_t axis = 0;
    while (!((a.axes >> axis) & 1u)) ++axis;
    if (axis >= x.dims.nbDims) {
        err = cat("softmax axis ", axis, " (axes ", hexString(a.axes), ") out of range for input ", toString(x.dims),
                  " of rank ", x.dims.nbDims);
        return false;
    }
    out.push_back(TensorDesc{x.dims, x.type});
    return true;
}

}  // namespace tforge::ir::shape
