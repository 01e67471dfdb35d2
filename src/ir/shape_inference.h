// Shape and type inference plus attribute validation for every op.
// The same function serves the network definition (dims may be -1) and the runtime (concrete dims).
#pragma once
#include <string>
#include <vector>

#include "ir/attrs.h"

namespace tforge::ir {

struct TensorDesc {
    Dims dims;
    DataType type{DataType::kFLOAT};
    TensorFormat format{TensorFormat::kLINEAR};  // memory layout; dims stay logical
};

//! Checks the op's attributes against its inputs and computes its outputs.
//! On failure returns false and sets `error` to a sentence naming the problem with the offending
//! values, e.g. "kernel 5x5 larger than padded input 3x3 (input [1,20,3,3])". The caller prefixes
//! the layer name. Where an input extent is -1, dependent output extents are -1 and checks that
//! need the extent are deferred (they run again at execution with concrete dims).
bool inferShapes(const Attrs& attrs, const std::vector<TensorDesc>& inputs, std::vector<TensorDesc>& outputs,
                 std::string& error);

//! Number of inputs the op takes: exact for most ops, -1 for variadic (Concatenation: >= 1).
int32_t expectedInputCount(OpKind kind);

}  // namespace tforge::ir
