// The test device's backend (TacticSource::kTEST on DeviceType::kTEST).
//
// Why the device exists: CI machines have no GPU, yet the core must handle engines whose tensors live
// in memory the host may not touch: the builder inserts Copy nodes at every device boundary, the
// runtime orders all work on the engine's asynchronous stream, and nothing may hand a device pointer
// to a CPU kernel. The test device (src/backends/devices/test_device.cpp) makes those bugs loud: its
// pointers fault when dereferenced on the host and its streams run later, on another thread.
//
// This backend's kernels are the reference kernels run on the host views of test-device memory, so
// their results are the oracle's exactly. A kernel given a pointer that is not test-device memory
// fails with an error naming the tensor: that is the bug (a missing copy) the device exists to catch.
//
// It supports every op the reference backend does except Copy (the runtime executes the builder's
// cross-device Copy nodes itself) and the ops named in TFORGE_TEST_DEVICE_UNSUPPORTED (comma-separated
// op names as ir::opKindName spells them, case-insensitive; "" for none; unset: "SoftMax"), so that
// every network with such an op crosses devices and needs copies.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>

#include "backends/registry.h"
#include "ir/dims_util.h"

namespace tforge::backends {
namespace testdev {
namespace {

constexpr const char* kTactic = "test";
constexpr const char* kReferenceTactic = "reference";
constexpr const char* kEnv = "TFORGE_TEST_DEVICE_UNSUPPORTED";
constexpr const char* kDefaultUnsupported = "SoftMax";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    const size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

//! The op kinds the environment excludes. Re-read on every call (tests change the variable between
//! builds); parsed again only when its value changes, and unknown names are reported once per value.
std::set<ir::OpKind> unsupportedKinds() {
    static std::mutex m;
    static std::string lastValue;
    static bool parsed = false;
    static std::set<ir::OpKind> kinds;
    const char* env = std::getenv(kEnv);
    const std::string value = env ? env : kDefaultUnsupported;
    std::lock_guard<std::mutex> lock(m);
    if (parsed && value == lastValue) return kinds;
    kinds.clear();
    std::stringstream ss(value);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item = trim(item);
        if (item.empty()) continue;
        bool found = false;
        for (int32_t k = 0; k < ir::kNbOpKinds; ++k) {
            if (lower(ir::opKindName(static_cast<ir::OpKind>(k))) == lower(item)) {
                kinds.insert(static_cast<ir::OpKind>(k));
                found = true;
            }
        }
        if (!found)
            std::fprintf(stderr, "tensorforge test backend: %s names unknown op \"%s\"; ignored\n", kEnv,
                         item.c_str());
    }
    lastValue = value;
    parsed = true;
    return kinds;
}

//! Why the test backend refuses this node's op (empty: it does not).
std::string refusal(const NodeDesc& node) {
    if (node.attrs == nullptr) return "node has no attributes";
    const ir::OpKind k = node.kind();
    if (k == ir::OpKind::kCopy) return "Copy nodes are executed by the runtime, not by a backend";
    if (unsupportedKinds().count(k))
        return std::string(ir::opKindName(k)) + " is not supported on the test device (" + kEnv + ")";
    return "";
}

//! A reference kernel run on the host views of test-device memory.
class TestKernel final : public Kernel {
public:
    explicit TestKernel(std::unique_ptr<Kernel> inner) : inner_(std::move(inner)) {}

    std::unique_ptr<KernelState> createState() const override { return inner_->createState(); }
    size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const override {
        return inner_->workspaceSize(inputs);
    }
    bool reshape(KernelState* state, const std::vector<ir::TensorDesc>& inputs, size_t& workspace,
                 std::string& error) const override {
        return inner_->reshape(state, inputs, workspace, error);
    }
    std::vector<uint8_t> artifact() const override { return inner_->artifact(); }

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs& args,
             std::string& error) const override {
        std::vector<TensorView> in(inputs), out(outputs);
        for (size_t i = 0; i < in.size(); ++i)
            if (!mapView(in[i], "input", i, error)) return false;
        for (size_t i = 0; i < out.size(); ++i)
            if (!mapView(out[i], "output", i, error)) return false;
        ExecArgs a = args;
        if (a.workspace != nullptr) {
            a.workspace = testDevice()->hostView(a.workspace);
            if (a.workspace == nullptr) {
                error = "test device kernel: the workspace is not test-device memory";
                return false;
            }
        }
        return inner_->run(in, out, a, error);
    }

private:
    static bool mapView(TensorView& v, const char* role, size_t index, std::string& error) {
        // An empty tensor may have no storage at all.
        if (v.data == nullptr && ir::volume(v.dims) == 0) return true;
        void* host = testDevice()->hostView(v.data);
        if (host == nullptr) {
            char ptr[32];
            std::snprintf(ptr, sizeof ptr, "%p", v.data);
            error = std::string("test device kernel: ") + role + " " + std::to_string(index) + " (" + ptr +
                    ") is not test-device memory: a host or foreign-device pointer reached a kernel of the test "
                    "device (a missing Copy at a device boundary?)";
            return false;
        }
        v.data = host;
        return true;
    }

    std::unique_ptr<Kernel> inner_;
};

class TestBackend final : public Backend {
public:
    const char* name() const override { return "test"; }
    TacticSource source() const override { return TacticSource::kTEST; }
    DeviceType device() const override { return DeviceType::kTEST; }

    bool supports(const NodeDesc& node, std::string* why) const override {
        const std::string r = refusal(node);
        if (!r.empty()) {
            if (why) *why = r;
            return false;
        }
        return referenceBackend()->supports(node, why);
    }

    std::vector<std::string> tactics(const NodeDesc& node) const override {
        if (!supports(node, nullptr)) return {};
        return {kTactic};
    }

    std::vector<IoFormat> formats(const NodeDesc& node, const std::string& tactic) const override {
        (void)tactic;
        return referenceBackend()->formats(node, kReferenceTactic);
    }

    std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                         std::string& error) const override {
        if (tactic != kTactic) {
            error = "test backend has no tactic \"" + tactic + "\"";
            return nullptr;
        }
        const std::string r = refusal(node);
        if (!r.empty()) {
            error = r;
            return nullptr;
        }
        std::unique_ptr<Kernel> inner = referenceBackend()->createKernel(node, kReferenceTactic, error);
        if (!inner) return nullptr;
        return std::make_unique<TestKernel>(std::move(inner));
    }

    uint32_t artifactVersion() const override { return referenceBackend()->artifactVersion(); }
};

}  // namespace
}  // namespace testdev

Backend* testBackend() {
    static testdev::TestBackend instance;
    return &instance;
}

}  // namespace tforge::backends
