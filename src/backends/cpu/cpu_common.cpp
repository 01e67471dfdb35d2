#include "backends/cpu/cpu_common.h"

#include <algorithm>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tforge::backends::cpu {

namespace {

// Packed weights of a big layer are one large allocation written once at engine load: with 4 KiB
// pages its first touch costs one page fault per 4 KiB, which dominates creating the kernel (a
// 50 MB FC: ~25-55 ms of faults vs ~13 ms of copying, docs/PERF.md). Buffers of a few huge pages
// or more are 2 MiB aligned and advised for transparent huge pages where the kernel allows them
// (THP "madvise" or "always"; elsewhere the advice is a no-op).
constexpr size_t kHugePage = size_t(2) << 20;

float* allocateFloats(size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= 2 * kHugePage) {
        void* p = std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
        if (p) madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);  // whole huge pages only
        return static_cast<float*>(p);
    }
#endif
    return static_cast<float*>(std::aligned_alloc(64, bytes));
}

}  // namespace

AlignedFloats::AlignedFloats(int64_t count) : n_(count) {
    size_t bytes = floatBytes(std::max<int64_t>(count, 1));
    p_.reset(allocateFloats(bytes));
    std::fill(p_.get(), p_.get() + bytes / 4, 0.f);
}

AlignedFloats AlignedFloats::uninitialized(int64_t count) {
    AlignedFloats a;
    a.n_ = count;
    size_t bytes = floatBytes(std::max<int64_t>(count, 1));
    a.p_.reset(allocateFloats(bytes));
    std::fill(a.p_.get() + std::max<int64_t>(count, 0), a.p_.get() + bytes / 4, 0.f);
    return a;
}

bool checkViews(const char* op, const std::vector<TensorView>& inputs, size_t nIn,
                const std::vector<TensorView>& outputs, size_t nOut, std::string& error) {
    if (inputs.size() != nIn || outputs.size() != nOut) {
        error = std::string(op) + ": expected " + std::to_string(nIn) + " input(s) and " + std::to_string(nOut) +
                " output(s), got " + std::to_string(inputs.size()) + " and " + std::to_string(outputs.size());
        return false;
    }
    for (const auto* list : {&inputs, &outputs}) {
        for (size_t i = 0; i < list->size(); ++i) {
            const TensorView& t = (*list)[i];
            const char* what = list == &inputs ? "input" : "output";
            if (t.dims.nbDims < 0 || t.dims.nbDims > Dims::MAX_DIMS || ir::volume(t.dims) < 0) {
                error = std::string(op) + ": " + what + " " + std::to_string(i) + " has no concrete dims " +
                        ir::toString(t.dims);
                return false;
            }
            if (!t.data && ir::volume(t.dims) > 0) {
                error = std::string(op) + ": " + what + " " + std::to_string(i) + " has no data";
                return false;
            }
        }
    }
    return true;
}

bool checkOutput(const char* op, const TensorView& out, const Dims& dims, DataType type, std::string& error) {
    if (!ir::sameDims(out.dims, dims)) {
        error = std::string(op) + ": output dims " + ir::toString(out.dims) + " do not match the " +
                "inputs (expected " + ir::toString(dims) + ")";
        return false;
    }
    return checkType(op, out, type, error);
}

bool checkType(const char* op, const TensorView& t, DataType type, std::string& error) {
    if (t.type != type) {
        error = std::string(op) + ": tensor of type " + dataTypeName(t.type) + ", expected " + dataTypeName(type);
        return false;
    }
    return true;
}

bool allFloatInputs(const NodeDesc& node, std::string* why) {
    for (const auto& in : node.inputs) {
        if (in.type != DataType::kFLOAT) {
            if (why) *why = std::string("type ") + dataTypeName(in.type) + " not supported";
            return false;
        }
    }
    return true;
}

bool computeWindow(const Dims& x, const Dims& kernel, const Dims& stride, const Dims& dilation, const Dims& prePad,
                   const Dims& postPad, PaddingMode mode, Window3& w, std::string& error) {
    const int k = kernel.nbDims;
    if (k < 1 || k > 3 || x.nbDims != k + 2) {
        error = "window of rank " + std::to_string(k) + " does not fit input " + ir::toString(x);
        return false;
    }
    for (const Dims* d : {&stride, &dilation, &prePad, &postPad}) {
        if (d->nbDims != 0 && d->nbDims != k) {
            error = "window parameter " + ir::toString(*d) + " does not have " + std::to_string(k) + " dims";
            return false;
        }
    }
    w = Window3{};
    for (int i = 0; i < k; ++i) {
        const int j = 3 - k + i;  // right-align into the 3-D geometry
        const int64_t s = x.d[2 + i];
        const int64_t r = kernel.d[i];
        const int64_t st = stride.nbDims ? stride.d[i] : 1;
        const int64_t dl = dilation.nbDims ? dilation.d[i] : 1;
        if (r < 1 || st < 1 || dl < 1 || s < 0) {
            error = "invalid window " + ir::toString(kernel) + " stride " + ir::toString(stride) + " dilation " +
                    ir::toString(dilation) + " for input " + ir::toString(x);
            return false;
        }
        const int64_t e = dl * (r - 1) + 1;
        int64_t pre = prePad.nbDims ? prePad.d[i] : 0, post = postPad.nbDims ? postPad.d[i] : 0;
        int64_t out;
        if (mode == PaddingMode::kSAME_UPPER || mode == PaddingMode::kSAME_LOWER) {
            out = ceilDiv(s, st);
            int64_t total = std::max<int64_t>(0, (out - 1) * st + e - s);
            pre = mode == PaddingMode::kSAME_UPPER ? total / 2 : (total + 1) / 2;
            post = total - pre;
        } else {
            int64_t span = s + pre + post - e;
            if (span < 0) {
                error = "kernel " + ir::toString(kernel) + " larger than padded input " + ir::toString(x);
                return false;
            }
            out = (mode == PaddingMode::kEXPLICIT_ROUND_UP ? ceilDiv(span, st) : span / st) + 1;
        }
        w.in[j] = s;
        w.out[j] = out;
        w.kernel[j] = r;
        w.stride[j] = st;
        w.dilation[j] = dl;
        w.pre[j] = pre;
        w.padEnd[j] = s + post;
    }
    return true;
}

Dims windowOutputDims(const Dims& x, int64_t channels, const Window3& w) {
    Dims d = x;
    d.d[1] = channels;
    const int k = x.nbDims - 2;
    for (int i = 0; i < k; ++i) d.d[2 + i] = w.out[3 - k + i];
    return d;
}

}  // namespace tforge::backends::cpu
