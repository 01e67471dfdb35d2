// Tensor memory formats: how logical dims (..., C, H, W) map to memory for each TensorFormat the
// kernels' contract covers. Dims stay logical everywhere; only storage size and offsets differ.
//   kLINEAR            row-major
//   kHWC               channels last over the last three dims: [..., H, W, C]
//   kHWC8 / kHWC16     channels last with C padded to a multiple of 8 / 16
//   kCHW2/4/16/32      channel-blocked: [..., ceil(C/k), H, W, k] (kCHW16 is oneDNN's nChw16c)
// Padding elements (blocked and padded formats) are written as zero by every producer.
#pragma once
#include <cstdint>

#include "tensorforge/types.h"

namespace tforge::ir {

//! Whether the kernels' contract covers `f` for tensors of this rank (non-linear formats need rank >= 3).
bool formatSupported(TensorFormat f, int32_t rank);
//! Channel block/padding multiple of a format: 1 (linear, HWC), 2, 4, 8, 16 or 32.
int32_t formatBlock(TensorFormat f);
//! Elements a tensor with concrete `d` occupies in `f` (padding included).
int64_t storageVolume(const Dims& d, TensorFormat f);
//! Element offset of the logical index `idx` (one entry per dim) in format `f`.
int64_t storageOffset(const Dims& d, TensorFormat f, const int64_t* idx);

}  // namespace tforge::ir
