// Pooling (max / average / blend) over 1-3 spatial dims; one output row per work item.
#include <algorithm>
#include <limits>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

class PoolKernel : public Kernel {
public:
    explicit PoolKernel(const ir::PoolAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("Pooling", in, 1, out, 1, error) || !checkType("Pooling", in[0], DataType::kFLOAT, error))
            return false;
        Window3 w;
        const Dims& xd = in[0].dims;
        if (!computeWindow(xd, a_.windowSize, a_.stride, Dims{}, a_.prePadding, a_.postPadding, a_.paddingMode, w,
                           error)) {
            error = "Pooling: " + error;
            return false;
        }
        if (!checkOutput("Pooling", out[0], windowOutputDims(xd, xd.d[1], w), DataType::kFLOAT, error)) return false;
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        const int64_t rows = xd.d[0] * xd.d[1] * w.out[0] * w.out[1];
        parallelFor(
            rows,
            [&](int64_t b, int64_t e) {
                for (int64_t r = b; r < e; ++r) poolRow(w, x, y, r);
            },
            grainFor(w.out[2] * w.kernelVolume()));
        return true;
    }

private:
    void poolRow(const Window3& w, const float* x, float* y, int64_t r) const {
        const int64_t oh = r % w.out[1], od = r / w.out[1] % w.out[0], nc = r / (w.out[1] * w.out[0]);
        const float* xc = x + nc * w.inVolume();
        float* yrow = y + r * w.out[2];
        const int64_t s0 = od * w.stride[0] - w.pre[0], s1 = oh * w.stride[1] - w.pre[1];
        const int64_t d0 = std::max<int64_t>(s0, 0), d1 = std::min(s0 + w.kernel[0], w.in[0]);
        const int64_t h0 = std::max<int64_t>(s1, 0), h1 = std::min(s1 + w.kernel[1], w.in[1]);
        // Window positions inside the padded input (padding counts, ROUND_UP overhang doesn't).
        const int64_t padDH =
            (std::min(s0 + w.kernel[0], w.padEnd[0]) - s0) * (std::min(s1 + w.kernel[1], w.padEnd[1]) - s1);
        for (int64_t ow = 0; ow < w.out[2]; ++ow) {
            const int64_t s2 = ow * w.stride[2] - w.pre[2];
            const int64_t w0 = std::max<int64_t>(s2, 0), w1 = std::min(s2 + w.kernel[2], w.in[2]);
            const int64_t inRange =
                std::max<int64_t>(0, d1 - d0) * std::max<int64_t>(0, h1 - h0) * std::max<int64_t>(0, w1 - w0);
            if (inRange == 0) {
                yrow[ow] = 0.f;
                continue;
            }
            float mx = -std::numeric_limits<float>::infinity(), sum = 0.f;
            for (int64_t d = d0; d < d1; ++d)
                for (int64_t h = h0; h < h1; ++h) {
                    const float* xr = xc + (d * w.in[1] + h) * w.in[2];
                    for (int64_t i = w0; i < w1; ++i) {
                        mx = std::max(mx, xr[i]);
                        sum += xr[i];
                    }
                }
            const int64_t count =
                a_.averageCountExcludesPadding ? inRange : padDH * (std::min(s2 + w.kernel[2], w.padEnd[2]) - s2);
            const float avg = sum / static_cast<float>(count);
            switch (a_.type) {
                case PoolingType::kMAX:
                    yrow[ow] = mx;
                    break;
                case PoolingType::kAVERAGE:
                    yrow[ow] = avg;
                    break;
                case PoolingType::kMAX_AVERAGE_BLEND:
                    yrow[ow] = a_.blendFactor * mx + (1.f - a_.blendFactor) * avg;
                    break;
            }
        }
    }

    ir::PoolAttrs a_;
};

}  // namespace

bool supportsPooling(const NodeDesc& node, std::string* why) {
    if (!allFloatInputs(node, why)) return false;
    const auto& a = std::get<ir::PoolAttrs>(*node.attrs);
    if (a.windowSize.nbDims < 1 || a.windowSize.nbDims > 3) {
        if (why) *why = "only 1-D to 3-D pooling";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsPooling(const NodeDesc&) {
    return {"direct"};
}

std::unique_ptr<Kernel> createPooling(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "direct") {
        error = "Pooling: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<PoolKernel>(std::get<ir::PoolAttrs>(*node.attrs));
}

}  // namespace tforge::backends::cpu
