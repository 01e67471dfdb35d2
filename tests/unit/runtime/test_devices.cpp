// Engines on the test device (memory the host must not touch, streams on worker threads) and the
// builder's negotiation of formats and types: copies where a tensor crosses devices, reformats only at
// the boundary of a region whose kernels want another format, fp16 networks within an fp16 budget.
#include <atomic>
#include <chrono>
#include <thread>

#include "backends/device.h"
#include "backends/reference/reference_kernels.h"
#include "backends/registry.h"
#include "common/half.h"
#include "common/small_nets.h"
#include "ir/dims_util.h"
#include "ir/format.h"
#include "common/program_of.h"

using namespace tftest;
namespace be = tforge::backends;

namespace {

constexpr TacticSources kRef = 1u << static_cast<int32_t>(TacticSource::kREFERENCE);
constexpr TacticSources kAll = ~TacticSources{0};

Built buildOn(DeviceType device, INetworkDefinition& net, IBuilder& builder, ILogger& logger, TacticSources sources,
              const Profile& profile = {}, uint32_t flags = 0) {
    return build(builder, net, logger, sources, BuildOptions{device, flags, profile});
}

//! The program a plan holds (to count the nodes the builder inserted).


//! Runs `engine` (on the test device) through device memory on `stream`; returns the host output.
std::vector<float> runOnTestDevice(ICudaEngine& engine, IExecutionContext& ctx, const std::vector<float>& input,
                                   const Dims& inDims, void* stream) {
    const DeviceType dev = DeviceType::kTEST;
    ctx.setInputShape("data", inDims);
    const Dims outDims = ctx.getTensorShape("prob");
    const size_t inBytes = input.size() * 4, outBytes = static_cast<size_t>(vol(outDims)) * 4;
    void* dIn = deviceMalloc(dev, inBytes);
    void* dOut = deviceMalloc(dev, outBytes);
    std::vector<float> out(static_cast<size_t>(vol(outDims)), std::nanf(""));
    EXPECT_TRUE(memcpyHostToDevice(dev, dIn, input.data(), inBytes, stream));
    ctx.setTensorAddress("data", dIn);
    ctx.setTensorAddress("prob", dOut);
    EXPECT_TRUE(ctx.enqueueV3(stream));
    EXPECT_TRUE(memcpyDeviceToHost(dev, out.data(), dOut, outBytes, stream));
    EXPECT_TRUE(streamSynchronize(dev, stream));
    deviceFree(dev, dIn);
    deviceFree(dev, dOut);
    (void)engine;
    return out;
}

std::vector<float> runOnCpu(ICudaEngine& engine, const std::vector<float>& input, const Dims& inDims) {
    std::map<std::string, HostTensor> outs;
    EXPECT_TRUE(infer(engine, {{"data", {inDims, input}}}, outs));
    return outs["prob"].data;
}

//! The small LeNet-shaped net built twice: on the reference (the truth) and for the test device.
struct SmallNetEngines {
    CaptureLogger logger;
    Ptr<IBuilder> builder{createInferBuilder(logger)};
    Ptr<INetworkDefinition> net{builder->createNetworkV2(0)};
    Built ref, dev;
    SmallNetEngines() {
        populateSmallNet(*net);
        ref = buildOn(DeviceType::kCPU, *net, *builder, logger, kRef, smallNetProfile());
        dev = buildOn(DeviceType::kTEST, *net, *builder, logger, kAll, smallNetProfile());
    }
};

}  // namespace

