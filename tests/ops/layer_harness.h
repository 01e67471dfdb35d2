// The API-level conformance harness: builds the same one-layer network on the reference backend
// and on the CPU backend (each alone), and for the test device (DeviceType::kTEST, every tactic
// source), with dynamic dims and an optimization profile, runs all three on several concrete shapes
// with fresh random inputs, and compares every output with the reference's within a budget.
//
// The test-device engine runs through device memory on a test-device stream: inputs copied in,
// enqueueV3(stream), outputs copied back, then streamSynchronize. The stream is held busy while the
// work is enqueued, so enqueueV3 must return before any of it has run. Ops the test device lacks
// (SoftMax by default) run on the CPU behind the Copy nodes the builder inserts.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "backends/device.h"  // only to hold a test-device stream busy (StreamGate)
#include "common/test_util.h"
#include "tensorforge/device.h"

namespace tftest {

struct InputSpec {
    std::string name;
    Dims declared;           // may hold -1
    std::vector<Dims> runs;  // concrete shapes, one per run
    DataType type{DataType::kFLOAT};
    float lo{-2.f}, hi{2.f};  // value range (e.g. positive for POW)
};

using Populate = std::function<void(INetworkDefinition&, std::vector<ITensor*>& inputs)>;

inline std::vector<float> randomPayload(const Dims& d, DataType type, uint32_t seed, float lo, float hi) {
    size_t n = static_cast<size_t>(vol(d));
    if (type == DataType::kFLOAT) return randomFloats(n, seed, lo, hi);
    std::mt19937 rng(seed);
    std::vector<float> v(n + 1);
    if (type == DataType::kINT32) {
        auto* p = reinterpret_cast<int32_t*>(v.data());
        for (size_t i = 0; i < n; ++i) p[i] = static_cast<int32_t>(rng() % 19) - 9;
    } else {  // kBOOL, one byte each
        auto* p = reinterpret_cast<uint8_t*>(v.data());
        for (size_t i = 0; i < n; ++i) p[i] = rng() & 1;
    }
    return v;
}

inline Ptr<INetworkDefinition> makeNetwork(IBuilder& b, const std::vector<InputSpec>& specs, const Populate& pop) {
    Ptr<INetworkDefinition> net(b.createNetworkV2(0));
    std::vector<ITensor*> ins;
    for (auto& s : specs) ins.push_back(net->addInput(s.name.c_str(), s.type, s.declared));
    pop(*net, ins);
    return net;
}

constexpr TacticSources kAllTacticSources = ~TacticSources{0};

//! build() of common/test_util.h for a given default device (config->setDefaultDeviceType).
inline Built buildFor(DeviceType device, IBuilder& builder, INetworkDefinition& net, ILogger& logger,
                      TacticSources sources, const Profile& profile = {}) {
    return build(builder, net, logger, sources, BuildOptions{device, 0, profile});
}

//! Holds a test-device stream busy from construction until open(): work enqueued on the stream in
//! between queues behind it. It opens by itself after `limit` (so that an enqueueV3 that waits for
//! its stream cannot hang the test), and heldUntilNow() then reports false.
class StreamGate {
public:
    explicit StreamGate(void* stream, std::chrono::milliseconds limit = std::chrono::seconds(10))
        : state_(std::make_shared<State>()) {
        backends::Stream* s = backends::testDevice()->streamFromHandle(stream);
        if (s == nullptr) {
            state_->open = true;
            return;
        }
        s->enqueue([st = state_, limit] {
            std::unique_lock<std::mutex> lock(st->m);
            if (!st->cv.wait_for(lock, limit, [&] { return st->open; })) st->expired = true;
        });
    }
    ~StreamGate() { open(); }
    void open() {
        std::lock_guard<std::mutex> lock(state_->m);
        state_->open = true;
        state_->cv.notify_all();
    }
    //! True while nothing enqueued after the gate can have run yet.
    bool heldUntilNow() const {
        std::lock_guard<std::mutex> lock(state_->m);
        return !state_->open && !state_->expired;
    }

private:
    struct State {
        std::mutex m;
        std::condition_variable cv;
        bool open{false}, expired{false};
    };
    std::shared_ptr<State> state_;
};

//! One inference of `engine` (built for DeviceType::kTEST) through test-device memory on `stream`:
//! each input is copied (bytes as they are, any type) into deviceMalloc(kTEST) memory, enqueueV3(stream)
//! runs, each output is copied back into `outputs` (host buffers poisoned with NaN first), and then
//! the stream is synchronized. The stream is held busy until everything is enqueued, so enqueueV3
//! has to return before the work is done. Returns "" or what went wrong.
inline std::string inferOnTestDevice(ICudaEngine& engine, const std::map<std::string, HostTensor>& inputs,
                                     std::map<std::string, HostTensor>& outputs, void* stream,
                                     IExecutionContext* ctx = nullptr) {
    constexpr DeviceType dev = DeviceType::kTEST;
    Ptr<IExecutionContext> own;
    if (!ctx) {
        own.reset(engine.createExecutionContext());
        ctx = own.get();
    }
    if (!ctx) return "createExecutionContext failed";
    outputs.clear();
    std::vector<void*> blocks;
    auto alloc = [&](size_t bytes) {
        void* p = deviceMalloc(dev, bytes);
        if (p) blocks.push_back(p);
        return p;
    };
    StreamGate gate(stream);
    if (gate.heldUntilNow() == false) return "not a test-device stream";
    // Every return goes through here: the device memory is freed only once the stream is idle.
    auto finish = [&](std::string error) {
        gate.open();
        if (!streamSynchronize(dev, stream) && error.empty()) error = "streamSynchronize failed";
        for (void* p : blocks) deviceFree(dev, p);
        return error;
    };
    auto bytesOf = [&](const char* name, const Dims& d) {
        return static_cast<size_t>(std::max<int64_t>(vol(d), 0) * dataTypeSize(engine.getTensorDataType(name)));
    };
    for (auto& [name, t] : inputs) {
        if (!ctx->setInputShape(name.c_str(), t.dims)) return finish("setInputShape(" + name + ") failed");
        const size_t bytes = bytesOf(name.c_str(), t.dims);
        if (bytes > t.data.size() * sizeof(float)) return finish("input " + name + " has too little data");
        void* d = alloc(bytes);
        if (!d) return finish("deviceMalloc for input " + name + " failed");
        if (bytes > 0 && !memcpyHostToDevice(dev, d, t.data.data(), bytes, stream))
            return finish("memcpyHostToDevice of input " + name + " failed");
        if (!ctx->setTensorAddress(name.c_str(), d)) return finish("setTensorAddress(" + name + ") failed");
    }
    std::vector<std::pair<std::string, void*>> outs;
    for (int i = 0; i < engine.getNbIOTensors(); ++i) {
        const char* name = engine.getIOTensorName(i);
        if (engine.getTensorIOMode(name) != TensorIOMode::kOUTPUT) continue;
        HostTensor& o = outputs[name];
        o.dims = ctx->getTensorShape(name);
        o.data.assign(std::max<int64_t>(vol(o.dims), 1), std::nanf(""));
        void* d = alloc(bytesOf(name, o.dims));
        if (!d) return finish(std::string("deviceMalloc for output ") + name + " failed");
        if (!ctx->setTensorAddress(name, d)) return finish(std::string("setTensorAddress(") + name + ") failed");
        outs.emplace_back(name, d);
    }
    if (!ctx->enqueueV3(stream)) return finish("enqueueV3(stream) failed");
    if (!gate.heldUntilNow())
        return finish("enqueueV3 on the test device returned only after its stream ran (it waited for the work)");
    for (auto& [name, d] : outs) {
        HostTensor& o = outputs[name];
        const size_t bytes = bytesOf(name.c_str(), o.dims);
        if (bytes > 0 && !memcpyDeviceToHost(dev, o.data.data(), d, bytes, stream))
            return finish("memcpyDeviceToHost of output " + name + " failed");
    }
    return finish("");
}

//! Runs the comparison; every mismatch is a test failure naming the output, the run and the device.
inline void checkLayer(const std::vector<InputSpec>& specs, const Populate& pop, double atol = 1e-4,
                       double rtol = 1e-4) {
    CaptureLogger logger;
    std::map<std::string, std::array<Dims, 3>> profile;
    for (auto& s : specs) {
        Dims mn = s.runs[0], mx = s.runs[0];
        for (auto& r : s.runs)
            for (int i = 0; i < r.nbDims; ++i) {
                mn.d[i] = std::min(mn.d[i], r.d[i]);
                mx.d[i] = std::max(mx.d[i], r.d[i]);
            }
        bool dynamic = false;
        for (int i = 0; i < s.declared.nbDims; ++i) dynamic = dynamic || s.declared.d[i] < 0;
        if (dynamic) profile[s.name] = {mn, mx, mx};
    }
    Ptr<IBuilder> builder(createInferBuilder(logger));
    auto refNet = makeNetwork(*builder, specs, pop);
    auto cpuNet = makeNetwork(*builder, specs, pop);
    auto devNet = makeNetwork(*builder, specs, pop);
    Built ref = build(*builder, *refNet, logger, sourceBit(TacticSource::kREFERENCE), profile);
    ASSERT_TRUE(ref.engine) << logger.all();
    Built cpu = build(*builder, *cpuNet, logger, sourceBit(TacticSource::kCPU), profile);
    ASSERT_TRUE(cpu.engine) << logger.all();
    Built dev = buildFor(DeviceType::kTEST, *builder, *devNet, logger, kAllTacticSources, profile);
    ASSERT_TRUE(dev.engine) << "building for the test device failed\n" << logger.all();
    ASSERT_EQ(dev.engine->getDeviceType(), DeviceType::kTEST);
    // One context and one stream for all runs: the shape changes between runs on the test device too.
    Ptr<IExecutionContext> devCtx(dev.engine->createExecutionContext());
    ASSERT_TRUE(devCtx) << logger.all();
    void* stream = streamCreate(DeviceType::kTEST);
    ASSERT_NE(stream, nullptr);
    struct StreamOwner {
        void* s;
        ~StreamOwner() { streamDestroy(DeviceType::kTEST, s); }
    } streamOwner{stream};
    for (size_t r = 0; r < specs[0].runs.size(); ++r) {
        std::map<std::string, HostTensor> inputs, refOut, cpuOut, devOut;
        uint32_t seed = 1000 + static_cast<uint32_t>(r) * 17;
        for (auto& s : specs) inputs[s.name] = {s.runs[r], randomPayload(s.runs[r], s.type, seed++, s.lo, s.hi)};
        ASSERT_TRUE(infer(*ref.engine, inputs, refOut)) << logger.all();
        ASSERT_TRUE(infer(*cpu.engine, inputs, cpuOut)) << logger.all();
        const std::string devError = inferOnTestDevice(*dev.engine, inputs, devOut, stream, devCtx.get());
        EXPECT_EQ(devError, "") << "run " << r << " on the test device\n" << logger.all();
        auto compare = [&](const char* device, const std::map<std::string, HostTensor>& got) {
            for (auto& [name, t] : refOut) {
                auto it = got.find(name);
                ASSERT_NE(it, got.end()) << "output " << name << " missing on the " << device;
                const HostTensor& c = it->second;
                ASSERT_EQ(t.dims.nbDims, c.dims.nbDims) << name << " on the " << device;
                for (int i = 0; i < t.dims.nbDims; ++i)
                    ASSERT_EQ(t.dims.d[i], c.dims.d[i]) << name << " on the " << device;
                DataType type = ref.engine->getTensorDataType(name.c_str());
                if (type == DataType::kFLOAT) {
                    EXPECT_LE(errorRatio(c.data, t.data, atol, rtol), 1.0)
                        << "output " << name << " run " << r << " on the " << device;
                } else {
                    size_t bytes = static_cast<size_t>(vol(t.dims) * dataTypeSize(type));
                    EXPECT_EQ(0, std::memcmp(c.data.data(), t.data.data(), bytes))
                        << "output " << name << " run " << r << " on the " << device;
                }
            }
        };
        compare("CPU device", cpuOut);
        if (devError.empty()) compare("test device", devOut);
    }
}

}  // namespace tftest
