// Every pass: the same network built with the pass and without it (TFORGE_DISABLE_PASSES) must
// give the same outputs, and the pass must have removed the layers it claims to. Each build is also
// made for the test device (DeviceType::kTEST: device memory, an asynchronous stream) and run through
// device memory; its output must match the CPU engine's.
#include <cstdlib>

#include "common/small_nets.h"
#include "ops/layer_harness.h"  // buildFor, inferOnTestDevice

using namespace tftest;

namespace {

struct Result {
    int32_t layers{-1};
    std::vector<float> out;
};

// Builds `populate` with the given passes disabled and runs it on a fixed random input: on the CPU
// (the result) and on the test device (checked against the CPU's output here).
Result buildAndRun(const std::function<void(INetworkDefinition&)>& populate, const char* disabled, Dims inDims) {
    if (disabled)
        setenv("TFORGE_DISABLE_PASSES", disabled, 1);
    else
        unsetenv("TFORGE_DISABLE_PASSES");
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    populate(*net);
    Built b = build(*builder, *net, logger, sourceBit(TacticSource::kCPU) | sourceBit(TacticSource::kREFERENCE));
    Built dev = buildFor(DeviceType::kTEST, *builder, *net, logger, kAllTacticSources);
    unsetenv("TFORGE_DISABLE_PASSES");
    const std::string passes = disabled ? std::string("passes disabled: ") + disabled : "all passes";
    Result r;
    if (!b.engine) {
        ADD_FAILURE() << logger.all();
        return r;
    }
    r.layers = b.engine->getNbLayers();
    const std::map<std::string, HostTensor> in{{"x", {inDims, randomFloats(vol(inDims), 77)}}};
    std::map<std::string, HostTensor> out;
    EXPECT_TRUE(infer(*b.engine, in, out)) << logger.all();
    r.out = out.begin()->second.data;

    if (!dev.engine) {
        ADD_FAILURE() << "building for the test device failed (" << passes << ")\n" << logger.all();
        return r;
    }
    EXPECT_EQ(dev.engine->getDeviceType(), DeviceType::kTEST);
    void* stream = streamCreate(DeviceType::kTEST);
    std::map<std::string, HostTensor> devOut;
    EXPECT_EQ(inferOnTestDevice(*dev.engine, in, devOut, stream), "") << "on the test device (" << passes << ")\n"
                                                                      << logger.all();
    streamDestroy(DeviceType::kTEST, stream);
    EXPECT_EQ(devOut.size(), out.size()) << "on the test device (" << passes << ")";
    if (!devOut.empty()) {
        EXPECT_LE(errorRatio(devOut.begin()->second.data, r.out, 1e-5, 1e-4), 1.0)
            << "test device vs CPU (" << passes << ")";
    }
    return r;
}

void expectSame(const Result& a, const Result& b) {
    ASSERT_FALSE(a.out.empty());
    EXPECT_LE(errorRatio(a.out, b.out, 1e-5, 1e-4), 1.0);
}

}  // namespace

TEST(DeadLayerRemoval, RemovesUnusedBranch) {
    auto populate = [](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims2{3, 5});
        n.addActivation(*x, ActivationType::kTANH);                   // dead
        auto* dead2 = n.addActivation(*x, ActivationType::kSIGMOID);  // dead chain
        n.addActivation(*dead2->getOutput(0), ActivationType::kRELU);
        n.markOutput(*n.addActivation(*x, ActivationType::kELU)->getOutput(0));
    };
    Dims in = Dims2{3, 5};
    Result off = buildAndRun(populate, "dead_layer_removal", in);
    Result on = buildAndRun(populate, nullptr, in);
    EXPECT_EQ(off.layers, 4);
    EXPECT_EQ(on.layers, 1);
    expectSame(on, off);
}

