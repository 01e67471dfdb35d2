// Strict decoder of the META section. Every read goes through a bounds-checked cursor; every count
// is checked against the remaining bytes and a sane limit before anything is allocated; every
// enum, index and blob range is checked. The first failure sticks: later reads return zeros, so
// loops over already-bounded counts end quickly, and the first message names the real fault.
#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "plan/plan_format.h"

namespace tforge::plan {
namespace {

class Cursor {
public:
    Cursor(const uint8_t* p, size_t n) : p_(p), n_(n) {}
    bool ok() const { return err_.empty(); }
    const std::string& error() const { return err_; }
    size_t pos() const { return pos_; }
    size_t remaining() const { return n_ - pos_; }

    void fail(const std::string& what) {
        if (ok()) err_ = "at META byte " + std::to_string(fieldStart_) + ": " + what;
    }
    const uint8_t* take(size_t k) {
        if (!ok()) return nullptr;
        if (k > remaining()) {
            fail("needs " + std::to_string(k) + " more bytes, " + std::to_string(remaining()) +
                 " left");
            return nullptr;
        }
        const uint8_t* p = p_ + pos_;
        fieldStart_ = pos_;
        pos_ += k;
        return p;
    }
    uint64_t read(size_t bytes) {
        const uint8_t* p = take(bytes);
        return p ? loadLE(p, bytes) : 0;
    }
    uint8_t u8() { return static_cast<uint8_t>(read(1)); }
    uint32_t u32() { return static_cast<uint32_t>(read(4)); }
    int32_t i32() { return static_cast<int32_t>(u32()); }
    uint64_t u64() { return read(8); }
    int64_t i64() { return static_cast<int64_t>(u64()); }

    //! A u32 element count; each element takes at least `minBytes` bytes, so a count larger
    //! than the rest of META can hold is refused before any allocation.
    uint32_t count(const char* what, uint32_t limit, size_t minBytes) {
        const uint32_t c = u32();
        if (!ok()) return 0;
        if (c > limit || static_cast<uint64_t>(c) * minBytes > remaining()) {
            fail(std::string(what) + " count " + std::to_string(c) + " exceeds the limit (" +
                 std::to_string(limit) + ") or the " + std::to_string(remaining()) + " bytes left");
            return 0;
        }
        return c;
    }
    std::string str(const char* what) {
        const uint32_t len = count(what, kMaxStringBytes, 1);
        const uint8_t* p = take(len);
        return p ? std::string(reinterpret_cast<const char*>(p), len) : std::string();
    }

private:
    const uint8_t* p_;
    size_t n_;
    size_t pos_{0};
    size_t fieldStart_{0};  // start of the last field read: where a message points
    std::string err_;
};

// Valid range of each enum stored in a plan: those of attributes come from ir::EnumRange (attrs.h,
// next to the structs that use them); the plan's own are listed here.
template <class E>
struct EnumInfo {
    static constexpr const char* name = ir::EnumRange<E>::name;
    static bool valid(int32_t v) { return v >= ir::EnumRange<E>::min && v <= ir::EnumRange<E>::max; }
};
template <>
struct EnumInfo<ir::TensorRole> {
    static constexpr const char* name = "ir::TensorRole";
    static bool valid(int32_t v) { return v >= 0 && v <= 3; }
};

template <class E>
E readEnum(Cursor& c) {
    const int32_t v = c.i32();
    if (c.ok() && !EnumInfo<E>::valid(v))
        c.fail(std::string("bad ") + EnumInfo<E>::name + " value " + std::to_string(v));
    return c.ok() ? static_cast<E>(v) : E{};
}

//! The visitor handed to every attrs struct's visit(); mirrors MetaWriter in plan_writer.cpp.
struct MetaReader {
    Cursor& c;
    const MetaSources& src;

    void operator()(int64_t& v) { v = c.i64(); }
    void operator()(int32_t& v) { v = c.i32(); }
    void operator()(uint32_t& v) { v = c.u32(); }
    void operator()(bool& v) {
        const uint8_t b = c.u8();
        if (b > 1) c.fail("bool byte " + std::to_string(b) + " is neither 0 nor 1");
        v = b == 1;
    }
    void operator()(float& v) {
        const uint32_t bits = c.u32();
        std::memcpy(&v, &bits, 4);
    }
    template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
    void operator()(E& e) {
        e = readEnum<E>(c);
    }

