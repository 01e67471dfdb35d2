// fp16/bf16 storage with fp32 math for every CPU kernel: the node's reduced-precision float inputs are
// widened into the workspace, the fp32 kernel runs, its outputs are narrowed back. What the builder
// gains: tensors between layers in half the bytes, and a kFP16/kBF16 network that really stores
// reduced precision. Fast native reduced-precision kernels replace this per op later (CPU speed issue).
#pragma once
#include <memory>

#include "backends/backend.h"

namespace tforge::backends::cpu {

// hasReducedFloat and promoted (backends/backend.h) say which nodes this applies to and how.
//! The I/O options of a float node: its own types, then all-fp16, then all-bf16 float tensors.
std::vector<IoFormat> reducedStorageFormats(const NodeDesc& node);
//! Wraps `inner` (built for promoted(node)) so it reads and writes node's own types.
std::unique_ptr<Kernel> wrapReducedStorage(const NodeDesc& node, std::unique_ptr<Kernel> inner);

}  // namespace tforge::backends::cpu
