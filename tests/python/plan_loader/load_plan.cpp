// tforge_load_plan: the C++ side of the Python tests' plan interoperability checks
// (tests/python/test_api_v10.py). Uses only the public API.
//
//   tforge_load_plan run PLAN INPUT_NAME SHAPE INPUT.bin OUTPUT_NAME OUTPUT.bin
//       Loads PLAN (e.g. written by Python), sets INPUT_NAME to SHAPE (e.g. 8x1x28x28), runs it on the
//       raw float32 values of INPUT.bin and writes OUTPUT_NAME's raw float32 values to OUTPUT.bin.
//   tforge_load_plan build-lenet WEIGHTS PLAN MAX_BATCH [OPT_LEVEL]
//       Builds the LeNet demo network from a TFWT weights file with the C++ API (batch 1..MAX_BATCH)
//       and writes the plan, for Python to load.
//
// Exit status 0 on success, 1 with a message on stderr otherwise.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tensorforge/tensorforge.h"

namespace {

class Logger : public tforge::ILogger {
public:
    void log(Severity severity, const char* msg) noexcept override {
        if (severity <= Severity::kWARNING) std::fprintf(stderr, "[tforge_load_plan] %s\n", msg);
    }
};

[[noreturn]] void die(const std::string& msg) {
    std::fprintf(stderr, "tforge_load_plan: error: %s\n", msg.c_str());
    std::exit(1);
}

template <typename T>
T* check(T* p, const char* what) {
    if (!p) die(std::string(what) + " returned nullptr");
    return p;
}

std::vector<char> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die("cannot open '" + path + "'");
    return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const void* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) die("cannot write '" + path + "'");
}

tforge::Dims parseShape(const std::string& s) {
    tforge::Dims d;
    d.nbDims = 0;
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t x = s.find('x', pos);
        if (x == std::string::npos) x = s.size();
        if (d.nbDims == tforge::Dims::MAX_DIMS) die("shape '" + s + "' has too many dimensions");
        const std::string part = s.substr(pos, x - pos);
        char* end = nullptr;
        const long long v = std::strtoll(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0' || v < 0) die("bad shape '" + s + "' (want e.g. 8x1x28x28)");
        d.d[d.nbDims++] = v;
        pos = x + 1;
    }
    return d;
}

int64_t volume(const tforge::Dims& d) {
    int64_t v = 1;
    for (int32_t i = 0; i < d.nbDims; ++i) v *= d.d[i];
    return v;
}

int run(int argc, char** argv) {
    if (argc != 8) die("usage: run PLAN INPUT_NAME SHAPE INPUT.bin OUTPUT_NAME OUTPUT.bin");
    const std::string inName = argv[3], outName = argv[6];
    const tforge::Dims shape = parseShape(argv[4]);
    Logger logger;
    const std::vector<char> plan = readFile(argv[2]);
    std::unique_ptr<tforge::IRuntime> runtime(check(tforge::createInferRuntime(logger), "createInferRuntime"));
    std::unique_ptr<tforge::ICudaEngine> engine(
        check(runtime->deserializeCudaEngine(plan.data(), plan.size()), "deserializeCudaEngine"));
    if (engine->getTensorIOMode(inName.c_str()) != tforge::TensorIOMode::kINPUT) die("no input named " + inName);
    if (engine->getTensorIOMode(outName.c_str()) != tforge::TensorIOMode::kOUTPUT) die("no output named " + outName);
    if (engine->getTensorDataType(inName.c_str()) != tforge::DataType::kFLOAT ||
        engine->getTensorDataType(outName.c_str()) != tforge::DataType::kFLOAT)
        die("only float32 inputs and outputs are supported");
    std::unique_ptr<tforge::IExecutionContext> ctx(check(engine->createExecutionContext(), "createExecutionContext"));
    if (!ctx->setInputShape(inName.c_str(), shape)) die("setInputShape failed");

    const std::vector<char> inBytes = readFile(argv[5]);
    std::vector<float> input(static_cast<size_t>(volume(shape)));
    if (inBytes.size() != input.size() * sizeof(float))
        die("input file has " + std::to_string(inBytes.size()) + " bytes, the shape needs " +
            std::to_string(input.size() * sizeof(float)));
    std::memcpy(input.data(), inBytes.data(), inBytes.size());

    const tforge::Dims outShape = ctx->getTensorShape(outName.c_str());
    if (outShape.nbDims < 0 || volume(outShape) < 0) die("output shape unknown");
    std::vector<float> output(static_cast<size_t>(volume(outShape)));
    if (!ctx->setTensorAddress(inName.c_str(), input.data()) || !ctx->setTensorAddress(outName.c_str(), output.data()))
        die("setTensorAddress failed");
    if (!ctx->enqueueV3(nullptr)) die("enqueueV3 failed");
    writeFile(argv[7], output.data(), output.size() * sizeof(float));
    std::printf("ran %s: %s [", argv[2], outName.c_str());
    for (int32_t i = 0; i < outShape.nbDims; ++i)
        std::printf("%s%lld", i ? "," : "", static_cast<long long>(outShape.d[i]));
    std::printf("]\n");
    return 0;
}

// ---- build-lenet: the demo network (examples/lenet/main.cpp) from a TFWT file.

struct Tensor {
    std::vector<int64_t> dims;
    std::vector<float> values;
};

