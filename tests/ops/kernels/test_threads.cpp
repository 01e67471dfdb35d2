// Thread pool behaviour, kernels called concurrently from several threads (run() is const and
// must be thread-safe), the backend's identity, run-time argument checks, and a manual perf probe.
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "backends/cpu/thread_pool.h"
#include "backends/registry.h"
#include "harness.h"
#include "ir/shape_inference.h"

namespace tforge::test {
namespace {

using backends::cpu::ThreadPool;

TEST(CpuThreadPool, EveryItemOnceFromConcurrentCallers) {
    constexpr int kCallers = 4;
    constexpr int64_t kItems = 100003;
    std::vector<std::vector<int>> hits(kCallers, std::vector<int>(kItems, 0));
    std::vector<std::thread> ts;
    for (int c = 0; c < kCallers; ++c)
        ts.emplace_back([&, c] {
            for (int rep = 0; rep < 20; ++rep)
                backends::cpu::parallelFor(
                    kItems,
                    [&](int64_t b, int64_t e) {
                        for (int64_t i = b; i < e; ++i) hits[c][i]++;
                    },
                    64 + rep);
        });
    for (auto& t : ts) t.join();
    for (int c = 0; c < kCallers; ++c)
        for (int64_t i = 0; i < kItems; ++i) ASSERT_EQ(hits[c][i], 20) << "caller " << c << " item " << i;
}

TEST(CpuThreadPool, NestedCallsAndThreadLimit) {
    std::atomic<int64_t> sum{0};
    for (int limit : {1, 3, 0}) {
        ThreadPool::instance().setMaxThreads(limit);
        sum = 0;
        backends::cpu::parallelFor(8, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i)
                backends::cpu::parallelFor(
                    1000, [&](int64_t b2, int64_t e2) { sum += e2 - b2; }, 10);
        });
        EXPECT_EQ(sum.load(), 8000) << "limit " << limit;
    }
    EXPECT_GE(ThreadPool::instance().maxThreads(), 1);
}

struct Prepared {
    backends::NodeDesc node;
    std::unique_ptr<backends::Kernel> kernel;
    std::vector<Buffer> inputs;
};

// Runs the kernel once with fresh outputs and workspace; returns the outputs' bytes.
std::vector<uint8_t> runOnce(const Prepared& p) {
    std::vector<backends::TensorView> in, out;
    for (size_t i = 0; i < p.inputs.size(); ++i)
        in.push_back({p.inputs[i].data(), p.node.inputs[i].dims, p.node.inputs[i].type});
    const auto& od = p.node.outputs[0];
    const size_t bytes = static_cast<size_t>(ir::volume(od.dims) * dataTypeSize(od.type));
    Buffer o = makeBuffer(bytes);
    std::memset(o.data(), 0xFF, bytes);
    out.push_back({o.data(), od.dims, od.type});
    Buffer ws = makeBuffer(p.kernel->workspaceSize(p.node.inputs));
    backends::ExecArgs args{ws.data(), ws.bytes};
    std::string error;
    EXPECT_TRUE(p.kernel->run(in, out, args, error)) << error;
    const auto* b = static_cast<const uint8_t*>(o.data());
    return std::vector<uint8_t>(b, b + bytes);
}

void concurrentRuns(const OpCase& c, const std::string& tactic) {
    Prepared p;
    std::string error;
    p.node = nodeFor(c, error);
    ASSERT_TRUE(p.node.attrs) << error;
    p.node.attrs = &c.attrs;
    p.kernel = backends::cpuBackend()->createKernel(p.node, tactic, error);
    ASSERT_TRUE(p.kernel) << error;
    std::mt19937 rng = rngFor(c.label);
    for (const auto& d : c.inputs) {
        p.inputs.push_back(makeBuffer(static_cast<size_t>(ir::volume(d.dims) * dataTypeSize(d.type))));
        fillBuffer(rng, d, Fill::kDefault, p.inputs.back().data());
    }
    const std::vector<uint8_t> expected = runOnce(p);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t)
        ts.emplace_back([&] {
            for (int rep = 0; rep < 5; ++rep)
                if (runOnce(p) != expected) ++mismatches;
        });
    for (auto& t : ts) t.join();
    EXPECT_EQ(mismatches.load(), 0) << c.label << " [" << tactic << "]";
}

OpCase convCase() {
    std::mt19937 rng(3);
    ir::ConvAttrs a;
    a.nbOutputMaps = 16;
    a.kernelSize = dims({3, 3});
    a.prePadding = a.postPadding = dims({1, 1});
    a.kernel = randomBlob(rng, 16 * 8 * 9);
    a.bias = randomBlob(rng, 16);
    a.post.enabled = true;
    return OpCase{"concurrent_conv", a, {desc({2, 8, 30, 30})}, {}};
}

