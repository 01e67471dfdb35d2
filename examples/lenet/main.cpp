// LeNet on Fashion-MNIST through the network-definition API: TensorForge's version of TensorRT's
// "network API" sample (network_api_pytorch_mnist). It
//   1. defines the network layer by layer with weights trained by train_lenet.py,
//   2. builds a serialized plan and writes it to a file,
//   3. reads the file back, deserializes the engine and runs all 10,000 test images in batches,
//   4. prints the test accuracy, the throughput, the plan size and the engine's activation memory.
//
// With --device test the engine is built for the test device (DeviceType::kTEST, emulated on the host
// for CI): its I/O lives in deviceMalloc memory the host may not touch, each batch is copied in with
// memcpyHostToDevice on a test-device stream, run with enqueueV3(stream), copied back, and the host
// reads the scores only after streamSynchronize (enqueueV3 returns before the work is done).
//
// Usage: lenet [--weights PATH] [--data DIR] [--plan PATH] [--batch N] [--device cpu|test] [--limit N]
//              [--min-accuracy PCT]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "mnist_idx.h"
#include "tensorforge/tensorforge.h"
#include "weights.h"

#ifndef TFORGE_LENET_DIR
#define TFORGE_LENET_DIR "examples/lenet"
#endif

namespace {

constexpr const char* kInputName = "data";
constexpr const char* kOutputName = "prob";
constexpr int64_t kChannels = 1;
constexpr int64_t kHeight = 28;
constexpr int64_t kWidth = 28;
constexpr int64_t kClasses = 10;

//! Prints warnings and errors of the library to stderr (TensorRT samples' Logger).
class Logger : public tforge::ILogger {
public:
    void log(Severity severity, const char* msg) noexcept override {
        if (severity > Severity::kWARNING) return;
        const char* tag = severity == Severity::kWARNING ? "WARNING"
                          : severity == Severity::kERROR ? "ERROR"
                                                         : "INTERNAL_ERROR";
        std::fprintf(stderr, "[tensorforge %s] %s\n", tag, msg);
    }
};

struct Options {
    std::string weights = TFORGE_LENET_DIR "/lenet_fashion_mnist.weights";
    std::string data = "/usr/share/datasets/fashion-mnist";
    std::string plan = "lenet.plan";
    int64_t batch = 256;
    tforge::DeviceType device = tforge::DeviceType::kCPU;
    int64_t limit = -1;       // number of test images to run (the first ones); -1: all of them
    double minAccuracy = -1;  // percent; exit with status 2 below it (ctest uses this)
};

[[noreturn]] void die(const std::string& msg) {
    std::fprintf(stderr, "lenet: error: %s\n", msg.c_str());
    std::exit(1);
}

//! Every API call that can fail returns nullptr/false; stop with a message naming it.
template <typename T>
T* check(T* p, const char* what) {
    if (!p) die(std::string(what) + " returned nullptr (see the messages above)");
    return p;
}
void check(bool ok, const char* what) {
    if (!ok) die(std::string(what) + " failed (see the messages above)");
}

void usage(const char* argv0) {
    const Options d;
    std::printf(
        "usage: %s [--weights PATH] [--data DIR] [--plan PATH] [--batch N] [--device cpu|test] [--limit N]\n"
        "          [--min-accuracy PCT]\n"
        "  --weights PATH  TFWT weights from train_lenet.py (default %s)\n"
        "  --data DIR      Fashion-MNIST IDX files (default %s)\n"
        "  --plan PATH     where to write, then read, the serialized engine (default %s)\n"
        "  --batch N       images per inference call, 1..65536 (default %lld)\n"
        "  --device D      cpu (default): host buffers; test: the test device (device memory, async stream)\n"
        "  --limit N       run only the first N test images (default: all)\n"
        "  --min-accuracy PCT  exit with status 2 if the test accuracy (percent) is lower\n",
        argv0, d.weights.c_str(), d.data.c_str(), d.plan.c_str(), static_cast<long long>(d.batch));
}

Options parseArgs(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die("option " + a + " needs a value (see --help)");
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(argv[0]);
            std::exit(0);
        } else if (a == "--weights") {
            o.weights = value();
        } else if (a == "--data") {
            o.data = value();
        } else if (a == "--plan") {
            o.plan = value();
        } else if (a == "--batch") {
            const std::string v = value();
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 1 || n > 65536)
                die("--batch wants an integer in 1..65536, got '" + v + "'");
            o.batch = n;
        } else if (a == "--device") {
            const std::string v = value();
            if (v == "cpu")
                o.device = tforge::DeviceType::kCPU;
            else if (v == "test")
                o.device = tforge::DeviceType::kTEST;
            else
                die("--device wants cpu or test, got '" + v + "'");
        } else if (a == "--limit") {
            const std::string v = value();
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 1) die("--limit wants a positive integer, got '" + v + "'");
            o.limit = n;
        } else if (a == "--min-accuracy") {
            const std::string v = value();
            char* end = nullptr;
            const double pct = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(pct >= 0 && pct <= 100))
                die("--min-accuracy wants a percentage in 0..100, got '" + v + "'");
            o.minAccuracy = pct;
        } else {
            die("unknown argument '" + a + "' (see --help)");
        }
    }
    return o;
}