TEST(TestDevice, SmallNetMatchesTheReferenceWithCopiesAtTheCpuFallback) {
    SmallNetEngines e;
    ASSERT_TRUE(e.ref.engine && e.dev.engine) << e.logger.all();
    CaptureLogger& logger = e.logger;
    Built &ref = e.ref, &dev = e.dev;
    EXPECT_EQ(dev.engine->getDeviceType(), DeviceType::kTEST);
    // SoftMax has no test-device kernel: its input is copied to the host and its output back.
    const ir::Program p = programOf(dev);
    EXPECT_EQ(countKind(p, ir::OpKind::kCopy), 2);
    EXPECT_EQ(countKind(p, ir::OpKind::kReformat), 0);
    Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
    void* stream = streamCreate(DeviceType::kTEST);
    for (int64_t batch : {1, 3, 8}) {
        const Dims d = Dims4{batch, 1, 10, 10};
        auto x = randomFloats(static_cast<size_t>(vol(d)), 7 + static_cast<uint32_t>(batch));
        const auto want = runOnCpu(*ref.engine, x, d);
        const auto got = runOnTestDevice(*dev.engine, *ctx, x, d, stream);
        EXPECT_LE(errorRatio(got, want, 1e-6, 1e-5), 1.0) << "batch " << batch;
    }
    streamDestroy(DeviceType::kTEST, stream);
    EXPECT_FALSE(logger.saw("rror")) << logger.all();
}

