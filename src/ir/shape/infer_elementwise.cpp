// ElementWise: two inputs of one type, numpy broadcasting; logical/comparison ops yield kBOOL.
#include <cstdint>

#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

namespace {

// The int32 arithmetic of the kernels, where the result is exact: false (no values) on overflow and
// division by zero, and for the ops whose results are not int32 (comparisons) or rarely shapes (pow).
bool intOp(ElementWiseOperation op, int64_t a, int64_t b, int64_t& r) {
    using Op = ElementWiseOperation;
    switch (op) {
        case Op::kSUM: r = a + b; break;
        case Op::kPROD: r = a * b; break;
        case Op::kMAX: r = a > b ? a : b; break;
        case Op::kMIN: r = a < b ? a : b; break;
        case Op::kSUB: r = a - b; break;
        case Op::kDIV:
            if (b == 0) return false;
            r = a / b;  // truncation toward zero, as the kernels
            break;
        case Op::kFLOOR_DIV:
            if (b == 0) return false;
            r = a / b;
            if (a % b != 0 && ((a < 0) != (b < 0))) --r;
            break;
        default: return false;
    }
    return r >= INT32_MIN && r <= INT32_MAX;
}

// Values of y = op(a, b) with numpy broadcasting (y's dims are concrete when both inputs have values).
void propagateValues(ElementWiseOperation op, const TensorDesc& a, const TensorDesc& b, TensorDesc& y) {
    if (!a.hasValues || !b.hasValues || y.type != DataType::kINT32) return;
    const int64_t n = volume(y.dims);
    if (n < 0 || n > kMaxPropagatedValues) return;
    const int32_t r = y.dims.nbDims;
    std::vector<int64_t> vals(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        // Row-major coordinates of i in y, mapped right-aligned into a and b (extent 1 broadcasts).
        int64_t rem = i, ia = 0, ib = 0, sa = 1, sb = 1;
        for (int32_t k = r - 1; k >= 0; --k) {
            const int64_t c = rem % y.dims.d[k];
            rem /= y.dims.d[k];
            const int32_t ka = k - (r - a.dims.nbDims), kb = k - (r - b.dims.nbDims);
            if (ka >= 0) {
                if (a.dims.d[ka] != 1) ia += c * sa;
                sa *= a.dims.d[ka];
            }
            if (kb >= 0) {
                if (b.dims.d[kb] != 1) ib += c * sb;
                sb *= b.dims.d[kb];
            }
        }
        if (!intOp(op, a.values[static_cast<size_t>(ia)], b.values[static_cast<size_t>(ib)], vals[static_cast<size_t>(i)]))
            return;
    }
    y.hasValues = true;
    y.values = std::move(vals);
}

}  // namespace

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
    propagateValues(a.op, in[0], in[1], y);
    out.push_back(std::move(y));
    return true;
}

}  // namespace tforge::ir::shape
