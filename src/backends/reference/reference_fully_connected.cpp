// FullyConnected (OPS.md "FullyConnected"): the last 3 dims flattened to D, y[b, k] = bias[k] +
// sum_d w[k, d] * x[b, d] in fp64, then the optional PostOp. Output [B..., K, 1, 1].
#include "backends/reference/activation_math.h"
#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class FullyConnectedKernel final : public Kernel {
public:
    explicit FullyConnectedKernel(const ir::FullyConnectedAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 1, 1, error)) return false;
        const TensorView& x = inputs[0];
        const TensorView& y = outputs[0];
        if (!checkTensor(x, DataType::kFLOAT, "input", error) || !checkTensor(y, DataType::kFLOAT, "output", error))
            return false;
        const int32_t r = x.dims.nbDims;
        if (r < 3) {
            error = "input " + ir::toString(x.dims) + " must have rank >= 3 ([..., C, H, W])";
            return false;
        }
        const int64_t K = a_.nbOutputs;
        const int64_t D = volumeOf(x.dims, r - 3, r);
        const int64_t B = volumeOf(x.dims, 0, r - 3);
        if (K < 1 || a_.kernel.count != K * D) {
            error = "kernel weights count " + std::to_string(a_.kernel.count) + " != outputs " + std::to_string(K) +
                    " * C*H*W " + std::to_string(D) + " (input " + ir::toString(x.dims) + ")";
            return false;
        }
        if (!a_.bias.empty() && a_.bias.count != K) {
            error = "bias count " + std::to_string(a_.bias.count) + " must be 0 or " + std::to_string(K);
            return false;
        }
        Dims expect = x.dims;  // batch dims kept, [C, H, W] -> [K, 1, 1]
        expect.d[r - 3] = K;
        expect.d[r - 2] = 1;
        expect.d[r - 1] = 1;
        if (!checkOutputDims(y, expect, error)) return false;

        const float* xp = static_cast<const float*>(x.data);
        const float* wp = a_.kernel.f32();
        const float* bp = a_.bias.empty() ? nullptr : a_.bias.f32();
        float* yp = static_cast<float*>(y.data);
        for (int64_t b = 0; b < B; ++b)
            for (int64_t k = 0; k < K; ++k) {
                double acc = bp ? bp[k] : 0.0;
                for (int64_t d = 0; d < D; ++d) acc += static_cast<double>(wp[k * D + d]) * xp[b * D + d];
                if (a_.post.enabled) acc = applyActivation(a_.post.type, acc, a_.post.alpha, a_.post.beta);
                yp[b * K + k] = static_cast<float>(acc);
            }
        return true;
    }

private:
    ir::FullyConnectedAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeFullyConnectedKernel(const ir::FullyConnectedAttrs& a, std::string& error) {
    if (!checkF32Blob(a.kernel, "kernel", error) || !checkF32Blob(a.bias, "bias", error) || !checkPostOp(a.post, error))
        return nullptr;
    return std::make_unique<FullyConnectedKernel>(a);
}

}  // namespace tforge::backends::reference
