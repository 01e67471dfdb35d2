// Convolution (OPS.md "Convolution"): a direct 1-D/2-D/3-D grouped, dilated, strided convolution with
// fp64 accumulation, then the optional fused PostOp. Deliberately the textbook loop nest.
#include "backends/reference/activation_math.h"
#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"
#include "backends/reference/reference_window.h"

namespace tforge::backends::reference {
namespace {

class ConvolutionKernel final : public Kernel {
public:
    explicit ConvolutionKernel(const ir::ConvAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error))
            return false;
        WindowGeometry geo;
        if (!computeWindowGeometry(x.dims, a_.kernelSize, a_.stride, &a_.dilation, a_.prePadding, a_.postPadding,
                                   a_.paddingMode, geo, error))
            return false;
        const int64_t N = x.dims.d[0], C = x.dims.d[1], K = a_.nbOutputMaps, G = a_.nbGroups;
        if (K < 1 || G < 1 || C % G != 0 || K % G != 0) {
            error = "channels " + std::to_string(C) + " and output maps " + std::to_string(K) +
                    " must both be positive multiples of groups " + std::to_string(G);
            return false;
        }
        const int64_t Cg = C / G, Kg = K / G;
        const int64_t expectCount = K * Cg * ir::volume(a_.kernelSize);
        if (a_.kernel.count != expectCount) {
            error = "kernel weights count " + std::to_string(a_.kernel.count) +
                    " != K*(C/groups)*kernel = " + std::to_string(expectCount) + " (input " + ir::toString(x.dims) +
                    ")";
            return false;
        }
        if (!a_.bias.empty() && a_.bias.count != K) {
            error = "bias count " + std::to_string(a_.bias.count) + " must be 0 or " + std::to_string(K);
            return false;
        }
        if (!checkOutputDims(y, windowOutputDims(geo, N, K), error)) return false;

        const WindowGeometry g = as3D(geo);
        const float* xp = static_cast<const float*>(x.data);
        const float* wp = a_.kernel.f32();
        const float* bp = a_.bias.empty() ? nullptr : a_.bias.f32();
        float* yp = static_cast<float*>(y.data);
        const int64_t inPlane = g.in[0] * g.in[1] * g.in[2];
        const int64_t kVol = g.kernel[0] * g.kernel[1] * g.kernel[2];
        int64_t yi = 0;  // output written in row-major order [N, K, o0, o1, o2]
        for (int64_t n = 0; n < N; ++n)
            for (int64_t k = 0; k < K; ++k) {
                const int64_t c0 = (k / Kg) * Cg;  // first input channel of k's group
                for (int64_t o0 = 0; o0 < g.out[0]; ++o0)
                    for (int64_t o1 = 0; o1 < g.out[1]; ++o1)
                        for (int64_t o2 = 0; o2 < g.out[2]; ++o2) {
                            double acc = bp ? bp[k] : 0.0;
                            for (int64_t c = 0; c < Cg; ++c) {
                                const float* xc = xp + (n * C + c0 + c) * inPlane;
                                const float* wc = wp + (k * Cg + c) * kVol;
                                for (int64_t r0 = 0; r0 < g.kernel[0]; ++r0) {
                                    const int64_t i0 = o0 * g.stride[0] - g.pre[0] + r0 * g.dilation[0];
                                    if (i0 < 0 || i0 >= g.in[0]) continue;  // padding contributes 0
                                    for (int64_t r1 = 0; r1 < g.kernel[1]; ++r1) {
                                        const int64_t i1 = o1 * g.stride[1] - g.pre[1] + r1 * g.dilation[1];
                                        if (i1 < 0 || i1 >= g.in[1]) continue;
                                        for (int64_t r2 = 0; r2 < g.kernel[2]; ++r2) {
                                            const int64_t i2 = o2 * g.stride[2] - g.pre[2] + r2 * g.dilation[2];
                                            if (i2 < 0 || i2 >= g.in[2]) continue;
                                            const double w = wc[(r0 * g.kernel[1] + r1) * g.kernel[2] + r2];
                                            acc += w * xc[(i0 * g.in[1] + i1) * g.in[2] + i2];
                                        }
                                    }
                                }
                            }
                            if (a_.post.enabled) acc = applyActivation(a_.post.type, acc, a_.post.alpha, a_.post.beta);
                            yp[yi++] = static_cast<float>(acc);
                        }
            }
        return true;
    }

private:
    ir::ConvAttrs a_;  // a copy: Blobs share their data, so this is cheap and outlives the graph
};

}  // namespace

std::unique_ptr<Kernel> makeConvolutionKernel(const ir::ConvAttrs& a, std::string& error) {
    if (!checkF32Blob(a.kernel, "kernel", error) || !checkF32Blob(a.bias, "bias", error) || !checkPostOp(a.post, error))
        return nullptr;
    return std::make_unique<ConvolutionKernel>(a);
}

}  // namespace tforge::backends::reference
