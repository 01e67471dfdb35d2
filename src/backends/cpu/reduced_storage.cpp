#include "backends/cpu/reduced_storage.h"

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"
#include "common/half.h"

namespace tforge::backends::cpu {

namespace {

bool reduced(DataType t) { return t == DataType::kHALF || t == DataType::kBF16; }
bool floatFamily(DataType t) { return t == DataType::kFLOAT || reduced(t); }

void widen(const void* src, DataType t, float* dst, int64_t n) {
    const auto* s = static_cast<const uint16_t*>(src);
    parallelFor(
        n,
        [&](int64_t b, int64_t e) {
            if (t == DataType::kHALF)
                for (int64_t i = b; i < e; ++i) dst[i] = halfToFloat(s[i]);
            else
                for (int64_t i = b; i < e; ++i) dst[i] = bf16ToFloat(s[i]);
        },
        grainFor(4));
}

void narrow(const float* src, DataType t, void* dst, int64_t n) {
    auto* d = static_cast<uint16_t*>(dst);
    parallelFor(
        n,
        [&](int64_t b, int64_t e) {
            if (t == DataType::kHALF)
                for (int64_t i = b; i < e; ++i) d[i] = floatToHalf(src[i]);
            else
                for (int64_t i = b; i < e; ++i) d[i] = floatToBf16(src[i]);
        },
        grainFor(4));
}

class ReducedStorageKernel final : public Kernel {
public:
    ReducedStorageKernel(const NodeDesc& node, std::unique_ptr<Kernel> inner)
        : attrs_(*node.attrs), inner_(std::move(inner)) {
        for (auto& t : node.inputs) inTypes_.push_back(t.type);
        for (auto& t : node.outputs) outTypes_.push_back(t.type);
    }

    std::unique_ptr<KernelState> createState() const override { return inner_->createState(); }
    // The fp32 kernel inside packed the weights; its artifact restores it the same way.
    std::vector<uint8_t> artifact() const override { return inner_->artifact(); }

    bool reshape(KernelState* state, const std::vector<ir::TensorDesc>& inputs, size_t& workspace,
                 std::string& error) const override {
        std::vector<ir::TensorDesc> in = inputs, out;
        for (auto& t : in)
            if (reduced(t.type)) t.type = DataType::kFLOAT;
        size_t inner = 0;
        if (!inner_->reshape(state, in, inner, error)) return false;
        if (!ir::inferShapes(attrs_, in, out, error)) return false;
        size_t extra = 0;
        for (size_t i = 0; i < inputs.size(); ++i)
            if (reduced(inputs[i].type)) extra += floatBytes(ir::volume(inputs[i].dims));
        for (size_t o = 0; o < out.size() && o < outTypes_.size(); ++o)
            if (reduced(outTypes_[o])) extra += floatBytes(ir::volume(out[o].dims));
        workspace = extra + inner;
        return true;
    }

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs& args,
             std::string& error) const override {
        auto* ws = static_cast<uint8_t*>(args.workspace);
        size_t used = 0;
        auto take = [&](int64_t count) {
            float* p = reinterpret_cast<float*>(ws + used);
            used += floatBytes(count);
            return p;
        };
        std::vector<TensorView> in = inputs, out = outputs;
        for (auto& v : in)
            if (reduced(v.type)) {
                const int64_t n = ir::volume(v.dims);
                float* f = take(n);
                widen(v.data, v.type, f, n);
                v.data = f;
                v.type = DataType::kFLOAT;
            }
        for (auto& v : out)
            if (reduced(v.type)) {
                v.data = take(ir::volume(v.dims));
                v.type = DataType::kFLOAT;
            }
        if (used > args.workspaceBytes) {
            error = "workspace smaller than the reduced-precision conversion buffers";
            return false;
        }
        ExecArgs innerArgs = args;
        innerArgs.workspace = ws + used;
        innerArgs.workspaceBytes = args.workspaceBytes - used;
        if (!inner_->enqueue(in, out, innerArgs, error)) return false;
        for (size_t o = 0; o < outputs.size(); ++o)
            if (reduced(outputs[o].type))
                narrow(static_cast<const float*>(out[o].data), outputs[o].type, outputs[o].data,
                       ir::volume(outputs[o].dims));
        return true;
    }

private:
    ir::Attrs attrs_;
    std::unique_ptr<Kernel> inner_;
    std::vector<DataType> inTypes_, outTypes_;
};

}  // namespace

std::vector<IoFormat> reducedStorageFormats(const NodeDesc& node) {
    std::vector<IoFormat> options;
    IoFormat own;
    for (auto d : node.inputs) own.inputs.push_back({d.dims, d.type, TensorFormat::kLINEAR});
    for (auto d : node.outputs) own.outputs.push_back({d.dims, d.type, TensorFormat::kLINEAR});
    options.push_back(own);
    bool anyFloat = false;
    for (const auto* list : {&node.inputs, &node.outputs})
        for (const auto& t : *list) anyFloat = anyFloat || floatFamily(t.type);
    if (!anyFloat || node.kind() == ir::OpKind::kConstant) return options;
    for (DataType r : {DataType::kFLOAT, DataType::kHALF, DataType::kBF16}) {
        IoFormat o = own;
        for (auto* list : {&o.inputs, &o.outputs})
            for (auto& t : *list)
                if (floatFamily(t.type)) t.type = r;
        bool same = true;
        for (size_t i = 0; i < o.inputs.size(); ++i) same = same && o.inputs[i].type == own.inputs[i].type;
        for (size_t i = 0; i < o.outputs.size(); ++i) same = same && o.outputs[i].type == own.outputs[i].type;
        if (!same) options.push_back(o);
    }
    return options;
}

std::unique_ptr<Kernel> wrapReducedStorage(const NodeDesc& node, std::unique_ptr<Kernel> inner) {
    if (!inner) return nullptr;
    return std::make_unique<ReducedStorageKernel>(node, std::move(inner));
}

}  // namespace tforge::backends::cpu
