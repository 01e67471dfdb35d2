// Concrete shapes of every tensor of a program for given input shapes (run time and build time).
#pragma once
#include <string>
#include <vector>

#include "ir/program.h"

namespace tforge::ir {

//! inputDims[i] is the shape of program.inputs[i]. Fills dims for every tensor (indexed like
//! program.tensors). Returns false with "Layer \"name\": why" if a layer rejects its inputs.
bool inferProgramShapes(const Program& program, const std::vector<Dims>& inputDims, std::vector<Dims>& dims,
                        std::string& error);

}  // namespace tforge::ir
