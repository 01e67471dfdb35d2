// Typed attributes of every IR operation (one struct per op, no integer keys or strings).
// Each struct's visit() lists its fields once; the plan writer/reader and equality use it.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "ir/blob.h"
#include "ir/op_table.h"
#include "tensorforge/types.h"

namespace tforge::ir {

//! Arity marker of the op table: any number of inputs >= the minimum.
constexpr int32_t kVariadic = -1;

enum class OpKind : int32_t {
#define TFORGE_OP_ENUM(Name, ...) k##Name,
    TFORGE_FOR_EACH_OP(TFORGE_OP_ENUM)
#undef TFORGE_OP_ENUM
};
#define TFORGE_OP_COUNT(...) +1
constexpr int32_t kNbOpKinds = 0 TFORGE_FOR_EACH_OP(TFORGE_OP_COUNT);
#undef TFORGE_OP_COUNT

//! What the op table says about one op.
struct OpInfo {
    const char* name;      // "Convolution"
    LayerType layerType;   // public kind; meaningless when internal
    bool internal;         // created only by the builder (reformats, copies)
    int32_t minInputs, maxInputs, nbOutputs;  // maxInputs == kVariadic: unbounded
    const char* addMethod; // "addConvolutionNd", "" for internal ops
    const char* pythonMethod;  // "add_convolution_nd"
};
const OpInfo& opInfo(OpKind k);
const char* opKindName(OpKind k);
//! The op named `name` (plans store ops by name, so that the table can grow in any family).
bool opKindFromName(const std::string& name, OpKind& kind);
//! Whether `k` is a value of OpKind (plan loading and tests check foreign values with it).
inline bool isOpKind(int32_t k) { return k >= 0 && k < kNbOpKinds; }

//! The values an enum field of an attrs struct may hold (the plan reader refuses others). An attrs
//! struct with a new enum type adds its line here, next to the structs; nothing else lists it.
template <class E>
struct EnumRange;
#define TFORGE_ENUM_RANGE(E, lo, hi)                    \
    template <>                                         \
    struct EnumRange<E> {                               \
        static constexpr const char* name = #E;         \
        static constexpr int32_t min = (lo), max = (hi); \
    };
TFORGE_ENUM_RANGE(DataType, 0, 9)
TFORGE_ENUM_RANGE(ActivationType, 0, kNB_ACTIVATION_TYPES - 1)
TFORGE_ENUM_RANGE(PoolingType, 0, 2)
TFORGE_ENUM_RANGE(PaddingMode, 0, 3)
TFORGE_ENUM_RANGE(MatrixOperation, 0, 2)
TFORGE_ENUM_RANGE(ScaleMode, 0, 2)
TFORGE_ENUM_RANGE(ElementWiseOperation, 0, kNB_ELEMENTWISE_OPS - 1)
TFORGE_ENUM_RANGE(DeviceType, 0, static_cast<int32_t>(DeviceType::kTEST))
TFORGE_ENUM_RANGE(TensorFormat, 0, static_cast<int32_t>(TensorFormat::kDHWC))
TFORGE_ENUM_RANGE(OpKind, 0, kNbOpKinds - 1)
TFORGE_ENUM_RANGE(TacticSource, 0, 31)  // any mask bit: backends can be registered at run time
// ---- math family: enum ranges (begin)
// ---- math family (end)
// ---- reduce family: enum ranges (begin)
// ---- reduce family (end)
// ---- shape family: enum ranges (begin)
// ---- shape family (end)
// ---- index family: enum ranges (begin)
// ---- index family (end)
// ---- control family: enum ranges (begin)
// ---- control family (end)
#undef TFORGE_ENUM_RANGE

//! The element types tensors of the IR, the plan and the kernels' contract can hold.
inline bool isStorableType(DataType t) {
    switch (t) {
        case DataType::kFLOAT: case DataType::kHALF: case DataType::kBF16: case DataType::kINT8:
        case DataType::kINT32: case DataType::kINT64: case DataType::kBOOL: case DataType::kUINT8:
            return true;
        default:
            return false;
    }
}

//! Dims with every extent set to v (nbDims = n).
Dims filledDims(int32_t n, int64_t v);

//! An activation applied to an op's result before it is stored (filled in by fusion passes).
struct PostOp {
    bool enabled{false};
    ActivationType type{ActivationType::kRELU};
    float alpha{0.f}, beta{0.f};
    template <class V> void visit(V& v) { v(enabled); v(type); v(alpha); v(beta); }
};

//! TensorRT's default alpha/beta for each activation type.
void defaultActivationParams(ActivationType t, float& alpha, float& beta);

//! Input [N, C, spatial...]; kernel weights [K, C/groups, kernel...]; bias [K] or empty.
struct ConvAttrs {
    int64_t nbOutputMaps{0};
    int64_t nbGroups{1};
    Dims kernelSize, stride, prePadding, postPadding, dilation;
    PaddingMode paddingMode{PaddingMode::kEXPLICIT_ROUND_DOWN};
    Blob kernel, bias;
    PostOp post;
    template <class V> void visit(V& v) {
        v(nbOutputMaps); v(nbGroups); v(kernelSize); v(stride); v(prePadding); v(postPadding);
        v(dilation); v(paddingMode); v(kernel); v(bias); post.visit(v);
    }
};

struct PoolAttrs {
    PoolingType type{PoolingType::kMAX};
    Dims windowSize, stride, prePadding, postPadding;
    PaddingMode paddingMode{PaddingMode::kEXPLICIT_ROUND_DOWN};
    float blendFactor{0.f};           // kMAX_AVERAGE_BLEND: blend*max + (1-blend)*avg
    bool averageCountExcludesPadding{true};
    template <class V> void visit(V& v) {
        v(type); v(windowSize); v(stride); v(prePadding); v(postPadding); v(paddingMode);
        v(blendFactor); v(averageCountExcludesPadding);
    }
};

//! Legacy FC: input [..., C, H, W] (rank >= 3) flattened over the last 3 dims; kernel [K, C*H*W];
//! bias [K] or empty; output [..., K, 1, 1].
struct FullyConnectedAttrs {
    int64_t nbOutputs{0};
    Blob kernel, bias;
    PostOp post;
    template <class V> void visit(V& v) { v(nbOutputs); v(kernel); v(bias); post.visit(v); }
};

//! out = op0(A) x op1(B) with numpy-style broadcasting over the leading (batch) dims.
//! kVECTOR marks an operand whose last dim is a vector (no matrix dims).
struct MatMulAttrs {
    MatrixOperation op0{MatrixOperation::kNONE}, op1{MatrixOperation::kNONE};
    template <class V> void visit(V& v) { v(op0); v(op1); }
};

struct ActivationAttrs {
    ActivationType type{ActivationType::kRELU};
    float alpha{0.f}, beta{0.f};
    template <class V> void visit(V& v) { v(type); v(alpha); v(beta); }
};

//! Two inputs, numpy broadcasting (ranks right-aligned, extents equal or 1).
//! kAND/kOR/kXOR take kBOOL; kEQUAL/kGREATER/kLESS produce kBOOL.
struct ElementWiseAttrs {
    ElementWiseOperation op{ElementWiseOperation::kSUM};
    template <class V> void visit(V& v) { v(op); }
};

//! out = (in * scale + shift) ^ power; each blob empty (= identity value), 1 value (kUNIFORM),
//! C values (kCHANNEL, along channelAxis) or one per element of the non-batch dims (kELEMENTWISE).
struct ScaleAttrs {
    ScaleMode mode{ScaleMode::kUNIFORM};
    Blob shift, scale, power;
    int32_t channelAxis{1};
    template <class V> void visit(V& v) { v(mode); v(shift); v(scale); v(power); v(channelAxis); }
};

struct SoftMaxAttrs {
    uint32_t axes{0};  // one bit set
    template <class V> void visit(V& v) { v(axes); }
};

//! 0, 1, 2, ... : the permutation that changes nothing.
inline Permutation identityPermutation() {
    Permutation p{};
    for (int i = 0; i < Dims::MAX_DIMS; ++i) p.order[i] = i;
    return p;
}

struct ShuffleAttrs {
    Permutation firstTranspose{identityPermutation()};
    bool hasReshape{false};
    Dims reshapeDims;               // may hold 0 (copy, if zeroIsPlaceholder) and one -1 (inferred)
    Permutation secondTranspose{identityPermutation()};
    bool zeroIsPlaceholder{true};
    template <class V> void visit(V& v) {
        v(firstTranspose); v(hasReshape); v(reshapeDims); v(secondTranspose); v(zeroIsPlaceholder);
    }
};
struct ConcatAttrs {
    int32_t axis{0};
    template <class V> void visit(V& v) { v(axis); }
};

//! A constant tensor: dims are fully known; weights.count == volume(dims).
struct ConstantAttrs {
    Dims dims;
    Blob weights;
    template <class V> void visit(V& v) { v(dims); v(weights); }
};

//! Element type conversion (ICastLayer); dims and format unchanged.
struct CastAttrs {
    DataType toType{DataType::kFLOAT};
    template <class V> void visit(V& v) { v(toType); }
};

//! Inserted by the builder where a producer's format/type differs from what its consumer's kernel
//! takes: same logical dims, new memory layout and/or element type.
struct ReformatAttrs {
    TensorFormat fromFormat{TensorFormat::kLINEAR}, toFormat{TensorFormat::kLINEAR};
    DataType toType{DataType::kFLOAT};
    template <class V> void visit(V& v) { v(fromFormat); v(toFormat); v(toType); }
};

//! Inserted by the builder where a tensor crosses from one device's memory to another's.
struct CopyAttrs {
    DeviceType from{DeviceType::kCPU}, to{DeviceType::kCPU};
    template <class V> void visit(V& v) { v(from); v(to); }
};

// Attributes of the op families (src/ir/op_table.h).
// ---- math family: attrs (begin)
// ---- math family (end)
// ---- reduce family: attrs (begin)
// ---- reduce family (end)
// ---- shape family: attrs (begin)
// ---- shape family (end)
// ---- index family: attrs (begin)
// ---- index family (end)
// ---- control family: attrs (begin)
// ---- control family (end)

namespace detail {
template <class Head, class... T> struct VariantOfTail { using type = std::variant<T...>; };
}  // namespace detail

//! One alternative per op, in op-table order: variant index == OpKind value.
#define TFORGE_OP_ATTRS(Name, AttrsType, ...) , AttrsType
using Attrs = detail::VariantOfTail<void TFORGE_FOR_EACH_OP(TFORGE_OP_ATTRS)>::type;
#undef TFORGE_OP_ATTRS
static_assert(std::variant_size_v<Attrs> == static_cast<size_t>(kNbOpKinds));

inline OpKind kindOf(const Attrs& a) { return static_cast<OpKind>(a.index()); }

//! The OpKind of an attributes type (OpKindOf<ConvAttrs>::value == OpKind::kConvolution).
template <class A> struct OpKindOf;
#define TFORGE_OP_KIND_OF(Name, AttrsType, ...) \
    template <> struct OpKindOf<AttrsType> { static constexpr OpKind value = OpKind::k##Name; };
TFORGE_FOR_EACH_OP(TFORGE_OP_KIND_OF)
#undef TFORGE_OP_KIND_OF

}  // namespace tforge::ir
