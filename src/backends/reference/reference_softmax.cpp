// SoftMax (OPS.md "SoftMax"): exp(x - max) / sum(exp(x - max)) along the one axis in `axes`.
// Subtracting the max keeps exp() from overflowing; the sum is fp64.
#include <cmath>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class SoftMaxKernel final : public Kernel {
public:
    explicit SoftMaxKernel(const ir::SoftMaxAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error) ||
            !checkOutputDims(y, x.dims, error))
            return false;
        const int32_t r = x.dims.nbDims;
        int32_t axis = -1;
        for (int32_t b = 0; b < 32; ++b)
            if (a_.axes == (1u << b)) axis = b;
        if (axis < 0 || axis >= r) {
            error = "axes " + std::to_string(a_.axes) + " must have exactly one bit set below rank " +
                    std::to_string(r) + " (input " + ir::toString(x.dims) + ")";
            return false;
        }
        const int64_t outer = volumeOf(x.dims, 0, axis), len = x.dims.d[axis], inner = volumeOf(x.dims, axis + 1, r);
        const float* xp = static_cast<const float*>(x.data);
        float* yp = static_cast<float*>(y.data);
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t in = 0; in < inner; ++in) {
                const int64_t base = o * len * inner + in;  // element j of this row is at base + j*inner
                double mx = -INFINITY;
                for (int64_t j = 0; j < len; ++j) mx = std::fmax(mx, xp[base + j * inner]);
                double sum = 0.0;
                for (int64_t j = 0; j < len; ++j) sum += std::exp(xp[base + j * inner] - mx);
                for (int64_t j = 0; j < len; ++j)
                    yp[base + j * inner] = static_cast<float>(std::exp(xp[base + j * inner] - mx) / sum);
            }
        return true;
    }

private:
    ir::SoftMaxAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeSoftMaxKernel(const ir::SoftMaxAttrs& a, std::string& error) {
    if (a.axes == 0 || (a.axes & (a.axes - 1)) != 0) {
        error = "softmax axes " + std::to_string(a.axes) + " must have exactly one bit set";
        return nullptr;
    }
    return std::make_unique<SoftMaxKernel>(a);
}

}  // namespace tforge::backends::reference
