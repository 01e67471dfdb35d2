// Incremental shape inference of the network definition: setters, setInput and input dims changes
// re-infer only what they affect, yet every shape downstream is right, cycles do not hang, and the
// hash indexes (tensor ownership, names, consumers) answer as the scans did.
#include "common/test_util.h"
#include "ir/graph.h"

using namespace tftest;

namespace {

struct Incremental : ::testing::Test {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Ptr<INetworkDefinition> net{builder->createNetworkV2(0)};
    Ptr<IBuilderConfig> config{builder->createBuilderConfig()};
    std::vector<std::vector<float>> keep;  // weights outlive the build
    Weights w(size_t n) {
        keep.push_back(randomFloats(n, static_cast<uint32_t>(keep.size() + 1)));
        return weightsOf(keep.back());
    }
    IHostMemory* buildPlan() { return builder->buildSerializedNetwork(*net, *config); }
    IPoolingLayer* pool2(ITensor& x) {
        IPoolingLayer* p = net->addPoolingNd(x, PoolingType::kMAX, DimsHW{2, 2});
        if (p) p->setStrideNd(DimsHW{2, 2});
        return p;
    }
};

std::vector<int64_t> dimsOf(ITensor* t) {
    Dims d = t->getDimensions();
    if (d.nbDims < 0) return {-1000};
    return std::vector<int64_t>(d.d, d.d + d.nbDims);
}

using V = std::vector<int64_t>;

}  // namespace

TEST_F(Incremental, SetterPropagatesDownstream) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 3, 32, 32});
    IConvolutionLayer* conv = net->addConvolutionNd(*x, 8, DimsHW{3, 3}, w(8 * 3 * 9), w(8));
    ASSERT_NE(conv, nullptr);
    IActivationLayer* r1 = net->addActivation(*conv->getOutput(0), ActivationType::kRELU);
    IPoolingLayer* p = pool2(*r1->getOutput(0));
    IActivationLayer* r2 = net->addActivation(*p->getOutput(0), ActivationType::kRELU);
    ASSERT_NE(r2, nullptr);
    EXPECT_EQ(dimsOf(r2->getOutput(0)), (V{1, 8, 15, 15}));

    // Three layers after the conv: its stride changes every shape below it.
    conv->setStrideNd(DimsHW{2, 2});
    EXPECT_EQ(dimsOf(r2->getOutput(0)), (V{1, 8, 7, 7}));
    EXPECT_EQ(dimsOf(r1->getOutput(0)), (V{1, 8, 15, 15}));
    EXPECT_EQ(dimsOf(conv->getOutput(0)), (V{1, 8, 15, 15}));

    // Two setters before one query, on layers at both ends.
    conv->setPaddingNd(DimsHW{1, 1});  // conv -> 16x16
    p->setWindowSizeNd(DimsHW{4, 4});  // pool 4x4 stride 2 -> 7x7
    EXPECT_EQ(dimsOf(r2->getOutput(0)), (V{1, 8, 7, 7}));
    EXPECT_EQ(dimsOf(p->getOutput(0)), (V{1, 8, 7, 7}));
    p->setStrideNd(DimsHW{4, 4});  // -> 4x4
    EXPECT_EQ(dimsOf(r2->getOutput(0)), (V{1, 8, 4, 4}));

    // A layer added after a setter sees the new shape.
    conv->setNbOutputMaps(4);
    conv->setKernelWeights(w(4 * 3 * 9));
    conv->setBiasWeights(w(4));
    IActivationLayer* r3 = net->addActivation(*r2->getOutput(0), ActivationType::kSIGMOID);
    ASSERT_NE(r3, nullptr);
    EXPECT_EQ(dimsOf(r3->getOutput(0)), (V{1, 4, 4, 4}));
    net->markOutput(*r3->getOutput(0));
    Ptr<IHostMemory> plan(buildPlan());
    EXPECT_TRUE(plan) << logger.all();
}

TEST_F(Incremental, SetterAtTheTopOfALongChain) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 2, 64, 64});
    IPoolingLayer* p = pool2(*x);
    ITensor* y = p->getOutput(0);
    for (int i = 0; i < 300; ++i) {
        IActivationLayer* a = net->addActivation(*y, ActivationType::kLEAKY_RELU);
        ASSERT_NE(a, nullptr);
        a->setAlpha(0.01f * i);
        y = a->getOutput(0);
    }
    EXPECT_EQ(dimsOf(y), (V{1, 2, 32, 32}));
    p->setStrideNd(DimsHW{4, 4});  // 2x2 window, stride 4 -> 16x16
    EXPECT_EQ(dimsOf(y), (V{1, 2, 16, 16}));
    p->setStrideNd(DimsHW{4, 4});  // same value again: nothing changes
    EXPECT_EQ(dimsOf(y), (V{1, 2, 16, 16}));
}

