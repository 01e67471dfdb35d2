// Kernel artifacts of the CPU backend: the prepacked weight panels a kernel built at build time,
// stored in the plan (Kernel::artifact()) and handed back at load (NodeDesc::artifact) so the
// kernel copies them instead of packing again.
//
// Encoding (version kArtifactVersion; bump it, and with it CpuBackend::artifactVersion(), whenever
// anything below or the packing in gemm.h changes):
//
//   offset size  field (host byte order; every supported host is little-endian)
//        0    8  magic "TFCPUART"
//        8    4  u32 encoding version (kArtifactVersion)
//       12    4  u32 layout (ArtifactLayout)
//       16    4  u32 kMR, 20 4 u32 kNR  (the GEMM panel widths the payload was packed for)
//       24   24  i64 dims[3]: the packing parameters of the layout (see ArtifactLayout)
//       48    8  i64 count of source weights (the node's kernel Blob)
//       56    8  i64 payload float count
//       64  4*n  the packed floats (64 bytes of header keep the payload 64-aligned in the plan)
//
// Restoring checks every header field against what the node's attributes and tactic would pack,
// the total size, and a few hundred sampled payload values (padding included) bit for bit against
// the node's own weights, so an artifact of another node with the same shape is not taken either.
// Anything that does not match falls back to packing (counted in artifactCounters()).
//
// Artifacts are copied once into the kernel's aligned buffer rather than referenced: NodeDesc gives
// no lifetime for the bytes it points at (see the measurements in docs/PERF.md).
//
// TFORGE_NO_ARTIFACTS=1 in the environment makes artifact() return nothing (plans then hold no
// CPU artifacts and loading packs, as before artifacts existed); bench/core_scale uses it to
// compare the two.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "backends/cpu/cpu_common.h"

namespace tforge::backends::cpu {

//! Version of the encoding above (CpuBackend::artifactVersion() returns it).
constexpr uint32_t kArtifactVersion = 1;
constexpr size_t kArtifactHeaderBytes = 64;

//! What a payload holds; dims[] of the header per layout.
enum class ArtifactLayout : uint32_t {
    //! Convolution im2col_gemm: per group, the weights [Kg, Cg*R] as GEMM A panels (packA);
    //! dims = {G, Kg, Cg*R}, payload G * packedASize(Kg, Cg*R) floats.
    kConvGemmA = 1,
    //! FullyConnected (both tactics): W^T as GEMM B panels (packB with N = K outputs);
    //! dims = {K, D, 0}, payload packedBSize(D, K) floats.
    kFcPackedB = 2,
};

//! Whether TFORGE_NO_ARTIFACTS is set to something other than "" or "0".
bool artifactsDisabled();

//! Parameters an artifact must have to be restored, and the expected value of any payload float.
struct ArtifactSpec {
    ArtifactLayout layout{};
    int64_t dims[3]{0, 0, 0};
    int64_t sourceCount{0};
    int64_t payloadFloats{0};
    //! The value packing would store at payload index i (computed from the node's weights).
    float (*expected)(const void* ctx, int64_t i){nullptr};
    const void* ctx{nullptr};
};

//! Header + the first spec.payloadFloats floats of `packed`; empty when artifactsDisabled().
std::vector<uint8_t> encodeArtifact(const ArtifactSpec& spec, const float* packed);

//! If `artifact` is non-null and valid for `spec`, fills `out` (spec.payloadFloats floats, the
//! rounded-up tail zero) and returns true. Otherwise returns false, leaves `out` alone and says
//! why in `why` ("" when there was no artifact).
bool restoreArtifact(const std::vector<uint8_t>* artifact, const ArtifactSpec& spec, AlignedFloats& out,
                     std::string& why);

//! Process-wide tallies (tests and diagnostics): artifacts restored, artifacts refused (fell back
//! to packing), and the reason of the last refusal.
struct ArtifactCounters {
    int64_t restored{0}, rejected{0};
    std::string lastRejection;
};
ArtifactCounters artifactCounters();
void resetArtifactCounters();

}  // namespace tforge::backends::cpu
