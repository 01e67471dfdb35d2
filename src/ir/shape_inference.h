// Shape and type inference plus attribute validation for every op.
// The same function serves the network definition (dims may be -1) and the runtime (concrete dims).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ir/attrs.h"

namespace tforge::ir {

struct TensorDesc {
    Dims dims;
    DataType type{DataType::kFLOAT};
    TensorFormat format{TensorFormat::kLINEAR};  // memory layout; dims stay logical
    //! Value propagation (network definition only): the element values of a small int32/int64
    //! tensor known at build time (a Constant and what ElementWise, Concatenation, Shuffle and Cast
    //! compute from such tensors), row-major, values.size() == volume(dims). Shape tensors (a
    //! Shuffle's input 1) are read from here. The builder's and runtime's shape inference leave it
    //! empty: by then passes have folded such inputs into attributes.
    bool hasValues{false};
    std::vector<int64_t> values{};
};

//! The most elements a tensor's values are propagated for (shape tensors are small).
constexpr int64_t kMaxPropagatedValues = 64;

//! Checks the op's attributes against its inputs and computes its outputs.
//! On failure returns false and sets `error` to a sentence naming the problem with the offending
//! values, e.g. "kernel 5x5 larger than padded input 3x3 (input [1,20,3,3])". The caller prefixes
//! the layer name. Where an input extent is -1, dependent output extents are -1 and checks that
//! need the extent are deferred (they run again at execution with concrete dims).
bool inferShapes(const Attrs& attrs, const std::vector<TensorDesc>& inputs, std::vector<TensorDesc>& outputs,
                 std::string& error);

//! Number of inputs the op's kernels take: exact for most ops, -1 for variadic (Concatenation:
//! >= 1). For an op with optional build-time inputs (op table: MinInputs < MaxInputs, not
//! variadic: Convolution/FullyConnected weights, Shuffle's reshape dims) it is MinInputs: passes fold
//! those inputs into the attributes, and a backend must refuse a node that still has them.
int32_t expectedInputCount(OpKind kind);

//! True for an input slot that only the network definition and passes see: folded into the
//! attributes before the kernels run (Convolution/FullyConnected 1 = kernel, 2 = bias; Shuffle 1).
bool isBuildTimeInput(OpKind kind, size_t index);

}  // namespace tforge::ir
