// Scale: y = (x*scale + shift)^power with uniform, per-channel or per-element parameters.
// Work is cut into rows along which the parameters are either constant (uniform, per-channel)
// or run in lockstep with x (per-element), so each row is one simple loop.
#include <algorithm>
#include <cmath>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

// A parameter blob seen from a row: empty -> the identity value, else indexed (stride 1) or a
// single value (stride 0).
struct Param {
    const float* p{nullptr};
    float identity{0.f};
    float at(int64_t i) const { return p ? p[i] : identity; }
};

template <bool VaryScale, bool VaryShift>
void affineRow(const float* x, float* y, int64_t n, const float* sc, float s0, const float* sh, float h0) {
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] * (VaryScale ? sc[i] : s0) + (VaryShift ? sh[i] : h0);
}

class ScaleKernel : public Kernel {
public:
    explicit ScaleKernel(const ir::ScaleAttrs& a) : a_(a) {
        scale_ = {a_.scale.empty() ? nullptr : a_.scale.f32(), 1.f};
        shift_ = {a_.shift.empty() ? nullptr : a_.shift.f32(), 0.f};
        power_ = {a_.power.empty() ? nullptr : a_.power.f32(), 1.f};
    }

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("Scale", in, 1, out, 1, error) || !checkType("Scale", in[0], DataType::kFLOAT, error) ||
            !checkOutput("Scale", out[0], in[0].dims, DataType::kFLOAT, error))
            return false;
        const Dims& d = in[0].dims;
        const int axis = a_.channelAxis;
        if (d.nbDims < 1 || axis < 0 || axis >= d.nbDims) {
            error = "Scale: channelAxis " + std::to_string(axis) + " out of range for " + ir::toString(d);
            return false;
        }
        int64_t inner = 1, total = ir::volume(d);
        for (int i = axis + 1; i < d.nbDims; ++i) inner *= d.d[i];
        const int64_t C = d.d[axis];
        // rowLen: elements sharing one parameter (uniform/channel) or one parameter run (elementwise).
        int64_t expect = 1, rowLen = total, period = 1;
        if (a_.mode == ScaleMode::kCHANNEL) {
            expect = C;
            rowLen = inner;
            period = C;
        } else if (a_.mode == ScaleMode::kELEMENTWISE) {
            expect = C * inner;
            rowLen = C * inner;
        }
        for (const ir::Blob* b : {&a_.scale, &a_.shift, &a_.power}) {
            if (!b->empty() && b->count != expect) {
                error = "Scale: parameter count " + std::to_string(b->count) + " != " + std::to_string(expect) +
                        " for input " + ir::toString(d);
                return false;
            }
        }
        if (total == 0) return true;
        const bool elementwise = a_.mode == ScaleMode::kELEMENTWISE;
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        parallelFor(
            total,
            [&](int64_t s, int64_t e) {
                for (int64_t idx = s; idx < e;) {
                    const int64_t j = idx % rowLen, n = std::min(rowLen - j, e - idx);
                    // Parameter index of the row's first element.
                    const int64_t pi = elementwise ? j : (a_.mode == ScaleMode::kCHANNEL ? (idx / rowLen) % period : 0);
                    row(x + idx, y + idx, n, pi, elementwise);
                    idx += n;
                }
            },
            16384);
        return true;
    }

private:
    void row(const float* x, float* y, int64_t n, int64_t pi, bool vary) const {
        const float* sc = scale_.p ? scale_.p + pi : nullptr;
        const float* sh = shift_.p ? shift_.p + pi : nullptr;
        const float s0 = scale_.at(pi), h0 = shift_.at(pi);
        if (vary && sc && sh)
            affineRow<true, true>(x, y, n, sc, s0, sh, h0);
        else if (vary && sc)
            affineRow<true, false>(x, y, n, sc, s0, sh, h0);
        else if (vary && sh)
            affineRow<false, true>(x, y, n, sc, s0, sh, h0);
        else
            affineRow<false, false>(x, y, n, sc, s0, sh, h0);
        if (!power_.p) return;
        if (vary)
            for (int64_t i = 0; i < n; ++i) y[i] = std::pow(y[i], power_.p[pi + i]);
        else
            for (int64_t i = 0; i < n; ++i) y[i] = std::pow(y[i], power_.p[pi]);
    }

    ir::ScaleAttrs a_;
    Param scale_, shift_, power_;
};

}  // namespace

bool supportsScale(const NodeDesc& node, std::string* why) {
    return allFloatInputs(node, why);
}

std::vector<std::string> tacticsScale(const NodeDesc&) {
    return {"direct"};
}

std::unique_ptr<Kernel> createScale(const NodeDesc& node, const std::string& tactic, std::string& error) {
    const auto& a = std::get<ir::ScaleAttrs>(*node.attrs);
    for (const ir::Blob* b : {&a.scale, &a.shift, &a.power}) {
        if (!b->empty() && b->type != DataType::kFLOAT) {
            error = "Scale: parameters must be kFLOAT";
            return nullptr;
        }
    }
    if (tactic != "direct") {
        error = "Scale: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ScaleKernel>(a);
}

}  // namespace tforge::backends::cpu
