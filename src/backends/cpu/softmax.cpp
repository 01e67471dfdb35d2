// SoftMax along one axis, viewed as [outer, L, inner]. With inner == 1 each row is contiguous;
// otherwise a block of up to kCols adjacent inner positions is processed together so every pass
// over L reads contiguous memory instead of striding by inner.
#include <algorithm>
#include <cmath>
#include <limits>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

constexpr int64_t kCols = 64;

int axisOf(uint32_t axes) {
    if (axes == 0 || (axes & (axes - 1)) != 0) return -1;
    int a = 0;
    while (!(axes & (1u << a))) ++a;
    return a;
}

class SoftMaxKernel : public Kernel {
public:
    explicit SoftMaxKernel(int axis) : axis_(axis) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("SoftMax", in, 1, out, 1, error) || !checkType("SoftMax", in[0], DataType::kFLOAT, error) ||
            !checkOutput("SoftMax", out[0], in[0].dims, DataType::kFLOAT, error))
            return false;
        const Dims& d = in[0].dims;
        if (axis_ >= d.nbDims) {
            error = "SoftMax: axis " + std::to_string(axis_) + " out of range for " + ir::toString(d);
            return false;
        }
        int64_t outer = 1, inner = 1;
        for (int i = 0; i < axis_; ++i) outer *= d.d[i];
        for (int i = axis_ + 1; i < d.nbDims; ++i) inner *= d.d[i];
        const int64_t L = d.d[axis_];
        if (outer * inner * L == 0) return true;
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        if (inner == 1) {
            parallelFor(
                outer,
                [&](int64_t s, int64_t e) {
                    for (int64_t r = s; r < e; ++r) rowSoftmax(x + r * L, y + r * L, L);
                },
                grainFor(4 * L));
            return true;
        }
        const int64_t blocks = ceilDiv(inner, kCols);
        parallelFor(
            outer * blocks,
            [&](int64_t s, int64_t e) {
                for (int64_t it = s; it < e; ++it) {
                    const int64_t o = it / blocks, c0 = (it % blocks) * kCols;
                    const int64_t off = o * L * inner + c0;
                    colSoftmax(x + off, y + off, L, inner, std::min(kCols, inner - c0));
                }
            },
            grainFor(4 * L * kCols));
        return true;
    }

private:
    static void rowSoftmax(const float* x, float* y, int64_t L) {
        float mx = -std::numeric_limits<float>::infinity();
        for (int64_t i = 0; i < L; ++i) mx = std::max(mx, x[i]);
        float sum = 0.f;
        for (int64_t i = 0; i < L; ++i) {
            y[i] = std::exp(x[i] - mx);
            sum += y[i];
        }
        const float inv = 1.f / sum;
        for (int64_t i = 0; i < L; ++i) y[i] *= inv;
    }

    static void colSoftmax(const float* x, float* y, int64_t L, int64_t stride, int64_t w) {
        float mx[kCols], sum[kCols];
        std::fill(mx, mx + w, -std::numeric_limits<float>::infinity());
        std::fill(sum, sum + w, 0.f);
        for (int64_t l = 0; l < L; ++l)
            for (int64_t c = 0; c < w; ++c) mx[c] = std::max(mx[c], x[l * stride + c]);
        for (int64_t l = 0; l < L; ++l)
            for (int64_t c = 0; c < w; ++c) {
                const float v = std::exp(x[l * stride + c] - mx[c]);
                y[l * stride + c] = v;
                sum[c] += v;
            }
        for (int64_t c = 0; c < w; ++c) sum[c] = 1.f / sum[c];
        for (int64_t l = 0; l < L; ++l)
            for (int64_t c = 0; c < w; ++c) y[l * stride + c] *= sum[c];
    }

    int axis_;
};

}  // namespace

bool supportsSoftMax(const NodeDesc& node, std::string* why) {
    if (!allFloatInputs(node, why)) return false;
    if (axisOf(std::get<ir::SoftMaxAttrs>(*node.attrs).axes) < 0) {
        if (why) *why = "SoftMax axes must have exactly one bit set";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsSoftMax(const NodeDesc&) {
    return {"direct"};
}

std::unique_ptr<Kernel> createSoftMax(const NodeDesc& node, const std::string& tactic, std::string& error) {
    const int axis = axisOf(std::get<ir::SoftMaxAttrs>(*node.attrs).axes);
    if (axis < 0 || tactic != "direct") {
        error =
            axis < 0 ? "SoftMax: axes must have exactly one bit set" : "SoftMax: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<SoftMaxKernel>(axis);
}

}  // namespace tforge::backends::cpu
