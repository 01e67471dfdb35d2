// THE op table: one line per IR operation. The op enum, its names, its LayerType, its arity, the
// Attrs variant, shape-inference dispatch, plan (de)serialization, the reference backend's factory
// dispatch and the lists that tests iterate are all expanded from this one list (docs/ARCHITECTURE.md
// "How to add an op"). A name here that lacks its pieces is a compile or link error:
//   shape::infer<Name>(const Attrs&, inputs, outputs, error)   src/ir/shape/infer_<name>.cpp
//   reference::make<Name>Kernel(const Attrs&, error)            src/backends/reference/reference_<name>.cpp
//
// X(Name, AttrsType, LayerType, MinInputs, MaxInputs, NbOutputs, AddMethod)
//   LayerType  the public ILayer::getType() value, or INTERNAL for ops only the builder creates
//   MaxInputs  kVariadic for "any number >= MinInputs"
//   AddMethod  the INetworkDefinition method that creates it ("" for internal ops); Python's name is
//              its snake_case form, which tests/python checks
#pragma once

#define TFORGE_FOR_EACH_OP(X)                                                                         \
    X(Convolution, ConvAttrs, CONVOLUTION, 1, 1, 1, "addConvolutionNd")                                \
    X(Pooling, PoolAttrs, POOLING, 1, 1, 1, "addPoolingNd")                                            \
    X(FullyConnected, FullyConnectedAttrs, FULLY_CONNECTED, 1, 1, 1, "addFullyConnected")              \
    X(MatrixMultiply, MatMulAttrs, MATRIX_MULTIPLY, 2, 2, 1, "addMatrixMultiply")                      \
    X(Activation, ActivationAttrs, ACTIVATION, 1, 1, 1, "addActivation")                               \
    X(ElementWise, ElementWiseAttrs, ELEMENTWISE, 2, 2, 1, "addElementWise")                           \
    X(Scale, ScaleAttrs, SCALE, 1, 1, 1, "addScaleNd")                                                 \
    X(SoftMax, SoftMaxAttrs, SOFTMAX, 1, 1, 1, "addSoftMax")                                           \
    X(Shuffle, ShuffleAttrs, SHUFFLE, 1, 1, 1, "addShuffle")                                           \
    X(Concatenation, ConcatAttrs, CONCATENATION, 1, kVariadic, 1, "addConcatenation")                  \
    X(Constant, ConstantAttrs, CONSTANT, 0, 0, 1, "addConstant")                                       \
    X(Cast, CastAttrs, CAST, 1, 1, 1, "addCast")                                                       \
    X(Reformat, ReformatAttrs, INTERNAL, 1, 1, 1, "")                                                  \
    X(Copy, CopyAttrs, INTERNAL, 1, 1, 1, "")
