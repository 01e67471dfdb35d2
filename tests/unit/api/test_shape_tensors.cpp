// Shape tensors (TensorRT's IShuffleLayer::setInput(1, shapeTensor)): reshape dims given as an int32
// tensor whose values shape inference knows at build time (a Constant, or what ElementWise,
// Concatenation, Shuffle and Cast compute from constants). A shape computed from a network input
// gives -1 extents of the right rank and, for now, a build error naming the layer.
#include "common/small_nets.h"

using namespace tftest;

namespace {

struct Net {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Ptr<INetworkDefinition> net{builder->createNetworkV2(0)};
    ITensor* x{net->addInput("x", DataType::kFLOAT, Dims3{2, 3, 4})};
    ITensor* ints(std::vector<int32_t> v) {
        Dims d;
        d.nbDims = 1;
        d.d[0] = static_cast<int64_t>(v.size());
        values.push_back(std::move(v));
        return net->addConstant(d, Weights{DataType::kINT32, values.back().data(), d.d[0]})->getOutput(0);
    }
    std::vector<float> run(Dims& outDims) {
        Built b = build(*builder, *net, logger, sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE));
        if (!b.engine) {
            ADD_FAILURE() << logger.all();
            return {};
        }
        std::map<std::string, HostTensor> out;
        EXPECT_TRUE(infer(*b.engine, {{"x", {Dims3{2, 3, 4}, randomFloats(24, 9)}}}, out)) << logger.all();
        if (out.empty()) return {};
        outDims = out.begin()->second.dims;
        return out.begin()->second.data;
    }
    std::vector<std::vector<int32_t>> values;
};

std::vector<float> reshapeBySetter(Dims& outDims) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    Dims r;
    r.nbDims = 2;
    r.d[0] = 3;
    r.d[1] = -1;
    s->setReshapeDimensions(r);
    n.net->markOutput(*s->getOutput(0));
    return n.run(outDims);
}

void expectDims(const Dims& d, std::initializer_list<int64_t> want) {
    ASSERT_EQ(d.nbDims, static_cast<int32_t>(want.size()));
    int i = 0;
    for (int64_t w : want) EXPECT_EQ(d.d[i++], w) << "dim " << i - 1;
}

}  // namespace

TEST(ShapeTensors, ConstantReshapeDimsGiveTheShapeAtAddTimeAndTheEngineMatches) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    ITensor* shape = n.ints({3, -1});
    s->setInput(1, *shape);
    EXPECT_EQ(s->getNbInputs(), 2);
    expectDims(s->getOutput(0)->getDimensions(), {3, 8});
    EXPECT_TRUE(shape->isShapeTensor());
    EXPECT_FALSE(shape->isExecutionTensor());
    EXPECT_FALSE(n.x->isShapeTensor());
    n.net->markOutput(*s->getOutput(0));
    Dims gotDims, wantDims;
    const std::vector<float> got = n.run(gotDims);
    const std::vector<float> want = reshapeBySetter(wantDims);
    ASSERT_FALSE(want.empty());
    expectDims(gotDims, {3, 8});
    EXPECT_EQ(got, want);
}

TEST(ShapeTensors, ElementWiseComputedShapeWorks) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    ITensor* a = n.ints({1, -2});
    ITensor* b = n.ints({2, 1});
    auto* sum = n.net->addElementWise(*a, *b, ElementWiseOperation::kSUM);  // {3, -1}
    s->setInput(1, *sum->getOutput(0));
    expectDims(s->getOutput(0)->getDimensions(), {3, 8});
    EXPECT_TRUE(a->isShapeTensor());  // it computes a shape
    n.net->markOutput(*s->getOutput(0));
    Dims gotDims, wantDims;
    const std::vector<float> got = n.run(gotDims);
    const std::vector<float> want = reshapeBySetter(wantDims);
    expectDims(gotDims, {3, 8});
    EXPECT_EQ(got, want);
}

TEST(ShapeTensors, ConcatenatedAndCastShapeWorks) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    ITensor* parts[] = {n.ints({4}), n.ints({0, 2})};  // 0 copies x's dim 1 (3)
    auto* cat = n.net->addConcatenation(parts, 2);
    cat->setAxis(0);
    auto* wide = n.net->addCast(*cat->getOutput(0), DataType::kINT64);
    s->setInput(1, *wide->getOutput(0));
    expectDims(s->getOutput(0)->getDimensions(), {4, 3, 2});
    n.net->markOutput(*s->getOutput(0));
    Dims gotDims;
    EXPECT_FALSE(n.run(gotDims).empty());
    expectDims(gotDims, {4, 3, 2});
}

TEST(ShapeTensors, ChangingTheShapeConstantReinfersIncrementally) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    std::vector<int32_t> v{4, 6};
    auto* c = n.net->addConstant(Dims{1, {2}}, Weights{DataType::kINT32, v.data(), 2});
    s->setInput(1, *c->getOutput(0));
    auto* act = n.net->addActivation(*s->getOutput(0), ActivationType::kRELU);
    expectDims(act->getOutput(0)->getDimensions(), {4, 6});
    std::vector<int32_t> w{-1, 12};
    c->setWeights(Weights{DataType::kINT32, w.data(), 2});
    expectDims(act->getOutput(0)->getDimensions(), {2, 12});
}

TEST(ShapeTensors, ShapeFromANetworkInputFailsAtBuildNamingTheLayer) {
    Net n;
    ITensor* dyn = n.net->addInput("shape", DataType::kINT32, Dims{1, {2}});
    auto* s = n.net->addShuffle(*n.x);
    s->setName("reshape_dyn");
    s->setInput(1, *dyn);
    expectDims(s->getOutput(0)->getDimensions(), {-1, -1});  // rank from input 1's extent
    EXPECT_TRUE(dyn->isShapeTensor());
    n.net->markOutput(*s->getOutput(0));
    Ptr<IBuilderConfig> config(n.builder->createBuilderConfig());
    Ptr<IHostMemory> plan(n.builder->buildSerializedNetwork(*n.net, *config));
    EXPECT_EQ(plan, nullptr);
    EXPECT_TRUE(n.logger.saw("reshape_dyn")) << n.logger.all();
    EXPECT_TRUE(n.logger.saw("reshape dims from a tensor computed at run time are not supported yet")) << n.logger.all();
}

TEST(ShapeTensors, BadShapeTensorsAreRefused) {
    Net n;
    auto* s = n.net->addShuffle(*n.x);
    s->setInput(1, *n.ints({5, -1}));  // 24 is not divisible by 5
    EXPECT_EQ(s->getOutput(0)->getDimensions().nbDims, -1);
    auto* s2 = n.net->addShuffle(*n.x);
    std::vector<float> f{3, 8};
    s2->setInput(1, *n.net->addConstant(Dims{1, {2}}, weightsOf(f))->getOutput(0));  // not int
    EXPECT_EQ(s2->getOutput(0)->getDimensions().nbDims, -1);
    n.net->markOutput(*s->getOutput(0));
    Ptr<IBuilderConfig> config(n.builder->createBuilderConfig());
    Ptr<IHostMemory> plan(n.builder->buildSerializedNetwork(*n.net, *config));
    EXPECT_EQ(plan, nullptr);
    EXPECT_TRUE(n.logger.saw("not divisible by 5")) << n.logger.all();
}
