#include "harness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>

#include "backends/registry.h"
#include "ir/shape_inference.h"

namespace tforge::test {

Buffer makeBuffer(size_t bytes) {
    Buffer b;
    b.bytes = bytes;
    size_t rounded = (bytes + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    b.mem = std::shared_ptr<void>(p, [](void* q) { std::free(q); });
    return b;
}

std::mt19937 rngFor(const std::string& label) {
    return std::mt19937(static_cast<uint32_t>(std::hash<std::string>{}(label)));
}

namespace {
float signedValue(std::mt19937& rng, float lo, float hi) {
    std::uniform_real_distribution<float> u(lo, hi);
    for (;;) {
        float v = u(rng);
        if (lo >= 0.f || std::fabs(v) >= 0.05f) return v;
    }
}
}  // namespace

ir::Blob randomBlob(std::mt19937& rng, int64_t count, float lo, float hi) {
    std::vector<float> v(static_cast<size_t>(count));
    for (auto& x : v) x = signedValue(rng, lo, hi);
    return ir::Blob::copyOf(DataType::kFLOAT, v.data(), count);
}

void fillBuffer(std::mt19937& rng, const ir::TensorDesc& d, Fill f, void* data) {
    const int64_t n = ir::volume(d.dims);
    if (f == Fill::kDefault)
        f = d.type == DataType::kINT32 ? Fill::kInt : d.type == DataType::kBOOL ? Fill::kBool : Fill::kSigned;
    auto* fp = static_cast<float*>(data);
    auto* ip = static_cast<int32_t*>(data);
    auto* bp = static_cast<uint8_t*>(data);
    std::uniform_int_distribution<int> coin(0, 1), few(0, 3), digit(1, 9), withZero(-9, 9), exp(-2, 6);
    const float fewVals[4] = {-1.f, -0.5f, 0.5f, 1.f};
    for (int64_t i = 0; i < n; ++i) {
        switch (f) {
            case Fill::kSigned:
                fp[i] = signedValue(rng, -1.f, 1.f);
                break;
            case Fill::kPositive:
                fp[i] = signedValue(rng, 0.5f, 2.f);
                break;
            case Fill::kFew:
                fp[i] = fewVals[few(rng)];
                break;
            case Fill::kInt:
                ip[i] = digit(rng) * (coin(rng) ? 1 : -1);
                break;
            case Fill::kIntZeros:
                ip[i] = withZero(rng);
                break;
            case Fill::kIntExp:
                ip[i] = exp(rng);
                break;
            case Fill::kBool:
                bp[i] = static_cast<uint8_t>(coin(rng));
                break;
            case Fill::kDefault:
                break;
        }
    }
}

backends::NodeDesc nodeFor(const OpCase& c, std::string& error) {
    backends::NodeDesc node;
    node.name = c.label;
    node.attrs = &c.attrs;
    node.inputs = c.inputs;
    if (!ir::inferShapes(c.attrs, c.inputs, node.outputs, error)) node.attrs = nullptr;
    return node;
}

namespace {

void poison(const ir::TensorDesc& d, void* data) {
    const int64_t n = ir::volume(d.dims);
    if (d.type == DataType::kFLOAT) {
        float* p = static_cast<float*>(data);
        for (int64_t i = 0; i < n; ++i) p[i] = std::nanf("");
    } else {
        std::memset(data, 0xAB, static_cast<size_t>(n * dataTypeSize(d.type)));
    }
}

struct RunResult {
    std::vector<Buffer> outputs;
    bool ok{false};
};

RunResult runKernel(const backends::Kernel& k, const backends::NodeDesc& node, const std::vector<Buffer>& inputs,
                    std::string& error) {
    RunResult r;
    std::vector<backends::TensorView> in, out;
    for (size_t i = 0; i < node.inputs.size(); ++i)
        in.push_back({inputs[i].data(), node.inputs[i].dims, node.inputs[i].type});
    for (const auto& o : node.outputs) {
        Buffer b = makeBuffer(static_cast<size_t>(ir::volume(o.dims) * dataTypeSize(o.type)));
        poison(o, b.data());
        out.push_back({b.data(), o.dims, o.type});
        r.outputs.push_back(b);
    }
    backends::ExecArgs args;
    Buffer ws = makeBuffer(k.workspaceSize(node.inputs));
    args.workspace = ws.data();
    args.workspaceBytes = ws.bytes;
    r.ok = k.run(in, out, args, error);
    return r;
}

// Compares got against want; returns a description of the first mismatches ("" if none).
std::string compare(const ir::TensorDesc& d, const void* want, const void* got, double atol, double rtol) {
    const int64_t n = ir::volume(d.dims);
    std::ostringstream os;
    int bad = 0;
    double maxErr = 0;
    for (int64_t i = 0; i < n; ++i) {
        double w, g;
        bool ok;
        if (d.type == DataType::kFLOAT) {
            w = static_cast<const float*>(want)[i];
            g = static_cast<const float*>(got)[i];
            ok = std::isnan(w) ? std::isnan(g) : std::fabs(g - w) <= atol + rtol * std::fabs(w);
            if (!std::isnan(w) && !std::isnan(g)) maxErr = std::max(maxErr, std::fabs(g - w));
            if (std::isinf(w) && g == w) ok = true;
        } else if (d.type == DataType::kINT32) {
            w = static_cast<const int32_t*>(want)[i];
            g = static_cast<const int32_t*>(got)[i];
            ok = w == g;
        } else {
            w = static_cast<const uint8_t*>(want)[i];
            g = static_cast<const uint8_t*>(got)[i];
            ok = w == g;
        }
        if (!ok && bad++ < 5) os << "  [" << i << "] want " << w << " got " << g << "\n";
    }
    if (bad) os << "  " << bad << " of " << n << " mismatched (max abs err " << maxErr << ")";
    return os.str();
}

}  // namespace

int expectMatchesReference(const OpCase& c) {
    std::string error;
    const backends::NodeDesc node = nodeFor(c, error);
    if (!node.attrs) {
        ADD_FAILURE() << c.label << ": shape inference failed: " << error;
        return 0;
    }
    std::mt19937 rng = rngFor(c.label);
    std::vector<Buffer> inputs;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        const auto& d = c.inputs[i];
        inputs.push_back(makeBuffer(static_cast<size_t>(ir::volume(d.dims) * dataTypeSize(d.type))));
        fillBuffer(rng, d, i < c.fills.size() ? c.fills[i] : Fill::kDefault, inputs.back().data());
    }

    backends::Backend* ref = backends::referenceBackend();
    const auto refTactics = ref->tactics(node);
    if (refTactics.empty()) {
        std::string why;
        ref->supports(node, &why);
        ADD_FAILURE() << c.label << ": reference backend does not support the node: " << why;
        return 0;
    }
    auto refKernel = ref->createKernel(node, refTactics[0], error);
    if (!refKernel) {
        ADD_FAILURE() << c.label << ": reference createKernel: " << error;
        return 0;
    }
    RunResult want = runKernel(*refKernel, node, inputs, error);
    if (!want.ok) {
        ADD_FAILURE() << c.label << ": reference run: " << error;
        return 0;
    }

    backends::Backend* cpu = backends::cpuBackend();
    const auto tactics = cpu->tactics(node);
    if (tactics.empty()) {
        std::string why;
        cpu->supports(node, &why);
        ADD_FAILURE() << c.label << ": cpu backend offers no tactic: " << why;
        return 0;
    }
    for (const std::string& t : tactics) {
        auto k = cpu->createKernel(node, t, error);
        if (!k) {
            ADD_FAILURE() << c.label << " [" << t << "]: createKernel: " << error;
            continue;
        }
        RunResult got = runKernel(*k, node, inputs, error);
        if (!got.ok) {
            ADD_FAILURE() << c.label << " [" << t << "]: run: " << error;
            continue;
        }
        for (size_t o = 0; o < node.outputs.size(); ++o) {
            std::string diff = compare(node.outputs[o], want.outputs[o].data(), got.outputs[o].data(), c.atol, c.rtol);
            if (!diff.empty())
                ADD_FAILURE() << c.label << " [" << t << "] output " << o << " " << ir::toString(node.outputs[o].dims)
                              << ":\n"
                              << diff;
        }
    }
    return static_cast<int>(tactics.size());
}

}  // namespace tforge::test

namespace tforge::test {

std::string caseName(const ::testing::TestParamInfo<OpCase>& info) {
    std::string s;
    for (char ch : info.param.label) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    return s;
}

void PrintTo(const OpCase& c, std::ostream* os) {
    *os << c.label;
}

std::string join(const Dims& d, const char* sep) {
    std::string s;
    for (int i = 0; i < d.nbDims; ++i) {
        if (i) s += sep;
        s += d.d[i] < 0 ? std::string("m") + std::to_string(-d.d[i]) : std::to_string(d.d[i]);
    }
    return s.empty() ? "scalar" : s;
}

TEST_P(KernelCase, MatchesReference) {
    EXPECT_GT(expectMatchesReference(GetParam()), 0);
}

}  // namespace tforge::test