TEST_F(Incremental, SetInputRewiringUpdatesDownstream) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 4, 8, 8});
    IPoolingLayer* p = pool2(*x);                                               // [1,4,4,4]
    IConvolutionLayer* c = net->addConvolutionNd(*x, 6, DimsHW{1, 1}, w(6 * 4), w(6));  // [1,6,8,8]
    IActivationLayer* r = net->addActivation(*c->getOutput(0), ActivationType::kRELU);
    IActivationLayer* s = net->addActivation(*r->getOutput(0), ActivationType::kSIGMOID);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(dimsOf(s->getOutput(0)), (V{1, 6, 8, 8}));

    r->setInput(0, *p->getOutput(0));
    EXPECT_EQ(r->getInput(0), p->getOutput(0));
    EXPECT_EQ(dimsOf(s->getOutput(0)), (V{1, 4, 4, 4}));

    // Rewire to a layer added later than the consumer (breaks insertion order, no cycle).
    IPoolingLayer* late = pool2(*p->getOutput(0));  // [1,4,2,2]
    r->setInput(0, *late->getOutput(0));
    EXPECT_EQ(dimsOf(s->getOutput(0)), (V{1, 4, 2, 2}));
    late->setStrideNd(DimsHW{1, 1});                 // [1,4,3,3]
    EXPECT_EQ(dimsOf(s->getOutput(0)), (V{1, 4, 3, 3}));

    // The conv now feeds nothing; mark its branch as an output too and build.
    net->markOutput(*s->getOutput(0));
    net->markOutput(*c->getOutput(0));
    Ptr<IHostMemory> plan(buildPlan());
    EXPECT_TRUE(plan) << logger.all();
}

TEST_F(Incremental, InputDimensionsPropagate) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 2, 10, 10});
    IPoolingLayer* p = pool2(*x);
    IActivationLayer* r = net->addActivation(*p->getOutput(0), ActivationType::kRELU);
    ITensor* other = net->addInput("other", DataType::kFLOAT, Dims2{3, 3});
    IActivationLayer* o = net->addActivation(*other, ActivationType::kRELU);
    EXPECT_EQ(dimsOf(r->getOutput(0)), (V{1, 2, 5, 5}));
    x->setDimensions(Dims4{1, 2, 20, 20});
    EXPECT_EQ(dimsOf(r->getOutput(0)), (V{1, 2, 10, 10}));
    EXPECT_EQ(dimsOf(o->getOutput(0)), (V{3, 3}));
    x->setDimensions(Dims4{-1, 2, 20, 20});  // dynamic batch
    EXPECT_EQ(dimsOf(r->getOutput(0)), (V{-1, 2, 10, 10}));
    // An input with no consumer yet: the layer added later sees the new dims.
    other->setDimensions(Dims2{5, 7});
    IActivationLayer* o2 = net->addActivation(*other, ActivationType::kTANH);
    EXPECT_EQ(dimsOf(o2->getOutput(0)), (V{5, 7}));
    EXPECT_EQ(dimsOf(o->getOutput(0)), (V{5, 7}));
}

TEST_F(Incremental, LayerAddedBelowAPendingLayerBecomesValidWhenItIsFixed) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 4, 8, 8});
    auto k = w(6 * 2 * 3 * 3);  // valid only once groups = 2
    IConvolutionLayer* conv = net->addConvolutionNd(*x, 6, DimsHW{3, 3}, k, {});
    ASSERT_NE(conv, nullptr);
    EXPECT_EQ(conv->getOutput(0)->getDimensions().nbDims, -1);
    IActivationLayer* r = net->addActivation(*conv->getOutput(0), ActivationType::kRELU);
    ASSERT_NE(r, nullptr);  // judged at build: its input is not valid yet
    IPoolingLayer* p = pool2(*r->getOutput(0));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->getOutput(0)->getDimensions().nbDims, -1);
    conv->setNbGroups(2);
    EXPECT_EQ(dimsOf(p->getOutput(0)), (V{1, 6, 3, 3}));
    conv->setNbGroups(3);  // broken again: everything below is invalid again
    EXPECT_EQ(p->getOutput(0)->getDimensions().nbDims, -1);
    conv->setNbGroups(2);
    net->markOutput(*p->getOutput(0));
    Ptr<IHostMemory> plan(buildPlan());
    EXPECT_TRUE(plan) << logger.all();
}

