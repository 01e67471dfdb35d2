// The "cpu" backend: routes supports/tactics/createKernel to the per-op files by OpKind.
#include <array>

#include "backends/cpu/artifact.h"
#include "backends/cpu/cpu_common.h"
#include "backends/cpu/reduced_storage.h"
#include "backends/cpu/thread_pool.h"
#include "backends/registry.h"
#include "ir/shape_inference.h"

namespace tforge::backends {

namespace {
using cpu::reducedStorageFormats;
using cpu::wrapReducedStorage;

struct OpEntry {
    bool (*supports)(const NodeDesc&, std::string*);
    std::vector<std::string> (*tactics)(const NodeDesc&);
    std::unique_ptr<Kernel> (*create)(const NodeDesc&, const std::string&, std::string&);
};

// Indexed by OpKind; ops without a CPU kernel have an empty entry (the reference runs them).
const std::array<OpEntry, ir::kNbOpKinds> kOps = [] {
    std::array<OpEntry, ir::kNbOpKinds> t{};
#define TFORGE_CPU_ENTRY(Name) \
    t[static_cast<size_t>(ir::OpKind::k##Name)] = OpEntry{cpu::supports##Name, cpu::tactics##Name, cpu::create##Name};
    TFORGE_CPU_OPS(TFORGE_CPU_ENTRY)
#undef TFORGE_CPU_ENTRY
    return t;
}();

const OpEntry* entryFor(const NodeDesc& node) {
    const auto k = static_cast<int32_t>(node.kind());
    if (!ir::isOpKind(k) || !kOps[static_cast<size_t>(k)].supports) return nullptr;
    return &kOps[static_cast<size_t>(k)];
}

// The CPU kernels read and write dense row-major memory; other formats are reformatted around them.
bool linearOnly(const NodeDesc& node, std::string* why) {
    for (const auto* list : {&node.inputs, &node.outputs})
        for (const auto& t : *list)
            if (t.format != TensorFormat::kLINEAR) {
                if (why) *why = std::string("format ") + tensorFormatName(t.format) + " not supported";
                return false;
            }
    return true;
}

bool isConversion(const NodeDesc& node) {
    return node.kind() == ir::OpKind::kCast || node.kind() == ir::OpKind::kReformat;
}

// fp16/bf16 tensors of a compute op are stored reduced around its fp32 kernel; conversions read
// and write those types themselves.
bool storesReduced(const NodeDesc& node) { return !isConversion(node) && hasReducedFloat(node); }

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
        const OpEntry* e = entryFor(node);
        if (!e) {
            if (why) *why = std::string("no CPU kernel for ") + ir::opKindName(node.kind());
            return false;
        }
        if (!linearOnly(node, why)) return false;
        return storesReduced(node) ? e->supports(promoted(node), why) : e->supports(node, why);
    }

    std::vector<IoFormat> formats(const NodeDesc& node, const std::string&) const override {
        if (isConversion(node)) return Backend::formats(node, "");  // its types are its meaning
        return reducedStorageFormats(node);
    }

    std::vector<std::string> tactics(const NodeDesc& node) const override {
        if (!supports(node, nullptr)) return {};
        return entryFor(node)->tactics(storesReduced(node) ? promoted(node) : node);
    }

    //! The encoding of conv/FC packed-weight artifacts (backends/cpu/artifact.h); plans whose
    //! artifacts have another version are loaded by packing again.
    uint32_t artifactVersion() const override { return cpu::kArtifactVersion; }

    std::unique_ptr<Kernel> createKernel(const NodeDesc& node, const std::string& tactic,
                                         std::string& error) const override {
        std::string why;
        if (!supports(node, &why)) {
            error = std::string("cpu backend: ") + why;
            return nullptr;
        }
        if (storesReduced(node)) return wrapReducedStorage(node, entryFor(node)->create(promoted(node), tactic, error));
        return entryFor(node)->create(node, tactic, error);
    }
};

}  // namespace

Backend* cpuBackend() {
    static CpuBackend backend;
    return &backend;
}

}  // namespace tforge::backends
