// Scale (OPS.md "Scale"): y = (x * scale + shift) ^ power with per-tensor, per-channel or
// per-element coefficients; an empty blob is the identity value. fp64 arithmetic.
#include <cmath>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class ScaleKernel final : public Kernel {
public:
    explicit ScaleKernel(const ir::ScaleAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error) ||
            !checkOutputDims(y, x.dims, error))
            return false;
        const int32_t r = x.dims.nbDims, axis = a_.channelAxis;
        if (r < 1 || axis < 0 || axis >= r) {
            error = "channelAxis " + std::to_string(axis) + " out of range for input " + ir::toString(x.dims);
            return false;
        }
        // Coefficient index of flat element i: (i / inner) % period, where for kCHANNEL the period is
        // the channel extent and inner the volume after it; for kELEMENTWISE the period is the
        // volume of dims[axis..] and inner 1; for kUNIFORM a period of 1 picks index 0.
        int64_t period = 1, inner = 1;
        if (a_.mode == ScaleMode::kCHANNEL) {
            period = x.dims.d[axis];
            inner = volumeOf(x.dims, axis + 1, r);
        } else if (a_.mode == ScaleMode::kELEMENTWISE) {
            period = volumeOf(x.dims, axis, r);
        }
        for (const auto& [blob, name] : {std::pair<const ir::Blob*, const char*>{&a_.scale, "scale"},
                                         {&a_.shift, "shift"},
                                         {&a_.power, "power"}}) {
            if (!blob->empty() && blob->count != period) {
                error = std::string(name) + " count " + std::to_string(blob->count) + " != " + std::to_string(period) +
                        " required by the mode for input " + ir::toString(x.dims);
                return false;
            }
        }
        const float* xp = static_cast<const float*>(x.data);
        float* yp = static_cast<float*>(y.data);
        const int64_t n = ir::volume(x.dims);
        for (int64_t i = 0; i < n; ++i) {
            const int64_t c = period == 0 ? 0 : (i / inner) % period;
            const double scale = a_.scale.empty() ? 1.0 : a_.scale.f32()[c];
            const double shift = a_.shift.empty() ? 0.0 : a_.shift.f32()[c];
            double v = static_cast<double>(xp[i]) * scale + shift;
            if (!a_.power.empty()) v = std::pow(v, static_cast<double>(a_.power.f32()[c]));
            yp[i] = static_cast<float>(v);
        }
        return true;
    }

private:
    ir::ScaleAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeScaleKernel(const ir::ScaleAttrs& a, std::string& error) {
    const int32_t m = static_cast<int32_t>(a.mode);
    if (m < 0 || m > static_cast<int32_t>(ScaleMode::kELEMENTWISE)) {
        error = "unknown scale mode " + std::to_string(m);
        return nullptr;
    }
    if (!checkF32Blob(a.scale, "scale", error) || !checkF32Blob(a.shift, "shift", error) ||
        !checkF32Blob(a.power, "power", error))
        return nullptr;
    return std::make_unique<ScaleKernel>(a);
}

}  // namespace tforge::backends::reference
