// Kernel artifacts of the cpu backend (backends/cpu/artifact.h): a kernel created from another
// kernel's artifact computes bit-identical outputs to one that packed its own weights, for every
// conv and FC tactic; damaged, truncated or mismatched artifacts (wrong header field, wrong size,
// another node's shape or weights, another op's layout) are refused, the kernel packs instead and
// is still exact; TFORGE_NO_ARTIFACTS=1 turns artifacts off. Kernels are created through
// Backend::createKernel with NodeDesc::artifact pointing at a copy of the bytes, as the engine
// does when it loads a plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "backends/cpu/artifact.h"
#include "backends/cpu/gemm.h"
#include "backends/registry.h"
#include "harness.h"

namespace tforge::test {
namespace {

using backends::cpu::artifactCounters;
using backends::cpu::kArtifactHeaderBytes;
using backends::cpu::kArtifactVersion;
using backends::cpu::kMR;
using backends::cpu::kNR;

using Bytes = std::vector<uint8_t>;

//! One node with fixed random inputs; owns its attributes.
struct Case {
    std::string label;
    ir::Attrs attrs;
    std::vector<ir::TensorDesc> inputs;
    backends::NodeDesc node;
    std::vector<Buffer> data;

    Case(std::string l, ir::Attrs a, std::vector<ir::TensorDesc> in)
        : label(std::move(l)), attrs(std::move(a)), inputs(std::move(in)) {
        std::string error;
        node.name = label;
        node.attrs = &attrs;
        node.inputs = inputs;
        EXPECT_TRUE(ir::inferShapes(attrs, inputs, node.outputs, error)) << label << ": " << error;
        std::mt19937 rng = rngFor("in" + label);
        for (const auto& d : inputs) {
            data.push_back(makeBuffer(static_cast<size_t>(ir::volume(d.dims)) * sizeof(float)));
            fillBuffer(rng, d, Fill::kSigned, data.back().data());
        }
    }
    Case(const Case&) = delete;
};

ir::TensorDesc floatDesc(const Dims& d) {
    ir::TensorDesc t;
    t.dims = d;
    t.type = DataType::kFLOAT;
    return t;
}

ir::ConvAttrs convAttrs(const std::string& seed, int64_t c, int64_t k, int64_t groups, Dims kernel) {
    std::mt19937 rng = rngFor("w" + seed);
    ir::ConvAttrs a;
    a.nbOutputMaps = k;
    a.nbGroups = groups;
    a.kernelSize = kernel;
    a.prePadding = a.postPadding = kernel;
    for (int i = 0; i < kernel.nbDims; ++i) a.prePadding.d[i] = a.postPadding.d[i] = kernel.d[i] / 2;
    a.kernel = randomBlob(rng, k * (c / groups) * ir::volume(kernel));
    a.bias = randomBlob(rng, k);
    a.post.enabled = true;
    a.post.type = ActivationType::kRELU;
    return a;
}

std::unique_ptr<Case> convCase(const std::string& label, int64_t n, int64_t c, int64_t k, int64_t groups, Dims spatial,
                               Dims kernel, const std::string& weightSeed = "") {
    Dims x = spatial;
    for (int i = x.nbDims - 1; i >= 0; --i) x.d[i + 2] = x.d[i];
    x.d[0] = n;
    x.d[1] = c;
    x.nbDims += 2;
    return std::make_unique<Case>(label, convAttrs(weightSeed.empty() ? label : weightSeed, c, k, groups, kernel),
                                  std::vector<ir::TensorDesc>{floatDesc(x)});
}

std::unique_ptr<Case> fcCase(const std::string& label, int64_t rows, int64_t c, int64_t h, int64_t w, int64_t k,
                             const std::string& weightSeed = "") {
    std::mt19937 rng = rngFor("w" + (weightSeed.empty() ? label : weightSeed));
    ir::FullyConnectedAttrs a;
    a.nbOutputs = k;
    a.kernel = randomBlob(rng, k * c * h * w);
    a.bias = randomBlob(rng, k);
    return std::make_unique<Case>(label, a, std::vector<ir::TensorDesc>{floatDesc(dims({rows, c, h, w}))});
}

backends::Backend* cpu() {
    return backends::cpuBackend();
}

//! createKernel through the backend, with `artifact` (may be null) as the engine would pass it.
std::unique_ptr<backends::Kernel> create(const Case& c, const std::string& tactic, const Bytes* artifact) {
    backends::NodeDesc d = c.node;
    d.artifact = artifact;
    std::string error;
    auto k = cpu()->createKernel(d, tactic, error);
    EXPECT_TRUE(k) << c.label << "/" << tactic << ": " << error;
    return k;
}

//! Runs the kernel on the case's inputs; the raw output bytes.
Bytes run(const backends::Kernel& k, const Case& c) {
    std::vector<backends::TensorView> in, out;
    for (size_t i = 0; i < c.inputs.size(); ++i) in.push_back({c.data[i].data(), c.inputs[i].dims, c.inputs[i].type});
    const auto& o = c.node.outputs.at(0);
    Buffer y = makeBuffer(static_cast<size_t>(ir::volume(o.dims)) * sizeof(float));
    std::memset(y.data(), 0xFF, y.bytes);  // NaN everywhere: every output must be written
    out.push_back({y.data(), o.dims, o.type});
    Buffer ws = makeBuffer(k.workspaceSize(c.node.inputs));
    backends::ExecArgs args;
    args.workspace = ws.data();
    args.workspaceBytes = ws.bytes;
    std::string error;
    EXPECT_TRUE(k.run(in, out, args, error)) << c.label << ": " << error;
    const auto* b = static_cast<const uint8_t*>(y.data());
    return Bytes(b, b + y.bytes);
}

//! The packing path's output for this tactic (the reference all artifact paths must equal).
Bytes packedOutput(const Case& c, const std::string& tactic) {
    auto k = create(c, tactic, nullptr);
    return k ? run(*k, c) : Bytes{};
}

//! Creates the kernel from `artifact`, expects it refused (rejected +1, nothing restored) and the
//! output still bit-identical to packing.
void expectRefusedButExact(const Case& c, const std::string& tactic, const Bytes& artifact, const std::string& what) {
    SCOPED_TRACE(c.label + "/" + tactic + ": " + what);
    const auto before = artifactCounters();
    auto k = create(c, tactic, &artifact);
    ASSERT_TRUE(k);
    const auto after = artifactCounters();
    EXPECT_EQ(after.restored, before.restored);
    EXPECT_EQ(after.rejected, before.rejected + 1);
    EXPECT_FALSE(after.lastRejection.empty());
    EXPECT_TRUE(run(*k, c) == packedOutput(c, tactic)) << "output differs from the packing path";
}

template <class T>
void poke(Bytes& a, size_t offset, T v) {
    std::memcpy(a.data() + offset, &v, sizeof v);
}

std::vector<std::unique_ptr<Case>> convCases() {
    std::vector<std::unique_ptr<Case>> v;
    v.push_back(convCase("lenet_conv2", 1, 20, 50, 1, dims({12, 12}), dims({5, 5})));
    v.push_back(convCase("odd_k7_c5", 3, 5, 7, 1, dims({9, 11}), dims({3, 3})));   // Kg % kMR != 0
    v.push_back(convCase("k13_c29", 1, 29, 13, 1, dims({6, 7}), dims({3, 3})));    // depth 261 > kKC
    v.push_back(convCase("groups4", 2, 8, 12, 4, dims({9, 9}), dims({3, 3})));     // Kg 3, Cg 2
    v.push_back(convCase("groups3_k9", 1, 9, 15, 3, dims({7, 5}), dims({1, 1})));  // Kg 5
    v.push_back(convCase("depthwise16", 1, 16, 16, 16, dims({14, 15}), dims({3, 3})));
    v.push_back(convCase("conv1d", 2, 3, 7, 1, dims({31}), dims({5})));
    v.push_back(convCase("conv3d_g2", 3, 4, 6, 2, dims({6, 5, 9}), dims({2, 3, 3})));
    return v;
}

std::vector<std::unique_ptr<Case>> fcCases() {
    std::vector<std::unique_ptr<Case>> v;
    v.push_back(fcCase("fc_b1_d800_k500", 1, 50, 4, 4, 500));  // LeNet fc1, K % kNR = 4
    v.push_back(fcCase("fc_b7_d105_k13", 7, 7, 3, 5, 13));     // odd everything
    v.push_back(fcCase("fc_b2_d3_k1", 2, 3, 1, 1, 1));         // K < kNR
    v.push_back(fcCase("fc_b9_d640_k72", 9, 10, 8, 8, 72));    // K multiple of kNR
    return v;
}

TEST(CpuArtifacts, BackendReportsEncodingVersion) {
    EXPECT_EQ(cpu()->artifactVersion(), kArtifactVersion);
    EXPECT_GE(kArtifactVersion, 1u);
}

// Every tactic of every case: the artifact-created kernel is exact; where the tactic prepacks
// (conv im2col_gemm, FC both) the artifact is non-empty and restored, not repacked.
TEST(CpuArtifacts, ConvRestoreIsBitIdenticalForEveryTactic) {
    for (const auto& c : convCases()) {
        for (const std::string& tactic : cpu()->tactics(c->node)) {
            SCOPED_TRACE(c->label + "/" + tactic);
            auto packed = create(*c, tactic, nullptr);
            ASSERT_TRUE(packed);
            const Bytes want = run(*packed, *c);
            const Bytes artifact = packed->artifact();
            if (tactic == "direct") {
                EXPECT_TRUE(artifact.empty()) << "direct reads the weights in place: nothing to store";
                // It ignores an artifact it is handed (here im2col_gemm's of the same node).
                const Bytes other = create(*c, "im2col_gemm", nullptr)->artifact();
                auto k = create(*c, tactic, &other);
                ASSERT_TRUE(k);
                EXPECT_TRUE(run(*k, *c) == want);
                continue;
            }
            ASSERT_EQ(tactic, "im2col_gemm");
            ASSERT_GT(artifact.size(), kArtifactHeaderBytes);
            const Bytes copy = artifact;  // what the plan's KernelChoice holds after loading
            const auto before = artifactCounters();
            auto restored = create(*c, tactic, &copy);
            ASSERT_TRUE(restored);
            EXPECT_EQ(artifactCounters().restored, before.restored + 1);
            EXPECT_EQ(artifactCounters().rejected, before.rejected);
            EXPECT_TRUE(run(*restored, *c) == want) << "restored kernel's output differs from packing";
            // A restored kernel's own artifact is the same bytes (a rebuilt plan would not change).
            EXPECT_TRUE(restored->artifact() == artifact);
        }
    }
}

TEST(CpuArtifacts, FcRestoreIsBitIdenticalForEveryTactic) {
    for (const auto& c : fcCases()) {
        for (const std::string& tactic : cpu()->tactics(c->node)) {
            SCOPED_TRACE(c->label + "/" + tactic);
            auto packed = create(*c, tactic, nullptr);
            ASSERT_TRUE(packed);
            const Bytes want = run(*packed, *c);
            const Bytes artifact = packed->artifact();
            ASSERT_EQ(artifact.size(), kArtifactHeaderBytes +
                                           sizeof(float) * backends::cpu::packedBSize(
                                                               ir::volume(c->inputs[0].dims) / c->inputs[0].dims.d[0],
                                                               std::get<ir::FullyConnectedAttrs>(c->attrs).nbOutputs));
            const auto before = artifactCounters();
            auto restored = create(*c, tactic, &artifact);
            ASSERT_TRUE(restored);
            EXPECT_EQ(artifactCounters().restored, before.restored + 1);
            EXPECT_TRUE(run(*restored, *c) == want);
            // The two tactics pack the same panels: the other tactic's artifact is restored too.
            const std::string other = tactic == "gemv" ? "gemm_blocked" : "gemv";
            auto cross = create(*c, other, &artifact);
            ASSERT_TRUE(cross);
            EXPECT_EQ(artifactCounters().restored, before.restored + 2);
            EXPECT_TRUE(run(*cross, *c) == packedOutput(*c, other));
        }
    }
}

// Header fields one at a time, sizes, and foreign artifacts: all refused, outputs still exact.
TEST(CpuArtifacts, DamagedArtifactsFallBackToPacking) {
    std::vector<std::pair<std::unique_ptr<Case>, std::string>> nodes;
    nodes.emplace_back(convCase("odd_k7_c5", 3, 5, 7, 1, dims({9, 11}), dims({3, 3})), "im2col_gemm");
    nodes.emplace_back(convCase("groups4", 2, 8, 12, 4, dims({9, 9}), dims({3, 3})), "im2col_gemm");
    nodes.emplace_back(fcCase("fc_b7_d105_k13", 7, 7, 3, 5, 13), "gemm_blocked");
    nodes.emplace_back(fcCase("fc_b1_d800_k500", 1, 50, 4, 4, 500), "gemv");
    for (const auto& [c, tactic] : nodes) {
        const Bytes good = create(*c, tactic, nullptr)->artifact();
        ASSERT_GT(good.size(), kArtifactHeaderBytes);
        auto damaged = [&](const std::string& what, auto&& edit) {
            Bytes a = good;
            edit(a);
            expectRefusedButExact(*c, tactic, a, what);
        };
        damaged("magic", [](Bytes& a) { a[0] ^= 0x20; });
        damaged("encoding version", [](Bytes& a) { poke<uint32_t>(a, 8, kArtifactVersion + 1); });
        damaged("layout", [](Bytes& a) { poke<uint32_t>(a, 12, 7); });
        damaged("panel height", [](Bytes& a) { poke<uint32_t>(a, 16, kMR + 2); });
        damaged("panel width", [](Bytes& a) { poke<uint32_t>(a, 20, kNR * 2); });
        for (size_t f = 0; f < 3; ++f)
            damaged("packing parameter " + std::to_string(f), [f](Bytes& a) {
                int64_t v;
                std::memcpy(&v, a.data() + 24 + 8 * f, 8);
                poke<int64_t>(a, 24 + 8 * f, v + 1);
            });
        damaged("source count", [](Bytes& a) { poke<int64_t>(a, 48, 3); });
        damaged("payload count (huge)", [](Bytes& a) { poke<int64_t>(a, 56, int64_t(1) << 61); });
        damaged("payload count (negative)", [](Bytes& a) { poke<int64_t>(a, 56, -16); });
        damaged("truncated by one float", [](Bytes& a) { a.resize(a.size() - 4); });
        damaged("truncated by one byte", [](Bytes& a) { a.pop_back(); });
        damaged("header only", [](Bytes& a) { a.resize(kArtifactHeaderBytes); });
        damaged("half a header", [](Bytes& a) { a.resize(kArtifactHeaderBytes / 2); });
        damaged("trailing bytes", [](Bytes& a) { a.insert(a.end(), 64, 0); });
        damaged("all zeros", [](Bytes& a) { std::fill(a.begin(), a.end(), 0); });
        damaged("first packed float", [](Bytes& a) { a[kArtifactHeaderBytes + 3] ^= 0x40; });
        damaged("last packed float", [](Bytes& a) { a[a.size() - 1] ^= 0x40; });
        // An empty artifact is no artifact: packing, nothing counted.
        const Bytes none;
        const auto before = artifactCounters();
        auto k = create(*c, tactic, &none);
        ASSERT_TRUE(k);
        EXPECT_EQ(artifactCounters().rejected, before.rejected);
        EXPECT_EQ(artifactCounters().restored, before.restored);
    }
}

TEST(CpuArtifacts, ArtifactOfAnotherNodeFallsBackToPacking) {
    auto conv = convCase("a_conv", 2, 6, 10, 1, dims({9, 10}), dims({3, 3}));
    // Other shapes: more output maps, more channels, another kernel size, groups.
    auto moreK = convCase("b_moreK", 2, 6, 11, 1, dims({9, 10}), dims({3, 3}));
    auto moreC = convCase("b_moreC", 2, 7, 10, 1, dims({9, 10}), dims({3, 3}));
    auto ker = convCase("b_ker", 2, 6, 10, 1, dims({9, 10}), dims({1, 9}));      // same weight count
    auto grouped = convCase("b_g2", 2, 12, 10, 2, dims({9, 10}), dims({3, 3}));  // same weight count
    // The same shape with other weights (another layer of the same size).
    auto sameShape = convCase("b_same", 2, 6, 10, 1, dims({9, 10}), dims({3, 3}), "other weights");
    for (const Case* other : {moreK.get(), moreC.get(), ker.get(), grouped.get(), sameShape.get()})
        expectRefusedButExact(*conv, "im2col_gemm", create(*other, "im2col_gemm", nullptr)->artifact(),
                              "artifact of " + other->label);
    // Same-count mismatches are caught by the packing parameters, not only the size.
    EXPECT_EQ(std::get<ir::ConvAttrs>(ker->attrs).kernel.count, std::get<ir::ConvAttrs>(conv->attrs).kernel.count);
    EXPECT_EQ(std::get<ir::ConvAttrs>(grouped->attrs).kernel.count, std::get<ir::ConvAttrs>(conv->attrs).kernel.count);

    auto fc = fcCase("a_fc", 3, 6, 4, 4, 40);
    auto fcMoreK = fcCase("b_fcK", 3, 6, 4, 4, 41);
    auto fcT = fcCase("b_fcT", 3, 4, 4, 4, 60);  // W^T of the same count: 64 x 60 vs 96 x 40
    auto fcSame = fcCase("b_fcSame", 3, 6, 4, 4, 40, "other weights");
    for (const Case* other : {fcMoreK.get(), fcT.get(), fcSame.get()})
        expectRefusedButExact(*fc, "gemm_blocked", create(*other, "gemm_blocked", nullptr)->artifact(),
                              "artifact of " + other->label);
    // Another op's layout: the FC's artifact for a conv and the conv's for an FC.
    expectRefusedButExact(*conv, "im2col_gemm", create(*fc, "gemv", nullptr)->artifact(), "FC artifact for a conv");
    expectRefusedButExact(*fc, "gemv", create(*conv, "im2col_gemm", nullptr)->artifact(), "conv artifact for an FC");
    // A node of another batch size with the same weights packs the same panels: restored, exact.
    auto fcOtherBatch = fcCase("b_fcBatch", 1, 6, 4, 4, 40, "a_fc");
    const auto before = artifactCounters();
    const Bytes fromBatch3 = create(*fc, "gemm_blocked", nullptr)->artifact();
    auto k = create(*fcOtherBatch, "gemv", &fromBatch3);
    ASSERT_TRUE(k);
    EXPECT_EQ(artifactCounters().restored, before.restored + 1);
    EXPECT_TRUE(run(*k, *fcOtherBatch) == packedOutput(*fcOtherBatch, "gemv"));
}

TEST(CpuArtifacts, EnvironmentSwitchTurnsArtifactsOff) {
    auto c = convCase("env", 1, 4, 9, 1, dims({6, 6}), dims({3, 3}));
    auto f = fcCase("env_fc", 2, 4, 3, 3, 11);
    ASSERT_EQ(::setenv("TFORGE_NO_ARTIFACTS", "1", 1), 0);
    EXPECT_TRUE(create(*c, "im2col_gemm", nullptr)->artifact().empty());
    EXPECT_TRUE(create(*f, "gemv", nullptr)->artifact().empty());
    ASSERT_EQ(::setenv("TFORGE_NO_ARTIFACTS", "0", 1), 0);
    EXPECT_FALSE(create(*c, "im2col_gemm", nullptr)->artifact().empty());
    ASSERT_EQ(::unsetenv("TFORGE_NO_ARTIFACTS"), 0);
    EXPECT_FALSE(create(*f, "gemv", nullptr)->artifact().empty());
}

// The same artifact bytes restore one kernel per profile, as the engine creates them; each is
// independent of the bytes afterwards (they are copied, never referenced).
TEST(CpuArtifacts, RestoredKernelOwnsItsCopy) {
    auto c = convCase("own", 2, 5, 9, 1, dims({8, 8}), dims({3, 3}));
    const Bytes want = packedOutput(*c, "im2col_gemm");
    auto artifact = std::make_unique<Bytes>(create(*c, "im2col_gemm", nullptr)->artifact());
    auto k = create(*c, "im2col_gemm", artifact.get());
    std::fill(artifact->begin(), artifact->end(), 0xCD);
    artifact.reset();
    ASSERT_TRUE(k);
    EXPECT_TRUE(run(*k, *c) == want);
}

}  // namespace
}  // namespace tforge::test

