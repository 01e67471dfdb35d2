// Small helpers on Dims used everywhere (volume, printing, comparison).
#pragma once
#include <string>

#include "tensorforge/types.h"

namespace tforge::ir {

Dims makeDims(std::initializer_list<int64_t> v);
//! Product of extents; -1 if any extent is dynamic; 1 for a scalar (nbDims == 0).
int64_t volume(const Dims& d);
bool hasDynamic(const Dims& d);
bool sameDims(const Dims& a, const Dims& b);
//! "[1,20,24,24]" (-1 printed as -1)
std::string toString(const Dims& d);
//! Row-major strides of a concrete shape.
void strides(const Dims& d, int64_t* out);

}  // namespace tforge::ir