TEST_F(Incremental, BuildReportsEveryFailingLayerByName) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 3, 8, 8});
    IConvolutionLayer* a = net->addConvolutionNd(*x, 4, DimsHW{3, 3}, w(10), {});
    IConvolutionLayer* b = net->addConvolutionNd(*x, 4, DimsHW{3, 3}, w(4 * 3 * 9), {});
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    a->setName("bad_a");
    b->setName("bad_b");
    b->setNbGroups(5);  // 3 channels are not divisible into 5 groups
    net->markOutput(*a->getOutput(0));
    net->markOutput(*b->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("bad_a")) << logger.all();
    EXPECT_TRUE(logger.saw("bad_b")) << logger.all();
}

TEST_F(Incremental, CycleThroughSetInputIsReportedAndDoesNotHang) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims4{1, 2, 4, 4});
    IPoolingLayer* p = pool2(*x);  // [1,2,2,2], used once the cycle is broken
    IActivationLayer* a = net->addActivation(*x, ActivationType::kRELU);
    IActivationLayer* b = net->addActivation(*a->getOutput(0), ActivationType::kSIGMOID);
    IActivationLayer* c = net->addActivation(*b->getOutput(0), ActivationType::kTANH);
    a->setName("first");
    a->setInput(0, *c->getOutput(0));  // first <- c <- b <- first
    // Queries and adds return (shapes stay as they were) instead of looping.
    EXPECT_EQ(c->getOutput(0)->getDimensions().nbDims, 4);
    a->setAlpha(0.5f);
    b->setAlpha(0.5f);
    IActivationLayer* d = net->addActivation(*c->getOutput(0), ActivationType::kRELU);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->getOutput(0)->getDimensions().nbDims, 4);
    net->markOutput(*d->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("cycle")) << logger.all();
    EXPECT_EQ(buildPlan(), nullptr);  // again: still reported

    // Breaking the cycle with setInput makes the network valid again, shapes follow the new input.
    logger.clear();
    a->setInput(0, *p->getOutput(0));
    EXPECT_EQ(dimsOf(d->getOutput(0)), (V{1, 2, 2, 2}));
    Ptr<IHostMemory> plan(buildPlan());
    EXPECT_TRUE(plan) << logger.all();
    EXPECT_FALSE(logger.saw("cycle")) << logger.all();
}

TEST_F(Incremental, SelfLoopIsACycle) {
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 2});
    IActivationLayer* a = net->addActivation(*x, ActivationType::kRELU);
    a->setName("loop");
    a->setInput(0, *a->getOutput(0));
    EXPECT_EQ(a->getOutput(0)->getDimensions().nbDims, 2);
    net->markOutput(*a->getOutput(0));
    EXPECT_EQ(buildPlan(), nullptr);
    EXPECT_TRUE(logger.saw("cycle through layer \"loop\"")) << logger.all();
}

TEST_F(Incremental, DuplicateInputNamesAreRejected) {
    ASSERT_NE(net->addInput("x", DataType::kFLOAT, Dims2{2, 2}), nullptr);
    EXPECT_EQ(net->addInput("x", DataType::kFLOAT, Dims2{2, 2}), nullptr);
    EXPECT_TRUE(logger.saw("a tensor named \"x\" already exists")) << logger.all();
    EXPECT_EQ(net->getNbInputs(), 1);

    // Layer outputs count as well, under their current name.
    IActivationLayer* a = net->addActivation(*net->getInput(0), ActivationType::kRELU);
    std::string auto_name = a->getOutput(0)->getName();
    logger.clear();
    EXPECT_EQ(net->addInput(auto_name.c_str(), DataType::kFLOAT, Dims2{2, 2}), nullptr);
    EXPECT_TRUE(logger.saw("already exists")) << logger.all();
    a->getOutput(0)->setName("renamed");
    EXPECT_NE(net->addInput(auto_name.c_str(), DataType::kFLOAT, Dims2{2, 2}), nullptr) << logger.all();
    EXPECT_EQ(net->addInput("renamed", DataType::kFLOAT, Dims2{2, 2}), nullptr);

    // A removed input frees its name.
    ITensor* tmp = net->addInput("tmp", DataType::kFLOAT, Dims2{1, 1});
    ASSERT_NE(tmp, nullptr);
    net->removeTensor(*tmp);
    EXPECT_NE(net->addInput("tmp", DataType::kFLOAT, Dims2{1, 1}), nullptr) << logger.all();
}