namespace tforge::test {
namespace {

// Not a test: createKernel times of the large bench/core_scale network's biggest layers, packing
// vs restoring from an artifact (docs/PERF.md). Run with --gtest_also_run_disabled_tests.
TEST(CpuArtifacts, DISABLED_CreateTimes) {
    using Clock = std::chrono::steady_clock;
    std::vector<std::pair<std::unique_ptr<Case>, std::string>> nodes;
    nodes.emplace_back(fcCase("fc_8192_1536", 1, 512, 4, 4, 1536), "gemv");
    nodes.emplace_back(convCase("conv_512_512", 1, 512, 512, 1, dims({8, 8}), dims({3, 3})), "im2col_gemm");
    for (const auto& [c, tactic] : nodes) {
        const Bytes artifact = create(*c, tactic, nullptr)->artifact();
        auto ms = [&](const Bytes* a) {
            std::vector<double> t;
            for (int r = 0; r < 11; ++r) {
                auto t0 = Clock::now();
                auto k = create(*c, tactic, a);
                t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            std::sort(t.begin(), t.end());
            return t[t.size() / 2];
        };
        const double pack = ms(nullptr), restore = ms(&artifact);
        std::vector<double> t;
        for (int r = 0; r < 11; ++r) {
            auto t0 = Clock::now();
            Bytes copy = artifact;
            t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        std::sort(t.begin(), t.end());
        std::printf(
            "%s/%s: %.1f MB packed; createKernel packing %.2f ms, from artifact %.2f ms; "
            "one std::vector copy of the artifact %.2f ms\n",
            c->label.c_str(), tactic.c_str(), artifact.size() / 1e6, pack, restore, t[t.size() / 2]);
    }
}

}  // namespace
}  // namespace tforge::test
