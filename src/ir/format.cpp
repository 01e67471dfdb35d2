#include "ir/format.h"

#include "ir/dims_util.h"

namespace tforge::ir {

namespace {
bool channelsLast(TensorFormat f) {
    return f == TensorFormat::kHWC || f == TensorFormat::kHWC8 || f == TensorFormat::kHWC16;
}
int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
}  // namespace

bool formatSupported(TensorFormat f, int32_t rank) {
    switch (f) {
        case TensorFormat::kLINEAR: return true;
        case TensorFormat::kHWC: case TensorFormat::kHWC8: case TensorFormat::kHWC16: case TensorFormat::kCHW2:
        case TensorFormat::kCHW4: case TensorFormat::kCHW16: case TensorFormat::kCHW32:
            return rank >= 3;
        default: return false;
    }
}

int32_t formatBlock(TensorFormat f) {
    switch (f) {
        case TensorFormat::kCHW2: return 2;
        case TensorFormat::kCHW4: return 4;
        case TensorFormat::kHWC8: return 8;
        case TensorFormat::kCHW16: case TensorFormat::kHWC16: return 16;
        case TensorFormat::kCHW32: return 32;
        default: return 1;
    }
}

int64_t storageVolume(const Dims& d, TensorFormat f) {
    if (f == TensorFormat::kLINEAR || d.nbDims < 3) return volume(d);
    const int32_t c = d.nbDims - 3;
    int64_t v = 1;
    for (int32_t i = 0; i < d.nbDims; ++i) v *= i == c ? roundUp(d.d[i], formatBlock(f)) : d.d[i];
    return v;
}

int64_t storageOffset(const Dims& d, TensorFormat f, const int64_t* idx) {
    const int32_t r = d.nbDims;
    if (f == TensorFormat::kLINEAR || r < 3) {
        int64_t o = 0;
        for (int32_t i = 0; i < r; ++i) o = o * d.d[i] + idx[i];
        return o;
    }
    int64_t outer = 0;  // row-major over the leading (batch) dims
    for (int32_t i = 0; i < r - 3; ++i) outer = outer * d.d[i] + idx[i];
    const int64_t C = d.d[r - 3], H = d.d[r - 2], W = d.d[r - 1];
    const int64_t c = idx[r - 3], h = idx[r - 2], w = idx[r - 1];
    const int64_t k = formatBlock(f);
    if (channelsLast(f)) {
        const int64_t Cp = roundUp(C, k);
        return ((outer * H + h) * W + w) * Cp + c;
    }
    const int64_t blocks = (C + k - 1) / k;
    return (((outer * blocks + c / k) * H + h) * W + w) * k + c % k;
}

}  // namespace tforge::ir
