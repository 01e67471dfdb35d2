// Shuffle = transpose, reshape (no data movement), transpose. Transposes on either side of a
// reshape compose into one strided copy when at least one of them is the identity; otherwise
// the first transpose goes through the workspace.
#include <algorithm>
#include <cstring>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

bool isPermutation(const int32_t* p, int r) {
    bool seen[Dims::MAX_DIMS] = {};
    for (int i = 0; i < r; ++i) {
        if (p[i] < 0 || p[i] >= r || seen[p[i]]) return false;
        seen[p[i]] = true;
    }
    return true;
}

bool isIdentity(const int32_t* p, int r) {
    for (int i = 0; i < r; ++i)
        if (p[i] != i) return false;
    return true;
}

Dims permuted(const Dims& d, const int32_t* p) {
    Dims o;
    o.nbDims = d.nbDims;
    for (int i = 0; i < d.nbDims; ++i) o.d[i] = d.d[p[i]];
    return o;
}

// dst = src viewed with dims `sd` and its axes reordered by p (dst axis i = src axis p[i]).
template <class T>
void permuteCopy(const T* src, const Dims& sd, const int32_t* p, T* dst) {
    int64_t st[Dims::MAX_DIMS];
    ir::strides(sd, st);
    // Coalesce output axes that are also adjacent (and in order) in the source; drop extent 1.
    int64_t dims[Dims::MAX_DIMS], sstr[Dims::MAX_DIMS];
    int n = 0;
    for (int i = 0; i < sd.nbDims; ++i) {
        const int64_t e = sd.d[p[i]];
        if (e == 1) continue;
        if (n > 0 && sstr[n - 1] == st[p[i]] * e) {
            dims[n - 1] *= e;
            sstr[n - 1] = st[p[i]];
            continue;
        }
        dims[n] = e;
        sstr[n] = st[p[i]];
        ++n;
    }
    const int64_t total = ir::volume(sd);
    if (n == 0 || (n == 1 && sstr[0] == 1)) {
        parallelFor(
            total, [&](int64_t b, int64_t e) { std::memcpy(dst + b, src + b, static_cast<size_t>(e - b) * sizeof(T)); },
            16384);
        return;
    }
    const int64_t L = dims[n - 1], ls = sstr[n - 1];
    parallelFor(
        total,
        [&](int64_t b, int64_t e) {
            for (int64_t idx = b; idx < e;) {
                int64_t row = idx / L, j = idx % L, off = 0;
                for (int i = n - 2; i >= 0; --i) {
                    off += (row % dims[i]) * sstr[i];
                    row /= dims[i];
                }
                const int64_t cnt = std::min(L - j, e - idx);
                const T* s = src + off + j * ls;
                if (ls == 1)
                    std::memcpy(dst + idx, s, static_cast<size_t>(cnt) * sizeof(T));
                else
                    for (int64_t q = 0; q < cnt; ++q) dst[idx + q] = s[q * ls];
                idx += cnt;
            }
        },
        16384);
}

class ShuffleKernel : public Kernel {
public:
    explicit ShuffleKernel(const ir::ShuffleAttrs& a) : a_(a) {}

    size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const override {
        if (inputs.empty() || ir::hasDynamic(inputs[0].dims)) return 0;
        const int r = inputs[0].dims.nbDims;
        if (!twoCopies(r, outRank(r))) return 0;
        return static_cast<size_t>(roundUp(ir::volume(inputs[0].dims) * dataTypeSize(inputs[0].type), 64));
    }

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs& args,
             std::string& error) const override {
        if (!checkViews("Shuffle", in, 1, out, 1, error)) return false;
        const Dims& x = in[0].dims;
        const int r = x.nbDims;
        const DataType t = in[0].type;
        if (t != DataType::kFLOAT && t != DataType::kINT32 && t != DataType::kBOOL) {
            error = std::string("Shuffle: type ") + dataTypeName(t) + " not supported";
            return false;
        }
        if (!isPermutation(a_.firstTranspose.order, r)) {
            error = "Shuffle: first transpose is not a permutation of rank " + std::to_string(r);
            return false;
        }
        const Dims t1 = permuted(x, a_.firstTranspose.order);
        Dims mid = t1;  // after the reshape
        if (a_.hasReshape && !reshape(x, t1, mid, error)) return false;
        if (!isPermutation(a_.secondTranspose.order, mid.nbDims)) {
            error = "Shuffle: second transpose is not a permutation of rank " + std::to_string(mid.nbDims);
            return false;
        }
        if (!checkOutput("Shuffle", out[0], permuted(mid, a_.secondTranspose.order), t, error)) return false;
        if (ir::volume(x) == 0) return true;
        if (dataTypeSize(t) == 1) return copy<uint8_t>(in[0], mid, out[0], args, error);
        return copy<uint32_t>(in[0], mid, out[0], args, error);
    }

