// Activation: elementwise, y has x's shape.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferActivation(const ActivationAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    if (!enumInRange(a.type, kNB_ACTIVATION_TYPES)) {
        err = cat("activation type ", static_cast<int32_t>(a.type), " not supported");
        return false;
    }
    if (!checkType(in[0].type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input", err)) return false;
    out.push_back(TensorDesc{in[0].dims, in[0].type});
    return true;
}

}  // namespace tforge::ir::shape