TEST(TestDevice, EnqueueReturnsBeforeTheWorkIsDone) {
    SmallNetEngines e;
    ASSERT_TRUE(e.ref.engine && e.dev.engine) << e.logger.all();
    Built &ref = e.ref, &dev = e.dev;
    Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
    void* stream = streamCreate(DeviceType::kTEST);
    const Dims d = Dims4{2, 1, 10, 10};
    auto x = randomFloats(static_cast<size_t>(vol(d)), 99);
    void* dIn = deviceMalloc(DeviceType::kTEST, x.size() * 4);
    void* dOut = deviceMalloc(DeviceType::kTEST, 2 * 5 * 4);
    ASSERT_TRUE(memcpyHostToDevice(DeviceType::kTEST, dIn, x.data(), x.size() * 4, stream));
    ctx->setInputShape("data", d);
    ctx->setTensorAddress("data", dIn);
    ctx->setTensorAddress("prob", dOut);
    // Hold the stream busy: the engine's work must queue behind this, so enqueueV3 cannot wait for it.
    std::atomic<bool> released{false};
    be::testDevice()->streamFromHandle(stream)->enqueue([&] {
        while (!released.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(ctx->enqueueV3(stream));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::vector<float> out(10, std::nanf(""));
    ASSERT_TRUE(memcpyDeviceToHost(DeviceType::kTEST, out.data(), dOut, out.size() * 4, stream));
    EXPECT_TRUE(std::isnan(out[0])) << "the output was written before the stream ran";
    EXPECT_LT(ms, 1000.0);
    released = true;
    ASSERT_TRUE(streamSynchronize(DeviceType::kTEST, stream));
    EXPECT_LE(errorRatio(out, runOnCpu(*ref.engine, x, d), 1e-6, 1e-5), 1.0);
    deviceFree(DeviceType::kTEST, dIn);
    deviceFree(DeviceType::kTEST, dOut);
    streamDestroy(DeviceType::kTEST, stream);
}

TEST(TestDevice, SeveralContextsOnSeveralStreamsConcurrently) {
    SmallNetEngines e;
    ASSERT_TRUE(e.ref.engine && e.dev.engine) << e.logger.all();
    Built &ref = e.ref, &dev = e.dev;
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
            void* stream = streamCreate(DeviceType::kTEST);
            for (int it = 0; it < 8; ++it) {
                const Dims d = Dims4{1 + (t + it) % 8, 1, 10, 10};
                auto x = randomFloats(static_cast<size_t>(vol(d)), static_cast<uint32_t>(100 * t + it));
                const auto got = runOnTestDevice(*dev.engine, *ctx, x, d, stream);
                std::map<std::string, HostTensor> outs;
                Ptr<IExecutionContext> refCtx(ref.engine->createExecutionContext());
                infer(*ref.engine, {{"data", {d, x}}}, outs, refCtx.get());
                if (errorRatio(got, outs["prob"].data, 1e-6, 1e-5) > 1.0) ++bad;
            }
            streamDestroy(DeviceType::kTEST, stream);
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(bad.load(), 0);
}

TEST(TestDevice, HostPointersAreCaughtNotRead) {
    SmallNetEngines e;
    ASSERT_TRUE(e.dev.engine) << e.logger.all();
    CaptureLogger& logger = e.logger;
    Built& dev = e.dev;
    Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
    std::vector<float> x(100, 0.5f), y(5, 0.f);
    ctx->setInputShape("data", Dims4{1, 1, 10, 10});
    ctx->setTensorAddress("data", x.data());  // host memory: wrong for this device
    ctx->setTensorAddress("prob", y.data());
    ctx->enqueueV3(nullptr);
    streamSynchronize(DeviceType::kTEST, nullptr);
    EXPECT_TRUE(logger.saw("test-device memory")) << logger.all();
}

TEST(TestDevice, ForeignStreamHandleIsRefused) {
    SmallNetEngines e;
    ASSERT_TRUE(e.dev.engine) << e.logger.all();
    CaptureLogger& logger = e.logger;
    Built& dev = e.dev;
    Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
    int notAStream = 0;
    ctx->setInputShape("data", Dims4{1, 1, 10, 10});
    EXPECT_FALSE(ctx->enqueueV3(&notAStream));
    EXPECT_TRUE(logger.saw("not a stream of the test device")) << logger.all();
}

// ------------------------------------------------------------------ formats

namespace {

//! A tactic source whose Convolution and Activation kernels read and write channels-last (kHWC)
//! only, as many GPU and oneDNN kernels prefer. It wraps the reference kernels behind transposes.
class ChannelsLastBackend final : public be::Backend {
public:
    static constexpr TacticSource kSource = static_cast<TacticSource>(30);
    const char* name() const override { return "channels-last-test"; }
    TacticSource source() const override { return kSource; }
    DeviceType device() const override { return DeviceType::kCPU; }
    bool supports(const be::NodeDesc& node, std::string* why) const override {
        const bool ok = (node.kind() == ir::OpKind::kConvolution || node.kind() == ir::OpKind::kActivation) &&
                        node.inputs.size() == 1 && node.inputs[0].dims.nbDims == 4 &&
                        node.inputs[0].type == DataType::kFLOAT;
        if (!ok && why) *why = "only 4-d fp32 Convolution and Activation";
        return ok;
    }
    std::vector<std::string> tactics(const be::NodeDesc&) const override { return {"hwc"}; }
    std::vector<be::IoFormat> formats(const be::NodeDesc& node, const std::string&) const override {
        be::IoFormat f;
        f.inputs = {{node.inputs[0].dims, DataType::kFLOAT, TensorFormat::kHWC}};
        f.outputs = {{node.outputs[0].dims, DataType::kFLOAT, TensorFormat::kHWC}};
        return {f};
    }
    std::unique_ptr<be::Kernel> createKernel(const be::NodeDesc& node, const std::string&,
                                             std::string& error) const override {
        if (node.inputs[0].format != TensorFormat::kHWC || node.outputs[0].format != TensorFormat::kHWC) {
            error = "channels-last kernels take kHWC only";
            return nullptr;
        }
        be::NodeDesc linear = node;
        linear.inputs[0].format = linear.outputs[0].format = TensorFormat::kLINEAR;
        auto inner = be::referenceBackend()->createKernel(linear, "reference", error);
        if (!inner) return nullptr;
        return std::make_unique<Hwc>(std::move(inner));
    }

private:
    class Hwc final : public be::Kernel {
    public:
        explicit Hwc(std::unique_ptr<be::Kernel> inner) : inner_(std::move(inner)) {}
        size_t workspaceSize(const std::vector<ir::TensorDesc>& in) const override {
            return static_cast<size_t>(ir::volume(in[0].dims)) * 4 * 4 + 4096;  // input + output (<= 4x) copies
        }
        bool run(const std::vector<be::TensorView>& in, const std::vector<be::TensorView>& out,
                 const be::ExecArgs& args, std::string& error) const override {
            if (in[0].format != TensorFormat::kHWC || out[0].format != TensorFormat::kHWC) {
                error = "views are not kHWC";
                return false;
            }
            auto* x = static_cast<float*>(args.workspace);
            float* y = x + ir::volume(in[0].dims);
            transpose(static_cast<const float*>(in[0].data), x, in[0].dims, true);
            be::TensorView xi = in[0], yo = out[0];
            xi.data = x;
            xi.format = yo.format = TensorFormat::kLINEAR;
            yo.data = y;
            if (!inner_->run({xi}, {yo}, be::ExecArgs{}, error)) return false;
            transpose(y, static_cast<float*>(out[0].data), out[0].dims, false);
            return true;
        }

    private:
        // toLinear: HWC src -> linear dst; else linear src -> HWC dst.
        static void transpose(const float* src, float* dst, const Dims& d, bool toLinear) {
            int64_t idx[Dims::MAX_DIMS] = {};
            for (int64_t i = 0, n = ir::volume(d); i < n; ++i) {
                int64_t r = i;
                for (int k = d.nbDims - 1; k >= 0; --k) idx[k] = r % d.d[k], r /= d.d[k];
                const int64_t hwc = ir::storageOffset(d, TensorFormat::kHWC, idx);
                if (toLinear) dst[i] = src[hwc];
                else dst[hwc] = src[i];
            }
        }
        std::unique_ptr<be::Kernel> inner_;
    };
};

}  // namespace

TEST(FormatNegotiation, ChannelsLastRegionGetsReformatsOnlyAtItsBoundary) {
    ChannelsLastBackend hwc;
    be::registerBackend(&hwc);
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto k1 = randomFloats(4 * 3 * 3 * 3, 1), b1 = randomFloats(4, 2), k2 = randomFloats(5 * 4 * 3 * 3, 3);
    ITensor* x = net->addInput("data", DataType::kFLOAT, Dims4{2, 3, 9, 11});
    auto* c1 = net->addConvolutionNd(*x, 4, DimsHW{3, 3}, weightsOf(k1), weightsOf(b1));
    auto* r1 = net->addActivation(*c1->getOutput(0), ActivationType::kTANH);
    auto* c2 = net->addConvolutionNd(*r1->getOutput(0), 5, DimsHW{3, 3}, weightsOf(k2), Weights{});
    auto* sm = net->addSoftMax(*c2->getOutput(0));  // no channels-last kernel: the region ends here
    sm->getOutput(0)->setName("prob");
    net->markOutput(*sm->getOutput(0));
    // Only the channels-last source and the reference: the builder must prefer staying in kHWC.
    const TacticSources sources = kRef | (1u << static_cast<int32_t>(ChannelsLastBackend::kSource));
    Built ref = buildOn(DeviceType::kCPU, *net, *builder, logger, kRef);
    Built b = buildOn(DeviceType::kCPU, *net, *builder, logger, sources);
    ASSERT_TRUE(ref.engine && b.engine) << logger.all();
    const ir::Program p = programOf(b);
    EXPECT_EQ(countKind(p, ir::OpKind::kReformat), 2);  // data -> kHWC, conv2 -> kLINEAR
    int hwcLayers = 0;
    for (auto& n : p.nodes) hwcLayers += n.backend == ChannelsLastBackend::kSource;
    EXPECT_EQ(hwcLayers, 2);  // conv1 (with tanh fused into it) and conv2
    EXPECT_EQ(b.engine->getTensorFormat("data"), TensorFormat::kLINEAR);
    EXPECT_EQ(b.engine->getTensorFormat("prob"), TensorFormat::kLINEAR);
    auto xin = randomFloats(2 * 3 * 9 * 11, 5);
    const Dims d = Dims4{2, 3, 9, 11};
    std::map<std::string, HostTensor> got, want;
    ASSERT_TRUE(infer(*b.engine, {{"data", {d, xin}}}, got));
    ASSERT_TRUE(infer(*ref.engine, {{"data", {d, xin}}}, want));
    EXPECT_LE(errorRatio(got["prob"].data, want["prob"].data, 1e-6, 1e-5), 1.0);
    b = Built{};
    be::unregisterBackend(&hwc);
}

// ------------------------------------------------------------------ reduced precision

namespace {

void populateConvNet(INetworkDefinition& n, DataType inputType, uint32_t seed) {
    auto k1 = randomFloats(6 * 3 * 3 * 3, seed), b1 = randomFloats(6, seed + 1);
    auto k2 = randomFloats(4 * 6 * 3 * 3, seed + 2), b2 = randomFloats(4, seed + 3);
    ITensor* x = n.addInput("data", inputType, Dims4{-1, 3, 12, 13});
    auto* c1 = n.addConvolutionNd(*x, 6, DimsHW{3, 3}, weightsOf(k1), weightsOf(b1));
    auto* r1 = n.addActivation(*c1->getOutput(0), ActivationType::kRELU);
    auto* p1 = n.addPoolingNd(*r1->getOutput(0), PoolingType::kAVERAGE, DimsHW{2, 2});
    auto* c2 = n.addConvolutionNd(*p1->getOutput(0), 4, DimsHW{3, 3}, weightsOf(k2), weightsOf(b2));
    auto* sm = n.addSoftMax(*c2->getOutput(0));
    sm->getOutput(0)->setName("prob");
    n.markOutput(*sm->getOutput(0));
}

const std::map<std::string, std::array<Dims, 3>> kConvProfile{
    {"data", {Dims4{1, 3, 12, 13}, Dims4{2, 3, 12, 13}, Dims4{3, 3, 12, 13}}}};

std::vector<uint16_t> toHalf(const std::vector<float>& v) {
    std::vector<uint16_t> h(v.size());
    for (size_t i = 0; i < v.size(); ++i) h[i] = floatToHalf(v[i]);
    return h;
}

}  // namespace

TEST(ReducedPrecision, StronglyTypedFp16NetworkMatchesTheReference) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    const auto strongly = 1u << static_cast<int32_t>(NetworkDefinitionCreationFlag::kSTRONGLY_TYPED);
    Ptr<INetworkDefinition> half(builder->createNetworkV2(strongly));
    Ptr<INetworkDefinition> full(builder->createNetworkV2(0));
    populateConvNet(*half, DataType::kHALF, 11);
    populateConvNet(*full, DataType::kFLOAT, 11);
    EXPECT_EQ(half->getOutput(0)->getType(), DataType::kHALF);  // types follow the input
    Built ref = buildOn(DeviceType::kCPU, *full, *builder, logger, kRef, kConvProfile);
    Built b = buildOn(DeviceType::kCPU, *half, *builder, logger, kAll, kConvProfile);
    ASSERT_TRUE(ref.engine && b.engine) << logger.all();
    EXPECT_EQ(b.engine->getTensorDataType("data"), DataType::kHALF);
    EXPECT_EQ(b.engine->getTensorDataType("prob"), DataType::kHALF);
    for (int64_t batch : {1, 3}) {
        const Dims d = Dims4{batch, 3, 12, 13};
        auto x = randomFloats(static_cast<size_t>(vol(d)), 40 + static_cast<uint32_t>(batch));
        for (auto& v : x) v = halfToFloat(floatToHalf(v));  // both engines see the same values
        Ptr<IExecutionContext> ctx(b.engine->createExecutionContext());
        ctx->setInputShape("data", d);
        std::vector<uint16_t> xh = toHalf(x), yh(static_cast<size_t>(vol(ctx->getTensorShape("prob"))));
        ctx->setTensorAddress("data", xh.data());
        ctx->setTensorAddress("prob", yh.data());
        ASSERT_TRUE(ctx->enqueueV3(nullptr)) << logger.all();
        std::vector<float> got(yh.size());
        for (size_t i = 0; i < yh.size(); ++i) got[i] = halfToFloat(yh[i]);
        std::map<std::string, HostTensor> want;
        ASSERT_TRUE(infer(*ref.engine, {{"data", {d, x}}}, want));
        EXPECT_LE(errorRatio(got, want["prob"].data, 2e-3, 1e-2), 1.0) << "batch " << batch;
    }
}

TEST(ReducedPrecision, Fp16FlagStoresHalfBetweenLayersAndMatchesTheReference) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    populateConvNet(*net, DataType::kFLOAT, 21);
    const uint32_t fp16 = 1u << static_cast<int32_t>(BuilderFlag::kFP16);
    Built ref = buildOn(DeviceType::kCPU, *net, *builder, logger, kRef, kConvProfile);
    Built b = buildOn(DeviceType::kCPU, *net, *builder, logger, kAll, kConvProfile, fp16);
    ASSERT_TRUE(ref.engine && b.engine) << logger.all();
    EXPECT_EQ(b.engine->getTensorDataType("prob"), DataType::kFLOAT);  // I/O keep the network's types
    int halfTensors = 0;
    for (auto& t : programOf(b).tensors) halfTensors += t.type == DataType::kHALF;
    EXPECT_GE(halfTensors, 4);
    for (int64_t batch : {1, 2, 3}) {
        const Dims d = Dims4{batch, 3, 12, 13};
        auto x = randomFloats(static_cast<size_t>(vol(d)), 60 + static_cast<uint32_t>(batch));
        std::map<std::string, HostTensor> got, want;
        ASSERT_TRUE(infer(*b.engine, {{"data", {d, x}}}, got)) << logger.all();
        ASSERT_TRUE(infer(*ref.engine, {{"data", {d, x}}}, want));
        EXPECT_LE(errorRatio(got["prob"].data, want["prob"].data, 2e-3, 1e-2), 1.0) << "batch " << batch;
    }
}

TEST(TestDevice, ConstantsAreUploadedOnceNotCopiedPerRun) {
    CaptureLogger logger;
    Ptr<IBuilder> builder(createInferBuilder(logger));
    Ptr<INetworkDefinition> net(builder->createNetworkV2(0));
    auto w = randomFloats(2 * 3 * 5, 8);
    ITensor* x = net->addInput("data", DataType::kFLOAT, Dims3{2, 3, 5});
    auto* c = net->addConstant(Dims3{2, 3, 5}, weightsOf(w));
    auto* sum = net->addElementWise(*x, *c->getOutput(0), ElementWiseOperation::kSUM);
    auto* act = net->addActivation(*sum->getOutput(0), ActivationType::kTANH);
    act->getOutput(0)->setName("prob");
    net->markOutput(*act->getOutput(0));
    Built ref = buildOn(DeviceType::kCPU, *net, *builder, logger, kRef);
    Built dev = buildOn(DeviceType::kTEST, *net, *builder, logger, kAll);
    ASSERT_TRUE(ref.engine && dev.engine) << logger.all();
    const ir::Program p = programOf(dev);
    EXPECT_EQ(countKind(p, ir::OpKind::kCopy), 0);
    int deviceConstants = 0;
    for (auto& t : p.tensors) deviceConstants += t.role == ir::TensorRole::kConstant && t.location == DeviceType::kTEST;
    EXPECT_EQ(deviceConstants, 1);
    Ptr<IExecutionContext> ctx(dev.engine->createExecutionContext());
    void* stream = streamCreate(DeviceType::kTEST);
    auto in = randomFloats(30, 9);
    for (int run = 0; run < 2; ++run)
        EXPECT_LE(errorRatio(runOnTestDevice(*dev.engine, *ctx, in, Dims3{2, 3, 5}, stream),
                             runOnCpu(*ref.engine, in, Dims3{2, 3, 5}), 1e-6, 1e-5),
                  1.0);
    streamDestroy(DeviceType::kTEST, stream);
}
