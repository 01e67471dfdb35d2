// THE op table: one line per IR operation. The op enum, its names, its LayerType, its arity, the
// Attrs variant, shape-inference dispatch, plan (de)serialization, the reference backend's factory
// dispatch and the lists that tests iterate are all expanded from this one list (docs/ARCHITECTURE.md
// "How to add an op"). A name here that lacks its pieces is a compile or link error:
//   shape::infer<Name>(const Attrs&, inputs, outputs, error)   src/ir/shape/infer_<name>.cpp
//   reference::make<Name>Kernel(const Attrs&, error)            src/backends/reference/reference_<name>.cpp
//
// X(Name, AttrsType, LayerType, MinInputs, MaxInputs, NbOutputs, AddMethod, PythonMethod)
//   LayerType  the public ILayer::getType() value, or INTERNAL for ops only the builder creates
//   MaxInputs  kVariadic for "any number >= MinInputs". Inputs past MinInputs of a non-variadic op
//              are build-time inputs (Convolution/FullyConnected: 1 = kernel, 2 = bias; Shuffle:
//              1 = reshape dims) that passes fold into the attributes: kernels take MinInputs
//              (ir::expectedInputCount)
//   AddMethod  the INetworkDefinition method that creates it ("" for internal ops)
//   PythonMethod  its Python binding (TensorRT's spelling: add_elementwise, add_softmax); the op-table
//              test checks that python/src binds it
#pragma once

#define TFORGE_OPS_CORE(X)                                                                                          \
    X(Convolution, ConvAttrs, CONVOLUTION, 1, 3, 1, "addConvolutionNd", "add_convolution_nd")                          \
    X(Pooling, PoolAttrs, POOLING, 1, 1, 1, "addPoolingNd", "add_pooling_nd")                                          \
    X(FullyConnected, FullyConnectedAttrs, FULLY_CONNECTED, 1, 3, 1, "addFullyConnected", "add_fully_connected")       \
    X(MatrixMultiply, MatMulAttrs, MATRIX_MULTIPLY, 2, 2, 1, "addMatrixMultiply", "add_matrix_multiply")               \
    X(Activation, ActivationAttrs, ACTIVATION, 1, 1, 1, "addActivation", "add_activation")                             \
    X(ElementWise, ElementWiseAttrs, ELEMENTWISE, 2, 2, 1, "addElementWise", "add_elementwise")                        \
    X(Scale, ScaleAttrs, SCALE, 1, 1, 1, "addScaleNd", "add_scale_nd")                                                 \
    X(SoftMax, SoftMaxAttrs, SOFTMAX, 1, 1, 1, "addSoftMax", "add_softmax")                                            \
    X(Shuffle, ShuffleAttrs, SHUFFLE, 1, 2, 1, "addShuffle", "add_shuffle")                                            \
    X(Concatenation, ConcatAttrs, CONCATENATION, 1, kVariadic, 1, "addConcatenation", "add_concatenation")             \
    X(Constant, ConstantAttrs, CONSTANT, 0, 0, 1, "addConstant", "add_constant")                                       \
    X(Cast, CastAttrs, CAST, 1, 1, 1, "addCast", "add_cast")                                                           \
    X(Reformat, ReformatAttrs, INTERNAL, 1, 1, 1, "", "")                                                              \
    X(Copy, CopyAttrs, INTERNAL, 1, 1, 1, "", "")

// Families, each its own list so that ops are added side by side without touching each other's lines.
// New ops go at the end of their family; families only ever grow at the end (plans store OpKind values,
// so the order of existing entries never changes).
//   math:    elementwise-style math (Unary, Select, Identity, ParametricReLU, Fill, Cumulative, ...)
//   reduce:  reductions and normalizations (Reduce, Normalization, TopK, LRN, RaggedSoftMax, Attention)
//   shape:   shape and data movement (Shape, Gather, Slice, Padding, Squeeze, Unsqueeze, ...)
//   index:   indexing, resampling and the rest (Deconvolution, Resize, Scatter, OneHot, ...)
//   control: control flow and data-dependent shapes (Loop, IfConditional, NonZero, NMS, Assertion)
#define TFORGE_OPS_MATH(X)
#define TFORGE_OPS_REDUCE(X)
#define TFORGE_OPS_SHAPE(X)
#define TFORGE_OPS_INDEX(X)
#define TFORGE_OPS_CONTROL(X)

#define TFORGE_FOR_EACH_OP(X)                                                                          \
    TFORGE_OPS_CORE(X) TFORGE_OPS_MATH(X) TFORGE_OPS_REDUCE(X) TFORGE_OPS_SHAPE(X) TFORGE_OPS_INDEX(X) \
        TFORGE_OPS_CONTROL(X)
