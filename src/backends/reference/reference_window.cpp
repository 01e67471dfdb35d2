#include "backends/reference/reference_window.h"

#include "ir/dims_util.h"

namespace tforge::backends::reference {
namespace {

// An empty Dims means "use the default for every spatial dim" (OPS.md "Convolution").
bool readParam(const Dims* d, int32_t k, int64_t dflt, const char* what, int64_t* out, std::string& error) {
    if (d == nullptr || d->nbDims == 0) {
        for (int32_t i = 0; i < k; ++i) out[i] = dflt;
        return true;
    }
    if (d->nbDims != k) {
        error = std::string(what) + " " + ir::toString(*d) + " must have " + std::to_string(k) + " dims";
        return false;
    }
    for (int32_t i = 0; i < k; ++i) out[i] = d->d[i];
    return true;
}

std::string joinX(const int64_t* v, int32_t k) {
    std::string s;
    for (int32_t i = 0; i < k; ++i) s += (i ? "x" : "") + std::to_string(v[i]);
    return s;
}

}  // namespace

bool computeWindowGeometry(const Dims& input, const Dims& kernel, const Dims& stride, const Dims* dilation,
                           const Dims& prePadding, const Dims& postPadding, PaddingMode mode, WindowGeometry& g,
                           std::string& error) {
    const int32_t k = kernel.nbDims;
    if (k < 1 || k > 3) {
        error = "window " + ir::toString(kernel) + " must have 1 to 3 spatial dims";
        return false;
    }
    if (input.nbDims != k + 2) {
        error = "input " + ir::toString(input) + " must have rank " + std::to_string(k + 2) + " for a " +
                std::to_string(k) + "-D window";
        return false;
    }
    g.k = k;
    for (int32_t i = 0; i < k; ++i) {
        g.in[i] = input.d[i + 2];
        g.kernel[i] = kernel.d[i];
    }
    if (!readParam(&stride, k, 1, "stride", g.stride, error) ||
        !readParam(dilation, k, 1, "dilation", g.dilation, error) ||
        !readParam(&prePadding, k, 0, "prePadding", g.pre, error) ||
        !readParam(&postPadding, k, 0, "postPadding", g.post, error))
        return false;
    for (int32_t i = 0; i < k; ++i) {
        if (g.kernel[i] < 1 || g.stride[i] < 1 || g.dilation[i] < 1) {
            error = "window " + joinX(g.kernel, k) + ", stride " + joinX(g.stride, k) + " and dilation " +
                    joinX(g.dilation, k) + " must all be >= 1";
            return false;
        }
    }
    int64_t eff[3];
    for (int32_t i = 0; i < k; ++i) eff[i] = g.dilation[i] * (g.kernel[i] - 1) + 1;

    if (mode == PaddingMode::kSAME_UPPER || mode == PaddingMode::kSAME_LOWER) {
        for (int32_t i = 0; i < k; ++i) {
            g.out[i] = (g.in[i] + g.stride[i] - 1) / g.stride[i];
            int64_t total = (g.out[i] - 1) * g.stride[i] + eff[i] - g.in[i];
            if (total < 0) total = 0;
            // SAME_UPPER puts the odd pixel after the input, SAME_LOWER before it.
            g.pre[i] = mode == PaddingMode::kSAME_UPPER ? total / 2 : (total + 1) / 2;
            g.post[i] = total - g.pre[i];
        }
        return true;
    }
    if (mode != PaddingMode::kEXPLICIT_ROUND_DOWN && mode != PaddingMode::kEXPLICIT_ROUND_UP) {
        error = "unknown padding mode " + std::to_string(static_cast<int32_t>(mode));
        return false;
    }
    for (int32_t i = 0; i < k; ++i) {
        const int64_t span = g.in[i] + g.pre[i] + g.post[i] - eff[i];
        if (span < 0) {
            int64_t padded[3], in[3];
            for (int32_t j = 0; j < k; ++j) {
                padded[j] = g.in[j] + g.pre[j] + g.post[j];
                in[j] = g.in[j];
            }
            error = "window " + joinX(eff, k) + " (dilated) larger than padded input " + joinX(padded, k) +
                    " (input spatial " + joinX(in, k) + ")";
            return false;
        }
        const bool up = mode == PaddingMode::kEXPLICIT_ROUND_UP;
        g.out[i] = (up ? (span + g.stride[i] - 1) / g.stride[i] : span / g.stride[i]) + 1;
    }
    return true;
}

Dims windowOutputDims(const WindowGeometry& g, int64_t batch, int64_t channels) {
    Dims d;
    d.nbDims = g.k + 2;
    d.d[0] = batch;
    d.d[1] = channels;
    for (int32_t i = 0; i < g.k; ++i) d.d[i + 2] = g.out[i];
    return d;
}

WindowGeometry as3D(const WindowGeometry& g) {
    WindowGeometry r;
    r.k = 3;
    const int32_t lead = 3 - g.k;
    for (int32_t i = 0; i < 3; ++i) {
        const int32_t j = i - lead;
        const bool real = j >= 0;
        r.in[i] = real ? g.in[j] : 1;
        r.kernel[i] = real ? g.kernel[j] : 1;
        r.stride[i] = real ? g.stride[j] : 1;
        r.dilation[i] = real ? g.dilation[j] : 1;
        r.pre[i] = real ? g.pre[j] : 0;
        r.post[i] = real ? g.post[j] : 0;
        r.out[i] = real ? g.out[j] : 1;
    }
    return r;
}

}  // namespace tforge::backends::reference
