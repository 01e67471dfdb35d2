#include "ir/attrs.h"

namespace tforge::ir {

const char* opKindName(OpKind k) {
    switch (k) {
        case OpKind::kConvolution: return "Convolution";
        case OpKind::kPooling: return "Pooling";
        case OpKind::kFullyConnected: return "FullyConnected";
        case OpKind::kMatrixMultiply: return "MatrixMultiply";
        case OpKind::kActivation: return "Activation";
        case OpKind::kElementWise: return "ElementWise";
        case OpKind::kScale: return "Scale";
        case OpKind::kSoftMax: return "SoftMax";
        case OpKind::kShuffle: return "Shuffle";
        case OpKind::kConcatenation: return "Concatenation";
        case OpKind::kConstant: return "Constant";
    }
    return "Unknown";
}

Dims filledDims(int32_t n, int64_t v) {
    Dims d;
    d.nbDims = n;
    for (int i = 0; i < n; ++i) d.d[i] = v;
    return d;
}

void defaultActivationParams(ActivationType t, float& alpha, float& beta) {
    alpha = 0.f;
    beta = 0.f;
    switch (t) {
        case ActivationType::kLEAKY_RELU: alpha = 0.01f; break;
        case ActivationType::kELU: alpha = 1.f; break;
        case ActivationType::kSELU: alpha = 1.6732632f; beta = 1.0507009f; break;
        case ActivationType::kSOFTPLUS: alpha = 1.f; beta = 1.f; break;
        case ActivationType::kHARD_SIGMOID: alpha = 0.2f; beta = 0.5f; break;
        case ActivationType::kSCALED_TANH: alpha = 1.f; beta = 1.f; break;
        case ActivationType::kTHRESHOLDED_RELU: alpha = 1.f; break;
        default: break;
    }
}

}  // namespace tforge::ir
