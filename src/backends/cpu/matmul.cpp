// MatrixMultiply with transposes, vector operands and numpy batch broadcasting. Operands are
// described by strides (A(i,k) = a[i*rs + k*cs]) so transposes cost nothing until packing.
// Tactics: "gemm_blocked" (pack both operands per batch, blocked GEMM) and "rowwise" (no
// workspace, one output row at a time; wins for thin or tiny products).
#include <algorithm>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/gemm.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

struct MatMulGeometry {
    int64_t M{1}, N{1}, K{1};
    int64_t ars{0}, acs{1}, brs{1}, bcs{0};  // element strides inside one batch matrix
    int32_t nbBatch{0};
    int64_t batch[Dims::MAX_DIMS]{}, aStride[Dims::MAX_DIMS]{}, bStride[Dims::MAX_DIMS]{};
    int64_t nBatch{1};
    Dims out;

    int64_t aOffset(int64_t t) const { return offset(t, aStride); }
    int64_t bOffset(int64_t t) const { return offset(t, bStride); }
    int64_t offset(int64_t t, const int64_t* st) const {
        int64_t o = 0;
        for (int i = nbBatch - 1; i >= 0; --i) {
            o += (t % batch[i]) * st[i];
            t /= batch[i];
        }
        return o;
    }
};

// Matrix dims of one operand; `isA` picks which of (rows, cols) is K.
bool operandShape(const Dims& d, MatrixOperation op, bool isA, int64_t& mn, int64_t& k, int64_t& rs, int64_t& cs,
                  int32_t& nbMat) {
    const int r = d.nbDims;
    if (op == MatrixOperation::kVECTOR) {
        if (r < 1) return false;
        k = d.d[r - 1];
        mn = 1;
        rs = isA ? 0 : 1;
        cs = isA ? 1 : 0;
        nbMat = 1;
        return true;
    }
    if (r < 2) return false;
    const bool t = op == MatrixOperation::kTRANSPOSE;
    const int64_t rows = d.d[r - 2], cols = d.d[r - 1];
    // Stored [rows, cols] row-major; A wants (M, K), B wants (K, N).
    if (isA) {
        mn = t ? cols : rows;
        k = t ? rows : cols;
        rs = t ? 1 : cols;
        cs = t ? cols : 1;
    } else {
        k = t ? cols : rows;
        mn = t ? rows : cols;
        rs = t ? 1 : cols;
        cs = t ? cols : 1;
    }
    nbMat = 2;
    return true;
}

bool geometry(const ir::MatMulAttrs& at, const Dims& a, const Dims& b, MatMulGeometry& g, std::string& error) {
    int64_t ka = 0, kb = 0;
    int32_t ma = 0, mb = 0;
    if (!operandShape(a, at.op0, true, g.M, ka, g.ars, g.acs, ma) ||
        !operandShape(b, at.op1, false, g.N, kb, g.brs, g.bcs, mb) || ka != kb) {
        error = "MatrixMultiply: operands " + ir::toString(a) + " and " + ir::toString(b) + " do not match";
        return false;
    }
    g.K = ka;
    const int ra = a.nbDims - ma, rb = b.nbDims - mb;
    g.nbBatch = std::max(ra, rb);
    const int64_t aMat = g.M * g.K, bMat = g.K * g.N;
    int64_t sa = aMat, sb = bMat;
    for (int i = g.nbBatch - 1; i >= 0; --i) {
        const int ia = i - (g.nbBatch - ra), ib = i - (g.nbBatch - rb);
        const int64_t ea = ia >= 0 ? a.d[ia] : 1, eb = ib >= 0 ? b.d[ib] : 1;
        if (ea != eb && ea != 1 && eb != 1) {
            error =
                "MatrixMultiply: batch dims of " + ir::toString(a) + " and " + ir::toString(b) + " do not broadcast";
            return false;
        }
        g.batch[i] = std::max(ea, eb);
        if (ea == 0 || eb == 0) g.batch[i] = 0;
        g.aStride[i] = ea == 1 ? 0 : sa;
        g.bStride[i] = eb == 1 ? 0 : sb;
        sa *= ea;
        sb *= eb;
    }
    g.nBatch = 1;
    g.out.nbDims = g.nbBatch;
    for (int i = 0; i < g.nbBatch; ++i) {
        g.out.d[i] = g.batch[i];
        g.nBatch *= g.batch[i];
    }
    if (at.op0 != MatrixOperation::kVECTOR) g.out.d[g.out.nbDims++] = g.M;
    if (at.op1 != MatrixOperation::kVECTOR) g.out.d[g.out.nbDims++] = g.N;
    return true;
}

class MatMulKernel : public Kernel {
public:
    MatMulKernel(const ir::MatMulAttrs& a, bool blocked) : a_(a), blocked_(blocked) {}

