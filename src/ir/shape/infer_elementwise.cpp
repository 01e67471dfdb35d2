// ElementWise: two inputs of one type, numpy broadcasting; logical/comparison ops yield kBOOL.
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferElementWise(const ElementWiseAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    using Op = ElementWiseOperation;
    if (!enumInRange(a.op, kNB_ELEMENTWISE_OPS)) {
        err = cat("elementwise operation ", static_cast<int32_t>(a.op), " not supported");
        return false;
    }
    const DataType t = in[0].type;
    if (in[1].type != t) {
        err = cat("input types differ: ", dataTypeName(t), " and ", dataTypeName(in[1].type));
        return false;
    }
    const bool logical = a.op == Op::kAND || a.op == Op::kOR || a.op == Op::kXOR;
    const bool comparison = a.op == Op::kEQUAL || a.op == Op::kGREATER || a.op == Op::kLESS;
    if (logical) {
        if (!checkType(t, {DataType::kBOOL}, "input", err)) return false;
    } else if (!checkType(t, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16, DataType::kINT32}, "input", err)) {
        return false;
    }
    TensorDesc y;
    y.type = logical || comparison ? DataType::kBOOL : t;
    if (!broadcastShapes(in[0].dims, in[1].dims, y.dims, "input shapes", err)) return false;
    out.push_back(y);
    return true;
}

}  // namespace tforge::ir::shape
