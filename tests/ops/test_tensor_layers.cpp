// MatrixMultiply, Activation, ElementWise, Scale, SoftMax, Shuffle, Concatenation, Constant through the
// network API: CPU backend and test device vs reference (layer_harness.h), dynamic dims, broadcasting.
#include "layer_harness.h"

using namespace tftest;

namespace {
Dims dims(std::initializer_list<int64_t> v) {
    Dims d;
    d.nbDims = static_cast<int32_t>(v.size());
    int i = 0;
    for (auto x : v) d.d[i++] = x;
    return d;
}
}  // namespace

TEST(MatrixMultiplyLayer, ConstantRhs) {
    auto w = randomFloats(7 * 3, 1);
    checkLayer({{"a", dims({-1, 5, 7}), {dims({1, 5, 7}), dims({4, 5, 7})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* c = n.addConstant(dims({7, 3}), weightsOf(w));
                   auto* mm = n.addMatrixMultiply(*in[0], MatrixOperation::kNONE, *c->getOutput(0), MatrixOperation::kNONE);
                   ASSERT_NE(mm, nullptr);
                   n.markOutput(*mm->getOutput(0));
               });
}

TEST(MatrixMultiplyLayer, TransposesAndBroadcastBatch) {
    checkLayer({{"a", dims({2, 1, -1, 5}), {dims({2, 1, 4, 5}), dims({2, 1, 9, 5})}},
                {"b", dims({3, 6, 5}), {dims({3, 6, 5}), dims({3, 6, 5})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* mm = n.addMatrixMultiply(*in[0], MatrixOperation::kNONE, *in[1], MatrixOperation::kTRANSPOSE);
                   ASSERT_NE(mm, nullptr);
                   n.markOutput(*mm->getOutput(0));
               });
}

TEST(MatrixMultiplyLayer, VectorAndTransposedA) {
    checkLayer({{"a", dims({-1, 7, 4}), {dims({2, 7, 4}), dims({1, 7, 4})}}, {"v", dims({7}), {dims({7}), dims({7})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* mm = n.addMatrixMultiply(*in[0], MatrixOperation::kTRANSPOSE, *in[1], MatrixOperation::kVECTOR);
                   ASSERT_NE(mm, nullptr);
                   n.markOutput(*mm->getOutput(0));
               });
}

class ActivationLayerTest : public ::testing::TestWithParam<int> {};
TEST_P(ActivationLayerTest, MatchesReference) {
    auto type = static_cast<ActivationType>(GetParam());
    checkLayer({{"x", dims({-1, 3, 7, 5}), {dims({2, 3, 7, 5}), dims({1, 3, 7, 5})}, DataType::kFLOAT, -4.f, 4.f}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* a = n.addActivation(*in[0], type);
                   ASSERT_NE(a, nullptr);
                   if (type == ActivationType::kCLIP) {
                       a->setAlpha(-0.5f);
                       a->setBeta(1.5f);
                   }
                   n.markOutput(*a->getOutput(0));
               }, 1e-5, 1e-4);
}
INSTANTIATE_TEST_SUITE_P(AllTypes, ActivationLayerTest, ::testing::Range(0, kNB_ACTIVATION_TYPES));

class ElementWiseLayerTest : public ::testing::TestWithParam<int> {};
TEST_P(ElementWiseLayerTest, BroadcastsLikeNumpy) {
    auto op = static_cast<ElementWiseOperation>(GetParam());
    bool logical = op == ElementWiseOperation::kAND || op == ElementWiseOperation::kOR || op == ElementWiseOperation::kXOR;
    DataType t = logical ? DataType::kBOOL : DataType::kFLOAT;
    // POW needs positive bases; DIV/FLOOR_DIV keep divisors away from zero.
    float lo = (op == ElementWiseOperation::kPOW || op == ElementWiseOperation::kDIV ||
                op == ElementWiseOperation::kFLOOR_DIV) ? 0.5f : -2.f;
    checkLayer({{"a", dims({-1, 3, 1, 5}), {dims({2, 3, 1, 5}), dims({1, 3, 1, 5})}, t, lo, 2.f},
                {"b", dims({4, 1}), {dims({4, 1}), dims({4, 1})}, t, lo, 2.f}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* e = n.addElementWise(*in[0], *in[1], op);
                   ASSERT_NE(e, nullptr);
                   n.markOutput(*e->getOutput(0));
               }, 1e-5, 1e-5);
}
INSTANTIATE_TEST_SUITE_P(AllOps, ElementWiseLayerTest, ::testing::Range(0, kNB_ELEMENTWISE_OPS));

TEST(ElementWiseLayer, Int32SameShape) {
    checkLayer({{"a", dims({-1, 6}), {dims({3, 6}), dims({5, 6})}, DataType::kINT32},
                {"b", dims({-1, 6}), {dims({3, 6}), dims({5, 6})}, DataType::kINT32}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* e = n.addElementWise(*in[0], *in[1], ElementWiseOperation::kPROD);
                   ASSERT_NE(e, nullptr);
                   n.markOutput(*e->getOutput(0));
               });
}

TEST(ScaleLayer, AllModesWithPower) {
    for (ScaleMode mode : {ScaleMode::kUNIFORM, ScaleMode::kCHANNEL, ScaleMode::kELEMENTWISE}) {
        int64_t count = mode == ScaleMode::kUNIFORM ? 1 : mode == ScaleMode::kCHANNEL ? 4 : 4 * 3 * 5;
        auto shift = randomFloats(count, 1, 0.5f, 1.f), scale = randomFloats(count, 2, 0.5f, 2.f),
             power = randomFloats(count, 3, 0.5f, 2.f);
        checkLayer({{"x", dims({-1, 4, 3, 5}), {dims({2, 4, 3, 5}), dims({1, 4, 3, 5})}, DataType::kFLOAT, 0.1f, 2.f}},
                   [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                       auto* s = n.addScale(*in[0], mode, weightsOf(shift), weightsOf(scale), weightsOf(power));
                       ASSERT_NE(s, nullptr);
                       n.markOutput(*s->getOutput(0));
                   }, 1e-5, 1e-4);
    }
}

TEST(SoftMaxLayer, ChannelAndLastAxis) {
    for (uint32_t axes : {1u << 1, 1u << 3}) {
        checkLayer({{"x", dims({-1, 5, 3, 7}), {dims({2, 5, 3, 7}), dims({1, 5, 3, 7})}, DataType::kFLOAT, -5.f, 5.f}},
                   [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                       auto* s = n.addSoftMax(*in[0]);
                       ASSERT_NE(s, nullptr);
                       s->setAxes(axes);
                       n.markOutput(*s->getOutput(0));
                   }, 1e-6, 1e-4);
    }
}

TEST(ShuffleLayer, TransposeReshapeTranspose) {
    checkLayer({{"x", dims({-1, 4, 3, 5}), {dims({2, 4, 3, 5}), dims({3, 4, 3, 5})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* s = n.addShuffle(*in[0]);
                   ASSERT_NE(s, nullptr);
                   s->setFirstTranspose(Permutation{{0, 2, 3, 1}});
                   s->setReshapeDimensions(dims({0, -1, 4}));
                   s->setSecondTranspose(Permutation{{2, 0, 1}});
                   n.markOutput(*s->getOutput(0));
               }, 0, 0);
}

TEST(ConcatenationLayer, ThreeInputsMiddleAxis) {
    checkLayer({{"a", dims({-1, 2, 5}), {dims({1, 2, 5}), dims({3, 2, 5})}},
                {"b", dims({-1, 7, 5}), {dims({1, 7, 5}), dims({3, 7, 5})}},
                {"c", dims({-1, 1, 5}), {dims({1, 1, 5}), dims({3, 1, 5})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* c = n.addConcatenation(in.data(), 3);
                   ASSERT_NE(c, nullptr);
                   c->setAxis(1);
                   n.markOutput(*c->getOutput(0));
               }, 0, 0);
}

TEST(ConstantLayer, AddedToInputAndMarkedOutput) {
    auto w = randomFloats(3 * 4, 21);
    checkLayer({{"x", dims({-1, 3, 4}), {dims({2, 3, 4}), dims({1, 3, 4})}}},
               [&](INetworkDefinition& n, std::vector<ITensor*>& in) {
                   auto* c = n.addConstant(dims({1, 3, 4}), weightsOf(w));
                   auto* e = n.addElementWise(*in[0], *c->getOutput(0), ElementWiseOperation::kSUB);
                   ASSERT_NE(e, nullptr);
                   n.markOutput(*e->getOutput(0));
                   c->getOutput(0)->setName("the_constant");
                   n.markOutput(*c->getOutput(0));
               }, 0, 0);
}
