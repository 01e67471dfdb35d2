// Entry points of shape inference: input count and dims checks, then per-op dispatch.
#include <new>
#include <type_traits>

#include "ir/shape/shape_common.h"

namespace tforge::ir {

int32_t expectedInputCount(OpKind kind) {
    const OpInfo& info = opInfo(kind);
    return info.maxInputs == kVariadic ? kVariadic : info.minInputs;
}

bool isBuildTimeInput(OpKind kind, size_t index) {
    const OpInfo& info = opInfo(kind);
    return info.maxInputs != kVariadic && index >= static_cast<size_t>(info.minInputs) &&
           index < static_cast<size_t>(info.maxInputs);
}

namespace {

bool dispatch(const Attrs& attrs, const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out, std::string& err) {
    switch (kindOf(attrs)) {
#define TFORGE_OP_INFER_CASE(Name, AttrsType, ...) \
    case OpKind::k##Name: return shape::infer##Name(std::get<AttrsType>(attrs), in, out, err);
        TFORGE_FOR_EACH_OP(TFORGE_OP_INFER_CASE)
#undef TFORGE_OP_INFER_CASE
    }
    err = "unknown operation";
    return false;
}

bool inferChecked(const Attrs& attrs, const std::vector<TensorDesc>& inputs, std::vector<TensorDesc>& outputs,
                  std::string& error) {
    using shape::cat;
    if (attrs.valueless_by_exception()) {
        error = "operation has no attributes";
        return false;
    }
    const OpKind kind = kindOf(attrs);
    const OpInfo& info = opInfo(kind);
    const auto n = static_cast<int32_t>(inputs.size());
    if (info.maxInputs == info.minInputs && n != info.minInputs) {  // "takes 1 input, got 2"
        error = cat(info.name, " takes ", info.minInputs, info.minInputs == 1 ? " input" : " inputs", ", got ", n);
        return false;
    }
    if (n < info.minInputs) {
        error = cat(info.name, " takes at least ", info.minInputs, info.minInputs == 1 ? " input" : " inputs",
                    ", got ", n);
        return false;
    }
    if (info.maxInputs != kVariadic && n > info.maxInputs) {
        error = cat(info.name, " takes at most ", info.maxInputs, " inputs, got ", n);
        return false;
    }
    // Every per-op function may index dims freely once these hold.
    for (size_t i = 0; i < inputs.size(); ++i)
        if (!shape::checkTensorDims(inputs[i].dims, cat("input ", i), true, error)) return false;
    if (!dispatch(attrs, inputs, outputs, error)) return false;
    // Outputs can grow past the limits (concatenation, ROUND_UP with large padding, broadcasting).
    for (const TensorDesc& o : outputs)
        if (!shape::checkTensorDims(o.dims, "output", true, error)) return false;
    return true;
}

}  // namespace

bool inferShapes(const Attrs& attrs, const std::vector<TensorDesc>& inputs, std::vector<TensorDesc>& outputs,
                 std::string& error) {
    outputs.clear();
    error.clear();
    bool ok = false;
    try {
        ok = inferChecked(attrs, inputs, outputs, error);
    } catch (const std::exception& e) {  // only std::bad_alloc from message strings is possible
        error = std::string("shape inference failed: ") + e.what();
        ok = false;
    } catch (...) {
        error = "shape inference failed with an unknown exception";
        ok = false;
    }
    if (!ok) outputs.clear();
    return ok;
}

}  // namespace tforge::ir
