// Convolution as im2col + GEMM. Per (image, group): Y[Kg, OHW] = W[Kg, Cg*R] * col[Cg*R, OHW].
// The weights are packed once (GEMM A panels); im2col writes straight into GEMM B panels, so the
// column matrix is never materialised row-major and then copied again. Two parallel phases per
// pass of images: pack all panels, then compute all (image, group, M tile, N tile) GEMM tiles.
#include <algorithm>
#include <cstring>

#include "backends/cpu/artifact.h"
#include "backends/cpu/conv.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

class ConvGemmKernel : public Kernel {
public:
    // Restores the packed weights from `artifact` when it is one for exactly this packing (see
    // artifact.h), else packs them.
    ConvGemmKernel(const ConvSetup& s, const std::vector<uint8_t>* artifact) : s_(s), kdim_(s.Cg * s.R) {
        const ArtifactSpec spec = artifactSpec();
        std::string why;
        if (restoreArtifact(artifact, spec, packedW_, why)) return;
        const int64_t per = packedASize(s_.Kg, kdim_);
        packedW_ = AlignedFloats(per * s_.G);
        for (int64_t g = 0; g < s_.G; ++g)
            packA(s_.attrs.kernel.f32() + g * s_.Kg * kdim_, kdim_, 1, s_.Kg, kdim_, packedW_.data() + g * per, 0,
                  ceilDiv(s_.Kg, kMR));
    }

    std::vector<uint8_t> artifact() const override { return encodeArtifact(artifactSpec(), packedW_.data()); }

    size_t workspaceSize(const std::vector<ir::TensorDesc>& inputs) const override {
        Window3 w;
        if (inputs.empty() || !s_.windowFor(inputs[0].dims, w)) return 0;
        // Up to kPassBytes of columns per pass, but always room for one whole image.
        const size_t per = imageBytes(w);
        const int64_t n = std::max<int64_t>(1, inputs[0].dims.d[0]);
        const int64_t images = std::max<int64_t>(1, std::min<int64_t>(n, kPassBytes / per));
        return per * static_cast<size_t>(images);
    }

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs& args,
             std::string& error) const override {
        Window3 w;
        if (!s_.prepare(in, out, w, error)) return false;
        const int64_t N = in[0].dims.d[0], OHW = w.outVolume();
        if (N == 0 || OHW == 0) return true;
        const size_t per = imageBytes(w);
        if (!args.workspace || args.workspaceBytes < per) {
            error = "Convolution: workspace of " + std::to_string(args.workspaceBytes) + " bytes, need " +
                    std::to_string(per) + " for input " + ir::toString(in[0].dims);
            return false;
        }
        const int64_t images = std::min<int64_t>(N, args.workspaceBytes / per);
        const int64_t colFloats = per / 4 / s_.G;  // one (image, group) column region
        float* cols = static_cast<float*>(args.workspace);
        const float* x = static_cast<const float*>(in[0].data);
        float* y = static_cast<float*>(out[0].data);
        const int64_t panels = ceilDiv(OHW, kNR);
        const int64_t packedPer = packedASize(s_.Kg, kdim_);
        const Epilogue ep = s_.epilogue();

        for (int64_t n0 = 0; n0 < N; n0 += images) {
            const int64_t nb = std::min(images, N - n0);
            parallelFor(
                nb * s_.G * panels,
                [&](int64_t b, int64_t e) {
                    for (int64_t it = b; it < e; ++it) {
                        const int64_t ig = it / panels;  // local image * G + group
                        const float* xg = x + ((n0 + ig / s_.G) * s_.G + ig % s_.G) * s_.Cg * w.inVolume();
                        packPanel(w, xg, it % panels, cols + ig * colFloats);
                    }
                },
                grainFor(kdim_ * kNR));
            const GemmTiling tl = chooseTiling(s_.Kg, OHW, kdim_, nb * s_.G);
            const int64_t tiles = tl.count();
            parallelFor(
                nb * s_.G * tiles,
                [&](int64_t b, int64_t e) {
                    for (int64_t it = b; it < e; ++it) {
                        const int64_t ig = it / tiles, g = ig % s_.G, n = n0 + ig / s_.G;
                        GemmArgs ga;
                        ga.Ap = packedW_.data() + g * packedPer;
                        ga.Bp = cols + ig * colFloats;
                        ga.C = y + (n * s_.K + g * s_.Kg) * OHW;
                        ga.ldc = OHW;
                        ga.M = s_.Kg;
                        ga.N = OHW;
                        ga.K = kdim_;
                        ga.ep = ep;
                        if (ep.rowBias) ga.ep.rowBias = ep.rowBias + g * s_.Kg;
                        gemmTile(ga, tl, it % tiles);
                    }
                },
                grainFor(tl.macsPerTile(kdim_), 1 << 16));
        }
        return true;
    }

