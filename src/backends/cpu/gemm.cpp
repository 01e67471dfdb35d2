#include "backends/cpu/gemm.h"

#include <algorithm>

#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

void packA(const float* a, int64_t rs, int64_t cs, int64_t M, int64_t K, float* dst, int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
        float* d = dst + p * K * kMR;
        const int64_t i0 = p * kMR, rows = std::min<int64_t>(kMR, M - i0);
        for (int64_t k = 0; k < K; ++k) {
            const float* s = a + i0 * rs + k * cs;
            for (int64_t r = 0; r < rows; ++r) d[k * kMR + r] = s[r * rs];
            for (int64_t r = rows; r < kMR; ++r) d[k * kMR + r] = 0.f;
        }
    }
}

void packB(const float* b, int64_t rs, int64_t cs, int64_t K, int64_t N, float* dst, int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
        float* d = dst + p * K * kNR;
        const int64_t j0 = p * kNR, cols = std::min<int64_t>(kNR, N - j0);
        if (cs == 1 && cols == kNR) {  // the common case: contiguous rows, a straight copy
            for (int64_t k = 0; k < K; ++k)
                for (int64_t c = 0; c < kNR; ++c) d[k * kNR + c] = b[k * rs + j0 + c];
            continue;
        }
        for (int64_t k = 0; k < K; ++k) {
            const float* s = b + k * rs + j0 * cs;
            for (int64_t c = 0; c < cols; ++c) d[k * kNR + c] = s[c * cs];
            for (int64_t c = cols; c < kNR; ++c) d[k * kNR + c] = 0.f;
        }
    }
}

namespace {

// The micro-kernel: acc = A panel block (kc x MR) times B panel block (kc x NR).
// GCC's auto-vectorizer turns the plain-loop form of this into shuffle-heavy code with the
// accumulators spilled (measured ~3 GFLOP/s); GCC/Clang vector extensions (portable, not
// intrinsics, and they widen automatically if a build enables AVX) keep the MR x NR accumulators
// in registers as intended.
typedef float v4f __attribute__((vector_size(16)));
constexpr int kNV = kNR / 4;  // vectors per B row

inline v4f loadV(const float* p) {
    v4f v;
    __builtin_memcpy(&v, p, sizeof(v));  // unaligned-safe load
    return v;
}

template <int MR>
inline void microKernel(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict out) {
    v4f acc[MR][kNV] = {};
    for (int64_t k = 0; k < kc; ++k) {
        v4f bv[kNV];
        for (int v = 0; v < kNV; ++v) bv[v] = loadV(b + k * kNR + 4 * v);
        for (int i = 0; i < MR; ++i) {
            const float av = a[k * MR + i];
            for (int v = 0; v < kNV; ++v) acc[i][v] += av * bv[v];
        }
    }
    __builtin_memcpy(out, acc, sizeof(acc));
}

// Writes (first K block) or adds (later blocks) one row segment; the last K block applies the
// epilogue while the segment is still in L1.
inline void storeRow(const float* acc, float* c, int64_t cols, bool first, bool last, const Epilogue& ep, float rowBias,
                     const float* colBias) {
    if (first)
        for (int64_t j = 0; j < cols; ++j) c[j] = acc[j];
    else
        for (int64_t j = 0; j < cols; ++j) c[j] += acc[j];
    if (!last) return;
    if (rowBias != 0.f)
        for (int64_t j = 0; j < cols; ++j) c[j] += rowBias;
    if (colBias)
        for (int64_t j = 0; j < cols; ++j) c[j] += colBias[j];
    if (ep.hasPost) activateArray(ep.post, c, c, cols);
}

}  // namespace

void gemmBlock(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
    alignas(64) float acc[kMR * kNR];
    for (int64_t k0 = 0; k0 < g.K || k0 == 0; k0 += kKC) {
        const int64_t kc = std::min<int64_t>(kKC, g.K - k0);
        const bool first = k0 == 0, last = k0 + kc >= g.K;
        for (int64_t j = j0; j < j1; j += kNR) {
            const float* bp = g.Bp + (j / kNR) * g.K * kNR + k0 * kNR;
            const int64_t cols = std::min<int64_t>(kNR, j1 - j);
            const float* colBias = g.ep.colBias ? g.ep.colBias + j : nullptr;
            for (int64_t i = i0; i < i1; i += kMR) {
                const float* ap = g.Ap + (i / kMR) * g.K * kMR + k0 * kMR;
                microKernel<kMR>(kc, ap, bp, acc);
                const int64_t rows = std::min<int64_t>(kMR, i1 - i);
                for (int64_t r = 0; r < rows; ++r) {
                    float rb = g.ep.rowBias ? g.ep.rowBias[i + r] : 0.f;
                    storeRow(acc + r * kNR, g.C + (i + r) * g.ldc + j, cols, first, last, g.ep, rb, colBias);
                }
            }
        }
        if (g.K == 0) break;
    }
}

GemmTiling chooseTiling(int64_t M, int64_t N, int64_t K, int64_t batches) {
    GemmTiling t;
    t.mb = std::min(kMB, (M + kMR - 1) / kMR * kMR);
    t.nb = std::min(kNB, (N + kNR - 1) / kNR * kNR);
    const int64_t want = 2 * static_cast<int64_t>(ThreadPool::instance().maxThreads());
    constexpr int64_t kMinMacs = 1 << 16;
    auto tiles = [&] { return batches * ((M + t.mb - 1) / t.mb) * ((N + t.nb - 1) / t.nb); };
    while (tiles() < want && t.macsPerTile(K) / 2 >= kMinMacs) {
        if (t.nb >= 4 * kNR)
            t.nb = (t.nb / 2 + kNR - 1) / kNR * kNR;
        else if (t.mb >= 2 * kMR)
            t.mb = (t.mb / 2 + kMR - 1) / kMR * kMR;
        else
            break;
    }
    t.tilesM = (M + t.mb - 1) / t.mb;
    t.tilesN = (N + t.nb - 1) / t.nb;
    return t;
}

void gemvPacked(const float* x, const float* Bp, int64_t K, float* y, int64_t j0, int64_t j1, int64_t N,
                const Epilogue& ep, float rowBias) {
    alignas(64) float acc[kNR];
    j1 = std::min(j1, N);
    for (int64_t j = j0; j < j1; j += kNR) {
        // No K blocking: one row of A is tiny, and each B sliver is read exactly once.
        microKernel<1>(K, x, Bp + (j / kNR) * K * kNR, acc);
        storeRow(acc, y + j, std::min<int64_t>(kNR, j1 - j), true, true, ep, rowBias,
                 ep.colBias ? ep.colBias + j : nullptr);
    }
}

}  // namespace tforge::backends::cpu
