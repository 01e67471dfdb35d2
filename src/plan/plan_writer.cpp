// Plan writer: encodes an ir::Program into the format described in plan_file.h, plus the checksum
// shared with the reader.
#include <algorithm>
#include <map>
#include <type_traits>
#include <utility>
#include <vector>

#include "plan/plan_file.h"
#include "plan/plan_format.h"

namespace tforge::plan {

uint64_t checksum64(const uint8_t* data, size_t size, size_t fieldOffset) {
    constexpr uint64_t kBasis = 0xcbf29ce484222325ull;
    constexpr uint64_t kPrime = 0x100000001b3ull;
    uint64_t lane[4] = {kBasis, kBasis ^ 1, kBasis ^ 2, kBasis ^ 3};
    for (size_t b = 0; b < size; b += 32) {
        const uint8_t* p = data + b;
        uint8_t block[32];
        const bool coversField = b < fieldOffset + 8 && b + 32 > fieldOffset;
        if (b + 32 > size || coversField) {
            // Tail (zero-padded) or the block holding the checksum field (read as zero).
            std::memset(block, 0, sizeof block);
            std::memcpy(block, p, std::min<size_t>(32, size - b));
            for (size_t i = fieldOffset; i < fieldOffset + 8; ++i)
                if (i >= b && i < b + 32) block[i - b] = 0;
            p = block;
        }
        for (int l = 0; l < 4; ++l) {
            // Each step is a bijection of the lane state, so damage confined to one word always
            // changes the lane; the xorshift carries high-bit differences down into the low bits.
            lane[l] = (lane[l] ^ load64(p + 8 * l)) * kPrime;
            lane[l] ^= lane[l] >> 29;
        }
    }
    uint64_t h = kBasis;
    auto fold = [&](uint64_t v) {
        for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * kPrime;
    };
    for (uint64_t l : lane) fold(l);
    fold(size);  // so zero padding of the tail cannot stand in for real zero bytes
    return h;
}

void stampChecksum(std::vector<uint8_t>& plan) {
    if (plan.size() < kHeaderBytes) return;
    storeLE(plan.data() + kOffChecksum, planChecksum(plan.data(), plan.size()), 8);
}

namespace {

constexpr uint64_t alignUp(uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

class ByteSink {
public:
    std::vector<uint8_t> bytes;
    void put(uint64_t v, size_t n) {
        size_t at = bytes.size();
        bytes.resize(at + n);
        storeLE(bytes.data() + at, v, n);
    }
    void u8(uint8_t v) { put(v, 1); }
    void u32(uint32_t v) { put(v, 4); }
    void i32(int32_t v) { put(static_cast<uint32_t>(v), 4); }
    void u64(uint64_t v) { put(v, 8); }
    void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
    void str(const std::string& s) {
        u32(static_cast<uint32_t>(s.size()));
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
};

//! Collects blob bytes for WEIGHTS, 64-aligned; a blob shared by several nodes is stored once.
class WeightsSink {
public:
    std::vector<uint8_t> bytes;
    uint64_t add(const ir::Blob& b) {
        if (b.count <= 0) return 0;
        const auto key = std::make_pair(b.data, b.bytes());
        if (b.data) {
            auto it = seen_.find(key);
            if (it != seen_.end()) return it->second;
        }
        const uint64_t at = alignUp(bytes.size());
        bytes.resize(at + static_cast<size_t>(b.bytes()), 0);  // a null blob stays zeros
        if (b.data) {
            std::memcpy(bytes.data() + at, b.data, static_cast<size_t>(b.bytes()));
            seen_[key] = at;
        }
        return at;
    }

private:
    std::map<std::pair<const void*, int64_t>, uint64_t> seen_;
};

//! Collects the artifacts of every KernelChoice for ARTIFACTS, 64-aligned. Equal artifacts of one
//! node (the same kernel chosen for several profiles) are stored once; artifacts of different
//! nodes never share bytes, which the reader relies on to bound what loading copies.
class ArtifactsSink {
public:
    std::vector<uint8_t> bytes;
    void beginNode() { node_.clear(); }
    uint64_t add(const std::vector<uint8_t>& a) {
        if (a.empty()) return 0;
        for (const auto& [at, size] : node_)
            if (size == a.size() && std::memcmp(bytes.data() + at, a.data(), size) == 0) return at;
        const uint64_t at = alignUp(bytes.size());
        bytes.resize(static_cast<size_t>(at) + a.size(), 0);
        std::memcpy(bytes.data() + at, a.data(), a.size());
        node_.emplace_back(at, a.size());
        return at;
    }

private:
    std::vector<std::pair<uint64_t, size_t>> node_;  // {offset, size} stored for the current node
};

//! The visitor handed to every attrs struct's visit(); one overload per field type.
struct MetaWriter {
    ByteSink& out;
    WeightsSink& weights;

    void operator()(int64_t v) { out.i64(v); }
    void operator()(int32_t v) { out.i32(v); }
    void operator()(uint32_t v) { out.u32(v); }
    void operator()(bool v) { out.u8(v ? 1 : 0); }
    void operator()(float v) {
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        out.u32(bits);
    }
    template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
    void operator()(E e) {
        static_assert(sizeof(E) == 4, "plan encodes enums as 32-bit values");
        out.i32(static_cast<int32_t>(e));
    }
    void operator()(const Dims& d) {
        out.i32(d.nbDims);  // written as is: the reader refuses an out-of-range count
        const int n = std::clamp(d.nbDims, 0, Dims::MAX_DIMS);
        for (int i = 0; i < n; ++i) out.i64(d.d[i]);
    }
    void operator()(const Permutation& p) {
        for (int32_t v : p.order) out.i32(v);
    }
    void operator()(const ir::Blob& b) {
        out.i32(static_cast<int32_t>(b.type));
        out.i64(b.count);
        out.u64(weights.add(b));
        out.u64(b.count > 0 ? static_cast<uint64_t>(b.bytes()) : 0);
    }
};

void writeIndices(ByteSink& out, const std::vector<int32_t>& v) {
    out.u32(static_cast<uint32_t>(v.size()));
    for (int32_t i : v) out.i32(i);
}

void writeMeta(const ir::Program& p, ByteSink& out, WeightsSink& weights,
               ArtifactsSink& artifacts) {
    MetaWriter w{out, weights};
    out.str(p.name);
    w(p.device);
    out.u32(static_cast<uint32_t>(p.tensors.size()));
    for (const ir::ProgramTensor& t : p.tensors) {
        out.str(t.name);
        w(t.type);
        w(t.dims);
        w(t.role);
        out.i64(t.arenaOffset);
        out.i64(t.arenaBytes);
        out.i32(t.constantNode);
        w(t.format);
        w(t.location);
    }
    out.u32(static_cast<uint32_t>(p.nodes.size()));
    for (const ir::ProgramNode& n : p.nodes) {
        out.str(n.name);
        out.str(ir::opKindName(n.kind()));  // by name: OpKind values move as op families grow
        // Attributes are prefixed by their byte length so the reader can prove that it decoded
        // exactly the struct the writer wrote (a kind/attrs mismatch cannot slip through).
        const size_t lenAt = out.bytes.size();
        out.u32(0);
        ir::Attrs attrs = n.attrs;  // visit() takes non-const references; copies share blobs
        std::visit([&](auto& a) { a.visit(w); }, attrs);
        storeLE(out.bytes.data() + lenAt, out.bytes.size() - lenAt - 4, 4);
        writeIndices(out, n.inputs);
        writeIndices(out, n.outputs);
        w(n.backend);
        artifacts.beginNode();
        out.u32(static_cast<uint32_t>(n.choices.size()));
        for (const ir::KernelChoice& k : n.choices) {
            out.str(k.tactic);
            out.u64(artifacts.add(k.artifact));
            out.u64(k.artifact.size());
        }
    }
    writeIndices(out, p.inputs);
    writeIndices(out, p.outputs);
    out.u32(static_cast<uint32_t>(p.profiles.size()));
    for (const ir::ProgramProfile& prof : p.profiles) {
        out.u32(static_cast<uint32_t>(prof.inputDims.size()));
        for (const auto& mom : prof.inputDims)
            for (const Dims& d : mom) w(d);
    }
    out.i64(p.arenaBytes);
    out.i64(p.workspaceBytes);
    out.i64(p.hostArenaBytes);
    out.i64(p.hostWorkspaceBytes);
    w(p.implicitBatch);
    out.i32(p.maxBatchSize);
    out.u32(static_cast<uint32_t>(p.artifactVersions.size()));
    for (const auto& [source, version] : p.artifactVersions) {
        w(source);
        out.u32(version);
    }
}

}  // namespace

std::vector<uint8_t> writePlan(const ir::Program& program) {
    ByteSink meta;
    WeightsSink weights;
    ArtifactsSink artifacts;
    writeMeta(program, meta, weights, artifacts);

    // File order: META, WEIGHTS, ARTIFACTS, each 64-aligned; ARTIFACTS ends the file.
    const uint64_t tableEnd = kHeaderBytes + kSectionCount * kSectionEntryBytes;
    const uint64_t metaOff = alignUp(tableEnd);
    const uint64_t weightsOff = alignUp(metaOff + meta.bytes.size());
    const uint64_t artifactsOff = alignUp(weightsOff + weights.bytes.size());
    const uint64_t total = artifactsOff + artifacts.bytes.size();

    std::vector<uint8_t> plan(static_cast<size_t>(total), 0);
    uint8_t* h = plan.data();
    std::memcpy(h + kOffMagic, kPlanMagic, sizeof kPlanMagic);
    storeLE(h + kOffFormatVersion, kPlanFormatVersion, 4);
    storeLE(h + kOffLibMajor, static_cast<uint32_t>(kVERSION_MAJOR), 4);
    storeLE(h + kOffLibMinor, static_cast<uint32_t>(kVERSION_MINOR), 4);
    storeLE(h + kOffLibPatch, static_cast<uint32_t>(kVERSION_PATCH), 4);
    storeLE(h + kOffDevice, static_cast<uint32_t>(program.device), 4);
    storeLE(h + kOffSectionCount, kSectionCount, 4);
    storeLE(h + kOffIsa, program.isaRequirements, 8);
    storeLE(h + kOffTotalSize, total, 8);
    struct Entry {
        uint32_t id;
        uint64_t offset;
        const std::vector<uint8_t>& bytes;
    };
    const Entry sections[kSectionCount] = {{kSectionMeta, metaOff, meta.bytes},
                                           {kSectionWeights, weightsOff, weights.bytes},
                                           {kSectionArtifacts, artifactsOff, artifacts.bytes}};
    for (uint32_t i = 0; i < kSectionCount; ++i) {
        uint8_t* e = h + kHeaderBytes + i * kSectionEntryBytes;
        storeLE(e, sections[i].id, 4);
        storeLE(e + 8, sections[i].offset, 8);
        storeLE(e + 16, sections[i].bytes.size(), 8);
        std::copy(sections[i].bytes.begin(), sections[i].bytes.end(),
                  plan.begin() + static_cast<ptrdiff_t>(sections[i].offset));
    }
    stampChecksum(plan);
    return plan;
}

}  // namespace tforge::plan
