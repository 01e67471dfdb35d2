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
        case ir::OpKind::kConvolution:
            return makeConvolutionKernel(std::get<ir::ConvAttrs>(attrs), error);
        case ir::OpKind::kPooling:
            return makePoolingKernel(std::get<ir::PoolAttrs>(attrs), error);
        case ir::OpKind::kFullyConnected:
            return makeFullyConnectedKernel(std::get<ir::FullyConnectedAttrs>(attrs), error);
        case ir::OpKind::kMatrixMultiply:
            return makeMatrixMultiplyKernel(std::get<ir::MatMulAttrs>(attrs), error);
        case ir::OpKind::kActivation:
            return makeActivationKernel(std::get<ir::ActivationAttrs>(attrs), error);
        case ir::OpKind::kElementWise:
            return makeElementWiseKernel(std::get<ir::ElementWiseAttrs>(attrs), error);
        case ir::OpKind::kScale:
            return makeScaleKernel(std::get<ir::ScaleAttrs>(attrs), error);
        case ir::OpKind::kSoftMax:
            return makeSoftMaxKernel(std::get<ir::SoftMaxAttrs>(attrs), error);
        case ir::OpKind::kShuffle:
            return makeShuffleKernel(std::get<ir::ShuffleAttrs>(attrs), error);
        case ir::OpKind::kConcatenation:
            return makeConcatenationKernel(std::get<ir::ConcatAttrs>(attrs), error);
        case ir::OpKind::kConstant:
            return makeConstantKernel(std::get<ir::ConstantAttrs>(attrs), error);
    }
    error = "unknown op kind";
    return nullptr;
}

// Number of inputs (-1: at least one), per OPS.md.
int inputCount(ir::OpKind k) {
    switch (k) {
        case ir::OpKind::kMatrixMultiply:
        case ir::OpKind::kElementWise:
            return 2;
        case ir::OpKind::kConcatenation:
            return -1;
        case ir::OpKind::kConstant:
            return 0;
        default:
            return 1;
    }
}

bool typeIs(DataType t, std::initializer_list<DataType> allowed) {
    for (DataType a : allowed)
        if (t == a) return true;
    return false;
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
        case ir::OpKind::kShuffle:
        case ir::OpKind::kConcatenation:
        case ir::OpKind::kConstant:
            if (!typeIs(in, {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL})) {
                why = typeNotSupported(in);
                return false;
            }
            break;
        default:
            if (in != DataType::kFLOAT) {
                why = typeNotSupported(in);
                return false;
            }
    }
    for (const ir::TensorDesc& o : node.outputs) {
        if (o.type != out) {
            why = std::string("output type ") + dataTypeName(o.type) + " should be " + dataTypeName(out);
            return false;
        }
    }
    return true;
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
        const int n = inputCount(node.kind());
        if (n < 0 ? node.inputs.empty() : node.inputs.size() != static_cast<size_t>(n)) {
            why = std::string(ir::opKindName(node.kind())) + " takes " +
                  (n < 0 ? std::string("at least 1") : std::to_string(n)) + " input(s), got " +
                  std::to_string(node.inputs.size());
            return false;
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
