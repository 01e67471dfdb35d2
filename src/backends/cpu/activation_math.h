// Activation formulas of OPS.md, shared by the Activation kernel and every fused PostOp epilogue
// (conv, FC), so a fused and an unfused graph compute bit-identical values.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ir/attrs.h"

namespace tforge::backends::cpu {

struct ActParams {
    ActivationType type{ActivationType::kRELU};
    float alpha{0.f}, beta{0.f};
};

inline ActParams actParams(const ir::PostOp& p) {
    return {p.type, p.alpha, p.beta};
}
inline ActParams actParams(const ir::ActivationAttrs& a) {
    return {a.type, a.alpha, a.beta};
}

//! One value. Used where a switch per element is acceptable (the transcendental cases, whose
//! libm call dominates anyway).
inline float activate(ActivationType t, float x, float a, float b) {
    switch (t) {
        case ActivationType::kRELU:
            return x > 0.f ? x : 0.f;
        case ActivationType::kSIGMOID:
            return 1.f / (1.f + std::exp(-x));
        case ActivationType::kTANH:
            return std::tanh(x);
        case ActivationType::kLEAKY_RELU:
            return x >= 0.f ? x : a * x;
        case ActivationType::kELU:
            return x >= 0.f ? x : a * std::expm1(x);
        case ActivationType::kSELU:
            return b * (x > 0.f ? x : a * std::expm1(x));
        case ActivationType::kSOFTSIGN:
            return x / (1.f + std::fabs(x));
        case ActivationType::kSOFTPLUS: {
            // log(e^y + 1) without overflowing e^y for large y.
            float y = b * x;
            return a * (std::max(y, 0.f) + std::log1p(std::exp(-std::fabs(y))));
        }
        case ActivationType::kCLIP:
            return std::min(std::max(x, a), b);
        case ActivationType::kHARD_SIGMOID:
            return std::max(0.f, std::min(1.f, a * x + b));
        case ActivationType::kSCALED_TANH:
            return a * std::tanh(b * x);
        case ActivationType::kTHRESHOLDED_RELU:
            return x > a ? x : 0.f;
        case ActivationType::kGELU_ERF:
            return 0.5f * x * (1.f + std::erf(x * 0.70710678118654752f));
        case ActivationType::kGELU_TANH: {
            const float k = 0.79788456080286536f;  // sqrt(2/pi)
            return 0.5f * x * (1.f + std::tanh(k * (x + 0.044715f * x * x * x)));
        }
    }
    return x;
}

//! out[i] = act(in[i]) for n values (in may equal out). The switch sits outside the loop so the
//! cheap piecewise-linear cases compile to branch-free vector code.
inline void activateArray(const ActParams& p, const float* in, float* out, int64_t n) {
    const float a = p.alpha, b = p.beta;
    switch (p.type) {
        case ActivationType::kRELU:
            for (int64_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
            return;
        case ActivationType::kLEAKY_RELU:
            for (int64_t i = 0; i < n; ++i) out[i] = in[i] >= 0.f ? in[i] : a * in[i];
            return;
        case ActivationType::kCLIP:
            for (int64_t i = 0; i < n; ++i) out[i] = std::min(std::max(in[i], a), b);
            return;
        case ActivationType::kHARD_SIGMOID:
            for (int64_t i = 0; i < n; ++i) out[i] = std::max(0.f, std::min(1.f, a * in[i] + b));
            return;
        case ActivationType::kSOFTSIGN:
            for (int64_t i = 0; i < n; ++i) out[i] = in[i] / (1.f + std::fabs(in[i]));
            return;
        case ActivationType::kTHRESHOLDED_RELU:
            for (int64_t i = 0; i < n; ++i) out[i] = in[i] > a ? in[i] : 0.f;
            return;
        default:
            for (int64_t i = 0; i < n; ++i) out[i] = activate(p.type, in[i], a, b);
            return;
    }
}

}  // namespace tforge::backends::cpu
