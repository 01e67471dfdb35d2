// MatrixMultiply: op0(A) x op1(B) with numpy broadcasting over the batch dims (docs/OPS.md).
#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

namespace {

const char* opName(MatrixOperation op) {
    switch (op) {
        case MatrixOperation::kNONE:
            return "kNONE";
        case MatrixOperation::kTRANSPOSE:
            return "kTRANSPOSE";
        case MatrixOperation::kVECTOR:
            return "kVECTOR";
    }
    return "unknown";
}

// The matrix part of one operand: `rows` is M for A / N for B (absent for a vector).
struct Operand {
    int64_t rows{-1}, k{-1};
    Dims batch;
};

// isB: B's matrix is [K, N], so its "rows" (N) is the last dim and K the one before, unlike A.
bool split(const Dims& d, MatrixOperation op, bool isB, const char* name, Operand& o, std::string& err) {
    const int32_t r = d.nbDims;
    const int32_t matRank = op == MatrixOperation::kVECTOR ? 1 : 2;
    if (r < matRank) {
        err = cat(name, " ", toString(d), " has rank ", r, ", expected >= ", matRank, " for ", opName(op));
        return false;
    }
    o.batch.nbDims = r - matRank;
    for (int32_t i = 0; i < r - matRank; ++i) o.batch.d[i] = d.d[i];
    if (op == MatrixOperation::kVECTOR) {
        o.k = d.d[r - 1];
        return true;
    }
    const bool transposed = op == MatrixOperation::kTRANSPOSE;
    // Without a transpose A is [M, K] and B is [K, N]: K is last for A, second to last for B.
    const bool kLast = transposed == isB;
    o.k = kLast ? d.d[r - 1] : d.d[r - 2];
    o.rows = kLast ? d.d[r - 2] : d.d[r - 1];
    return true;
}

}  // namespace

bool inferMatrixMultiply(const MatMulAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    if (!enumInRange(a.op0, 3) || !enumInRange(a.op1, 3)) {
        err = cat("matrix operations ", static_cast<int32_t>(a.op0), "/", static_cast<int32_t>(a.op1),
                  " not supported (expected 0..2)");
        return false;
    }
    if (!checkType(in[0].type, {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}, "input A", err)) return false;
    if (in[1].type != in[0].type) {
        err = cat("input types differ: A ", dataTypeName(in[0].type), ", B ", dataTypeName(in[1].type));
        return false;
    }
    Operand A, B;
    if (!split(in[0].dims, a.op0, false, "input A", A, err)) return false;
    if (!split(in[1].dims, a.op1, true, "input B", B, err)) return false;
    if (A.k >= 0 && B.k >= 0 && A.k != B.k) {
        err = cat("inner dimensions differ: A ", toString(in[0].dims), " (", opName(a.op0), ") has K=", A.k, ", B ",
                  toString(in[1].dims), " (", opName(a.op1), ") has K=", B.k);
        return false;
    }
    TensorDesc y;
    y.type = in[0].type;
    if (!broadcastShapes(A.batch, B.batch, y.dims, "batch dims", err)) {
        err += cat(" (A ", toString(in[0].dims), ", B ", toString(in[1].dims), ")");
        return false;
    }
    // Rank stays <= 8: the batch rank is at most max(rank) - 1 when one side is a vector,
    // max(rank) - 2 otherwise, and each non-vector side adds one dim.
    if (a.op0 != MatrixOperation::kVECTOR) y.dims.d[y.dims.nbDims++] = A.rows;
    if (a.op1 != MatrixOperation::kVECTOR) y.dims.d[y.dims.nbDims++] = B.rows;
    out.push_back(y);
    return true;
}

}  // namespace tforge::ir::shape
