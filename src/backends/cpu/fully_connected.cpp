// FullyConnected: y[b, k] = bias[k] + W[k, :] . x[b, :], then post. The weights are prepacked
// once as GEMM B panels (W transposed, kNR outputs per panel), shared by both tactics:
// "gemm_blocked" packs the batch rows as A panels; "gemv" walks each row against the panels
// directly, which avoids padding a batch of 1 up to kMR rows.
#include <algorithm>

#include "backends/cpu/artifact.h"
#include "backends/cpu/cpu_common.h"
#include "backends/cpu/gemm.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

class FcKernel : public Kernel {
public:
    // Both tactics pack the same panels, so either one's artifact serves the other.
    FcKernel(const ir::FullyConnectedAttrs& a, int64_t D, bool gemv, const std::vector<uint8_t>* artifact)
        : a_(a), K_(a.nbOutputs), D_(D), gemv_(gemv) {
        std::string why;
        if (!restoreArtifact(artifact, artifactSpec(), packedW_, why)) {
            packedW_ = AlignedFloats(packedBSize(D_, K_));
            packB(a_.kernel.f32(), 1, D_, D_, K_, packedW_.data(), 0, ceilDiv(K_, kNR));
        }
        ep_.colBias = a_.bias.empty() ? nullptr : a_.bias.f32();
        ep_.hasPost = a_.post.enabled;
        ep_.post = actParams(a_.post);
    }

    std::vector<uint8_t> artifact() const override { return encodeArtifact(artifactSpec(), packedW_.data()); }

    size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const override {
        if (gemv_ || inputs.empty() || ir::hasDynamic(inputs[0].dims)) return 0;
        return floatBytes(packedASize(rowsOf(inputs[0].dims), D_));
    }

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs& args,
             std::string& error) const override {
        if (!checkViews("FullyConnected", in, 1, out, 1, error) ||
            !checkType("FullyConnected", in[0], DataType::kFLOAT, error))
            return false;
        const Dims& xd = in[0].dims;
        if (xd.nbDims < 3 || xd.d[xd.nbDims - 1] * xd.d[xd.nbDims - 2] * xd.d[xd.nbDims - 3] != D_) {
            error = "FullyConnected: input " + ir::toString(xd) + " does not flatten to " + std::to_string(D_) +
                    " values per row";
            return false;
        }
        Dims yd = xd;
        yd.d[xd.nbDims - 3] = K_;
        yd.d[xd.nbDims - 2] = yd.d[xd.nbDims - 1] = 1;
        if (!checkOutput("FullyConnected", out[0], yd, DataType::kFLOAT, error)) return false;
        const int64_t M = rowsOf(xd);
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        if (M == 0) return true;
        const int64_t panels = ceilDiv(K_, kNR);
        if (gemv_) {
            parallelFor(
                M * panels,
                [&](int64_t b, int64_t e) {
                    for (int64_t it = b; it < e; ++it) {
                        const int64_t r = it / panels, j = (it % panels) * kNR;
                        gemvPacked(x + r * D_, packedW_.data(), D_, y + r * K_, j, j + kNR, K_, ep_, 0.f);
                    }
                },
                grainFor(D_ * kNR));
            return true;
        }
        const size_t need = floatBytes(packedASize(M, D_));
        if (!args.workspace || args.workspaceBytes < need) {
            error = "FullyConnected: workspace of " + std::to_string(args.workspaceBytes) + " bytes, need " +
                    std::to_string(need);
            return false;
        }
        float* ap = static_cast<float*>(args.workspace);
        parallelFor(
            ceilDiv(M, kMR), [&](int64_t b, int64_t e) { packA(x, D_, 1, M, D_, ap, b, e); }, grainFor(D_ * kMR));
        GemmArgs g;
        g.Ap = ap;
        g.Bp = packedW_.data();
        g.C = y;
        g.ldc = K_;
        g.M = M;
        g.N = K_;
        g.K = D_;
        g.ep = ep_;
        const GemmTiling tl = chooseTiling(M, K_, D_, 1);
        parallelFor(
            tl.count(),
            [&](int64_t b, int64_t e) {
                for (int64_t t = b; t < e; ++t) gemmTile(g, tl, t);
            },
            grainFor(tl.macsPerTile(D_), 1 << 16));
        return true;
    }

private:
    // Layout kFcPackedB: packB panels of B = W^T [D, K]; in panel p, float k * kNR + c is
    // W(p * kNR + c, k), zero for outputs past K.
    ArtifactSpec artifactSpec() const {
        ArtifactSpec s;
        s.layout = ArtifactLayout::kFcPackedB;
        s.dims[0] = K_;
        s.dims[1] = D_;
        s.sourceCount = a_.kernel.count;
        s.payloadFloats = packedBSize(D_, K_);
        s.ctx = this;
        s.expected = [](const void* ctx, int64_t i) {
            const auto& k = *static_cast<const FcKernel*>(ctx);
            const int64_t panel = i / (k.D_ * kNR), q = i % (k.D_ * kNR);
            const int64_t out = panel * kNR + q % kNR, d = q / kNR;
            return out < k.K_ ? k.a_.kernel.f32()[out * k.D_ + d] : 0.f;
        };
        return s;
    }

    static int64_t rowsOf(const Dims& x) {
        int64_t m = 1;
        for (int i = 0; i + 3 < x.nbDims; ++i) m *= x.d[i];
        return m;
    }

    ir::FullyConnectedAttrs a_;
    int64_t K_, D_;
    bool gemv_;
    AlignedFloats packedW_;
    Epilogue ep_;
};

int64_t leadingRows(const Dims& x) {
    int64_t m = 1;
    for (int i = 0; i + 3 < x.nbDims; ++i) m = x.d[i] < 0 ? -1 : m * x.d[i];
    return m;
}

}  // namespace

bool supportsFullyConnected(const NodeDesc& node, std::string* why) {
    return allFloatInputs(node, why);
}

std::vector<std::string> tacticsFullyConnected(const NodeDesc& node) {
    const int64_t rows = leadingRows(node.inputs.at(0).dims);
    // A batch of one or two rows is a matrix-vector product: bound by reading the weights once.
    if (rows >= 0 && rows <= 2) return {"gemv", "gemm_blocked"};
    return {"gemm_blocked", "gemv"};
}

std::unique_ptr<Kernel> createFullyConnected(const NodeDesc& node, const std::string& tactic, std::string& error) {
    const auto& a = std::get<ir::FullyConnectedAttrs>(*node.attrs);
    const int64_t K = a.nbOutputs;
    if (K <= 0 || a.kernel.count % K != 0 || a.kernel.type != DataType::kFLOAT || a.bias.type != DataType::kFLOAT ||
        (!a.bias.empty() && a.bias.count != K)) {
        error = "FullyConnected: nbOutputs " + std::to_string(K) + " inconsistent with " +
                std::to_string(a.kernel.count) + " kernel / " + std::to_string(a.bias.count) + " bias fp32 weights";
        return nullptr;
    }
    if (tactic != "gemm_blocked" && tactic != "gemv") {
        error = "FullyConnected: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<FcKernel>(a, a.kernel.count / K, tactic == "gemv", node.artifact);
}

}  // namespace tforge::backends::cpu