TEST(ConstantFolding, FoldsConstantSubgraph) {
    auto w = randomFloats(15, 3);
    auto populate = [&](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims2{3, 5});
        auto* c = n.addConstant(Dims2{3, 5}, weightsOf(w));
        auto* t = n.addActivation(*c->getOutput(0), ActivationType::kTANH);                           // constant
        auto* s = n.addElementWise(*t->getOutput(0), *c->getOutput(0), ElementWiseOperation::kPROD);  // constant
        n.markOutput(*n.addElementWise(*x, *s->getOutput(0), ElementWiseOperation::kSUM)->getOutput(0));
    };
    Dims in = Dims2{3, 5};
    Result off = buildAndRun(populate, "constant_folding", in);
    Result on = buildAndRun(populate, nullptr, in);
    EXPECT_EQ(off.layers, 4);
    EXPECT_EQ(on.layers, 2);  // one folded constant + the add
    expectSame(on, off);
}

TEST(ConvBiasActivationFusion, ConvPlusBiasAddPlusRelu) {
    auto k = randomFloats(6 * 3 * 3 * 3, 1), bias = randomFloats(6, 2);
    auto populate = [&](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims4{2, 3, 9, 9});
        auto* conv = n.addConvolutionNd(*x, 6, DimsHW{3, 3}, weightsOf(k), {});
        auto* b = n.addConstant(Dims4{1, 6, 1, 1}, weightsOf(bias));
        auto* add = n.addElementWise(*conv->getOutput(0), *b->getOutput(0), ElementWiseOperation::kSUM);
        auto* relu = n.addActivation(*add->getOutput(0), ActivationType::kRELU);
        n.markOutput(*relu->getOutput(0));
    };
    Dims in = Dims4{2, 3, 9, 9};
    Result off = buildAndRun(populate, "conv_bias_activation_fusion", in);
    Result on = buildAndRun(populate, nullptr, in);
    EXPECT_EQ(off.layers, 4);
    EXPECT_EQ(on.layers, 1);
    expectSame(on, off);
}

TEST(ConvBiasActivationFusion, FullyConnectedPlusScalePlusLeakyRelu) {
    auto k = randomFloats(7 * 12, 1), bias = randomFloats(7, 2), sc = randomFloats(7, 3), sh = randomFloats(7, 4);
    auto populate = [&](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims4{3, 3, 2, 2});
        auto* fc = n.addFullyConnected(*x, 7, weightsOf(k), weightsOf(bias));
        auto* s = n.addScale(*fc->getOutput(0), ScaleMode::kCHANNEL, weightsOf(sh), weightsOf(sc), {});
        auto* act = n.addActivation(*s->getOutput(0), ActivationType::kLEAKY_RELU);
        act->setAlpha(0.2f);
        n.markOutput(*act->getOutput(0));
    };
    Dims in = Dims4{3, 3, 2, 2};
    Result off = buildAndRun(populate, "conv_bias_activation_fusion", in);
    Result on = buildAndRun(populate, nullptr, in);
    EXPECT_EQ(off.layers, 3);
    EXPECT_EQ(on.layers, 1);
    expectSame(on, off);
}

TEST(ConvBiasActivationFusion, DoesNotFuseIntoAnOutputOrSharedTensor) {
    auto k = randomFloats(4 * 2 * 3 * 3, 1);
    auto populate = [&](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims4{1, 2, 6, 6});
        auto* conv = n.addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(k), {});
        auto* relu = n.addActivation(*conv->getOutput(0), ActivationType::kRELU);
        auto* sig = n.addActivation(*conv->getOutput(0), ActivationType::kSIGMOID);
        n.markOutput(
            *n.addElementWise(*relu->getOutput(0), *sig->getOutput(0), ElementWiseOperation::kSUM)->getOutput(0));
    };
    Dims in = Dims4{1, 2, 6, 6};
    Result off = buildAndRun(populate, "conv_bias_activation_fusion", in);
    Result on = buildAndRun(populate, nullptr, in);
    EXPECT_EQ(on.layers, off.layers);  // conv output has two consumers
    expectSame(on, off);
}