tforge::Weights toWeights(const lenet::HostTensor& t) {
    return tforge::Weights{tforge::DataType::kFLOAT, t.values.data(), static_cast<int64_t>(t.values.size())};
}

//! Builds the network with the definition API and returns the serialized plan.
std::unique_ptr<tforge::IHostMemory> buildPlan(Logger& logger, const lenet::WeightsFile& weights, int64_t maxBatch,
                                               tforge::DeviceType device) {
    std::string err;
    auto need = [&](const char* name, std::vector<int64_t> dims) -> tforge::Weights {
        const lenet::HostTensor* t = weights.get(name, dims, &err);
        if (!t) die(err);
        return toWeights(*t);
    };

    std::unique_ptr<tforge::IBuilder> builder(check(tforge::createInferBuilder(logger), "createInferBuilder"));
    std::unique_ptr<tforge::INetworkDefinition> network(check(builder->createNetworkV2(0), "createNetworkV2"));
    network->setName("lenet");

    // data [-1, 1, 28, 28]: the batch is chosen at run time within the optimization profile.
    tforge::ITensor* data =
        check(network->addInput(kInputName, tforge::DataType::kFLOAT, tforge::Dims4{-1, kChannels, kHeight, kWidth}),
              "addInput(data)");

    // conv1: 20 maps, 5x5, stride 1, no padding, no activation (as in the tutorial) -> [N,20,24,24]
    tforge::IConvolutionLayer* conv1 =
        check(network->addConvolutionNd(*data, 20, tforge::DimsHW{5, 5}, need("conv1.weight", {20, 1, 5, 5}),
                                        need("conv1.bias", {20})),
              "addConvolutionNd(conv1)");
    conv1->setStrideNd(tforge::DimsHW{1, 1});
    conv1->setName("conv1");

    // pool1: max 2x2, stride 2 -> [N,20,12,12]
    tforge::IPoolingLayer* pool1 =
        check(network->addPoolingNd(*conv1->getOutput(0), tforge::PoolingType::kMAX, tforge::DimsHW{2, 2}),
              "addPoolingNd(pool1)");
    pool1->setStrideNd(tforge::DimsHW{2, 2});
    pool1->setName("pool1");

    // conv2: 50 maps, 5x5 -> [N,50,8,8]
    tforge::IConvolutionLayer* conv2 =
        check(network->addConvolutionNd(*pool1->getOutput(0), 50, tforge::DimsHW{5, 5},
                                        need("conv2.weight", {50, 20, 5, 5}), need("conv2.bias", {50})),
              "addConvolutionNd(conv2)");
    conv2->setStrideNd(tforge::DimsHW{1, 1});
    conv2->setName("conv2");

    // pool2: max 2x2, stride 2 -> [N,50,4,4]
    tforge::IPoolingLayer* pool2 =
        check(network->addPoolingNd(*conv2->getOutput(0), tforge::PoolingType::kMAX, tforge::DimsHW{2, 2}),
              "addPoolingNd(pool2)");
    pool2->setStrideNd(tforge::DimsHW{2, 2});
    pool2->setName("pool2");

    // fc1: flattens C,H,W (800) -> 500, then ReLU -> [N,500,1,1]
    tforge::IFullyConnectedLayer* fc1 = check(
        network->addFullyConnected(*pool2->getOutput(0), 500, need("fc1.weight", {500, 800}), need("fc1.bias", {500})),
        "addFullyConnected(fc1)");
    fc1->setName("fc1");
    tforge::IActivationLayer* relu1 =
        check(network->addActivation(*fc1->getOutput(0), tforge::ActivationType::kRELU), "addActivation(relu1)");
    relu1->setName("relu1");

    // fc2: 500 -> 10 class scores -> [N,10,1,1]
    tforge::IFullyConnectedLayer* fc2 =
        check(network->addFullyConnected(*relu1->getOutput(0), kClasses, need("fc2.weight", {kClasses, 500}),
                                         need("fc2.bias", {kClasses})),
              "addFullyConnected(fc2)");
    fc2->setName("fc2");
    fc2->getOutput(0)->setName(kOutputName);
    network->markOutput(*fc2->getOutput(0));

    const tforge::Dims outDims = fc2->getOutput(0)->getDimensions();
    if (outDims.nbDims < 2 || outDims.d[1] != kClasses) die("unexpected output shape from shape inference");

    // Batch 1..maxBatch, tuned for maxBatch. The profile belongs to the builder (as in TensorRT).
    tforge::IOptimizationProfile* profile = check(builder->createOptimizationProfile(), "createOptimizationProfile");
    check(profile->setDimensions(kInputName, tforge::OptProfileSelector::kMIN,
                                 tforge::Dims4{1, kChannels, kHeight, kWidth}),
          "setDimensions(kMIN)");
    check(profile->setDimensions(kInputName, tforge::OptProfileSelector::kOPT,
                                 tforge::Dims4{maxBatch, kChannels, kHeight, kWidth}),
          "setDimensions(kOPT)");
    check(profile->setDimensions(kInputName, tforge::OptProfileSelector::kMAX,
                                 tforge::Dims4{maxBatch, kChannels, kHeight, kWidth}),
          "setDimensions(kMAX)");

    std::unique_ptr<tforge::IBuilderConfig> config(check(builder->createBuilderConfig(), "createBuilderConfig"));
    config->setMemoryPoolLimit(tforge::MemoryPoolType::kWORKSPACE, size_t{256} << 20);  // 256 MiB of scratch
    // On the CPU (the default device anyway) the demo hands host buffers to the engine; on the test
    // device it hands it deviceMalloc memory. Ops the test device lacks would run on the CPU, with
    // Copy nodes at the boundaries (LeNet here has none: it ends with the class scores).
    config->setDefaultDeviceType(device);
    if (config->addOptimizationProfile(profile) < 0) die("addOptimizationProfile rejected the profile");

    std::unique_ptr<tforge::IHostMemory> plan(
        check(builder->buildSerializedNetwork(*network, *config), "buildSerializedNetwork"));
    if (plan->size() == 0) die("buildSerializedNetwork returned an empty plan");
    return plan;
}

