// Constant: copies the attribute weights (validated against the output) into the output.
#include <cstring>

#include "backends/cpu/cpu_common.h"

namespace tforge::backends::cpu {

namespace {

class ConstantKernel : public Kernel {
public:
    explicit ConstantKernel(const ir::ConstantAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("Constant", in, 0, out, 1, error) ||
            !checkOutput("Constant", out[0], a_.dims, a_.weights.type, error))
            return false;
        if (a_.weights.count != ir::volume(a_.dims)) {
            error = "Constant: " + std::to_string(a_.weights.count) + " weights for dims " + ir::toString(a_.dims);
            return false;
        }
        if (a_.weights.bytes() > 0) std::memcpy(out[0].data, a_.weights.data, static_cast<size_t>(a_.weights.bytes()));
        return true;
    }

private:
    ir::ConstantAttrs a_;
};

}  // namespace

bool supportsConstant(const NodeDesc& node, std::string* why) {
    const DataType t = std::get<ir::ConstantAttrs>(*node.attrs).weights.type;
    if (t != DataType::kFLOAT && t != DataType::kINT32 && t != DataType::kBOOL) {
        if (why) *why = std::string("type ") + dataTypeName(t) + " not supported";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsConstant(const NodeDesc&) {
    return {"copy"};
}

std::unique_ptr<Kernel> createConstant(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "copy") {
        error = "Constant: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ConstantKernel>(std::get<ir::ConstantAttrs>(*node.attrs));
}

}  // namespace tforge::backends::cpu
