// Entry points of shape inference: input count and dims checks, then per-op dispatch.
#include <new>
#include <type_traits>

#include "ir/shape/shape_common.h"

namespace tforge::ir {

int32_t expectedInputCount(OpKind kind) {
    switch (kind) {
        case OpKind::kConvolution:
        case OpKind::kPooling:
        case OpKind::kFullyConnected:
        case OpKind::kActivation:
        case OpKind::kScale:
        case OpKind::kSoftMax:
        case OpKind::kShuffle:
            return 1;
        case OpKind::kMatrixMultiply:
        case OpKind::kElementWise:
            return 2;
        case OpKind::kConstant:
            return 0;
        case OpKind::kConcatenation:
            return -1;
    }
    return 0;
}

namespace {

bool dispatch(const Attrs& attrs, const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out, std::string& err) {
    using namespace shape;
    return std::visit(
        [&](const auto& a) -> bool {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, ConvAttrs>)
                return inferConvolution(a, in, out, err);
            else if constexpr (std::is_same_v<A, PoolAttrs>)
                return inferPooling(a, in, out, err);
            else if constexpr (std::is_same_v<A, FullyConnectedAttrs>)
                return inferFullyConnected(a, in, out, err);
            else if constexpr (std::is_same_v<A, MatMulAttrs>)
                return inferMatrixMultiply(a, in, out, err);
            else if constexpr (std::is_same_v<A, ActivationAttrs>)
                return inferActivation(a, in, out, err);
            else if constexpr (std::is_same_v<A, ElementWiseAttrs>)
                return inferElementWise(a, in, out, err);
            else if constexpr (std::is_same_v<A, ScaleAttrs>)
                return inferScale(a, in, out, err);
            else if constexpr (std::is_same_v<A, SoftMaxAttrs>)
                return inferSoftMax(a, in, out, err);
            else if constexpr (std::is_same_v<A, ShuffleAttrs>)
                return inferShuffle(a, in, out, err);
            else if constexpr (std::is_same_v<A, ConcatAttrs>)
                return inferConcatenation(a, in, out, err);
            else
                return inferConstant(a, in, out, err);
        },
        attrs);
}

bool inferChecked(const Attrs& attrs, const std::vector<TensorDesc>& inputs, std::vector<TensorDesc>& outputs,
                  std::string& error) {
    using shape::cat;
    if (attrs.valueless_by_exception()) {
        error = "operation has no attributes";
        return false;
    }
    const OpKind kind = kindOf(attrs);
    const int32_t want = expectedInputCount(kind);
    if (want >= 0 && inputs.size() != static_cast<size_t>(want)) {
        error = cat(opKindName(kind), " takes ", want, want == 1 ? " input" : " inputs", ", got ", inputs.size());
        return false;
    }
    if (want < 0 && inputs.empty()) {
        error = cat(opKindName(kind), " takes at least 1 input, got 0");
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