TEST_F(Incremental, TensorOfAnotherNetworkIsRejected) {
    Ptr<INetworkDefinition> other(builder->createNetworkV2(0));
    ITensor* foreign = other->addInput("f", DataType::kFLOAT, Dims2{2, 2});
    ITensor* x = net->addInput("x", DataType::kFLOAT, Dims2{2, 2});
    ASSERT_NE(foreign, nullptr);
    EXPECT_EQ(net->addActivation(*foreign, ActivationType::kRELU), nullptr);
    EXPECT_TRUE(logger.saw("belongs to another network")) << logger.all();
    IActivationLayer* a = net->addActivation(*x, ActivationType::kRELU);
    ASSERT_NE(a, nullptr);
    logger.clear();
    a->setInput(0, *foreign);
    EXPECT_TRUE(logger.saw("tensor of another network")) << logger.all();
    EXPECT_EQ(a->getInput(0), x);
    logger.clear();
    net->markOutput(*foreign);
    EXPECT_TRUE(logger.saw("does not belong to this network")) << logger.all();
    EXPECT_EQ(net->getNbOutputs(), 0);
    ITensor* both[] = {x, foreign};
    EXPECT_EQ(net->addConcatenation(both, 2), nullptr);
}

// ---------------------------------------------------------------- ir::Graph's indexes

TEST(GraphIndexes, ConsumersNamesAndClone) {
    using namespace tforge::ir;
    Graph g;
    Tensor* x = g.addTensor("x", DataType::kFLOAT, Dims2{2, 2});
    Tensor* y = g.addTensor("y", DataType::kFLOAT, Dims2{2, 2});
    Node* sum = g.addNode("sum", ElementWiseAttrs{}, {x, x});  // reads x twice: listed once
    Tensor* s = g.addTensor("s", DataType::kFLOAT, Dims2{2, 2});
    sum->outputs.push_back(s);
    s->producer = sum;
    Node* act = g.addNode("act", ActivationAttrs{}, {s});
    Node* act2 = g.addNode("act2", ActivationAttrs{}, {x});
    EXPECT_EQ(g.consumers(x), (std::vector<Node*>{sum, act2}));
    EXPECT_EQ(g.consumers(s), (std::vector<Node*>{act}));
    EXPECT_TRUE(g.consumers(y).empty());
    EXPECT_TRUE(g.indexesConsistent());

    g.setNodeInput(sum, 1, y);
    EXPECT_EQ(g.consumers(x), (std::vector<Node*>{sum, act2}));
    EXPECT_EQ(g.consumers(y), (std::vector<Node*>{sum}));
    g.setNodeInput(sum, 0, y);
    EXPECT_EQ(g.consumers(x), (std::vector<Node*>{act2}));
    EXPECT_TRUE(g.indexesConsistent());

    g.replaceAllUses(y, x);
    EXPECT_EQ(sum->inputs, (std::vector<Tensor*>{x, x}));
    EXPECT_TRUE(g.consumers(y).empty());
    EXPECT_EQ(g.consumers(x), (std::vector<Node*>{sum, act2}));
    EXPECT_TRUE(g.indexesConsistent());

    EXPECT_TRUE(g.hasTensorNamed("y"));
    EXPECT_EQ(g.uniqueTensorName("y"), "y_1");
    g.renameTensor(y, "y2");
    EXPECT_FALSE(g.hasTensorNamed("y"));
    EXPECT_EQ(g.uniqueTensorName("y"), "y");
    EXPECT_TRUE(g.indexesConsistent());

    auto c = g.clone();
    EXPECT_TRUE(c->indexesConsistent());
    ASSERT_EQ(c->nodes().size(), 3u);
    Tensor* cx = c->nodes()[0]->inputs[0];
    EXPECT_EQ(c->consumers(cx).size(), 2u);
    EXPECT_TRUE(c->hasTensorNamed("y2"));

    g.removeNode(act2);
    EXPECT_EQ(g.consumers(x), (std::vector<Node*>{sum}));
    g.removeNode(act);
    g.removeTensor(s);
    g.removeTensor(y);
    EXPECT_TRUE(g.consumers(s).empty());
    EXPECT_FALSE(g.hasTensorNamed("y2"));
    EXPECT_TRUE(g.indexesConsistent());
    EXPECT_EQ(c->consumers(cx).size(), 2u);  // the clone is independent
}
