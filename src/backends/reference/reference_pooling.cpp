// Pooling (OPS.md "Pooling"): max, average and max/average blend over 1-D/2-D/3-D windows.
// Sums in fp64. The two average divisors differ only in whether padding positions count.
#include <cmath>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"
#include "backends/reference/reference_window.h"

namespace tforge::backends::reference {
namespace {

class PoolingKernel final : public Kernel {
public:
    explicit PoolingKernel(const ir::PoolAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error))
            return false;
        WindowGeometry geo;
        if (!computeWindowGeometry(x.dims, a_.windowSize, a_.stride, nullptr, a_.prePadding, a_.postPadding,
                                   a_.paddingMode, geo, error))
            return false;
        const int64_t NC = x.dims.d[0] * x.dims.d[1];
        if (!checkOutputDims(y, windowOutputDims(geo, x.dims.d[0], x.dims.d[1]), error)) return false;

        const WindowGeometry g = as3D(geo);
        const float* xp = static_cast<const float*>(x.data);
        float* yp = static_cast<float*>(y.data);
        const int64_t inPlane = g.in[0] * g.in[1] * g.in[2];
        int64_t yi = 0;
        for (int64_t nc = 0; nc < NC; ++nc) {
            const float* xc = xp + nc * inPlane;
            for (int64_t o0 = 0; o0 < g.out[0]; ++o0)
                for (int64_t o1 = 0; o1 < g.out[1]; ++o1)
                    for (int64_t o2 = 0; o2 < g.out[2]; ++o2) yp[yi++] = pool(g, xc, o0, o1, o2);
        }
        return true;
    }

private:
    // One output position: walks the window once, gathering max, sum and both possible divisors.
    float pool(const WindowGeometry& g, const float* xc, int64_t o0, int64_t o1, int64_t o2) const {
        const int64_t o[3] = {o0, o1, o2};
        double maxV = -INFINITY, sum = 0.0;
        int64_t inRange = 0, inPadded = 0;
        for (int64_t r0 = 0; r0 < g.kernel[0]; ++r0)
            for (int64_t r1 = 0; r1 < g.kernel[1]; ++r1)
                for (int64_t r2 = 0; r2 < g.kernel[2]; ++r2) {
                    const int64_t r[3] = {r0, r1, r2};
                    int64_t i[3];
                    bool valid = true, padded = true;
                    for (int d = 0; d < 3; ++d) {
                        i[d] = o[d] * g.stride[d] - g.pre[d] + r[d];
                        valid = valid && i[d] >= 0 && i[d] < g.in[d];
                        // Inside the padded input [-pre, in + post); ROUND_UP overhang lies beyond it.
                        padded = padded && i[d] >= -g.pre[d] && i[d] < g.in[d] + g.post[d];
                    }
                    inPadded += padded ? 1 : 0;
                    if (!valid) continue;
                    const double v = xc[(i[0] * g.in[1] + i[1]) * g.in[2] + i[2]];
                    ++inRange;
                    sum += v;
                    // A NaN in the window makes the max NaN (and keeps it so), as in std::fmax's opposite.
                    if (!std::isnan(maxV) && (std::isnan(v) || v > maxV)) maxV = v;
                }
        if (inRange == 0) return 0.f;  // OPS.md: a window with no in-range element gives 0
        const int64_t count = a_.averageCountExcludesPadding ? inRange : inPadded;
        // count can only be 0 with negative padding, where in-range positions lie outside "padded".
        const double avg = count > 0 ? sum / static_cast<double>(count) : 0.0;
        switch (a_.type) {
            case PoolingType::kMAX:
                return static_cast<float>(maxV);
            case PoolingType::kAVERAGE:
                return static_cast<float>(avg);
            case PoolingType::kMAX_AVERAGE_BLEND:
                return static_cast<float>(a_.blendFactor * maxV + (1.0 - a_.blendFactor) * avg);
        }
        return NAN;
    }

    ir::PoolAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makePoolingKernel(const ir::PoolAttrs& a, std::string& error) {
    const int32_t t = static_cast<int32_t>(a.type);
    if (t < 0 || t > static_cast<int32_t>(PoolingType::kMAX_AVERAGE_BLEND)) {
        error = "unknown pooling type " + std::to_string(t);
        return nullptr;
    }
    return std::make_unique<PoolingKernel>(a);
}

}  // namespace tforge::backends::reference
