// Concatenation: for every outer index, each input contributes one contiguous slab of
// dims[axis]*inner elements; slabs are memcpy'd, several per task when they are small.
#include <algorithm>
#include <cstring>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

bool typeOk(DataType t) {
    return t == DataType::kFLOAT || t == DataType::kINT32 || t == DataType::kBOOL;
}

class ConcatKernel : public Kernel {
public:
    explicit ConcatKernel(int32_t axis) : axis_(axis) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (in.empty() || !checkViews("Concatenation", in, in.size(), out, 1, error)) {
            if (in.empty()) error = "Concatenation: no inputs";
            return false;
        }
        const Dims& d0 = in[0].dims;
        const int r = d0.nbDims;
        const int axis = axis_ < 0 ? axis_ + r : axis_;
        const DataType t = in[0].type;
        if (axis < 0 || axis >= r || !typeOk(t)) {
            error = "Concatenation: axis " + std::to_string(axis_) + " / type " + dataTypeName(t) +
                    " not valid for input " + ir::toString(d0);
            return false;
        }
        Dims od = d0;
        od.d[axis] = 0;
        for (const TensorView& v : in) {
            bool same = v.dims.nbDims == r && v.type == t;
            for (int i = 0; same && i < r; ++i) same = i == axis || v.dims.d[i] == d0.d[i];
            if (!same) {
                error = "Concatenation: input " + ir::toString(v.dims) + " does not match " + ir::toString(d0) +
                        " outside axis " + std::to_string(axis);
                return false;
            }
            od.d[axis] += v.dims.d[axis];
        }
        if (!checkOutput("Concatenation", out[0], od, t, error)) return false;
        int64_t outer = 1, inner = dataTypeSize(t);  // inner counted in bytes
        for (int i = 0; i < axis; ++i) outer *= d0.d[i];
        for (int i = axis + 1; i < r; ++i) inner *= d0.d[i];
        const int64_t outRow = od.d[axis] * inner;
        const int64_t nIn = static_cast<int64_t>(in.size());
        std::vector<int64_t> dstOff(in.size());
        for (int64_t i = 0, off = 0; i < nIn; ++i) {
            dstOff[i] = off;
            off += in[i].dims.d[axis] * inner;
        }
        const int64_t avgSlab = std::max<int64_t>(1, outRow / nIn);
        char* y = static_cast<char*>(out[0].data);
        parallelFor(
            outer * nIn,
            [&](int64_t b, int64_t e) {
                for (int64_t it = b; it < e; ++it) {
                    const int64_t o = it / nIn, i = it % nIn;
                    const int64_t bytes = in[i].dims.d[axis] * inner;
                    if (bytes == 0) continue;
                    std::memcpy(y + o * outRow + dstOff[i], static_cast<const char*>(in[i].data) + o * bytes,
                                static_cast<size_t>(bytes));
                }
            },
            grainFor(avgSlab, 65536));
        return true;
    }

private:
    int32_t axis_;
};

}  // namespace

bool supportsConcatenation(const NodeDesc& node, std::string* why) {
    for (const auto& t : node.inputs) {
        if (!typeOk(t.type)) {
            if (why) *why = std::string("type ") + dataTypeName(t.type) + " not supported";
            return false;
        }
    }
    return true;
}

std::vector<std::string> tacticsConcatenation(const NodeDesc&) {
    return {"copy"};
}

std::unique_ptr<Kernel> createConcatenation(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "copy") {
        error = "Concatenation: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ConcatKernel>(std::get<ir::ConcatAttrs>(*node.attrs).axis);
}

}  // namespace tforge::backends::cpu
