// One valid sample per op of the op table (attributes + input descriptions): the "test shapes" an op
// brings. The switch has no default, so a new op-table entry is a -Wswitch error here until it has one;
// tests/unit/ops_table runs every sample through shape inference, the reference and the plan.
#pragma once
#include <string>
#include <vector>

#include "ir/attrs.h"
#include "ir/dims_util.h"
#include "ir/shape_inference.h"

namespace tftest {

struct OpSample {
    tforge::ir::Attrs attrs;
    std::vector<tforge::ir::TensorDesc> inputs;
};

inline tforge::ir::Blob sampleBlob(int64_t n, float start = 0.25f) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + 0.125f * static_cast<float>(i % 7) - 0.3f;
    return tforge::ir::Blob::copyOf(tforge::DataType::kFLOAT, v.data(), n);
}

inline OpSample opSample(tforge::ir::OpKind k) {
    using namespace tforge;
    using namespace tforge::ir;
    const TensorDesc x4{makeDims({2, 3, 5, 7}), DataType::kFLOAT};
    switch (k) {
        case OpKind::kConvolution: {
            ConvAttrs a;
            a.nbOutputMaps = 4;
            a.kernelSize = makeDims({3, 3});
            a.kernel = sampleBlob(4 * 3 * 3 * 3);
            a.bias = sampleBlob(4);
            return {a, {x4}};
        }
        case OpKind::kPooling: {
            PoolAttrs a;
            a.windowSize = makeDims({2, 2});
            a.stride = makeDims({2, 2});
            return {a, {x4}};
        }
        case OpKind::kFullyConnected: {
            FullyConnectedAttrs a;
            a.nbOutputs = 6;
            a.kernel = sampleBlob(6 * 3 * 5 * 7);
            return {a, {x4}};
        }
        case OpKind::kMatrixMultiply:
            return {MatMulAttrs{}, {{makeDims({2, 3, 5}), DataType::kFLOAT}, {makeDims({2, 5, 4}), DataType::kFLOAT}}};
        case OpKind::kActivation:
            return {ActivationAttrs{ActivationType::kTANH, 0.f, 0.f}, {x4}};
        case OpKind::kElementWise:
            return {ElementWiseAttrs{ElementWiseOperation::kSUM}, {x4, {makeDims({3, 1, 7}), DataType::kFLOAT}}};
        case OpKind::kScale: {
            ScaleAttrs a;
            a.mode = ScaleMode::kCHANNEL;
            a.scale = sampleBlob(3);
            a.shift = sampleBlob(3, 1.f);
            return {a, {x4}};
        }
        case OpKind::kSoftMax:
            return {SoftMaxAttrs{1u << 1}, {x4}};
        case OpKind::kShuffle: {
            ShuffleAttrs a;
            a.firstTranspose.order[0] = 1;
            a.firstTranspose.order[1] = 0;
            return {a, {x4}};
        }
        case OpKind::kConcatenation:
            return {ConcatAttrs{1}, {x4, {makeDims({2, 2, 5, 7}), DataType::kFLOAT}}};
        case OpKind::kConstant: {
            ConstantAttrs a;
            a.dims = makeDims({2, 3});
            a.weights = sampleBlob(6);
            return {a, {}};
        }
        case OpKind::kCast:
            return {CastAttrs{DataType::kHALF}, {x4}};
        case OpKind::kReformat:
            return {ReformatAttrs{TensorFormat::kLINEAR, TensorFormat::kCHW4, DataType::kFLOAT}, {x4}};
        case OpKind::kCopy:
            return {CopyAttrs{DeviceType::kCPU, DeviceType::kCPU}, {x4}};
    }
    return {};
}

}  // namespace tftest
