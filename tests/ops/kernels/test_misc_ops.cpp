// Activation, Scale, SoftMax, Shuffle, Concatenation and Constant cases.
#include "harness.h"

namespace tforge::test {
namespace {

std::vector<OpCase> activationCases() {
    std::vector<OpCase> v;
    for (int t = 0; t < kNB_ACTIVATION_TYPES; ++t) {
        for (int variant = 0; variant < 2; ++variant) {
            ir::ActivationAttrs a;
            a.type = static_cast<ActivationType>(t);
            ir::defaultActivationParams(a.type, a.alpha, a.beta);
            if (variant == 1) {  // non-default parameters
                a.alpha = 0.37f;
                a.beta = a.type == ActivationType::kCLIP ? 0.61f : 1.7f;
            }
            Dims x = variant ? dims({3, 7, 41, 59}) : dims({5, 13});
            std::string label = "t" + std::to_string(t) + "_v" + std::to_string(variant) + "_x" + join(x);
            v.push_back(OpCase{label, a, {{x, DataType::kFLOAT}}, {}, 2e-6, 4e-6});
        }
    }
    return v;
}

OpCase scale(ScaleMode m, Dims x, int axis, int blobs /*bit0 scale, bit1 shift, bit2 power*/) {
    int64_t count = 1;
    if (m == ScaleMode::kCHANNEL) count = x.d[axis];
    if (m == ScaleMode::kELEMENTWISE)
        for (int i = axis; i < x.nbDims; ++i) count *= x.d[i];
    std::string label = "m" + std::to_string(static_cast<int>(m)) + "_x" + join(x) + "_axis" + std::to_string(axis) +
                        "_blobs" + std::to_string(blobs);
    std::mt19937 rng = rngFor("w" + label);
    ir::ScaleAttrs a;
    a.mode = m;
    a.channelAxis = axis;
    const bool pow = blobs & 4;
    // With a power, keep the base positive so std::pow stays real.
    if (blobs & 1) a.scale = pow ? randomBlob(rng, count, 0.5f, 1.5f) : randomBlob(rng, count);
    if (blobs & 2) a.shift = pow ? randomBlob(rng, count, 0.1f, 0.5f) : randomBlob(rng, count);
    if (pow) a.power = randomBlob(rng, count, -2.f, 2.f);
    return OpCase{label, a, {{x, DataType::kFLOAT}}, {pow ? Fill::kPositive : Fill::kSigned}, 1e-6, 1e-5};
}

std::vector<OpCase> scaleCases() {
    std::vector<OpCase> v;
    for (int blobs = 0; blobs < 8; ++blobs) {
        v.push_back(scale(ScaleMode::kUNIFORM, dims({2, 3, 41, 211}), 1, blobs));
        v.push_back(scale(ScaleMode::kCHANNEL, dims({3, 17, 19, 23}), 1, blobs));
        v.push_back(scale(ScaleMode::kELEMENTWISE, dims({3, 7, 19, 23}), 1, blobs));
    }
    v.push_back(scale(ScaleMode::kCHANNEL, dims({5, 6, 7}), 2, 3));
    v.push_back(scale(ScaleMode::kCHANNEL, dims({5, 6, 7}), 0, 7));
    v.push_back(scale(ScaleMode::kELEMENTWISE, dims({5, 6, 7}), 2, 3));
    v.push_back(scale(ScaleMode::kELEMENTWISE, dims({4, 3, 2, 5}), 0, 7));
    v.push_back(scale(ScaleMode::kCHANNEL, dims({37}), 0, 3));
    return v;
}

std::vector<OpCase> softmaxCases() {
    std::vector<OpCase> v;
    const Dims shapes[] = {dims({1000}),       dims({3, 10}),         dims({2, 1000}),
                           dims({2, 5, 7, 9}), dims({3, 70, 11, 13}), dims({4, 3, 130})};
    for (const Dims& x : shapes)
        for (int axis = 0; axis < x.nbDims; ++axis) {
            ir::SoftMaxAttrs a;
            a.axes = 1u << axis;
            v.push_back(
                OpCase{"x" + join(x) + "_axis" + std::to_string(axis), a, {{x, DataType::kFLOAT}}, {}, 1e-7, 1e-5});
        }
    return v;
}

Permutation perm(std::initializer_list<int32_t> p) {
    Permutation r = ir::identityPermutation();
    int i = 0;
    for (int32_t x : p) r.order[i++] = x;
    return r;
}

OpCase shuffle(Dims x, Permutation p1, bool reshape, Dims rd, Permutation p2, DataType t, bool zeroPh = true) {
    ir::ShuffleAttrs a;
    a.firstTranspose = p1;
    a.hasReshape = reshape;
    a.reshapeDims = rd;
    a.secondTranspose = p2;
    a.zeroIsPlaceholder = zeroPh;
    Dims pd;
    pd.nbDims = x.nbDims;
    for (int i = 0; i < x.nbDims; ++i) pd.d[i] = p1.order[i];
    Dims qd;
    qd.nbDims = reshape ? rd.nbDims : x.nbDims;
    for (int i = 0; i < qd.nbDims; ++i) qd.d[i] = p2.order[i];
    std::string label = std::string(dataTypeName(t)) + "_x" + join(x) + "_p" + join(pd) +
                        (reshape ? "_r" + join(rd) : std::string("")) + "_q" + join(qd);
    return OpCase{label, a, {{x, t}}, {}, 0, 0};
}

std::vector<OpCase> shuffleCases() {
    std::vector<OpCase> v;
    const Permutation id = ir::identityPermutation();
    for (DataType t : {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL}) {
        v.push_back(shuffle(dims({2, 3, 4, 5}), perm({0, 2, 3, 1}), false, {}, id, t));           // NCHW -> NHWC
        v.push_back(shuffle(dims({3, 37, 41}), perm({2, 0, 1}), false, {}, perm({0, 2, 1}), t));  // two transposes
        v.push_back(shuffle(dims({2, 3, 4, 5}), id, true, dims({0, -1}), id, t));                 // flatten
        v.push_back(shuffle(dims({2, 3, 4, 5}), id, true, dims({6, 20}), perm({1, 0}), t));
        v.push_back(shuffle(dims({2, 3, 4, 5}), perm({3, 1, 0, 2}), true, dims({5, 24}), id, t));
        // 0 copies x's extent (2), not the transposed tensor's (3), per OPS.md.
        v.push_back(shuffle(dims({2, 3, 4, 5}), perm({1, 0, 3, 2}), true, dims({0, -1, 4}), perm({2, 0, 1}), t));
    }
    v.push_back(shuffle(dims({1, 64, 130, 7}), perm({0, 3, 1, 2}), false, {}, id, DataType::kFLOAT));  // > 16K
    v.push_back(shuffle(dims({7, 1, 5}), perm({1, 2, 0}), false, {}, id, DataType::kFLOAT));
    v.push_back(shuffle(dims({6, 4}), id, true, dims({2, 0, 3}), id, DataType::kFLOAT));
    v.push_back(shuffle(dims({6, 0}), id, true, dims({0, 5}), id, DataType::kFLOAT, false));
    return v;
}

OpCase concat(std::vector<Dims> ins, int axis, DataType t) {
    ir::ConcatAttrs a;
    a.axis = axis;
    std::string label =
        std::string(dataTypeName(t)) + "_axis" + (axis < 0 ? "m" + std::to_string(-axis) : std::to_string(axis));
    std::vector<ir::TensorDesc> d;
    for (const Dims& x : ins) {
        label += "_" + join(x);
        d.push_back({x, t});
    }
    return OpCase{label, a, d, {}, 0, 0};
}

std::vector<OpCase> concatCases() {
    std::vector<OpCase> v;
    for (DataType t : {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL}) {
        v.push_back(concat({dims({2, 3, 4, 5}), dims({2, 7, 4, 5})}, 1, t));
        v.push_back(concat({dims({2, 3, 4, 5}), dims({2, 3, 4, 1}), dims({2, 3, 4, 6})}, -1, t));
        v.push_back(concat({dims({1, 3}), dims({4, 3}), dims({2, 3}), dims({1, 3})}, 0, t));
    }
    v.push_back(concat({dims({13})}, 0, DataType::kFLOAT));
    v.push_back(concat({dims({3, 64, 33, 17}), dims({3, 32, 33, 17})}, 1, DataType::kFLOAT));
    v.push_back(concat({dims({3, 4, 5}), dims({3, 4, 0}), dims({3, 4, 2})}, 2, DataType::kFLOAT));
    v.push_back(concat({dims({2, 5, 3}), dims({2, 1, 3})}, -2, DataType::kINT32));
    return v;
}

std::vector<OpCase> constantCases() {
    std::vector<OpCase> v;
    std::mt19937 rng(7);
    for (DataType t : {DataType::kFLOAT, DataType::kINT32, DataType::kBOOL}) {
        for (Dims d : {dims({3, 5}), dims({1}), dims({2, 3, 4, 5})}) {
            ir::ConstantAttrs a;
            a.dims = d;
            const int64_t n = ir::volume(d);
            Buffer b = makeBuffer(static_cast<size_t>(n * dataTypeSize(t)));
            fillBuffer(rng, {d, t}, Fill::kDefault, b.data());
            a.weights = ir::Blob::copyOf(t, b.data(), n);
            v.push_back(OpCase{std::string(dataTypeName(t)) + "_" + join(d), a, {}, {}, 0, 0});
        }
    }
    return v;
}

INSTANTIATE_TEST_SUITE_P(Activation, KernelCase, ::testing::ValuesIn(activationCases()), caseName);
INSTANTIATE_TEST_SUITE_P(Scale, KernelCase, ::testing::ValuesIn(scaleCases()), caseName);
INSTANTIATE_TEST_SUITE_P(SoftMax, KernelCase, ::testing::ValuesIn(softmaxCases()), caseName);
INSTANTIATE_TEST_SUITE_P(Shuffle, KernelCase, ::testing::ValuesIn(shuffleCases()), caseName);
INSTANTIATE_TEST_SUITE_P(Concat, KernelCase, ::testing::ValuesIn(concatCases()), caseName);
INSTANTIATE_TEST_SUITE_P(Constant, KernelCase, ::testing::ValuesIn(constantCases()), caseName);

}  // namespace
}  // namespace tforge::test
