// Activation: y = act(x) elementwise, in chunks of >= 16K values per task.
#include "backends/cpu/activation_math.h"
#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

class ActivationKernel : public Kernel {
public:
    explicit ActivationKernel(const ir::ActivationAttrs& a) : p_(actParams(a)) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("Activation", in, 1, out, 1, error) ||
            !checkType("Activation", in[0], DataType::kFLOAT, error) ||
            !checkOutput("Activation", out[0], in[0].dims, DataType::kFLOAT, error))
            return false;
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        parallelFor(
            ir::volume(in[0].dims), [&](int64_t b, int64_t e) { activateArray(p_, x + b, y + b, e - b); }, 16384);
        return true;
    }

private:
    ActParams p_;
};

}  // namespace

bool supportsActivation(const NodeDesc& node, std::string* why) {
    return allFloatInputs(node, why);
}

std::vector<std::string> tacticsActivation(const NodeDesc&) {
    return {"vectorized"};
}

std::unique_ptr<Kernel> createActivation(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "vectorized") {
        error = "Activation: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ActivationKernel>(std::get<ir::ActivationAttrs>(*node.attrs));
}

}  // namespace tforge::backends::cpu