private:
    static constexpr size_t kPassBytes = size_t(8) << 20;

    // Layout kConvGemmA: group g's packA panels of W_g[Kg, kdim] one after the other; in panel p,
    // float k * kMR + r is W_g(p * kMR + r, k), zero for rows past Kg.
    ArtifactSpec artifactSpec() const {
        ArtifactSpec a;
        a.layout = ArtifactLayout::kConvGemmA;
        a.dims[0] = s_.G;
        a.dims[1] = s_.Kg;
        a.dims[2] = kdim_;
        a.sourceCount = s_.attrs.kernel.count;
        a.payloadFloats = packedASize(s_.Kg, kdim_) * s_.G;
        a.ctx = this;
        a.expected = [](const void* ctx, int64_t i) {
            const auto& k = *static_cast<const ConvGemmKernel*>(ctx);
            const int64_t per = packedASize(k.s_.Kg, k.kdim_), g = i / per, q = i % per;
            const int64_t row = q / (k.kdim_ * kMR) * kMR + q % kMR, col = q % (k.kdim_ * kMR) / kMR;
            return row < k.s_.Kg ? k.s_.attrs.kernel.f32()[(g * k.s_.Kg + row) * k.kdim_ + col] : 0.f;
        };
        return a;
    }

    size_t imageBytes(const Window3& w) const {
        return floatBytes(packedBSize(kdim_, w.outVolume())) * static_cast<size_t>(s_.G);
    }

    // Writes B panel p (output positions p*kNR ...) of the column matrix of one (image, group):
    // row k = (c, kd, kh, kw), the weight layout's order. Out-of-range taps and columns past OHW
    // are zeros.
    void packPanel(const Window3& w, const float* xg, int64_t p, float* dst) const {
        const int64_t OHW = w.outVolume(), j0 = p * kNR, ncols = std::min<int64_t>(kNR, OHW - j0);
        int64_t bd[kNR], bh[kNR], bw[kNR];
        for (int64_t c = 0; c < kNR; ++c) {
            const int64_t j = std::min(j0 + c, OHW - 1);
            bw[c] = (j % w.out[2]) * w.stride[2] - w.pre[2];
            bh[c] = (j / w.out[2] % w.out[1]) * w.stride[1] - w.pre[1];
            bd[c] = (j / (w.out[2] * w.out[1])) * w.stride[0] - w.pre[0];
        }
        // All kNR columns in one output row with unit stride: each tap reads kNR adjacent inputs.
        const bool rowRun = ncols == kNR && w.stride[2] == 1 && (j0 % w.out[2]) + kNR <= w.out[2];
        const int64_t H = w.in[1], W = w.in[2], inVol = w.inVolume();
        float* d = dst + p * kdim_ * kNR;
        for (int64_t c = 0; c < s_.Cg; ++c) {
            const float* xc = xg + c * inVol;
            for (int64_t kd = 0; kd < w.kernel[0]; ++kd)
                for (int64_t kh = 0; kh < w.kernel[1]; ++kh)
                    for (int64_t kw = 0; kw < w.kernel[2]; ++kw, d += kNR) {
                        const int64_t od = kd * w.dilation[0], oh = kh * w.dilation[1], ow = kw * w.dilation[2];
                        if (rowRun) {
                            const int64_t id = bd[0] + od, ih = bh[0] + oh, iw = bw[0] + ow;
                            if (id < 0 || id >= w.in[0] || ih < 0 || ih >= H) {
                                std::fill(d, d + kNR, 0.f);
                                continue;
                            }
                            const float* src = xc + (id * H + ih) * W;
                            if (iw >= 0 && iw + kNR <= W) {
                                std::memcpy(d, src + iw, kNR * sizeof(float));
                                continue;
                            }
                            for (int64_t q = 0; q < kNR; ++q) d[q] = iw + q >= 0 && iw + q < W ? src[iw + q] : 0.f;
                            continue;
                        }
                        for (int64_t q = 0; q < kNR; ++q) {
                            const int64_t id = bd[q] + od, ih = bh[q] + oh, iw = bw[q] + ow;
                            const bool ok =
                                q < ncols && id >= 0 && id < w.in[0] && ih >= 0 && ih < H && iw >= 0 && iw < W;
                            d[q] = ok ? xc[(id * H + ih) * W + iw] : 0.f;
                        }
                    }
        }
    }

    ConvSetup s_;
    int64_t kdim_;
    AlignedFloats packedW_;
};

}  // namespace

std::unique_ptr<Kernel> makeConvGemmKernel(const ConvSetup& s, const std::vector<uint8_t>* artifact) {
    return std::make_unique<ConvGemmKernel>(s, artifact);
}

}  // namespace tforge::backends::cpu
