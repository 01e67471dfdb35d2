// Small networks used by several test suites.
#pragma once
#include "common/test_util.h"

namespace tftest {

//! A small LeNet-shaped network with dynamic batch: conv -> maxpool -> FC -> relu -> FC -> softmax.
//! The weights vectors must outlive nothing: layers copy them.
inline void populateSmallNet(INetworkDefinition& n, uint32_t seed = 42) {
    auto k1 = randomFloats(4 * 1 * 3 * 3, seed), b1 = randomFloats(4, seed + 1);
    auto k2 = randomFloats(16 * 4 * 4 * 4, seed + 2), b2 = randomFloats(16, seed + 3);
    auto k3 = randomFloats(5 * 16, seed + 4), b3 = randomFloats(5, seed + 5);
    ITensor* x = n.addInput("data", DataType::kFLOAT, Dims4{-1, 1, 10, 10});
    auto* conv = n.addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(k1), weightsOf(b1));
    conv->setName("conv1");
    auto* pool = n.addPoolingNd(*conv->getOutput(0), PoolingType::kMAX, DimsHW{2, 2});
    pool->setStrideNd(DimsHW{2, 2});
    pool->setName("pool1");
    auto* fc1 = n.addFullyConnected(*pool->getOutput(0), 16, weightsOf(k2), weightsOf(b2));
    fc1->setName("fc1");
    auto* relu = n.addActivation(*fc1->getOutput(0), ActivationType::kRELU);
    relu->setName("relu1");
    auto* fc2 = n.addFullyConnected(*relu->getOutput(0), 5, weightsOf(k3), weightsOf(b3));
    fc2->setName("fc2");
    auto* sm = n.addSoftMax(*fc2->getOutput(0));
    sm->setName("prob");
    sm->getOutput(0)->setName("prob");
    n.markOutput(*sm->getOutput(0));
}

inline std::map<std::string, std::array<Dims, 3>> smallNetProfile() {
    return {{"data", {Dims4{1, 1, 10, 10}, Dims4{4, 1, 10, 10}, Dims4{8, 1, 10, 10}}}};
}

}  // namespace tftest
