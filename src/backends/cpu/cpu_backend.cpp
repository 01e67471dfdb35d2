// The "cpu" backend: routes supports/tactics/createKernel to the per-op files by OpKind.
#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"
#include "backends/registry.h"
#include "ir/shape_inference.h"

namespace tforge::backends {

namespace {

struct OpEntry {
    bool (*supports)(const NodeDesc&, std::string*);
    std::vector<std::string> (*tactics)(const NodeDesc&);
    std::unique_ptr<Kernel> (*create)(const NodeDesc&, const std::string&, std::string&);
};

#define TF_ENTRY(Name) \
    { cpu::supports##Name, cpu::tactics##Name, cpu::create##Name }
// Indexed by OpKind (the Attrs variant order).
const OpEntry kOps[ir::kNbOpKinds] = {
    TF_ENTRY(Convolution), TF_ENTRY(Pooling),       TF_ENTRY(FullyConnected), TF_ENTRY(MatrixMultiply),
    TF_ENTRY(Activation),  TF_ENTRY(ElementWise),   TF_ENTRY(Scale),          TF_ENTRY(SoftMax),
    TF_ENTRY(Shuffle),     TF_ENTRY(Concatenation), TF_ENTRY(Constant),
};
#undef TF_ENTRY

class CpuBackend final : public Backend {
public:
    const char* name() const override { return "cpu"; }
    TacticSource source() const override { return TacticSource::kCPU; }
    DeviceType device() const override { return DeviceType::kCPU; }

    bool supports(const NodeDesc& node, std::string* why) const override {
        if (!node.attrs) {
            if (why) *why = "node has no attributes";
            return false;
        }
        const int32_t want = ir::expectedInputCount(node.kind());
        const auto n = static_cast<int32_t>(node.inputs.size());
        if ((want >= 0 && n != want) || (want < 0 && n < 1)) {
            if (why) *why = std::string(ir::opKindName(node.kind())) + " with " + std::to_string(n) + " inputs";
            return false;
        }
        return kOps[static_cast<int>(node.kind())].supports(node, why);
    }

    std::vector<std::string> tactics(const NodeDesc& node) const override {
        if (!supports(node, nullptr)) return {};
        return kOps[static_cast<int>(node.kind())].tactics(node);
    }

    std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                         std::string& error) const override {
        std::string why;
        if (!supports(node, &why)) {
            error = std::string("cpu backend: ") + why;
            return nullptr;
        }
        return kOps[static_cast<int>(node.kind())].create(node, tactic, error);
    }

    void setMaxThreads(int32_t n) override { cpu::ThreadPool::instance().setMaxThreads(n); }
};

}  // namespace

Backend* cpuBackend() {
    static CpuBackend backend;
    return &backend;
}

}  // namespace tforge::backends