private:
    int outRank(int r) const { return a_.hasReshape ? a_.reshapeDims.nbDims : r; }
    bool twoCopies(int r, int r2) const {
        return a_.hasReshape && !isIdentity(a_.firstTranspose.order, r) && !isIdentity(a_.secondTranspose.order, r2);
    }

    bool reshape(const Dims& x, const Dims& t1, Dims& mid, std::string& error) const {
        const Dims& rd = a_.reshapeDims;
        mid.nbDims = rd.nbDims;
        int infer = -1;
        int64_t known = 1;
        for (int i = 0; i < rd.nbDims; ++i) {
            int64_t e = rd.d[i];
            if (e == 0 && a_.zeroIsPlaceholder) {
                if (i >= x.nbDims) {
                    error = "Shuffle: reshape placeholder 0 at index " + std::to_string(i) + " beyond input rank";
                    return false;
                }
                e = x.d[i];  // OPS.md: the extent of x (not of the transposed tensor)
            }
            if (e == -1) {
                if (infer >= 0) {
                    error = "Shuffle: more than one -1 in reshape " + ir::toString(rd);
                    return false;
                }
                infer = i;
                e = 1;
            } else if (e < 0) {
                error = "Shuffle: invalid reshape " + ir::toString(rd);
                return false;
            }
            mid.d[i] = e;
            known *= e;
        }
        const int64_t vol = ir::volume(t1);
        if (infer >= 0) {
            if (known == 0 || vol % known != 0) {
                error = "Shuffle: cannot infer -1 in reshape " + ir::toString(rd) + " of " + ir::toString(t1);
                return false;
            }
            mid.d[infer] = vol / known;
        } else if (known != vol) {
            error = "Shuffle: reshape " + ir::toString(rd) + " changes the volume of " + ir::toString(t1);
            return false;
        }
        return true;
    }

    template <class T>
    bool copy(const TensorView& in, const Dims& mid, const TensorView& out, const ExecArgs& args,
              std::string& error) const {
        const T* src = static_cast<const T*>(in.data);
        T* dst = static_cast<T*>(out.data);
        const int r = in.dims.nbDims;
        const int32_t* p1 = a_.firstTranspose.order;
        const int32_t* p2 = a_.secondTranspose.order;
        if (!a_.hasReshape) {  // y = x permuted by p1 then p2: one permutation p1[p2[i]]
            int32_t q[Dims::MAX_DIMS];
            for (int i = 0; i < r; ++i) q[i] = p1[p2[i]];
            permuteCopy(src, in.dims, q, dst);
            return true;
        }
        if (isIdentity(p1, r)) {  // reshape first: x's data already has mid's layout
            permuteCopy(src, mid, p2, dst);
            return true;
        }
        if (isIdentity(p2, mid.nbDims)) {  // the output's data is t1's layout
            permuteCopy(src, in.dims, p1, dst);
            return true;
        }
        const size_t need = static_cast<size_t>(ir::volume(in.dims)) * sizeof(T);
        if (!args.workspace || args.workspaceBytes < need) {
            error =
                "Shuffle: workspace of " + std::to_string(args.workspaceBytes) + " bytes, need " + std::to_string(need);
            return false;
        }
        T* tmp = static_cast<T*>(args.workspace);
        permuteCopy(src, in.dims, p1, tmp);
        permuteCopy(static_cast<const T*>(tmp), mid, p2, dst);
        return true;
    }

    ir::ShuffleAttrs a_;
};

}  // namespace

bool supportsShuffle(const NodeDesc& node, std::string* why) {
    const DataType t = node.inputs.empty() ? DataType::kFLOAT : node.inputs[0].type;
    if (t != DataType::kFLOAT && t != DataType::kINT32 && t != DataType::kBOOL) {
        if (why) *why = std::string("type ") + dataTypeName(t) + " not supported";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsShuffle(const NodeDesc&) {
    return {"strided_copy"};
}

std::unique_ptr<Kernel> createShuffle(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "strided_copy") {
        error = "Shuffle: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ShuffleKernel>(std::get<ir::ShuffleAttrs>(*node.attrs));
}

}  // namespace tforge::backends::cpu
