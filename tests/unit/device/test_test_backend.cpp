// The test device's backend: reference kernels run on the host views of test-device memory. Its
// results equal the reference backend's bit for bit, and a host pointer handed to it is refused with
// an error naming the tensor (the bug the device exists to catch).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "backends/registry.h"
#include "ir/dims_util.h"
#include "tensorforge/device.h"

namespace tforge::backends {
namespace {

constexpr DeviceType kT = DeviceType::kTEST;
using ir::makeDims;

NodeDesc nodeFor(const ir::Attrs& attrs, const std::vector<Dims>& ins, const Dims& out) {
    NodeDesc n;
    n.name = "node";
    n.attrs = &attrs;
    for (const Dims& d : ins) n.inputs.push_back({d, DataType::kFLOAT});
    n.outputs.push_back({out, DataType::kFLOAT});
    return n;
}

size_t bytesOf(const Dims& d) { return static_cast<size_t>(ir::volume(d)) * sizeof(float); }

//! Runs `attrs` on the reference backend with host buffers and on the test backend with test-device
//! buffers (through the test device's stream, as the runtime does); returns both outputs.
void runBoth(const ir::Attrs& attrs, const std::vector<std::vector<float>>& inputs, const std::vector<Dims>& dims,
             const Dims& outDims, std::vector<float>& refOut, std::vector<float>& testOut) {
    NodeDesc node = nodeFor(attrs, dims, outDims);
    std::string error;
    auto ref = referenceBackend()->createKernel(node, "reference", error);
    ASSERT_TRUE(ref) << error;
    ASSERT_TRUE(testBackend()->supports(node, &error)) << error;
    ASSERT_EQ(testBackend()->tactics(node), std::vector<std::string>{"test"});
    auto tk = testBackend()->createKernel(node, "test", error);
    ASSERT_TRUE(tk) << error;

    std::vector<TensorView> hin, din;
    std::vector<void*> dbufs;
    for (size_t i = 0; i < inputs.size(); ++i) {
        hin.push_back({const_cast<float*>(inputs[i].data()), dims[i], DataType::kFLOAT});
        void* d = deviceMalloc(kT, bytesOf(dims[i]));
        ASSERT_TRUE(memcpyHostToDevice(kT, d, inputs[i].data(), bytesOf(dims[i])));
        din.push_back({d, dims[i], DataType::kFLOAT});
        dbufs.push_back(d);
    }
    refOut.assign(static_cast<size_t>(ir::volume(outDims)), -1.f);
    ASSERT_TRUE(ref->run(hin, {{refOut.data(), outDims, DataType::kFLOAT}}, ExecArgs{}, error)) << error;

    void* dout = deviceMalloc(kT, bytesOf(outDims));
    size_t ws = 0;
    ASSERT_TRUE(tk->reshape(nullptr, node.inputs, ws, error)) << error;
    void* dws = ws ? deviceMalloc(kT, ws) : nullptr;
    Stream* s = testDevice()->streamFromHandle(nullptr);
    bool ok = false;
    std::vector<TensorView> dov{{dout, outDims, DataType::kFLOAT}};
    s->enqueue([&] { ok = tk->enqueue(din, dov, ExecArgs{dws, ws, s, nullptr}, error); });
    s->synchronize();
    ASSERT_TRUE(ok) << error;
    testOut.assign(refOut.size(), 0.f);
    ASSERT_TRUE(memcpyDeviceToHost(kT, testOut.data(), dout, bytesOf(outDims)));
    for (void* d : dbufs) deviceFree(kT, d);
    deviceFree(kT, dout);
    deviceFree(kT, dws);
}

void expectBitEqual(const std::vector<float>& a, const std::vector<float>& b) {
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "element " << i;
}

TEST(TestBackend, Identity) {
    Backend* b = testBackend();
    EXPECT_STREQ(b->name(), "test");
    EXPECT_EQ(b->source(), TacticSource::kTEST);
    EXPECT_EQ(b->device(), DeviceType::kTEST);
    EXPECT_EQ(findBackend(TacticSource::kTEST), b);
    const auto& all = allBackends();
    auto pos = [&](Backend* x) { return std::find(all.begin(), all.end(), x) - all.begin(); };
    EXPECT_LT(pos(cpuBackend()), pos(b));
    EXPECT_LT(pos(b), pos(referenceBackend()));
    EXPECT_LT(pos(referenceBackend()), static_cast<long>(all.size()));
}

TEST(TestBackend, ElementWiseMatchesReferenceExactly) {
    const ir::Attrs attrs = ir::ElementWiseAttrs{ElementWiseOperation::kDIV};
    const Dims a = makeDims({3, 5}), bd = makeDims({5});
    std::vector<float> x(15), y(5);
    for (int i = 0; i < 15; ++i) x[i] = 0.37f * static_cast<float>(i) - 2.1f;
    for (int i = 0; i < 5; ++i) y[i] = 1.3f + 0.71f * static_cast<float>(i);
    std::vector<float> ref, test;
    runBoth(attrs, {x, y}, {a, bd}, a, ref, test);
    expectBitEqual(test, ref);
}

TEST(TestBackend, ActivationMatchesReferenceExactly) {
    const ir::Attrs attrs = ir::ActivationAttrs{ActivationType::kGELU_ERF, 0.f, 0.f};
    const Dims d = makeDims({2, 3, 7});
    std::vector<float> x(42);
    for (int i = 0; i < 42; ++i) x[i] = 0.23f * static_cast<float>(i) - 4.f;
    std::vector<float> ref, test;
    runBoth(attrs, {x}, {d}, d, ref, test);
    expectBitEqual(test, ref);
}

TEST(TestBackend, RefusesHostPointersWithClearError) {
    const ir::Attrs attrs = ir::ActivationAttrs{ActivationType::kRELU, 0.f, 0.f};
    const Dims d = makeDims({8});
    NodeDesc node = nodeFor(attrs, {d}, d);
    std::string error;
    auto k = testBackend()->createKernel(node, "test", error);
    ASSERT_TRUE(k) << error;
    std::vector<float> hostIn(8, 1.f), hostOut(8, 0.f);
    void* devIn = deviceMalloc(kT, 32);
    void* devOut = deviceMalloc(kT, 32);

    error.clear();
    EXPECT_FALSE(k->run({{hostIn.data(), d}}, {{devOut, d}}, ExecArgs{}, error));
    EXPECT_NE(error.find("input 0"), std::string::npos) << error;
    EXPECT_NE(error.find("not test-device memory"), std::string::npos) << error;

    error.clear();
    EXPECT_FALSE(k->run({{devIn, d}}, {{hostOut.data(), d}}, ExecArgs{}, error));
    EXPECT_NE(error.find("output 0"), std::string::npos) << error;
    EXPECT_EQ(hostOut, std::vector<float>(8, 0.f)) << "nothing written on refusal";

    error.clear();
    std::vector<uint8_t> hostWs(64);
    EXPECT_FALSE(k->run({{devIn, d}}, {{devOut, d}}, ExecArgs{hostWs.data(), 64, nullptr, nullptr}, error));
    EXPECT_NE(error.find("workspace"), std::string::npos) << error;

    error.clear();
    EXPECT_FALSE(k->run({{nullptr, d}}, {{devOut, d}}, ExecArgs{}, error));
    EXPECT_NE(error.find("input 0"), std::string::npos) << error;

    // A freed buffer is not test-device memory any more either.
    void* gone = deviceMalloc(kT, 32);
    deviceFree(kT, gone);
    error.clear();
    EXPECT_FALSE(k->run({{devIn, d}}, {{gone, d}}, ExecArgs{}, error));
    EXPECT_NE(error.find("output 0"), std::string::npos) << error;

    deviceFree(kT, devIn);
    deviceFree(kT, devOut);
}

class EnvGuard {
public:
    explicit EnvGuard(const char* value) {
        const char* old = std::getenv(kName);
        had_ = old != nullptr;
        if (had_) old_ = old;
        if (value)
            setenv(kName, value, 1);
        else
            unsetenv(kName);
    }
    ~EnvGuard() {
        if (had_)
            setenv(kName, old_.c_str(), 1);
        else
            unsetenv(kName);
    }

private:
    static constexpr const char* kName = "TFORGE_TEST_DEVICE_UNSUPPORTED";
    bool had_{false};
    std::string old_;
};

TEST(TestBackend, UnsupportedOpsFromEnvironment) {
    const ir::Attrs softmax = ir::SoftMaxAttrs{1u};
    const ir::Attrs relu = ir::ActivationAttrs{ActivationType::kRELU, 0.f, 0.f};
    const ir::Attrs sum = ir::ElementWiseAttrs{ElementWiseOperation::kSUM};
    const ir::Attrs copy = ir::CopyAttrs{DeviceType::kCPU, DeviceType::kTEST};
    const Dims d = makeDims({2, 4});
    const NodeDesc nSoftmax = nodeFor(softmax, {d}, d), nRelu = nodeFor(relu, {d}, d),
                   nSum = nodeFor(sum, {d, d}, d), nCopy = nodeFor(copy, {d}, d);
    std::string why, error;
    {
        EnvGuard env(nullptr);  // default: SoftMax
        ASSERT_TRUE(referenceBackend()->supports(nSoftmax, &why)) << why;
        EXPECT_FALSE(testBackend()->supports(nSoftmax, &why));
        EXPECT_NE(why.find("SoftMax"), std::string::npos) << why;
        EXPECT_NE(why.find("TFORGE_TEST_DEVICE_UNSUPPORTED"), std::string::npos) << why;
        EXPECT_TRUE(testBackend()->tactics(nSoftmax).empty());
        EXPECT_EQ(testBackend()->createKernel(nSoftmax, "test", error), nullptr);
        EXPECT_FALSE(error.empty());
        EXPECT_TRUE(testBackend()->supports(nRelu, &why)) << why;
        EXPECT_TRUE(testBackend()->supports(nSum, &why)) << why;
        why.clear();
        EXPECT_FALSE(testBackend()->supports(nCopy, &why));
        EXPECT_NE(why.find("runtime"), std::string::npos) << why;
    }
    {
        EnvGuard env("elementwise, Activation");
        EXPECT_TRUE(testBackend()->supports(nSoftmax, &why)) << why;
        EXPECT_FALSE(testBackend()->supports(nRelu, &why));
        EXPECT_FALSE(testBackend()->supports(nSum, &why));
        EXPECT_FALSE(testBackend()->supports(nCopy, &why));
    }
    {
        EnvGuard env("");  // nothing excluded but Copy
        EXPECT_TRUE(testBackend()->supports(nSoftmax, &why)) << why;
        EXPECT_TRUE(testBackend()->supports(nRelu, &why)) << why;
        EXPECT_FALSE(testBackend()->supports(nCopy, &why));
    }
    {
        EnvGuard env("NoSuchOp,SoftMax");
        testing::internal::CaptureStderr();
        EXPECT_FALSE(testBackend()->supports(nSoftmax, &why));
        const std::string err = testing::internal::GetCapturedStderr();
        EXPECT_NE(err.find("NoSuchOp"), std::string::npos) << err;
    }
}

TEST(TestBackend, RejectsOtherTactics) {
    const ir::Attrs relu = ir::ActivationAttrs{ActivationType::kRELU, 0.f, 0.f};
    const Dims d = makeDims({4});
    std::string error;
    EXPECT_EQ(testBackend()->createKernel(nodeFor(relu, {d}, d), "reference", error), nullptr);
    EXPECT_NE(error.find("no tactic"), std::string::npos) << error;
}

}  // namespace
}  // namespace tforge::backends
