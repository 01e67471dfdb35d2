// MatrixMultiply (OPS.md "MatrixMultiply"): op0(A) x op1(B) with numpy broadcasting over the batch
// dims; kVECTOR operands drop their matrix dim from the output. fp64 accumulation.
#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

// One operand's view as a (batch of) matrix: rows x cols plus the strides that read element
// (i, j) of the operation's (not the storage's) matrix, so a transpose is just swapped strides.
struct Operand {
    Dims batch;
    int64_t rows{1}, cols{1};
    int64_t rowStride{0}, colStride{0};
    int64_t matrixSize{1};  // elements per batch entry in storage
};

bool describe(const Dims& d, MatrixOperation op, bool isA, const char* name, Operand& o, std::string& error) {
    const int32_t r = d.nbDims;
    if (op == MatrixOperation::kVECTOR) {
        if (r < 1) {
            error = std::string("vector operand ") + name + " " + ir::toString(d) + " must have rank >= 1";
            return false;
        }
        o.batch = subDims(d, 0, r - 1);
        // A vector is a 1xK row as A and a Kx1 column as B; both walk the contiguous last dim.
        o.rows = isA ? 1 : d.d[r - 1];
        o.cols = isA ? d.d[r - 1] : 1;
        o.rowStride = isA ? 0 : 1;
        o.colStride = isA ? 1 : 0;
        o.matrixSize = d.d[r - 1];
        return true;
    }
    if (op != MatrixOperation::kNONE && op != MatrixOperation::kTRANSPOSE) {
        error = std::string("unknown matrix operation for ") + name;
        return false;
    }
    if (r < 2) {
        error = std::string("matrix operand ") + name + " " + ir::toString(d) + " must have rank >= 2";
        return false;
    }
    o.batch = subDims(d, 0, r - 2);
    const int64_t sr = d.d[r - 2], sc = d.d[r - 1];  // storage rows/cols
    const bool t = op == MatrixOperation::kTRANSPOSE;
    o.rows = t ? sc : sr;
    o.cols = t ? sr : sc;
    o.rowStride = t ? 1 : sc;
    o.colStride = t ? sc : 1;
    o.matrixSize = sr * sc;
    return true;
}

class MatrixMultiplyKernel final : public Kernel {
public:
    explicit MatrixMultiplyKernel(const ir::MatMulAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 2, 1, error)) return false;
        const TensorView &A = inputs[0], &B = inputs[1], &Y = outputs[0];
        if (!checkTensor(A, DataType::kFLOAT, "input A", error) ||
            !checkTensor(B, DataType::kFLOAT, "input B", error) || !checkTensor(Y, DataType::kFLOAT, "output", error))
            return false;
        Operand a, b;
        if (!describe(A.dims, a_.op0, true, "A", a, error) || !describe(B.dims, a_.op1, false, "B", b, error))
            return false;
        if (a.cols != b.rows) {
            error = "K of A " + ir::toString(A.dims) + " (" + std::to_string(a.cols) + ") != K of B " +
                    ir::toString(B.dims) + " (" + std::to_string(b.rows) + ")";
            return false;
        }
        Dims batch;
        if (!broadcastDims(a.batch, b.batch, batch, error)) return false;
        // Cannot exceed MAX_DIMS: each operand's batch rank + its matrix dims is at most its own rank.
        Dims expect = batch;
        if (a_.op0 != MatrixOperation::kVECTOR) expect.d[expect.nbDims++] = a.rows;
        if (a_.op1 != MatrixOperation::kVECTOR) expect.d[expect.nbDims++] = b.cols;
        if (!checkOutputDims(Y, expect, error)) return false;
        if (ir::volume(batch) == 0 || a.rows == 0 || b.cols == 0) return true;

        int64_t aSt[Dims::MAX_DIMS], bSt[Dims::MAX_DIMS], idx[Dims::MAX_DIMS] = {};
        broadcastStrides(a.batch, batch.nbDims, aSt);  // in matrices, not elements
        broadcastStrides(b.batch, batch.nbDims, bSt);
        const float* ap = static_cast<const float*>(A.data);
        const float* bp = static_cast<const float*>(B.data);
        float* yp = static_cast<float*>(Y.data);
        const int64_t M = a.rows, N = b.cols, K = a.cols;
        int64_t yi = 0;
        do {
            int64_t aOff = 0, bOff = 0;
            for (int32_t i = 0; i < batch.nbDims; ++i) {
                aOff += idx[i] * aSt[i];
                bOff += idx[i] * bSt[i];
            }
            const float* am = ap + aOff * a.matrixSize;
            const float* bm = bp + bOff * b.matrixSize;
            for (int64_t m = 0; m < M; ++m)
                for (int64_t n = 0; n < N; ++n) {
                    double acc = 0.0;
                    for (int64_t k = 0; k < K; ++k)
                        acc += static_cast<double>(am[m * a.rowStride + k * a.colStride]) *
                               bm[k * b.rowStride + n * b.colStride];
                    yp[yi++] = static_cast<float>(acc);
                }
        } while (nextIndex(batch, idx));
        return true;
    }

private:
    ir::MatMulAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeMatrixMultiplyKernel(const ir::MatMulAttrs& a, std::string& error) {
    for (MatrixOperation op : {a.op0, a.op1}) {
        const int32_t v = static_cast<int32_t>(op);
        if (v < 0 || v > static_cast<int32_t>(MatrixOperation::kVECTOR)) {
            error = "unknown matrix operation " + std::to_string(v);
            return nullptr;
        }
    }
    return std::make_unique<MatrixMultiplyKernel>(a);
}

}  // namespace tforge::backends::reference
