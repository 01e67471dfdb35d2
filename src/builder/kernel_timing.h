// Timing one kernel on its device with random inputs at given shapes (the autotuner's measurement).
#pragma once
#include <vector>

#include "backends/backend.h"

namespace tforge::builder {

//! Best wall time in seconds of `k` run on `device` with fresh random inputs of `inputs` shapes/types
//! /formats (constants: their real data from `constantData`, nullptr where not constant) and outputs
//! `outputs`; negative if the kernel fails. Inputs are never all zeros.
double timeKernel(const backends::Kernel& k, backends::Device& device, const std::vector<backends::TensorView>& inputs,
                  const std::vector<const void*>& constantData, const std::vector<backends::TensorView>& outputs);

}  // namespace tforge::builder
