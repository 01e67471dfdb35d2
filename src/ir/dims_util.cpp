#include "ir/dims_util.h"

namespace tforge::ir {

Dims makeDims(std::initializer_list<int64_t> v) {
    Dims d;
    d.nbDims = static_cast<int32_t>(v.size());
    int i = 0;
    for (int64_t x : v) d.d[i++] = x;
    return d;
}

int64_t volume(const Dims& d) {
    if (d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS) return -1;
    int64_t v = 1;
    for (int i = 0; i < d.nbDims; ++i) {
        if (d.d[i] < 0) return -1;
        v *= d.d[i];
    }
    return v;
}

bool hasDynamic(const Dims& d) {
    if (d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS) return true;
    for (int i = 0; i < d.nbDims; ++i)
        if (d.d[i] < 0) return true;
    return false;
}

bool sameDims(const Dims& a, const Dims& b) {
    if (a.nbDims != b.nbDims) return false;
    for (int i = 0; i < a.nbDims; ++i)
        if (a.d[i] != b.d[i]) return false;
    return true;
}

std::string toString(const Dims& d) {
    if (d.nbDims < 0 || d.nbDims > Dims::MAX_DIMS) return "<invalid rank " + std::to_string(d.nbDims) + ">";
    std::string s = "[";
    for (int i = 0; i < d.nbDims; ++i) {
        if (i) s += ",";
        s += std::to_string(d.d[i]);
    }
    return s + "]";
}

void strides(const Dims& d, int64_t* out) {
    int64_t s = 1;
    for (int i = d.nbDims - 1; i >= 0; --i) {
        out[i] = s;
        s *= d.d[i];
    }
}

}  // namespace tforge::ir