TEST(CpuConcurrency, ConvKernelFromFourThreads) {
    const OpCase c = convCase();
    for (const char* t : {"im2col_gemm", "direct"}) concurrentRuns(c, t);
}

TEST(CpuConcurrency, GemmKernelsFromFourThreads) {
    std::mt19937 rng(5);
    ir::FullyConnectedAttrs fc;
    fc.nbOutputs = 70;
    fc.kernel = randomBlob(rng, 70 * 300);
    const OpCase f{"concurrent_fc", fc, {desc({9, 300, 1, 1})}, {}};
    for (const char* t : {"gemm_blocked", "gemv"}) concurrentRuns(f, t);
    const OpCase m{"concurrent_mm", ir::MatMulAttrs{}, {desc({3, 40, 50}), desc({50, 60})}, {}};
    for (const char* t : {"gemm_blocked", "rowwise"}) concurrentRuns(m, t);
}

TEST(CpuBackend, Identity) {
    backends::Backend* b = backends::cpuBackend();
    EXPECT_STREQ(b->name(), "cpu");
    EXPECT_EQ(b->source(), TacticSource::kCPU);
    EXPECT_EQ(b->device(), DeviceType::kCPU);
    EXPECT_EQ(b, backends::cpuBackend());
}

TEST(CpuBackend, RejectsUnsupportedTypes) {
    OpCase c = convCase();
    std::string error;
    backends::NodeDesc node = nodeFor(c, error);
    node.attrs = &c.attrs;
    node.inputs[0].type = DataType::kINT8;
    std::string why;
    EXPECT_FALSE(backends::cpuBackend()->supports(node, &why));
    EXPECT_EQ(why, "type kINT8 not supported");
    EXPECT_TRUE(backends::cpuBackend()->tactics(node).empty());
    EXPECT_EQ(backends::cpuBackend()->createKernel(node, "im2col_gemm", error), nullptr);
}

TEST(CpuBackend, RunRefusesInconsistentTensors) {
    const OpCase c = convCase();
    std::string error;
    backends::NodeDesc node = nodeFor(c, error);
    node.attrs = &c.attrs;
    auto k = backends::cpuBackend()->createKernel(node, "im2col_gemm", error);
    ASSERT_TRUE(k);
    Buffer x = makeBuffer(2 * 8 * 30 * 30 * 4), y = makeBuffer(2 * 16 * 30 * 30 * 4);
    Buffer ws = makeBuffer(k->workspaceSize(node.inputs));
    backends::TensorView in{x.data(), node.inputs[0].dims, DataType::kFLOAT};
    backends::TensorView out{y.data(), node.outputs[0].dims, DataType::kFLOAT};
    backends::ExecArgs args{ws.data(), ws.bytes};
    backends::TensorView badOut = out;
    badOut.dims.d[2] = 31;
    EXPECT_FALSE(k->run({in}, {badOut}, args, error));
    EXPECT_NE(error.find("output dims"), std::string::npos) << error;
    backends::TensorView badIn = in;
    badIn.dims.d[1] = 9;
    EXPECT_FALSE(k->run({badIn}, {out}, args, error));
    backends::ExecArgs small{ws.data(), 16};
    EXPECT_FALSE(k->run({in}, {out}, small, error));
    EXPECT_NE(error.find("workspace"), std::string::npos) << error;
    EXPECT_TRUE(k->run({in}, {out}, args, error)) << error;
    // Dynamic dims: no safe size yet.
    std::vector<ir::TensorDesc> dyn{desc({-1, 8, 30, 30})};
    EXPECT_EQ(k->workspaceSize(dyn), 0u);
}