TEST(CommonSubexpressionElimination, MergesDuplicateLayersAndConstants) {
    auto populate = [](INetworkDefinition& n) {
        static const std::vector<float> c = randomFloats(5, 9);
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims2{3, 5});
        auto* t1 = n.addActivation(*x, ActivationType::kTANH);
        auto* t2 = n.addActivation(*x, ActivationType::kTANH);
        auto* c1 = n.addConstant(Dims2{1, 5}, weightsOf(c));
        auto* c2 = n.addConstant(Dims2{1, 5}, weightsOf(c));
        auto* a = n.addElementWise(*t1->getOutput(0), *c1->getOutput(0), ElementWiseOperation::kSUM);
        auto* b = n.addElementWise(*t2->getOutput(0), *c2->getOutput(0), ElementWiseOperation::kSUM);
        n.markOutput(*n.addElementWise(*a->getOutput(0), *b->getOutput(0), ElementWiseOperation::kPROD)->getOutput(0));
    };
    Result off = buildAndRun(populate, "common_subexpression_elimination", Dims2{3, 5});
    Result on = buildAndRun(populate, nullptr, Dims2{3, 5});
    expectSame(off, on);
    EXPECT_EQ(on.layers, off.layers - 3) << "one tanh, one constant and one add should be merged";
}

TEST(CommonSubexpressionElimination, KeepsADuplicateThatIsANetworkOutput) {
    auto populate = [](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims2{3, 5});
        auto* t1 = n.addActivation(*x, ActivationType::kTANH);
        auto* t2 = n.addActivation(*x, ActivationType::kTANH);
        n.markOutput(*n.addElementWise(*t1->getOutput(0), *x, ElementWiseOperation::kSUM)->getOutput(0));
        t2->getOutput(0)->setName("second");
        n.markOutput(*t2->getOutput(0));
    };
    Result off = buildAndRun(populate, "common_subexpression_elimination", Dims2{3, 5});
    Result on = buildAndRun(populate, nullptr, Dims2{3, 5});
    EXPECT_EQ(on.layers, off.layers);
}

TEST(ShuffleMerging, TransposeReshapeTransposeChainBecomesOneShuffle) {
    auto populate = [](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims4{2, 3, 4, 5});
        auto* s1 = n.addShuffle(*x);
        s1->setFirstTranspose(Permutation{{0, 2, 3, 1}});  // [2,4,5,3]
        auto* s2 = n.addShuffle(*s1->getOutput(0));
        s2->setReshapeDimensions(Dims3{2, 20, 3});
        auto* s3 = n.addShuffle(*s2->getOutput(0));
        s3->setFirstTranspose(Permutation{{0, 2, 1}});  // [2,3,20]
        auto* relu = n.addActivation(*s3->getOutput(0), ActivationType::kRELU);
        auto* same = n.addShuffle(*relu->getOutput(0));  // changes nothing
        same->setReshapeDimensions(Dims3{2, 3, 20});
        n.markOutput(*n.addActivation(*same->getOutput(0), ActivationType::kTANH)->getOutput(0));
    };
    Result off = buildAndRun(populate, "shuffle_merging", Dims4{2, 3, 4, 5});
    Result on = buildAndRun(populate, nullptr, Dims4{2, 3, 4, 5});
    expectSame(off, on);
    EXPECT_EQ(on.layers, off.layers - 3) << "three shuffles merged into one, the identity one removed";
}

TEST(ShuffleMerging, TransposesWithBothPermutationsCompose) {
    auto populate = [](INetworkDefinition& n) {
        ITensor* x = n.addInput("x", DataType::kFLOAT, Dims3{3, 4, 5});
        auto* s1 = n.addShuffle(*x);
        s1->setFirstTranspose(Permutation{{1, 0, 2}});
        s1->setSecondTranspose(Permutation{{0, 2, 1}});
        auto* s2 = n.addShuffle(*s1->getOutput(0));
        s2->setFirstTranspose(Permutation{{2, 1, 0}});
        n.markOutput(*n.addActivation(*s2->getOutput(0), ActivationType::kTANH)->getOutput(0));
    };
    Result off = buildAndRun(populate, "shuffle_merging", Dims3{3, 4, 5});
    Result on = buildAndRun(populate, nullptr, Dims3{3, 4, 5});
    expectSame(off, on);
    EXPECT_EQ(on.layers, off.layers - 1);
}
