// Build-time inputs of shape inference: Convolution/FullyConnected weights as tensors, a Shuffle's
// reshape dims as a shape tensor, and the value propagation that feeds it.
#include "shape_test_util.h"

namespace tforge::ir::test {
namespace {

TensorDesc V(std::initializer_list<int64_t> d, std::vector<int64_t> values, DataType t = I) {
    TensorDesc x = T(d, t);
    x.hasValues = true;
    x.values = std::move(values);
    return x;
}

ConvAttrs conv3x3(int64_t k) {
    ConvAttrs a;
    a.nbOutputMaps = k;
    a.kernelSize = D({3, 3});
    a.stride = a.dilation = D({1, 1});
    a.prePadding = a.postPadding = D({0, 0});
    return a;
}

}  // namespace

TEST(BuildTimeInputs, ConvolutionTakesKernelAndBiasDimsFromTensors) {
    EXPECT_TRUE(Gives(infer(conv3x3(4), {T({1, 3, 6, 6}), T({4, 3, 3, 3}), T({4})}), {1, 4, 4, 4}));
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({1, 3, 6, 6}), T({4, 2, 3, 3})}), "[4,2,3,3]"));
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({1, 3, 6, 6}), T({4, 2, 3, 3})}), "[4,3,3,3]"));
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({1, 3, 6, 6}), T({4, 3, 3, 3}), T({5})}), "bias tensor (input 2)"));
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({1, 3, 6, 6}), T({4, 3, 3, 3}, I)}), "kernel tensor (input 1)"));
    // Without tensors: today's blob checks and messages.
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({1, 3, 6, 6})}), "kernel weights have 0 values, expected 108"));
    EXPECT_TRUE(Fails(infer(conv3x3(4), {T({}), T({}), T({}), T({})}), "takes at most 3 inputs, got 4"));
}

TEST(BuildTimeInputs, FullyConnectedTakesKernelDimsFromTensors) {
    FullyConnectedAttrs a;
    a.nbOutputs = 5;
    EXPECT_TRUE(Gives(infer(a, {T({2, 3, 2, 2}), T({5, 12}), T({5})}), {2, 5, 1, 1}));
    EXPECT_TRUE(Fails(infer(a, {T({2, 3, 2, 2}), T({5, 11})}), "kernel tensor (input 1) dims [5,11]"));
}

TEST(BuildTimeInputs, ShuffleReshapesToTheShapeTensorsValues) {
    ShuffleAttrs a;
    EXPECT_TRUE(Gives(infer(a, {T({2, 3, 4}), V({2}, {3, -1})}), {3, 8}));
    EXPECT_TRUE(Gives(infer(a, {T({2, 3, 4}), V({3}, {0, 0, -1}, DataType::kINT64)}), {2, 3, 4}));
    // Values known only at run time: -1 extents of the tensor's extent as rank.
    EXPECT_TRUE(Gives(infer(a, {T({2, 3, 4}), T({3}, I)}), {-1, -1, -1}));
    EXPECT_TRUE(Fails(infer(a, {T({2, 3, 4}), V({2}, {5, -1})}), "not divisible by 5"));
    EXPECT_TRUE(Fails(infer(a, {T({2, 3, 4}), T({2})}), "reshape dims tensor (input 1)"));
    EXPECT_TRUE(Fails(infer(a, {T({2, 3, 4}), T({2, 1}, I)}), "must be 1-D"));
}

TEST(BuildTimeInputs, ValuesPropagate) {
    ConstantAttrs c;
    c.dims = D({2});
    const int32_t v[] = {7, -1};
    c.weights = Blob::copyOf(I, v, 2);
    Result r = infer(c, {});
    ASSERT_TRUE(r.ok) << r.err;
    EXPECT_TRUE(r.out[0].hasValues);
    EXPECT_EQ(r.out[0].values, (std::vector<int64_t>{7, -1}));

    ElementWiseAttrs e;
    e.op = ElementWiseOperation::kPROD;
    r = infer(e, {V({2, 1}, {2, 3}), V({3}, {1, 10, 100})});  // broadcast to [2,3]
    ASSERT_TRUE(r.ok) << r.err;
    EXPECT_EQ(r.out[0].values, (std::vector<int64_t>{2, 20, 200, 3, 30, 300}));
    e.op = ElementWiseOperation::kDIV;
    r = infer(e, {V({1}, {1}), V({1}, {0})});  // division by zero: no values
    EXPECT_TRUE(r.ok && !r.out[0].hasValues);
    r = infer(e, {V({1}, {7}), T({1}, I)});  // one input unknown
    EXPECT_TRUE(r.ok && !r.out[0].hasValues);

    ConcatAttrs cat;
    cat.axis = 1;
    r = infer(cat, {V({2, 1}, {1, 2}), V({2, 2}, {3, 4, 5, 6})});
    ASSERT_TRUE(r.ok) << r.err;
    EXPECT_EQ(r.out[0].values, (std::vector<int64_t>{1, 3, 4, 2, 5, 6}));

    ShuffleAttrs s;
    s.hasReshape = true;
    s.reshapeDims = D({4});
    r = infer(s, {V({2, 2}, {1, 2, 3, 4})});
    ASSERT_TRUE(r.ok) << r.err;
    EXPECT_EQ(r.out[0].values, (std::vector<int64_t>{1, 2, 3, 4}));
    s.hasReshape = false;
    s.firstTranspose.order[0] = 1;
    s.firstTranspose.order[1] = 0;
    r = infer(s, {V({2, 2}, {1, 2, 3, 4})});  // a transpose: not propagated (yet)
    EXPECT_TRUE(r.ok && !r.out[0].hasValues);

    r = infer(CastAttrs{DataType::kINT64}, {V({2}, {3, 4})});
    ASSERT_TRUE(r.ok) << r.err;
    EXPECT_EQ(r.out[0].values, (std::vector<int64_t>{3, 4}));
    r = infer(CastAttrs{DataType::kFLOAT}, {V({2}, {3, 4})});
    EXPECT_TRUE(r.ok && !r.out[0].hasValues);
}

}  // namespace tforge::ir::test