    size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const override {
        MatMulGeometry g;
        std::string err;
        if (!blocked_ || inputs.size() != 2 || ir::hasDynamic(inputs[0].dims) || ir::hasDynamic(inputs[1].dims) ||
            !geometry(a_, inputs[0].dims, inputs[1].dims, g, err))
            return 0;
        const size_t per = perBatch(g);
        return per * static_cast<size_t>(std::max<int64_t>(1, std::min<int64_t>(g.nBatch, kPassBytes / per)));
    }

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs& args,
             std::string& error) const override {
        MatMulGeometry g;
        if (!checkViews("MatrixMultiply", in, 2, out, 1, error) ||
            !checkType("MatrixMultiply", in[0], DataType::kFLOAT, error) ||
            !checkType("MatrixMultiply", in[1], DataType::kFLOAT, error) ||
            !geometry(a_, in[0].dims, in[1].dims, g, error) ||
            !checkOutput("MatrixMultiply", out[0], g.out, DataType::kFLOAT, error))
            return false;
        const float* a = static_cast<const float*>(in[0].data);
        const float* b = static_cast<const float*>(in[1].data);
        float* y = static_cast<float*>(out[0].data);
        if (g.nBatch * g.M * g.N == 0) return true;
        if (!blocked_) {
            parallelFor(
                g.nBatch * g.M,
                [&](int64_t s, int64_t e) {
                    for (int64_t r = s; r < e; ++r) rowwise(g, a, b, y, r);
                },
                grainFor(g.K * g.N));
            return true;
        }
        const size_t per = perBatch(g);
        if (!args.workspace || args.workspaceBytes < per) {
            error = "MatrixMultiply: workspace of " + std::to_string(args.workspaceBytes) + " bytes, need " +
                    std::to_string(per);
            return false;
        }
        const int64_t pass = std::min<int64_t>(g.nBatch, args.workspaceBytes / per);
        const int64_t pa = ceilDiv(g.M, kMR), pb = ceilDiv(g.N, kNR);
        const int64_t aFloats = floatBytes(packedASize(g.M, g.K)) / 4, perFloats = per / 4;
        float* ws = static_cast<float*>(args.workspace);
        for (int64_t t0 = 0; t0 < g.nBatch; t0 += pass) {
            const int64_t nb = std::min(pass, g.nBatch - t0);
            parallelFor(
                nb * (pa + pb),
                [&](int64_t s, int64_t e) {
                    for (int64_t it = s; it < e; ++it) {
                        const int64_t t = it / (pa + pb), p = it % (pa + pb);
                        float* base = ws + t * perFloats;
                        if (p < pa)
                            packA(a + g.aOffset(t0 + t), g.ars, g.acs, g.M, g.K, base, p, p + 1);
                        else
                            packB(b + g.bOffset(t0 + t), g.brs, g.bcs, g.K, g.N, base + aFloats, p - pa, p - pa + 1);
                    }
                },
                grainFor(g.K * kNR));
            const GemmTiling tl = chooseTiling(g.M, g.N, g.K, nb);
            const int64_t tiles = tl.count();
            parallelFor(
                nb * tiles,
                [&](int64_t s, int64_t e) {
                    for (int64_t it = s; it < e; ++it) {
                        const int64_t t = it / tiles;
                        GemmArgs ga;
                        ga.Ap = ws + t * perFloats;
                        ga.Bp = ga.Ap + aFloats;
                        ga.C = y + (t0 + t) * g.M * g.N;
                        ga.ldc = g.N;
                        ga.M = g.M;
                        ga.N = g.N;
                        ga.K = g.K;
                        gemmTile(ga, tl, it % tiles);
                    }
                },
                grainFor(tl.macsPerTile(g.K), 1 << 16));
        }
        return true;
    }

private:
    static constexpr size_t kPassBytes = size_t(8) << 20;

    static size_t perBatch(const MatMulGeometry& g) {
        return floatBytes(packedASize(g.M, g.K)) + floatBytes(packedBSize(g.K, g.N));
    }

    // Output row r = (batch t, row i). With unit column stride in B the inner loop is an axpy over
    // a contiguous row; otherwise (B transposed or a vector) each output is a dot product.
    static void rowwise(const MatMulGeometry& g, const float* a, const float* b, float* y, int64_t r) {
        const int64_t t = r / g.M, i = r % g.M;
        const float* ar = a + g.aOffset(t) + i * g.ars;
        const float* bm = b + g.bOffset(t);
        float* yr = y + r * g.N;
        if (g.bcs == 1) {
            std::fill(yr, yr + g.N, 0.f);
            for (int64_t k = 0; k < g.K; ++k) {
                const float av = ar[k * g.acs];
                const float* br = bm + k * g.brs;
                for (int64_t j = 0; j < g.N; ++j) yr[j] += av * br[j];
            }
            return;
        }
        for (int64_t j = 0; j < g.N; ++j) {
            // Eight partial sums: independent chains the compiler may vectorize (no -ffast-math).
            float acc[8] = {};
            const float* bc = bm + j * g.bcs;
            int64_t k = 0;
            for (; k + 8 <= g.K; k += 8)
                for (int q = 0; q < 8; ++q) acc[q] += ar[(k + q) * g.acs] * bc[(k + q) * g.brs];
            float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
            for (; k < g.K; ++k) s += ar[k * g.acs] * bc[k * g.brs];
            yr[j] = s;
        }
    }

    ir::MatMulAttrs a_;
    bool blocked_;
};

}  // namespace

bool supportsMatrixMultiply(const NodeDesc& node, std::string* why) {
    return allFloatInputs(node, why);
}

std::vector<std::string> tacticsMatrixMultiply(const NodeDesc& node) {
    const auto& a = std::get<ir::MatMulAttrs>(*node.attrs);
    // A vector operand makes every batch a matrix-vector product: nothing for packing to reuse.
    if (a.op0 == MatrixOperation::kVECTOR || a.op1 == MatrixOperation::kVECTOR) return {"rowwise", "gemm_blocked"};
    return {"gemm_blocked", "rowwise"};
}

std::unique_ptr<Kernel> createMatrixMultiply(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "gemm_blocked" && tactic != "rowwise") {
        error = "MatrixMultiply: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<MatMulKernel>(std::get<ir::MatMulAttrs>(*node.attrs), tactic == "gemm_blocked");
}

}  // namespace tforge::backends::cpu