// Kernels compiled for dynamic dims (-1) get a workspace sized for the max profile and then run
// with smaller concrete dims; results must equal a kernel compiled for the concrete shape.
TEST(CpuBackend, DynamicDimsWithMaxProfileWorkspace) {
    std::mt19937 rng(11);
    ir::ConvAttrs conv = std::get<ir::ConvAttrs>(convCase().attrs);
    ir::FullyConnectedAttrs fc;
    fc.nbOutputs = 33;
    fc.kernel = randomBlob(rng, 33 * 8 * 30 * 30);
    struct Dyn {
        ir::Attrs attrs;
        std::vector<ir::TensorDesc> dynamic, maxDims, actual;
    };
    const Dyn cases[] = {
        {conv, {desc({-1, 8, -1, -1})}, {desc({4, 8, 40, 40})}, {desc({3, 8, 30, 30})}},
        {fc, {desc({-1, 8, 30, 30})}, {desc({16, 8, 30, 30})}, {desc({5, 8, 30, 30})}},
        {ir::MatMulAttrs{},
         {desc({-1, 40, -1}), desc({-1, 60})},
         {desc({6, 40, 90}), desc({90, 60})},
         {desc({3, 40, 50}), desc({50, 60})}},
    };
    backends::Backend* cpu = backends::cpuBackend();
    for (const Dyn& d : cases) {
        backends::NodeDesc dyn{"dyn", &d.attrs, d.dynamic, {}};
        std::string error;
        ASSERT_TRUE(ir::inferShapes(d.attrs, d.dynamic, dyn.outputs, error)) << error;
        for (const std::string& t : cpu->tactics(dyn)) {
            auto k = cpu->createKernel(dyn, t, error);
            ASSERT_TRUE(k) << error;
            EXPECT_EQ(k->workspaceSize(d.dynamic), 0u);
            Prepared concrete;
            const OpCase oc{"dyn_" + t, d.attrs, d.actual, {}};
            concrete.node = nodeFor(oc, error);
            concrete.node.attrs = &oc.attrs;
            concrete.kernel = cpu->createKernel(concrete.node, t, error);
            ASSERT_TRUE(concrete.kernel) << error;
            for (const auto& in : d.actual) {
                concrete.inputs.push_back(makeBuffer(static_cast<size_t>(ir::volume(in.dims) * 4)));
                fillBuffer(rng, in, Fill::kDefault, concrete.inputs.back().data());
            }
            const std::vector<uint8_t> want = runOnce(concrete);
            // Same inputs through the dynamic kernel with the max-profile workspace.
            Buffer ws = makeBuffer(k->workspaceSize(d.maxDims));
            std::vector<backends::TensorView> in;
            for (size_t i = 0; i < d.actual.size(); ++i) in.push_back({concrete.inputs[i].data(), d.actual[i].dims});
            Buffer out = makeBuffer(want.size());
            std::vector<backends::TensorView> outs{{out.data(), concrete.node.outputs[0].dims}};
            ASSERT_TRUE(k->run(in, outs, {ws.data(), ws.bytes}, error)) << t << ": " << error;
            EXPECT_EQ(std::memcmp(out.data(), want.data(), want.size()), 0) << t;
        }
    }
}

// Manual probe (run with --gtest_also_run_disabled_tests): GEMM throughput on LeNet's conv2
// (batch 1: M=50, N=64, K=500) and a larger layer.
TEST(CpuPerf, DISABLED_ConvGemmGflops) {
    struct Shape {
        int64_t n, c, k, hw, r;
    };
    for (Shape s : {Shape{1, 20, 50, 12, 5}, Shape{16, 20, 50, 12, 5}, Shape{8, 64, 64, 56, 3}}) {
        std::mt19937 rng(1);
        ir::ConvAttrs a;
        a.nbOutputMaps = s.k;
        a.kernelSize = dims({s.r, s.r});
        a.kernel = randomBlob(rng, s.k * s.c * s.r * s.r);
        const OpCase c{"perf", a, {desc({s.n, s.c, s.hw, s.hw})}, {}};
        Prepared p;
        std::string error;
        p.node = nodeFor(c, error);
        p.node.attrs = &c.attrs;
        p.kernel = backends::cpuBackend()->createKernel(p.node, "im2col_gemm", error);
        for (const auto& d : c.inputs) {
            p.inputs.push_back(makeBuffer(static_cast<size_t>(ir::volume(d.dims) * 4)));
            fillBuffer(rng, d, Fill::kDefault, p.inputs.back().data());
        }
        const int64_t o = s.hw - s.r + 1;
        const double flops = 2.0 * s.n * s.k * o * o * s.c * s.r * s.r;
        int reps = 0;
        auto t0 = std::chrono::steady_clock::now();
        double el = 0;
        do {
            runOnce(p);
            ++reps;
            el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        } while (el < 1.0);
        std::printf("conv n%ld c%ld k%ld %ldx%ld r%ld: %.3f ms, %.2f GFLOP/s (%d threads)\n", (long)s.n, (long)s.c,
                    (long)s.k, (long)s.hw, (long)s.hw, (long)s.r, el / reps * 1e3, flops * reps / el / 1e9,
                    ThreadPool::instance().maxThreads());
    }
}

}  // namespace
}  // namespace tforge::test
