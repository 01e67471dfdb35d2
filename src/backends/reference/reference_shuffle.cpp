// Shuffle (OPS.md "Shuffle"): transpose, reshape, transpose. A reshape never moves data, so each
// output element is found by mapping its index back through the second transpose, the row-major
// flat position, and the first transpose. Works on any element size (fp32, int32, bool).
#include <cstring>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

bool isPermutation(const Permutation& p, int32_t rank) {
    bool seen[Dims::MAX_DIMS] = {};
    for (int32_t i = 0; i < rank; ++i) {
        const int32_t v = p.order[i];
        if (v < 0 || v >= rank || seen[v]) return false;
        seen[v] = true;
    }
    return true;
}

std::string permString(const Permutation& p, int32_t rank) {
    std::string s = "(";
    for (int32_t i = 0; i < rank; ++i) s += (i ? "," : "") + std::to_string(p.order[i]);
    return s + ")";
}

Dims permute(const Dims& d, const Permutation& p) {
    Dims r = d;
    for (int32_t i = 0; i < d.nbDims; ++i) r.d[i] = d.d[p.order[i]];
    return r;
}

// OPS.md step 2: 0 copies x's extent at that index (if zeroIsPlaceholder), one -1 is inferred.
bool resolveReshape(const ir::ShuffleAttrs& a, const Dims& x, Dims& out, std::string& error) {
    out = a.reshapeDims;
    int32_t inferred = -1;
    int64_t known = 1;
    for (int32_t i = 0; i < out.nbDims; ++i) {
        int64_t& e = out.d[i];
        if (e == 0 && a.zeroIsPlaceholder) {
            if (i >= x.nbDims) {
                error = "reshape " + ir::toString(a.reshapeDims) + ": 0 at index " + std::to_string(i) +
                        " has no input extent to copy (input " + ir::toString(x) + ")";
                return false;
            }
            e = x.d[i];
        }
        if (e == -1 && inferred < 0) {
            inferred = i;
            continue;
        }
        if (e < 0) {
            error = "reshape " + ir::toString(a.reshapeDims) + " may hold at most one -1 and no other negative";
            return false;
        }
        known *= e;
    }
    const int64_t vol = ir::volume(x);
    if (inferred >= 0) {
        if (known == 0 || vol % known != 0) {
            error = "cannot infer -1 in reshape " + ir::toString(a.reshapeDims) + " for input " + ir::toString(x);
            return false;
        }
        out.d[inferred] = vol / known;
    } else if (known != vol) {
        error = "reshape " + ir::toString(a.reshapeDims) + " volume " + std::to_string(known) + " != input volume " +
                std::to_string(vol) + " (input " + ir::toString(x) + ")";
        return false;
    }
    return true;
}

class ShuffleKernel final : public Kernel {
public:
    explicit ShuffleKernel(const ir::ShuffleAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (x.type != DataType::kFLOAT && x.type != DataType::kINT32 && x.type != DataType::kBOOL) {
            error = typeNotSupported(x.type);
            return false;
        }
        if (!checkTensor(x, x.type, "input", error) || !checkTensor(y, x.type, "output", error)) return false;
        if (!isPermutation(a_.firstTranspose, x.dims.nbDims)) {
            error = "first transpose " + permString(a_.firstTranspose, x.dims.nbDims) +
                    " is not a permutation for input " + ir::toString(x.dims);
            return false;
        }
        const Dims t1 = permute(x.dims, a_.firstTranspose);
        Dims reshaped = t1;
        if (a_.hasReshape && !resolveReshape(a_, x.dims, reshaped, error)) return false;
        if (!isPermutation(a_.secondTranspose, reshaped.nbDims)) {
            error = "second transpose " + permString(a_.secondTranspose, reshaped.nbDims) +
                    " is not a permutation for rank " + std::to_string(reshaped.nbDims);
            return false;
        }
        const Dims out = permute(reshaped, a_.secondTranspose);
        if (!checkOutputDims(y, out, error)) return false;
        if (ir::volume(out) == 0) return true;

        int64_t xSt[Dims::MAX_DIMS], t1St[Dims::MAX_DIMS], rSt[Dims::MAX_DIMS];
        ir::strides(x.dims, xSt);
        ir::strides(t1, t1St);
        ir::strides(reshaped, rSt);
        const int64_t es = dataTypeSize(x.type);
        const char* xp = static_cast<const char*>(x.data);
        char* yp = static_cast<char*>(y.data);
        int64_t o[Dims::MAX_DIMS] = {};
        int64_t yi = 0;
        do {
            int64_t flat = 0;  // row-major position in the reshaped (== transposed) tensor
            for (int32_t i = 0; i < out.nbDims; ++i) flat += o[i] * rSt[a_.secondTranspose.order[i]];
            int64_t xi = 0;
            for (int32_t i = 0; i < t1.nbDims; ++i) {
                const int64_t ti = flat / t1St[i];
                flat %= t1St[i];
                xi += ti * xSt[a_.firstTranspose.order[i]];
            }
            std::memcpy(yp + yi++ * es, xp + xi * es, static_cast<size_t>(es));
        } while (nextIndex(out, o));
        return true;
    }

private:
    ir::ShuffleAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeShuffleKernel(const ir::ShuffleAttrs& a, std::string& error) {
    if (a.hasReshape && (a.reshapeDims.nbDims < 0 || a.reshapeDims.nbDims > Dims::MAX_DIMS)) {
        error = "reshape rank " + std::to_string(a.reshapeDims.nbDims) + " out of range";
        return nullptr;
    }
    return std::make_unique<ShuffleKernel>(a);
}

}  // namespace tforge::backends::reference
