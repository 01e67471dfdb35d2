// Cache-blocked fp32 GEMM on prepacked panels, with bias and activation fused into the store.
// C[M,N] = A[M,K] * B[K,N]. A is packed into panels of kMR rows and B into panels of kNR columns,
// each panel holding all K (k-major inside), so a K block of a panel is one contiguous run and
// the micro-kernel reads both operands sequentially. Panels are zero-padded to full width, so
// the micro-kernel never branches on edges; only the store does.
#pragma once
#include <cstdint>

#include "backends/cpu/activation_math.h"

namespace tforge::backends::cpu {

// MR x NR accumulators must fit the 16 SSE registers of a plain x86-64 build (6 x 8 floats =
// 12 registers, plus 2 for B and 1 broadcast of A).
constexpr int kMR = 6;
constexpr int kNR = 8;
constexpr int64_t kKC = 256;  // K block: a kKC x kNR sliver of B (8 KiB) stays in L1
constexpr int64_t kMB = 96;   // rows per parallel task (multiple of kMR)
constexpr int64_t kNB = 256;  // columns per parallel task (multiple of kNR)

//! What happens to each output element after the sum: + rowBias[i] + colBias[j], then post.
struct Epilogue {
    const float* rowBias{nullptr};
    const float* colBias{nullptr};
    bool hasPost{false};
    ActParams post;
};

inline int64_t packedASize(int64_t M, int64_t K) {
    return (M + kMR - 1) / kMR * kMR * K;
}
inline int64_t packedBSize(int64_t K, int64_t N) {
    return (N + kNR - 1) / kNR * kNR * K;
}

//! Packs A panels [p0, p1) where A(i, k) = a[i*rs + k*cs] (strides express transposes).
void packA(const float* a, int64_t rs, int64_t cs, int64_t M, int64_t K, float* dst, int64_t p0, int64_t p1);
//! Packs B panels [p0, p1) where B(k, j) = b[k*rs + j*cs].
void packB(const float* b, int64_t rs, int64_t cs, int64_t K, int64_t N, float* dst, int64_t p0, int64_t p1);

//! One GEMM on packed operands.
struct GemmArgs {
    const float* Ap{nullptr};
    const float* Bp{nullptr};
    float* C{nullptr};
    int64_t ldc{0}, M{0}, N{0}, K{0};
    Epilogue ep;
};

//! Computes rows [i0, i1) x columns [j0, j1) of C (i0 % kMR == 0, j0 % kNR == 0), epilogue included.
void gemmBlock(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1);

//! How one GEMM is cut into parallel tasks: tiles of mb x nb (multiples of kMR / kNR).
struct GemmTiling {
    int64_t mb{kMB}, nb{kNB}, tilesM{1}, tilesN{1};
    int64_t count() const { return tilesM * tilesN; }
    int64_t macsPerTile(int64_t K) const { return mb * nb * K; }
};

//! Tiles for `batches` independent M x N x K products run in one parallelFor: at most kMB x kNB,
//! shrunk (columns first, they are cheaper to split) until every thread gets a couple of tiles,
//! as long as a tile keeps >= ~64K multiply-adds. The result depends only on the shape and the
//! pool size; each output's summation order never changes, so results are bit-identical anyway.
GemmTiling chooseTiling(int64_t M, int64_t N, int64_t K, int64_t batches);

//! Computes tile t of the tiling (row-major over tiles).
inline void gemmTile(const GemmArgs& g, const GemmTiling& tl, int64_t t) {
    int64_t tm = t / tl.tilesN, tj = t % tl.tilesN;
    int64_t i0 = tm * tl.mb, j0 = tj * tl.nb;
    gemmBlock(g, i0, i0 + tl.mb < g.M ? i0 + tl.mb : g.M, j0, j0 + tl.nb < g.N ? j0 + tl.nb : g.N);
}

//! y[j0..j1) = epilogue(x[0..K) * B) for one row x against packed B (j0 % kNR == 0): the
//! matrix-vector product with the same packed weights, without padding M up to kMR.
void gemvPacked(const float* x, const float* Bp, int64_t K, float* y, int64_t j0, int64_t j1, int64_t N,
                const Epilogue& ep, float rowBias);

}  // namespace tforge::backends::cpu