    void operator()(Dims& d) {
        d = Dims{};
        const int32_t n = c.i32();
        if (c.ok() && (n < 0 || n > Dims::MAX_DIMS)) {
            c.fail("Dims nbDims " + std::to_string(n) + " is outside 0..8");
            return;
        }
        if (!c.ok()) return;
        d.nbDims = n;
        for (int i = 0; i < n; ++i) d.d[i] = c.i64();
    }
    void operator()(Permutation& p) {
        for (int32_t& v : p.order) {
            v = c.i32();
            if (c.ok() && (v < 0 || v >= Dims::MAX_DIMS))
                c.fail("permutation entry " + std::to_string(v) + " is outside 0..7");
        }
    }
    void operator()(ir::Blob& b) {
        b = ir::Blob{};
        const DataType type = readEnum<DataType>(c);
        const int64_t count = c.i64();
        const uint64_t offset = c.u64();
        const uint64_t size = c.u64();
        if (!c.ok()) return;
        const uint64_t weightsSize = src.weightsSize;
        // count <= weightsSize bounds count*elementSize long before it could overflow.
        if (count < 0 || static_cast<uint64_t>(count) > weightsSize) {
            c.fail("blob of " + std::to_string(count) + " values does not fit in WEIGHTS (" +
                   std::to_string(weightsSize) + " bytes)");
            return;
        }
        const uint64_t expected = static_cast<uint64_t>(count * dataTypeSize(type));
        if (size != expected) {
            c.fail("blob byte size " + std::to_string(size) + " != " + std::to_string(count) +
                   " x " + dataTypeName(type) + " (" + std::to_string(expected) + ")");
        } else if (offset % kAlign != 0) {
            c.fail("blob offset " + std::to_string(offset) + " is not 64-byte aligned");
        } else if (offset > weightsSize || size > weightsSize - offset) {
            c.fail("blob [" + std::to_string(offset) + ", +" + std::to_string(size) +
                   ") lies outside WEIGHTS (" + std::to_string(weightsSize) + " bytes)");
        }
        if (!c.ok()) return;
        b.type = type;
        b.count = count;
        if (count > 0) {
            b.data = src.weights + offset;
            b.owner = src.owner;
        }
    }
};

static_assert(std::variant_size_v<ir::Attrs> == ir::kNbOpKinds, "Attrs index must equal OpKind");

//! Default attributes of the variant alternative with index `k` (k is range-checked already).
template <size_t I = 0>
ir::Attrs makeAttrs(size_t k) {
    if constexpr (I < std::variant_size_v<ir::Attrs>) {
        if (k == I) return ir::Attrs(std::in_place_index<I>);
        return makeAttrs<I + 1>(k);
    } else {
        return ir::Attrs{};
    }
}

void readIndices(Cursor& c, const char* what, uint32_t limit, size_t nbTensors,
                 std::vector<int32_t>& out) {
    const uint32_t n = c.count(what, limit, 4);
    out.clear();
    for (uint32_t i = 0; i < n && c.ok(); ++i) {
        const int32_t t = c.i32();
        if (c.ok() && (t < 0 || static_cast<size_t>(t) >= nbTensors)) {
            c.fail(std::string(what) + " tensor index " + std::to_string(t) + " is outside [0, " +
                   std::to_string(nbTensors) + ")");
        }
        out.push_back(t);
    }
}

// Smallest encodings, used to bound counts before allocating.
constexpr size_t kMinTensorBytes = 4 + 4 + 4 + 4 + 8 + 8 + 4 + 4 + 4;
constexpr size_t kMinNodeBytes = 4 + 4 + 4 + 4 + 4 + 4 + 4;
constexpr size_t kMinChoiceBytes = 4 + 8 + 8;
constexpr size_t kMinProfileBytes = 4;
constexpr size_t kArtifactVersionBytes = 4 + 4;

void readTensor(Cursor& c, MetaReader& r, ir::ProgramTensor& t) {
    t.name = c.str("tensor name length");
    r(t.type);
    r(t.dims);
    r(t.role);
    t.arenaOffset = c.i64();
    t.arenaBytes = c.i64();
    t.constantNode = c.i32();
    r(t.format);
    r(t.location);
}

//! Where a KernelChoice's artifact lies in ARTIFACTS; copied out once all of META has been read.
struct ArtifactRef {
    uint64_t offset{0}, size{0};
    bool operator<(const ArtifactRef& o) const {
        return offset != o.offset ? offset < o.offset : size < o.size;
    }
    bool operator==(const ArtifactRef& o) const { return offset == o.offset && size == o.size; }
};

//! What the artifact references of all nodes amount to. Only the choices of one node (its
//! profiles) may share an artifact, so the distinct references of each node, summed over the
//! nodes, fit in ARTIFACTS: a plan cannot make the loader copy one artifact for every node.
struct ArtifactRefs {
    std::vector<std::vector<ArtifactRef>> perNode;  // parallel to Program::nodes
    uint64_t distinctBytes{0};
};

//! One KernelChoice: tactic name, then the {offset, size} of its artifact in ARTIFACTS.
void readChoice(Cursor& c, const MetaSources& src, const std::string& node, size_t k,
                ir::KernelChoice& choice, ArtifactRef& ref) {
    choice.tactic = c.str("tactic name length");
    const uint64_t offset = c.u64();
    const uint64_t size = c.u64();
    if (!c.ok()) return;
    const std::string what = "artifact of node '" + node + "' for profile " + std::to_string(k);
    if (offset % kAlign != 0) {
        c.fail(what + " offset " + std::to_string(offset) + " is not 64-byte aligned");
    } else if (offset > src.artifactsSize || size > src.artifactsSize - offset) {
        c.fail(what + " [" + std::to_string(offset) + ", +" + std::to_string(size) +
               ") lies outside ARTIFACTS (" + std::to_string(src.artifactsSize) + " bytes)");
    }
    ref = ArtifactRef{offset, size};
}

void readNode(Cursor& c, MetaReader& r, size_t nbTensors, ir::ProgramNode& n,
              ArtifactRefs& refs) {
    n.name = c.str("node name length");
    ir::OpKind kind{};
    const std::string opName = c.str("op name length");
    if (c.ok() && !ir::opKindFromName(opName, kind)) {
        c.fail("node '" + n.name + "' has op '" + opName + "', which this TensorForge does not know (a plan from a "
               "newer version?)");
        return;
    }
    const uint32_t attrBytes = c.count("attribute byte", kMaxStringBytes, 1);
    if (!c.ok()) return;
    const size_t start = c.pos();
    n.attrs = makeAttrs(static_cast<size_t>(kind));
    std::visit([&](auto& a) { a.visit(r); }, n.attrs);
    if (c.ok() && c.pos() - start != attrBytes) {
        c.fail(std::string(ir::opKindName(kind)) + " attributes of node '" + n.name + "' took " +
               std::to_string(c.pos() - start) + " bytes, the plan says " +
               std::to_string(attrBytes));
    }
    readIndices(c, "node input", kMaxNodeIo, nbTensors, n.inputs);
    readIndices(c, "node output", kMaxNodeIo, nbTensors, n.outputs);
    r(n.backend);
    // One choice per profile; the profiles follow the nodes, so the count is checked later.
    const uint32_t nbChoices = c.count("kernel choice", kMaxProfiles, kMinChoiceBytes);
    std::vector<ArtifactRef>& mine = refs.perNode.emplace_back();
    for (uint32_t k = 0; k < nbChoices && c.ok(); ++k)
        readChoice(c, r.src, n.name, k, n.choices.emplace_back(), mine.emplace_back());
    if (!c.ok()) return;
    std::vector<ArtifactRef> distinct = mine;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const ArtifactRef& a : distinct) {
        // Each size is <= artifactsSize and the running total stays <= artifactsSize: no overflow.
        refs.distinctBytes += a.size;
        if (refs.distinctBytes > r.src.artifactsSize) {
            c.fail("the artifacts of nodes up to '" + n.name + "' take " +
                   std::to_string(refs.distinctBytes) + " bytes, more than the " +
                   std::to_string(r.src.artifactsSize) +
                   "-byte ARTIFACTS section holds (only the profiles of one node share artifacts)");
            return;
        }
    }
}

//! Copies every artifact into its KernelChoice, once the whole of META is known to be well formed
//! and every node has one choice per profile (otherwise validateProgram refuses the program and
//! nothing is copied): the loader copies at most profiles x ARTIFACTS bytes.
void copyArtifacts(const MetaSources& src, const ArtifactRefs& refs, ir::Program& p) {
    for (const ir::ProgramNode& n : p.nodes)
        if (n.choices.size() != p.profiles.size()) return;
    for (size_t i = 0; i < p.nodes.size(); ++i) {
        for (size_t k = 0; k < p.nodes[i].choices.size(); ++k) {
            const ArtifactRef& a = refs.perNode[i][k];
            const uint8_t* q = src.artifacts + a.offset;
            if (a.size > 0) p.nodes[i].choices[k].artifact.assign(q, q + a.size);
        }
    }
}

}  // namespace

