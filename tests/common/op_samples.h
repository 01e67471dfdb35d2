// The test data every op of the op table brings, in one place: a valid sample (attributes + input
// descriptions) and attributes with every field non-default. The switches have no default, so a new
// op-table entry is a -Wswitch error here until it has both; tests/unit/ops_table runs every sample
// through shape inference, the reference and the plan, tests/plan round-trips the non-default ones,
// and the shape fuzzer starts from the samples for ops it has no generator for.
#pragma once
#include <gtest/gtest.h>

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
        // ---- math family: samples (begin)
        // ---- math family (end)
        // ---- reduce family: samples (begin)
        // ---- reduce family (end)
        // ---- shape family: samples (begin)
        // ---- shape family (end)
        // ---- index family: samples (begin)
        // ---- index family (end)
        // ---- control family: samples (begin)
        // ---- control family (end)
        case OpKind::kCopy:
            return {CopyAttrs{DeviceType::kCPU, DeviceType::kCPU}, {x4}};
    }
    return {};
}

//! Attributes of kind `k` with a non-default value in every field, so each visit() is covered by the
//! plan round trip (tests/plan/roundtrip_test.cpp). No default: a new op is a -Wswitch error here.
inline tforge::ir::Attrs opNonDefaultAttrs(tforge::ir::OpKind k) {
    using namespace tforge;
    namespace ir = tforge::ir;
    auto floats = [](int64_t n, float seed) { return sampleBlob(n, seed); };
    switch (k) {
        case ir::OpKind::kConvolution: {
            ir::ConvAttrs conv;
            conv.nbOutputMaps = 2;
            conv.nbGroups = 2;
            conv.kernelSize = Dims2(1, 3);
            conv.stride = Dims2(2, 1);
            conv.prePadding = Dims2(0, 1);
            conv.postPadding = Dims2(1, 0);
            conv.dilation = Dims2(1, 2);
            conv.paddingMode = PaddingMode::kEXPLICIT_ROUND_UP;
            conv.kernel = floats(2 * 2 * 1 * 3, 9.f);
            conv.bias = floats(2, 8.f);
            conv.post = ir::PostOp{true, ActivationType::kELU, 0.5f, 0.f};
            return conv;
        }
        case ir::OpKind::kPooling: {
            ir::PoolAttrs pool;
            pool.type = PoolingType::kMAX_AVERAGE_BLEND;
            pool.windowSize = Dims2(2, 3);
            pool.stride = Dims2(2, 2);
            pool.prePadding = Dims2(0, 1);
            pool.postPadding = Dims2(1, 0);
            pool.paddingMode = PaddingMode::kSAME_LOWER;
            pool.blendFactor = 0.375f;
            pool.averageCountExcludesPadding = false;
            return pool;
        }
        case ir::OpKind::kFullyConnected: {
            ir::FullyConnectedAttrs fc;
            fc.nbOutputs = 3;
            fc.kernel = floats(3 * 4, 6.f);
            fc.post = ir::PostOp{true, ActivationType::kHARD_SIGMOID, 0.2f, 0.5f};
            return fc;
        }
        case ir::OpKind::kMatrixMultiply: {
            ir::MatMulAttrs mm;
            mm.op0 = MatrixOperation::kTRANSPOSE;
            mm.op1 = MatrixOperation::kVECTOR;
            return mm;
        }
        case ir::OpKind::kActivation: {
            ir::ActivationAttrs act;
            act.type = ActivationType::kSCALED_TANH;
            act.alpha = 1.5f;
            act.beta = -0.25f;
            return act;
        }
        case ir::OpKind::kElementWise: {
            ir::ElementWiseAttrs ew;
            ew.op = ElementWiseOperation::kLESS;
            return ew;
        }
        case ir::OpKind::kScale: {
            ir::ScaleAttrs scale;
            scale.mode = ScaleMode::kCHANNEL;
            scale.shift = floats(3, 5.f);
            scale.scale = floats(3, 7.f);
            scale.power = ir::Blob::copyOf(DataType::kHALF, "\x01\x02\x03\x04\x05\x06", 3);
            scale.channelAxis = 2;
            return scale;
        }
        case ir::OpKind::kSoftMax: {
            ir::SoftMaxAttrs sm;
            sm.axes = 1u << 3;
            return sm;
        }
        case ir::OpKind::kShuffle: {
            ir::ShuffleAttrs sh;
            std::swap(sh.firstTranspose.order[0], sh.firstTranspose.order[2]);
            sh.hasReshape = true;
            sh.reshapeDims = Dims3(0, -1, 12);
            std::swap(sh.secondTranspose.order[1], sh.secondTranspose.order[7]);
            sh.zeroIsPlaceholder = false;
            return sh;
        }
        case ir::OpKind::kConcatenation: {
            ir::ConcatAttrs cat;
            cat.axis = -1;
            return cat;
        }
        case ir::OpKind::kConstant: {
            ir::ConstantAttrs c;
            c.dims = Dims2(2, 3);
            c.weights = ir::Blob::copyOf(DataType::kINT32, "abcdefghijklmnopqrstuvwx", 6);
            return c;
        }
        case ir::OpKind::kCast: {
            ir::CastAttrs cast;
            cast.toType = DataType::kBF16;
            return cast;
        }
        case ir::OpKind::kReformat: {
            ir::ReformatAttrs rf;
            rf.fromFormat = TensorFormat::kCHW16;
            rf.toFormat = TensorFormat::kHWC8;
            rf.toType = DataType::kHALF;
            return rf;
        }
        // ---- math family: non-default attrs (begin)
        // ---- math family (end)
        // ---- reduce family: non-default attrs (begin)
        // ---- reduce family (end)
        // ---- shape family: non-default attrs (begin)
        // ---- shape family (end)
        // ---- index family: non-default attrs (begin)
        // ---- index family (end)
        // ---- control family: non-default attrs (begin)
        // ---- control family (end)
        case ir::OpKind::kCopy: {
            ir::CopyAttrs copy;
            copy.from = DeviceType::kTEST;
            copy.to = DeviceType::kCPU;
            return copy;
        }
    }
    ADD_FAILURE() << "no attributes for op kind " << static_cast<int>(k);
    return ir::Attrs{};
}

}  // namespace tftest
