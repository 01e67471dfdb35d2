// Convolution: supports/tactics/create, the shared setup, and the direct (loop-nest) tactic that
// wins for depthwise and other tiny-reduction convolutions where im2col would mostly copy.
#include "backends/cpu/conv.h"

#include <algorithm>

#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

Epilogue ConvSetup::epilogue() const {
    Epilogue e;
    e.rowBias = attrs.bias.empty() ? nullptr : attrs.bias.f32();
    e.hasPost = attrs.post.enabled;
    e.post = actParams(attrs.post);
    return e;
}

bool ConvSetup::init(const NodeDesc& node, std::string& error) {
    attrs = std::get<ir::ConvAttrs>(*node.attrs);
    const Dims& x = node.inputs.at(0).dims;
    K = attrs.nbOutputMaps;
    G = attrs.nbGroups;
    R = ir::volume(attrs.kernelSize);
    if (K <= 0 || G <= 0 || R <= 0 || K % G != 0) {
        error = "Convolution: invalid nbOutputMaps " + std::to_string(K) + " / groups " + std::to_string(G) +
                " / kernel " + ir::toString(attrs.kernelSize);
        return false;
    }
    if (attrs.kernel.type != DataType::kFLOAT || attrs.bias.type != DataType::kFLOAT) {
        error = "Convolution: weights must be kFLOAT";
        return false;
    }
    Kg = K / G;
    // C may be dynamic at build time; the weight count fixes C/groups, checked again at run time.
    if (attrs.kernel.count % (K * R) != 0) {
        error = "Convolution: kernel weights count " + std::to_string(attrs.kernel.count) +
                " is not a multiple of K*prod(kernel) = " + std::to_string(K * R);
        return false;
    }
    Cg = attrs.kernel.count / (K * R);
    if (x.nbDims >= 2 && x.d[1] >= 0 && x.d[1] != Cg * G) {
        error = "Convolution: kernel weights count " + std::to_string(attrs.kernel.count) +
                " != K*(C/groups)*prod(kernel) for input " + ir::toString(x);
        return false;
    }
    if (!attrs.bias.empty() && attrs.bias.count != K) {
        error = "Convolution: bias count " + std::to_string(attrs.bias.count) + " != K " + std::to_string(K);
        return false;
    }
    return true;
}

bool ConvSetup::windowFor(const Dims& x, Window3& w) const {
    std::string err;
    if (ir::hasDynamic(x)) return false;
    return computeWindow(x, attrs.kernelSize, attrs.stride, attrs.dilation, attrs.prePadding, attrs.postPadding,
                         attrs.paddingMode, w, err);
}

bool ConvSetup::prepare(const std::vector<TensorView>& in, const std::vector<TensorView>& out, Window3& w,
                        std::string& error) const {
    if (!checkViews("Convolution", in, 1, out, 1, error) || !checkType("Convolution", in[0], DataType::kFLOAT, error))
        return false;
    const Dims& x = in[0].dims;
    if (x.nbDims != attrs.kernelSize.nbDims + 2 || x.d[1] != Cg * G) {
        error = "Convolution: input " + ir::toString(x) + " does not match kernel " + ir::toString(attrs.kernelSize) +
                " with " + std::to_string(Cg * G) + " channels";
        return false;
    }
    if (!computeWindow(x, attrs.kernelSize, attrs.stride, attrs.dilation, attrs.prePadding, attrs.postPadding,
                       attrs.paddingMode, w, error)) {
        error = "Convolution: " + error;
        return false;
    }
    return checkOutput("Convolution", out[0], windowOutputDims(x, K, w), DataType::kFLOAT, error);
}