bool parseMeta(const uint8_t* meta, size_t metaSize, const MetaSources& src, ir::Program& p,
               std::string& error) {
    Cursor c(meta, metaSize);
    MetaReader r{c, src};
    p = ir::Program{};
    p.name = c.str("program name length");
    r(p.device);

    // Elements are appended as they are decoded, so memory grows only with bytes actually read.
    const uint32_t nbTensors = c.count("tensor", kMaxTensors, kMinTensorBytes);
    for (uint32_t i = 0; i < nbTensors && c.ok(); ++i) readTensor(c, r, p.tensors.emplace_back());
    const uint32_t nbNodes = c.count("node", kMaxNodes, kMinNodeBytes);
    ArtifactRefs refs;
    for (uint32_t i = 0; i < nbNodes && c.ok(); ++i)
        readNode(c, r, p.tensors.size(), p.nodes.emplace_back(), refs);

    readIndices(c, "network input", kMaxTensors, p.tensors.size(), p.inputs);
    readIndices(c, "network output", kMaxTensors, p.tensors.size(), p.outputs);

    const uint32_t nbProfiles = c.count("profile", kMaxProfiles, kMinProfileBytes);
    if (c.ok() && nbProfiles == 0) c.fail("the plan has no optimization profile");
    for (uint32_t i = 0; i < nbProfiles && c.ok(); ++i) {
        ir::ProgramProfile& prof = p.profiles.emplace_back();
        const uint32_t n = c.count("profile input", kMaxTensors, 3 * 4);
        if (c.ok() && n != p.inputs.size()) {
            c.fail("profile " + std::to_string(i) + " has " + std::to_string(n) +
                   " input entries, the plan has " + std::to_string(p.inputs.size()) + " inputs");
        }
        for (uint32_t k = 0; k < n && c.ok(); ++k)
            for (Dims& d : prof.inputDims.emplace_back()) r(d);
    }
    p.arenaBytes = c.i64();
    p.workspaceBytes = c.i64();
    p.hostArenaBytes = c.i64();
    p.hostWorkspaceBytes = c.i64();
    r(p.implicitBatch);
    p.maxBatchSize = c.i32();
    const uint32_t nbVersions =
        c.count("artifact version", kMaxArtifactVersions, kArtifactVersionBytes);
    for (uint32_t i = 0; i < nbVersions && c.ok(); ++i) {
        auto& [source, version] = p.artifactVersions.emplace_back();
        r(source);
        version = c.u32();
    }
    if (c.ok() && c.remaining() != 0)
        c.fail(std::to_string(c.remaining()) + " trailing bytes after the program");

    if (!c.ok()) {
        error = c.error();
        return false;
    }
    copyArtifacts(src, refs, p);
    return true;
}

}  // namespace tforge::plan
