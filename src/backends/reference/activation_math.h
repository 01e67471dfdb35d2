// The activation formulas of docs/OPS.md, in fp64. Shared by the Activation kernel and by the
// PostOp that Convolution and FullyConnected apply, so both paths are the same code by construction.
#pragma once
#include <algorithm>
#include <cmath>

#include "tensorforge/types.h"

namespace tforge::backends::reference {

//! Whether `t` is one of the enumerators (attrs can carry any int32 after a plan load).
inline bool isKnownActivation(ActivationType t) {
    int32_t v = static_cast<int32_t>(t);
    return v >= 0 && v < kNB_ACTIVATION_TYPES;
}

//! y = f(x) for the activation `t` with TensorRT's alpha/beta meaning (OPS.md "Activation").
//! Unknown types give NaN; callers reject them first via isKnownActivation.
inline double applyActivation(ActivationType t, double x, float alphaF, float betaF) {
    const double alpha = alphaF, beta = betaF;
    switch (t) {
        case ActivationType::kRELU:
            return std::max(0.0, x);
        case ActivationType::kSIGMOID:
            return 1.0 / (1.0 + std::exp(-x));
        case ActivationType::kTANH:
            return std::tanh(x);
        case ActivationType::kLEAKY_RELU:
            return x >= 0 ? x : alpha * x;
        case ActivationType::kELU:
            return x >= 0 ? x : alpha * (std::exp(x) - 1.0);
        case ActivationType::kSELU:
            return beta * (x > 0 ? x : alpha * (std::exp(x) - 1.0));
        case ActivationType::kSOFTSIGN:
            return x / (1.0 + std::fabs(x));
        case ActivationType::kSOFTPLUS: {
            // log(e^z + 1) == max(z, 0) + log1p(e^-|z|): the same value, but e^z cannot overflow.
            const double z = beta * x;
            return alpha * (std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z))));
        }
        case ActivationType::kCLIP:
            return std::min(std::max(x, alpha), beta);
        case ActivationType::kHARD_SIGMOID:
            return std::max(0.0, std::min(1.0, alpha * x + beta));
        case ActivationType::kSCALED_TANH:
            return alpha * std::tanh(beta * x);
        case ActivationType::kTHRESHOLDED_RELU:
            return x > alpha ? x : 0.0;
        case ActivationType::kGELU_ERF:
            return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
        case ActivationType::kGELU_TANH: {
            const double kPi = 3.14159265358979323846;
            return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / kPi) * (x + 0.044715 * x * x * x)));
        }
    }
    return std::nan("");
}

}  // namespace tforge::backends::reference
