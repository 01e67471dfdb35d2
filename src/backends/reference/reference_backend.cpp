// The reference backend: one plain-loop kernel per op, the oracle every other backend is tested
// against. supports() accepts exactly the op/type combinations of docs/OPS.md.
#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"
#include "backends/registry.h"

namespace tforge::backends {
namespace reference {
namespace {

constexpr const char* kTactic = "reference";

std::unique_ptr<Kernel> makeKernel(const ir::Attrs& attrs, std::string& error) {
    switch (ir::kindOf(attrs)) {
#define TFORGE_REFERENCE_CASE(Name, AttrsType, ...) \
    case ir::OpKind::k##Name: return make##Name##Kernel(std::get<ir::AttrsType>(attrs), error);
        TFORGE_FOR_EACH_OP(TFORGE_REFERENCE_CASE)
#undef TFORGE_REFERENCE_CASE
    }
    error = "unknown op kind";
    return nullptr;
}

bool typeIs(DataType t, std::initializer_list<DataType> allowed) {
    for (DataType a : allowed)
        if (t == a) return true;
    return false;
}

bool checkOutputTypes(const NodeDesc& node, DataType out, std::string& why) {
    for (const ir::TensorDesc& o : node.outputs) {
        if (o.type != out) {
            why = std::string("output type ") + dataTypeName(o.type) + " should be " + dataTypeName(out);
            return false;
        }
    }
    return true;
}

bool checkTypesByShapeFunction(const NodeDesc& node, std::string& why) {
    for (const auto* list : {&node.inputs, &node.outputs})
        for (const ir::TensorDesc& t : *list)
            if (t.type == DataType::kHALF || t.type == DataType::kBF16) {
                why = typeNotSupported(t.type);
                return false;
            }
    std::vector<ir::TensorDesc> outs;
    if (!ir::inferShapes(*node.attrs, node.inputs, outs, why)) return false;
    for (size_t i = 0; i < outs.size() && i < node.outputs.size(); ++i)
        if (outs[i].type != node.outputs[i].type) {
            why = std::string("output type ") + dataTypeName(node.outputs[i].type) + " should be " +
                  dataTypeName(outs[i].type);
            return false;
        }
    return true;
}

// The OPS.md type table: which input type each op takes and which output type it then produces.
bool checkTypes(const NodeDesc& node, std::string& why) {
    const ir::OpKind kind = node.kind();
    DataType in = DataType::kFLOAT;
    if (kind == ir::OpKind::kConstant)
        in = std::get<ir::ConstantAttrs>(*node.attrs).weights.type;
    else if (!node.inputs.empty())
        in = node.inputs[0].type;
    for (size_t i = 1; i < node.inputs.size(); ++i) {
        if (node.inputs[i].type != in) {
            why = std::string("input ") + std::to_string(i) + " has type " + dataTypeName(node.inputs[i].type) +
                  ", input 0 has " + dataTypeName(in) + "; types must match";
            return false;
        }
    }
    DataType out = in;
    switch (kind) {
        case ir::OpKind::kElementWise:
            if (!elementWiseOutputType(std::get<ir::ElementWiseAttrs>(*node.attrs).op, in, out, why)) return false;
            break;
        case ir::OpKind::kCast:
            out = std::get<ir::CastAttrs>(*node.attrs).toType;
            return checkOutputTypes(node, out, why);
        case ir::OpKind::kReformat:
            out = std::get<ir::ReformatAttrs>(*node.attrs).toType;
            return checkOutputTypes(node, out, why);
        case ir::OpKind::kCopy:
            return checkOutputTypes(node, out, why);
        case ir::OpKind::kShuffle:
        case ir::OpKind::kConcatenation:
        case ir::OpKind::kConstant:
            if (!typeIs(in, {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL})) {
                why = typeNotSupported(in);
                return false;
            }
            break;
        case ir::OpKind::kConvolution:
        case ir::OpKind::kPooling:
        case ir::OpKind::kFullyConnected:
        case ir::OpKind::kMatrixMultiply:
        case ir::OpKind::kActivation:
        case ir::OpKind::kScale:
        case ir::OpKind::kSoftMax:
            if (in != DataType::kFLOAT) {
                why = typeNotSupported(in);
                return false;
            }
            break;
        default:
            // An op without a case here follows its shape function's type rule (so adding an op
            // needs no entry), except that the oracle computes in fp32: the builder converts
            // fp16/bf16 around it.
            return checkTypesByShapeFunction(node, why);
    }
    return checkOutputTypes(node, out, why);
}

class ReferenceBackend final : public Backend {
public:
    const char* name() const override { return "reference"; }
    TacticSource source() const override { return TacticSource::kREFERENCE; }
    DeviceType device() const override { return DeviceType::kCPU; }

    bool supports(const NodeDesc& node, std::string* why) const override {
        std::string reason;
        const bool ok = check(node, reason);
        if (!ok && why) *why = reason;
        return ok;
    }

    std::vector<std::string> tactics(const NodeDesc& node) const override {
        (void)node;
        return {kTactic};
    }

    std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                         std::string& error) const override {
        if (tactic != kTactic) {
            error = "reference backend has no tactic \"" + tactic + "\"";
            return nullptr;
        }
        if (!check(node, error)) return nullptr;
        return makeKernel(*node.attrs, error);
    }

private:
    static bool check(const NodeDesc& node, std::string& why) {
        if (node.attrs == nullptr) {
            why = "node has no attributes";
            return false;
        }
        // Kernels take the op's run-time inputs only: weight and shape inputs (Conv/FC input 1-2,
        // Shuffle input 1) are folded into the attributes by the builder's level-0 passes.
        const int32_t want = ir::expectedInputCount(node.kind());
        const auto n = static_cast<int32_t>(node.inputs.size());
        if (want == ir::kVariadic ? n < 1 : n != want) {
            why = std::string(ir::opKindName(node.kind())) + " takes " +
                  (want == ir::kVariadic ? std::string("at least 1") : std::to_string(want)) + " input(s), got " +
                  std::to_string(n);
            return false;
        }
        // The oracle reads and writes dense row-major memory only; the builder inserts Reformat
        // nodes (which the reference runs) around it for any other format.
        if (node.kind() != ir::OpKind::kReformat) {
            for (const auto& t : node.inputs)
                if (t.format != TensorFormat::kLINEAR) {
                    why = std::string("format ") + tensorFormatName(t.format) + " not supported (kLINEAR only)";
                    return false;
                }
            for (const auto& t : node.outputs)
                if (t.format != TensorFormat::kLINEAR) {
                    why = std::string("format ") + tensorFormatName(t.format) + " not supported (kLINEAR only)";
                    return false;
                }
        }
        if (node.outputs.size() > 1) {
            why = "expected 1 output, got " + std::to_string(node.outputs.size());
            return false;
        }
        if (!checkTypes(node, why)) return false;
        // The factories validate what needs no dims (enum values, blob types); building a kernel
        // here keeps that logic in one place and costs a shared_ptr copy.
        return makeKernel(*node.attrs, why) != nullptr;
    }
};

}  // namespace
}  // namespace reference

Backend* referenceBackend() {
    static reference::ReferenceBackend instance;
    return &instance;
}

}  // namespace tforge::backends
