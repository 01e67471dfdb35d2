// Checks and index helpers shared by the reference kernels. Every kernel validates its run-time
// views with these before touching memory, so a bad call returns false with a message, never crashes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "ir/dims_util.h"

namespace tforge::backends::reference {

//! The contract's wording for an unsupported element type: "type kHALF not supported".
std::string typeNotSupported(DataType t);

//! Exactly nIn inputs (nIn < 0: at least one) and nOut outputs.
bool checkArity(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, int nIn, int nOut,
                std::string& error);

//! A run-time tensor has the given type, concrete non-negative dims and data when non-empty.
bool checkTensor(const TensorView& t, DataType type, const std::string& role, std::string& error);

//! The output's dims equal what the op's semantics give for these inputs. The caller's shape
//! inference set them; the oracle recomputes them because a disagreement is a bug worth reporting
//! and because the loops index the output with these extents.
bool checkOutputDims(const TensorView& out, const Dims& expected, std::string& error);

//! Numpy broadcast of two shapes (OPS.md "ElementWise"); error names both shapes.
bool broadcastDims(const Dims& a, const Dims& b, Dims& out, std::string& error);

//! Row-major strides of `in` right-aligned into a shape of rank outRank, 0 where `in` is 1
//! (broadcast) or absent, so that offset = sum(index[i] * st[i]) over the output's index.
void broadcastStrides(const Dims& in, int32_t outRank, int64_t* st);

//! Advances a row-major multi-index over `d`; false once every index has been visited.
bool nextIndex(const Dims& d, int64_t* idx);

//! Dims d[begin..end).
Dims subDims(const Dims& d, int32_t begin, int32_t end);

//! Product of d[begin..end) (1 when empty); dims must be concrete.
int64_t volumeOf(const Dims& d, int32_t begin, int32_t end);

}  // namespace tforge::backends::reference