void writeFile(const std::string& path, const void* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) die("cannot create plan file '" + path + "'");
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) die("cannot write plan file '" + path + "'");
}

std::vector<char> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die("cannot open plan file '" + path + "'");
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) die("cannot read plan file '" + path + "'");
    return bytes;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parseArgs(argc, argv);
    Logger logger;  // declared first: outlives every object that holds it

    // ---- Inputs: weights and the test set (fail early, before any building).
    std::string err;
    lenet::WeightsFile weights;
    if (!weights.load(opt.weights, &err)) die(err);
    lenet::MnistSplit test;
    if (!lenet::loadMnistSplit(opt.data, "t10k", &test, &err)) die(err);
    if (test.rows != kHeight || test.cols != kWidth) die("test images are not 28x28");
    std::printf("Loaded %zu weight tensors from %s and %lld test images from %s\n", weights.size(), opt.weights.c_str(),
                static_cast<long long>(test.count), opt.data.c_str());
    // The images that are run and scored: the first --limit of them, or all.
    const int64_t count = opt.limit > 0 ? std::min(opt.limit, test.count) : test.count;
    const bool onTest = opt.device == tforge::DeviceType::kTEST;
    if (count != test.count) std::printf("Running the first %lld of them (--limit)\n", static_cast<long long>(count));
    if (onTest)
        std::printf("Device: the test device (DeviceType::kTEST): device memory, copies and an asynchronous stream\n");

    // ---- Build: network definition -> serialized plan -> file.
    const auto tBuild = std::chrono::steady_clock::now();
    std::unique_ptr<tforge::IHostMemory> plan = buildPlan(logger, weights, opt.batch, opt.device);
    const double buildSeconds = secondsSince(tBuild);
    writeFile(opt.plan, plan->data(), plan->size());
    std::printf("Built the engine in %.2f s and wrote %s (%zu bytes)\n", buildSeconds, opt.plan.c_str(), plan->size());
    plan.reset();

    // ---- Run: file -> engine -> execution context.
    const std::vector<char> planBytes = readFile(opt.plan);
    std::unique_ptr<tforge::IRuntime> runtime(check(tforge::createInferRuntime(logger), "createInferRuntime"));
    std::unique_ptr<tforge::ICudaEngine> engine(
        check(runtime->deserializeCudaEngine(planBytes.data(), planBytes.size()), "deserializeCudaEngine"));
    if (engine->getTensorIOMode(kInputName) != tforge::TensorIOMode::kINPUT ||
        engine->getTensorIOMode(kOutputName) != tforge::TensorIOMode::kOUTPUT) {
        die("the engine has no input 'data' and output 'prob'");
    }
    if (engine->getDeviceType() != opt.device)
        die(onTest ? "the engine is not a test-device engine" : "the engine is not a CPU engine (host buffers)");
    std::unique_ptr<tforge::IExecutionContext> context(
        check(engine->createExecutionContext(), "createExecutionContext"));

    // Host buffers for the whole test set; each batch points into them (no copies in the timed loop).
    // On the test device the engine gets device memory of the same layout instead: each batch is
    // copied into it, run and copied back, all in order on one stream, and the host reads `scores`
    // only after synchronizing the stream.
    const int64_t imageSize = kChannels * kHeight * kWidth;
    std::vector<float> scores(static_cast<size_t>(count * kClasses));
    const tforge::DeviceType dev = opt.device;
    void* stream = nullptr;
    float* dImages = nullptr;
    float* dScores = nullptr;
    if (onTest) {
        stream = check(tforge::streamCreate(dev), "streamCreate(kTEST)");
        dImages = static_cast<float*>(check(
            tforge::deviceMalloc(dev, static_cast<size_t>(count * imageSize) * sizeof(float)), "deviceMalloc(data)"));
        dScores = static_cast<float*>(check(
            tforge::deviceMalloc(dev, static_cast<size_t>(count * kClasses) * sizeof(float)), "deviceMalloc(prob)"));
    }

    auto runBatch = [&](int64_t first, int64_t n) {
        float* hostIn = &test.images[static_cast<size_t>(first * imageSize)];
        float* hostOut = &scores[static_cast<size_t>(first * kClasses)];
        check(context->setInputShape(kInputName, tforge::Dims4{n, kChannels, kHeight, kWidth}), "setInputShape");
        if (!onTest) {
            check(context->setTensorAddress(kInputName, hostIn), "setTensorAddress(data)");
            check(context->setTensorAddress(kOutputName, hostOut), "setTensorAddress(prob)");
            check(context->enqueueV3(nullptr), "enqueueV3");
            return;
        }
        float* devIn = dImages + first * imageSize;
        float* devOut = dScores + first * kClasses;
        check(
            tforge::memcpyHostToDevice(dev, devIn, hostIn, static_cast<size_t>(n * imageSize) * sizeof(float), stream),
            "memcpyHostToDevice(data)");
        check(context->setTensorAddress(kInputName, devIn), "setTensorAddress(data)");
        check(context->setTensorAddress(kOutputName, devOut), "setTensorAddress(prob)");
        check(context->enqueueV3(stream), "enqueueV3");
        check(
            tforge::memcpyDeviceToHost(dev, hostOut, devOut, static_cast<size_t>(n * kClasses) * sizeof(float), stream),
            "memcpyDeviceToHost(prob)");
    };
    // CPU engines finish in enqueueV3; test-device work is done only once its stream is synchronized.
    auto finish = [&] {
        if (onTest) check(tforge::streamSynchronize(dev, stream), "streamSynchronize");
    };

    // The output shape the engine will produce for a full batch: [N, 10, 1, 1].
    const int64_t firstBatch = std::min(opt.batch, count);
    check(context->setInputShape(kInputName, tforge::Dims4{firstBatch, kChannels, kHeight, kWidth}), "setInputShape");
    const tforge::Dims outShape = context->getTensorShape(kOutputName);
    int64_t outVolume = 1;
    for (int32_t i = 0; i < outShape.nbDims; ++i) outVolume *= outShape.d[i];
    if (outShape.nbDims < 2 || outVolume != firstBatch * kClasses) die("unexpected output shape for 'prob'");

    runBatch(0, firstBatch);  // warm-up (first-run allocations), not timed
    finish();
    // Poisoned: an image whose scores the timed run did not all write (NaN left) counts as wrong.
    std::fill(scores.begin(), scores.end(), std::nanf(""));

    const auto tRun = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < count; first += opt.batch) runBatch(first, std::min(opt.batch, count - first));
    finish();
    const double runSeconds = secondsSince(tRun);

    if (onTest) {
        tforge::deviceFree(dev, dImages);
        tforge::deviceFree(dev, dScores);
        tforge::streamDestroy(dev, stream);
    }

    int64_t correct = 0;
    for (int64_t i = 0; i < count; ++i) {
        const float* s = &scores[static_cast<size_t>(i * kClasses)];
        const int64_t predicted = std::max_element(s, s + kClasses) - s;
        const bool written = std::none_of(s, s + kClasses, [](float v) { return std::isnan(v); });
        correct += written && predicted == test.labels[static_cast<size_t>(i)];
    }

    const double accuracy = 100.0 * double(correct) / double(count);
    std::printf("Test accuracy: %.2f%% (%lld/%lld)\n", accuracy, static_cast<long long>(correct),
                static_cast<long long>(count));
    std::printf("Throughput: %.0f images/s (batch %lld, %.3f s for %lld images)\n", double(count) / runSeconds,
                static_cast<long long>(opt.batch), runSeconds, static_cast<long long>(count));
    std::printf("Plan size: %zu bytes\n", planBytes.size());
    std::printf("Engine device memory (getDeviceMemorySizeV2): %lld bytes\n",
                static_cast<long long>(engine->getDeviceMemorySizeV2()));
    if (accuracy < opt.minAccuracy) {
        std::fprintf(stderr, "lenet: error: test accuracy %.2f%% is below --min-accuracy %.2f%%\n", accuracy,
                     opt.minAccuracy);
        return 2;
    }
    return 0;
}