std::map<std::string, Tensor> readTfwt(const std::string& path) {
    const std::vector<char> b = readFile(path);
    size_t off = 0;
    auto take = [&](void* dst, size_t n) {
        if (off + n > b.size()) die("'" + path + "' is truncated");
        std::memcpy(dst, b.data() + off, n);
        off += n;
    };
    char magic[4];
    take(magic, 4);
    if (std::memcmp(magic, "TFWT", 4) != 0) die("'" + path + "' is not a TFWT file");
    uint32_t version = 0, count = 0;
    take(&version, 4);
    take(&count, 4);
    if (version != 1) die("unsupported TFWT version");
    std::map<std::string, Tensor> out;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t len = 0, nd = 0;
        take(&len, 4);
        std::string name(len, '\0');
        take(name.data(), len);
        take(&nd, 4);
        if (nd > 8) die("bad rank in '" + path + "'");
        Tensor t;
        t.dims.resize(nd);
        int64_t n = 1;
        for (auto& d : t.dims) {
            take(&d, 8);
            if (d < 0 || d > (int64_t{1} << 30)) die("bad dimension in '" + path + "'");
            n *= d;
        }
        t.values.resize(static_cast<size_t>(n));
        take(t.values.data(), t.values.size() * sizeof(float));
        out[name] = std::move(t);
    }
    return out;
}

int buildLenet(int argc, char** argv) {
    if (argc != 5 && argc != 6) die("usage: build-lenet WEIGHTS PLAN MAX_BATCH [OPT_LEVEL]");
    const auto weights = readTfwt(argv[2]);
    const int64_t maxBatch = std::atoll(argv[4]);
    if (maxBatch < 1) die("MAX_BATCH must be >= 1");
    auto w = [&](const char* name) {
        auto it = weights.find(name);
        if (it == weights.end()) die(std::string("missing weights ") + name);
        return tforge::Weights{tforge::DataType::kFLOAT, it->second.values.data(),
                               static_cast<int64_t>(it->second.values.size())};
    };
    Logger logger;
    std::unique_ptr<tforge::IBuilder> builder(check(tforge::createInferBuilder(logger), "createInferBuilder"));
    std::unique_ptr<tforge::INetworkDefinition> net(check(builder->createNetworkV2(0), "createNetworkV2"));
    net->setName("lenet");
    auto* data = check(net->addInput("data", tforge::DataType::kFLOAT, tforge::Dims4{-1, 1, 28, 28}), "addInput");
    auto* conv1 =
        check(net->addConvolutionNd(*data, 20, tforge::DimsHW{5, 5}, w("conv1.weight"), w("conv1.bias")), "conv1");
    conv1->setStrideNd(tforge::DimsHW{1, 1});
    auto* pool1 =
        check(net->addPoolingNd(*conv1->getOutput(0), tforge::PoolingType::kMAX, tforge::DimsHW{2, 2}), "pool1");
    pool1->setStrideNd(tforge::DimsHW{2, 2});
    auto* conv2 =
        check(net->addConvolutionNd(*pool1->getOutput(0), 50, tforge::DimsHW{5, 5}, w("conv2.weight"), w("conv2.bias")),
              "conv2");
    conv2->setStrideNd(tforge::DimsHW{1, 1});
    auto* pool2 =
        check(net->addPoolingNd(*conv2->getOutput(0), tforge::PoolingType::kMAX, tforge::DimsHW{2, 2}), "pool2");
    pool2->setStrideNd(tforge::DimsHW{2, 2});
    auto* fc1 = check(net->addFullyConnected(*pool2->getOutput(0), 500, w("fc1.weight"), w("fc1.bias")), "fc1");
    auto* relu = check(net->addActivation(*fc1->getOutput(0), tforge::ActivationType::kRELU), "relu1");
    auto* fc2 = check(net->addFullyConnected(*relu->getOutput(0), 10, w("fc2.weight"), w("fc2.bias")), "fc2");
    fc2->getOutput(0)->setName("prob");
    net->markOutput(*fc2->getOutput(0));

    auto* profile = check(builder->createOptimizationProfile(), "createOptimizationProfile");
    profile->setDimensions("data", tforge::OptProfileSelector::kMIN, tforge::Dims4{1, 1, 28, 28});
    profile->setDimensions("data", tforge::OptProfileSelector::kOPT, tforge::Dims4{maxBatch, 1, 28, 28});
    profile->setDimensions("data", tforge::OptProfileSelector::kMAX, tforge::Dims4{maxBatch, 1, 28, 28});
    std::unique_ptr<tforge::IBuilderConfig> config(check(builder->createBuilderConfig(), "createBuilderConfig"));
    config->setMemoryPoolLimit(tforge::MemoryPoolType::kWORKSPACE, size_t{256} << 20);
    if (argc == 6) config->setBuilderOptimizationLevel(std::atoi(argv[5]));
    if (config->addOptimizationProfile(profile) < 0) die("addOptimizationProfile failed");
    std::unique_ptr<tforge::IHostMemory> plan(
        check(builder->buildSerializedNetwork(*net, *config), "buildSerializedNetwork"));
    writeFile(argv[3], plan->data(), plan->size());
    std::printf("wrote %s (%zu bytes)\n", argv[3], plan->size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "run") return run(argc, argv);
    if (cmd == "build-lenet") return buildLenet(argc, argv);
    std::fprintf(stderr,
                 "usage: %s run PLAN INPUT_NAME SHAPE INPUT.bin OUTPUT_NAME OUTPUT.bin\n"
                 "       %s build-lenet WEIGHTS PLAN MAX_BATCH [OPT_LEVEL]\n",
                 argv[0], argv[0]);
    return 1;
}
