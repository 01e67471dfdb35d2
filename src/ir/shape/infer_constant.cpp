// Constant: no inputs; output dims/type come from the attributes and must match the weights.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferConstant(const ConstantAttrs& a, const Inputs&, Outputs& out, std::string& err) {
    if (!checkTensorDims(a.dims, "constant dims", false, err)) return false;
    if (!checkBlob(a.weights, "constant weights", {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL}, false, err))
        return false;
    int64_t v = 0;
    volumeOf(a.dims, 0, a.dims.nbDims, v);  // bounded by checkTensorDims
    if (a.weights.count != v) {
        err = cat("constant weights have ", a.weights.count, " values, expected ", v, " (volume of ", toString(a.dims),
                  ")");
        return false;
    }
    TensorDesc y{a.dims, a.weights.type};
    // Value propagation: a small int32 constant may be (or compute) a shape tensor.
    if (a.weights.type == DataType::kINT32 && a.weights.data && v <= kMaxPropagatedValues) {
        y.hasValues = true;
        y.values.assign(a.weights.i32(), a.weights.i32() + v);
    }
    out.push_back(std::move(y));
    return true;
}

}  // namespace tforge::ir::shape
