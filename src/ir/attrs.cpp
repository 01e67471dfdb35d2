#include "ir/attrs.h"

namespace tforge::ir {

namespace {
// The op table's LayerType column: a public LayerType name, or INTERNAL.
constexpr LayerType kInternal = static_cast<LayerType>(-1);
#define TFORGE_LT_CONST(Name, Value) constexpr LayerType kLT_##Name = LayerType::k##Name;
TFORGE_LAYER_TYPES(TFORGE_LT_CONST)
#undef TFORGE_LT_CONST
constexpr LayerType kLT_INTERNAL = kInternal;

const OpInfo kOpInfos[] = {
#define TFORGE_OP_INFO(Name, AttrsType, LT, MinIn, MaxIn, NbOut, Add, Py) \
    OpInfo{#Name, kLT_##LT, kLT_##LT == kInternal, MinIn, MaxIn, NbOut, Add, Py},
    TFORGE_FOR_EACH_OP(TFORGE_OP_INFO)
#undef TFORGE_OP_INFO
};
static_assert(sizeof(kOpInfos) / sizeof(kOpInfos[0]) == static_cast<size_t>(kNbOpKinds));
}  // namespace

const OpInfo& opInfo(OpKind k) {
    static const OpInfo unknown{"Unknown", kInternal, true, 0, 0, 0, "", ""};
    const auto i = static_cast<int32_t>(k);
    return isOpKind(i) ? kOpInfos[i] : unknown;
}

const char* opKindName(OpKind k) { return opInfo(k).name; }

bool opKindFromName(const std::string& name, OpKind& kind) {
    for (int32_t k = 0; k < kNbOpKinds; ++k)
        if (name == opInfo(static_cast<OpKind>(k)).name) {
            kind = static_cast<OpKind>(k);
            return true;
        }
    return false;
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
