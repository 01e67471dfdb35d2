// Cast and Reformat between the float types (fp32, fp16, bf16), dense row-major: what a kFP16/kBF16
// engine does at its inputs and outputs and wherever a kernel's types differ from its neighbours'.
// Other conversions (integer types, channel-last or blocked formats) are left to the reference.
#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"
#include "common/half.h"

namespace tforge::backends::cpu {

namespace {

bool floatType(DataType t) { return t == DataType::kFLOAT || t == DataType::kHALF || t == DataType::kBF16; }

float loadF(const void* p, DataType t, int64_t i) {
    switch (t) {
        case DataType::kHALF: return halfToFloat(static_cast<const uint16_t*>(p)[i]);
        case DataType::kBF16: return bf16ToFloat(static_cast<const uint16_t*>(p)[i]);
        default: return static_cast<const float*>(p)[i];
    }
}

void storeF(void* p, DataType t, int64_t i, float v) {
    switch (t) {
        case DataType::kHALF: static_cast<uint16_t*>(p)[i] = floatToHalf(v); break;
        case DataType::kBF16: static_cast<uint16_t*>(p)[i] = floatToBf16(v); break;
        default: static_cast<float*>(p)[i] = v;
    }
}

class FloatConversionKernel final : public Kernel {
public:
    FloatConversionKernel(const char* op, DataType to) : op_(op), to_(to) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews(op_, in, 1, out, 1, error) || !checkOutput(op_, out[0], in[0].dims, to_, error)) return false;
        const DataType from = in[0].type;
        if (!floatType(from)) {
            error = std::string(op_) + ": input type " + dataTypeName(from) + " not supported";
            return false;
        }
        const void* x = in[0].data;
        void* y = out[0].data;
        const DataType to = to_;
        parallelFor(
            ir::volume(in[0].dims),
            [&](int64_t b, int64_t e) {
                for (int64_t i = b; i < e; ++i) storeF(y, to, i, loadF(x, from, i));
            },
            16384);
        return true;
    }

private:
    const char* op_;
    DataType to_;
};

bool supportsFloatConversion(const NodeDesc& node, DataType to, std::string* why) {
    if (node.inputs.size() != 1 || node.outputs.size() != 1 || !floatType(node.inputs[0].type) || !floatType(to) ||
        node.outputs[0].type != to) {
        if (why) *why = "the CPU converts between kFLOAT, kHALF and kBF16 only";
        return false;
    }
    return true;
}

}  // namespace

bool supportsCast(const NodeDesc& node, std::string* why) {
    return supportsFloatConversion(node, std::get<ir::CastAttrs>(*node.attrs).toType, why);
}
std::vector<std::string> tacticsCast(const NodeDesc&) { return {"convert"}; }
std::unique_ptr<Kernel> createCast(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "convert") {
        error = "cpu Cast has no tactic \"" + tactic + "\"";
        return nullptr;
    }
    return std::make_unique<FloatConversionKernel>("Cast", std::get<ir::CastAttrs>(*node.attrs).toType);
}

bool supportsReformat(const NodeDesc& node, std::string* why) {
    const auto& a = std::get<ir::ReformatAttrs>(*node.attrs);
    if (a.fromFormat != TensorFormat::kLINEAR || a.toFormat != TensorFormat::kLINEAR) {
        if (why) *why = "the CPU reformats kLINEAR tensors only";
        return false;
    }
    return supportsFloatConversion(node, a.toType, why);
}
std::vector<std::string> tacticsReformat(const NodeDesc&) { return {"convert"}; }
std::unique_ptr<Kernel> createReformat(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "convert") {
        error = "cpu Reformat has no tactic \"" + tactic + "\"";
        return nullptr;
    }
    return std::make_unique<FloatConversionKernel>("Reformat", std::get<ir::ReformatAttrs>(*node.attrs).toType);
}

}  // namespace tforge::backends::cpu
