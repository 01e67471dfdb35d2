// Constant (OPS.md "Constant"): no inputs; copies the weights (fp32, int32 or bool) to the output.
#include <cstring>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class ConstantKernel final : public Kernel {
public:
    explicit ConstantKernel(const ir::ConstantAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 0, 1, error)) return false;
        const TensorView& y = outputs[0];
        if (!checkTensor(y, a_.weights.type, "output", error) || !checkOutputDims(y, a_.dims, error)) return false;
        if (a_.weights.bytes() > 0) std::memcpy(y.data, a_.weights.data, static_cast<size_t>(a_.weights.bytes()));
        return true;
    }

private:
    ir::ConstantAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeConstantKernel(const ir::ConstantAttrs& a, std::string& error) {
    const DataType t = a.weights.type;
    if (t != DataType::kFLOAT && t != DataType::kINT32 && t != DataType::kBOOL) {
        error = typeNotSupported(t);
        return nullptr;
    }
    if (a.dims.nbDims < 0 || a.dims.nbDims > Dims::MAX_DIMS || ir::hasDynamic(a.dims) ||
        a.weights.count != ir::volume(a.dims) || (a.weights.count > 0 && a.weights.data == nullptr)) {
        error =
            "constant weights count " + std::to_string(a.weights.count) + " != volume of dims " + ir::toString(a.dims);
        return nullptr;
    }
    return std::make_unique<ConstantKernel>(a);
}

}  // namespace tforge::backends::reference