namespace {

// One output row (fixed n, k, od, oh) per work item; the innermost loop runs along the output
// row over the range of ow whose input column is in range, so it has no branches.
class ConvDirectKernel : public Kernel {
public:
    explicit ConvDirectKernel(const ConvSetup& s) : s_(s) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        Window3 w;
        if (!s_.prepare(in, out, w, error)) return false;
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        const float* wt = s_.attrs.kernel.f32();
        const Epilogue ep = s_.epilogue();
        const int64_t N = in[0].dims.d[0], OW = w.out[2], rows = N * s_.K * w.out[0] * w.out[1];
        const int64_t inVol = w.inVolume();
        auto body = [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r) {
                const int64_t oh = r % w.out[1], od = (r / w.out[1]) % w.out[0];
                const int64_t k = (r / (w.out[1] * w.out[0])) % s_.K, n = r / (w.out[1] * w.out[0] * s_.K);
                const int64_t g = k / s_.Kg;
                float* yrow = y + r * OW;
                std::fill(yrow, yrow + OW, 0.f);
                for (int64_t c = 0; c < s_.Cg; ++c) {
                    const float* xc = x + (n * s_.Cg * s_.G + g * s_.Cg + c) * inVol;
                    const float* wc = wt + (k * s_.Cg + c) * s_.R;
                    accumulateChannel(w, od, oh, xc, wc, yrow);
                }
                const float b = ep.rowBias ? ep.rowBias[k] : 0.f;
                for (int64_t o = 0; o < OW; ++o) yrow[o] += b;
                if (ep.hasPost) activateArray(ep.post, yrow, yrow, OW);
            }
        };
        parallelFor(rows, body, grainFor(s_.Cg * s_.R * OW));
        return true;
    }

private:
    static void accumulateChannel(const Window3& w, int64_t od, int64_t oh, const float* xc, const float* wc,
                                  float* yrow) {
        const int64_t OW = w.out[2], W = w.in[2], sw = w.stride[2];
        for (int64_t kd = 0; kd < w.kernel[0]; ++kd) {
            const int64_t id = od * w.stride[0] - w.pre[0] + kd * w.dilation[0];
            if (id < 0 || id >= w.in[0]) continue;
            for (int64_t kh = 0; kh < w.kernel[1]; ++kh) {
                const int64_t ih = oh * w.stride[1] - w.pre[1] + kh * w.dilation[1];
                if (ih < 0 || ih >= w.in[1]) continue;
                const float* xrow = xc + (id * w.in[1] + ih) * W;
                const float* wrow = wc + (kd * w.kernel[1] + kh) * w.kernel[2];
                for (int64_t kw = 0; kw < w.kernel[2]; ++kw) {
                    const int64_t off = kw * w.dilation[2] - w.pre[2];  // iw = ow*sw + off
                    // Valid ow: 0 <= ow*sw + off < W.
                    int64_t lo = off >= 0 ? 0 : ceilDiv(-off, sw);
                    int64_t hi = W - off <= 0 ? 0 : std::min(OW, ceilDiv(W - off, sw));
                    const float wv = wrow[kw];
                    if (sw == 1) {
                        const float* xs = xrow + off;
                        for (int64_t o = lo; o < hi; ++o) yrow[o] += wv * xs[o];
                    } else {
                        for (int64_t o = lo; o < hi; ++o) yrow[o] += wv * xrow[o * sw + off];
                    }
                }
            }
        }
    }

    ConvSetup s_;
};

}  // namespace

std::unique_ptr<Kernel> makeConvDirectKernel(const ConvSetup& s) {
    return std::make_unique<ConvDirectKernel>(s);
}

bool supportsConvolution(const NodeDesc& node, std::string* why) {
    if (!allFloatInputs(node, why)) return false;
    const auto& a = std::get<ir::ConvAttrs>(*node.attrs);
    if (a.kernelSize.nbDims < 1 || a.kernelSize.nbDims > 3) {
        if (why) *why = "only 1-D to 3-D convolutions";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsConvolution(const NodeDesc& node) {
    ConvSetup s;
    std::string err;
    // Depthwise-like convolutions reduce over a handful of taps per output: im2col would copy
    // every input R times for a GEMM too thin to pay that back.
    if (s.init(node, err) && (s.Cg * s.R <= 16 || (s.Cg == 1 && s.Kg == 1))) return {"direct", "im2col_gemm"};
    return {"im2col_gemm", "direct"};
}

std::unique_ptr<Kernel> createConvolution(const NodeDesc& node, const std::string& tactic, std::string& error) {
    ConvSetup s;
    if (!s.init(node, error)) return nullptr;
    // "direct" reads the weights as they are: it has no artifact and ignores one it is given.
    if (tactic == "direct") return makeConvDirectKernel(s);
    if (tactic == "im2col_gemm") return makeConvGemmKernel(s, node.artifact);
    error = "Convolution: unknown cpu tactic '" + tactic + "'";
    return nullptr;
}

}  // namespace tforge::backends::cpu
