#include "backends/reference/reference_common.h"

#include "backends/reference/activation_math.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {

std::string typeNotSupported(DataType t) {
    return std::string("type ") + dataTypeName(t) + " not supported";
}

bool checkArity(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, int nIn, int nOut,
                std::string& error) {
    bool inOk = nIn < 0 ? !inputs.empty() : inputs.size() == static_cast<size_t>(nIn);
    if (!inOk) {
        error = "expected " + (nIn < 0 ? std::string("at least 1") : std::to_string(nIn)) + " input(s), got " +
                std::to_string(inputs.size());
        return false;
    }
    if (outputs.size() != static_cast<size_t>(nOut)) {
        error = "expected " + std::to_string(nOut) + " output(s), got " + std::to_string(outputs.size());
        return false;
    }
    return true;
}

bool checkTensor(const TensorView& t, DataType type, const std::string& role, std::string& error) {
    if (t.dims.nbDims < 0 || t.dims.nbDims > Dims::MAX_DIMS) {
        error = role + " has invalid rank " + std::to_string(t.dims.nbDims);
        return false;
    }
    for (int32_t i = 0; i < t.dims.nbDims; ++i) {
        if (t.dims.d[i] < 0) {
            error = role + " dims " + ir::toString(t.dims) + " are not concrete at run time";
            return false;
        }
    }
    if (t.type != type) {
        error = role + " has type " + dataTypeName(t.type) + ", expected " + dataTypeName(type);
        return false;
    }
    if (t.data == nullptr && ir::volume(t.dims) > 0) {
        error = role + " " + ir::toString(t.dims) + " has no data";
        return false;
    }
    return true;
}

bool checkOutputDims(const TensorView& out, const Dims& expected, std::string& error) {
    if (ir::sameDims(out.dims, expected)) return true;
    error = "output dims " + ir::toString(out.dims) + " do not match the expected " + ir::toString(expected);
    return false;
}

bool broadcastDims(const Dims& a, const Dims& b, Dims& out, std::string& error) {
    out.nbDims = a.nbDims > b.nbDims ? a.nbDims : b.nbDims;
    for (int32_t i = 0; i < out.nbDims; ++i) {
        // Right-aligned: position i of the output pairs with a's (i - (rank - a.rank)).
        int32_t ia = i - (out.nbDims - a.nbDims), ib = i - (out.nbDims - b.nbDims);
        int64_t ea = ia >= 0 ? a.d[ia] : 1, eb = ib >= 0 ? b.d[ib] : 1;
        if (ea != eb && ea != 1 && eb != 1) {
            error = "shapes " + ir::toString(a) + " and " + ir::toString(b) + " cannot be broadcast";
            return false;
        }
        out.d[i] = ea == 1 ? eb : ea;
    }
    return true;
}

void broadcastStrides(const Dims& in, int32_t outRank, int64_t* st) {
    int64_t own[Dims::MAX_DIMS];
    ir::strides(in, own);
    const int32_t lead = outRank - in.nbDims;
    for (int32_t i = 0; i < outRank; ++i) {
        int32_t j = i - lead;
        st[i] = (j < 0 || in.d[j] == 1) ? 0 : own[j];
    }
}

bool nextIndex(const Dims& d, int64_t* idx) {
    for (int32_t i = d.nbDims - 1; i >= 0; --i) {
        if (++idx[i] < d.d[i]) return true;
        idx[i] = 0;
    }
    return false;
}

Dims subDims(const Dims& d, int32_t begin, int32_t end) {
    Dims r;
    r.nbDims = end > begin ? end - begin : 0;
    for (int32_t i = 0; i < r.nbDims; ++i) r.d[i] = d.d[begin + i];
    return r;
}

int64_t volumeOf(const Dims& d, int32_t begin, int32_t end) {
    int64_t v = 1;
    for (int32_t i = begin; i < end; ++i) v *= d.d[i];
    return v;
}

bool checkF32Blob(const ir::Blob& b, const char* what, std::string& error) {
    if (b.count < 0 || (b.count > 0 && (b.type != DataType::kFLOAT || b.data == nullptr))) {
        error = std::string(what) + " weights must be fp32 values (got " + dataTypeName(b.type) + ", count " +
                std::to_string(b.count) + ")";
        return false;
    }
    return true;
}

bool checkPostOp(const ir::PostOp& p, std::string& error) {
    if (p.enabled && !isKnownActivation(p.type)) {
        error = "unknown post-op activation type " + std::to_string(static_cast<int32_t>(p.type));
        return false;
    }
    return true;
}

}  // namespace tforge::backends::reference
