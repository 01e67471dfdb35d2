#include "backends/cpu/artifact.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "backends/cpu/gemm.h"

namespace tforge::backends::cpu {

namespace {

constexpr char kMagic[8] = {'T', 'F', 'C', 'P', 'U', 'A', 'R', 'T'};
constexpr int64_t kSamples = 256;  // payload values checked against the node's weights

struct Header {
    char magic[8];
    uint32_t version, layout, mr, nr;
    int64_t dims[3];
    int64_t sourceCount, payloadFloats;
};
static_assert(sizeof(Header) == kArtifactHeaderBytes, "the header is 64 bytes, as artifact.h documents");

std::atomic<int64_t> gRestored{0}, gRejected{0};
std::mutex gWhyMutex;
std::string gLastWhy;

bool reject(std::string& why, std::string text) {
    why = "cpu artifact refused (packing instead): " + std::move(text);
    gRejected.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(gWhyMutex);
    gLastWhy = why;
    return false;
}

uint32_t bitsOf(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

// Sample s of kSamples: one index in each of kSamples equal slices of [0, n), at a position inside
// the slice that varies with s (so a regular pattern of damage is not missed by a regular stride).
int64_t sampleIndex(int64_t s, int64_t samples, int64_t n) {
    const int64_t lo = s * n / samples, hi = (s + 1) * n / samples;
    const uint64_t h = (static_cast<uint64_t>(s) + 1) * 0x9E3779B97F4A7C15ull;
    return hi > lo ? lo + static_cast<int64_t>((h >> 33) % static_cast<uint64_t>(hi - lo)) : lo;
}

}  // namespace

bool artifactsDisabled() {
    const char* v = std::getenv("TFORGE_NO_ARTIFACTS");
    return v && *v && std::strcmp(v, "0") != 0;
}

std::vector<uint8_t> encodeArtifact(const ArtifactSpec& spec, const float* packed) {
    if (artifactsDisabled() || spec.payloadFloats <= 0 || !packed) return {};
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kArtifactVersion;
    h.layout = static_cast<uint32_t>(spec.layout);
    h.mr = kMR;
    h.nr = kNR;
    for (int i = 0; i < 3; ++i) h.dims[i] = spec.dims[i];
    h.sourceCount = spec.sourceCount;
    h.payloadFloats = spec.payloadFloats;
    const size_t payload = static_cast<size_t>(spec.payloadFloats) * sizeof(float);
    std::vector<uint8_t> out(kArtifactHeaderBytes + payload);
    std::memcpy(out.data(), &h, sizeof h);
    std::memcpy(out.data() + kArtifactHeaderBytes, packed, payload);
    return out;
}

bool restoreArtifact(const std::vector<uint8_t>* artifact, const ArtifactSpec& spec, AlignedFloats& out,
                     std::string& why) {
    why.clear();
    if (!artifact || artifact->empty()) return false;
    const std::vector<uint8_t>& a = *artifact;
    if (a.size() < kArtifactHeaderBytes) return reject(why, "only " + std::to_string(a.size()) + " bytes");
    Header h;
    std::memcpy(&h, a.data(), sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return reject(why, "not a cpu artifact (magic)");
    if (h.version != kArtifactVersion)
        return reject(why, "encoding version " + std::to_string(h.version) + ", this build writes " +
                               std::to_string(kArtifactVersion));
    if (h.layout != static_cast<uint32_t>(spec.layout))
        return reject(why, "layout " + std::to_string(h.layout) + " where the kernel packs layout " +
                               std::to_string(static_cast<uint32_t>(spec.layout)));
    if (h.mr != static_cast<uint32_t>(kMR) || h.nr != static_cast<uint32_t>(kNR))
        return reject(why, "packed for panels " + std::to_string(h.mr) + "x" + std::to_string(h.nr) +
                               ", this build uses " + std::to_string(kMR) + "x" + std::to_string(kNR));
    for (int i = 0; i < 3; ++i)
        if (h.dims[i] != spec.dims[i])
            return reject(why, "packing parameters {" + std::to_string(h.dims[0]) + ", " + std::to_string(h.dims[1]) +
                                   ", " + std::to_string(h.dims[2]) + "} where the node needs {" +
                                   std::to_string(spec.dims[0]) + ", " + std::to_string(spec.dims[1]) + ", " +
                                   std::to_string(spec.dims[2]) + "}");
    if (h.sourceCount != spec.sourceCount)
        return reject(why, "packed from " + std::to_string(h.sourceCount) + " weights, the node has " +
                               std::to_string(spec.sourceCount));
    if (h.payloadFloats != spec.payloadFloats)
        return reject(why, std::to_string(h.payloadFloats) + " packed floats where the kernel packs " +
                               std::to_string(spec.payloadFloats));
    // payloadFloats == spec.payloadFloats, which the kernel computed from valid attributes: no overflow.
    const size_t payload = static_cast<size_t>(spec.payloadFloats) * sizeof(float);
    if (a.size() != kArtifactHeaderBytes + payload)
        return reject(why, std::to_string(a.size()) + " bytes where header and payload take " +
                               std::to_string(kArtifactHeaderBytes + payload));
    const uint8_t* p = a.data() + kArtifactHeaderBytes;
    if (spec.expected && spec.payloadFloats > 0) {
        const int64_t n = spec.payloadFloats, samples = std::min(n, kSamples);
        for (int64_t s = -1; s <= samples; ++s) {  // the first and the last value too
            const int64_t i = s < 0 ? 0 : s == samples ? n - 1 : sampleIndex(s, samples, n);
            float got;
            std::memcpy(&got, p + static_cast<size_t>(i) * sizeof(float), sizeof got);
            const float want = spec.expected(spec.ctx, i);
            if (bitsOf(got) != bitsOf(want))
                return reject(why, "packed value " + std::to_string(i) + " is not the node's weight there (" +
                                       std::to_string(got) + " vs " + std::to_string(want) +
                                       "): the artifact of other weights");
        }
    }
    out = AlignedFloats::uninitialized(spec.payloadFloats);
    std::memcpy(out.data(), p, payload);
    gRestored.fetch_add(1, std::memory_order_relaxed);
    return true;
}

ArtifactCounters artifactCounters() {
    ArtifactCounters c;
    c.restored = gRestored.load(std::memory_order_relaxed);
    c.rejected = gRejected.load(std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(gWhyMutex);
    c.lastRejection = gLastWhy;
    return c;
}

void resetArtifactCounters() {
    gRestored = 0;
    gRejected = 0;
    std::lock_guard<std::mutex> lock(gWhyMutex);
    gLastWhy.clear();
}

}  // namespace tforge::backends::cpu
