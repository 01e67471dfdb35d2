// Activation (OPS.md "Activation"): y = f(x) elementwise through the shared fp64 formulas.
#include "backends/reference/activation_math.h"
#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class ActivationKernel final : public Kernel {
public:
    explicit ActivationKernel(const ir::ActivationAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error) ||
            !checkOutputDims(y, x.dims, error))
            return false;
        const float* xp = static_cast<const float*>(x.data);
        float* yp = static_cast<float*>(y.data);
        const int64_t n = ir::volume(x.dims);
        for (int64_t i = 0; i < n; ++i) yp[i] = static_cast<float>(applyActivation(a_.type, xp[i], a_.alpha, a_.beta));
        return true;
    }

private:
    ir::ActivationAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeActivationKernel(const ir::ActivationAttrs& a, std::string& error) {
    if (!isKnownActivation(a.type)) {
        error = "unknown activation type " + std::to_string(static_cast<int32_t>(a.type));
        return nullptr;
    }
    return std::make_unique<ActivationKernel>(a);
}

}  // namespace tforge::backends::reference
