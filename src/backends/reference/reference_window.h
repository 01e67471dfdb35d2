// Sliding-window geometry shared by Convolution and Pooling: per spatial dim the effective kernel,
// stride, pre/post padding and output extent, following OPS.md's padding modes exactly.
#pragma once
#include <cstdint>
#include <string>

#include "tensorforge/types.h"

namespace tforge::backends::reference {

struct WindowGeometry {
    int32_t k{0};  // number of spatial dims (1..3)
    int64_t in[3]{}, kernel[3]{}, stride[3]{}, dilation[3]{}, pre[3]{}, post[3]{}, out[3]{};
};

//! Computes the geometry for input [N, C, s1..sk] (k = kernel.nbDims). stride/dilation/pre/post may
//! be empty (all 1 / all 0) or have k dims; `dilation` may be null (pooling: all 1). SAME_* modes
//! ignore the explicit pads. Returns false with a message naming the offending values.
bool computeWindowGeometry(const Dims& input, const Dims& kernel, const Dims& stride, const Dims* dilation,
                           const Dims& prePadding, const Dims& postPadding, PaddingMode mode, WindowGeometry& g,
                           std::string& error);

//! Dims [N, channels, out1..outk] for this geometry.
Dims windowOutputDims(const WindowGeometry& g, int64_t batch, int64_t channels);

//! The same geometry as exactly 3 spatial dims, the missing leading ones being extent-1 dims with a
//! 1-wide window, so one 3-deep loop nest serves 1-D, 2-D and 3-D windows alike.
WindowGeometry as3D(const WindowGeometry& g);

}  // namespace tforge::backends::reference
