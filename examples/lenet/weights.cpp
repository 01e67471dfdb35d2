#include "weights.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

namespace lenet {
namespace {

constexpr uint32_t kVersion = 1;
constexpr uint32_t kMaxDims = 8;

// Bounds-checked little-endian reader over the file contents.
class Reader {
public:
    explicit Reader(const std::vector<unsigned char>& bytes) : bytes_(bytes) {}
    bool read(void* dst, size_t n) {
        if (n > bytes_.size() - pos_) return false;
        std::memcpy(dst, bytes_.data() + pos_, n);
        pos_ += n;
        return true;
    }
    bool u32(uint32_t* v) {
        unsigned char b[4];
        if (!read(b, 4)) return false;
        *v = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
        return true;
    }
    bool i64(int64_t* v) {
        unsigned char b[8];
        if (!read(b, 8)) return false;
        uint64_t u = 0;
        for (int i = 7; i >= 0; --i) u = (u << 8) | b[i];
        *v = static_cast<int64_t>(u);
        return true;
    }
    bool f32s(float* dst, size_t n) {
        if (n > (bytes_.size() - pos_) / 4) return false;
        const unsigned char* b = bytes_.data() + pos_;
        for (size_t i = 0; i < n; ++i, b += 4) {
            const uint32_t u = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
            std::memcpy(&dst[i], &u, 4);
        }
        pos_ += 4 * n;
        return true;
    }
    size_t remaining() const { return bytes_.size() - pos_; }
    size_t offset() const { return pos_; }

private:
    const std::vector<unsigned char>& bytes_;
    size_t pos_{0};
};

}  // namespace

std::string dimsToString(const std::vector<int64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
    return s + "]";
}

bool WeightsFile::load(const std::string& path, std::string* error) {
    tensors_.clear();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = "cannot open weights file '" + path + "' (train it with examples/lenet/train_lenet.py)";
        return false;
    }
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        *error = "error reading '" + path + "'";
        return false;
    }
    auto fail = [&](const std::string& why) {
        *error = path + ": " + why;
        tensors_.clear();
        return false;
    };
    Reader r(bytes);
    char magic[4];
    uint32_t version = 0, count = 0;
    if (!r.read(magic, 4) || std::memcmp(magic, "TFWT", 4) != 0) return fail("not a TFWT weights file (bad magic)");
    if (!r.u32(&version) || !r.u32(&count)) return fail("truncated header");
    if (version != kVersion) return fail("unsupported version " + std::to_string(version) + " (expected 1)");
    for (uint32_t t = 0; t < count; ++t) {
        const std::string where = "tensor #" + std::to_string(t);
        uint32_t nameLen = 0, nbDims = 0;
        if (!r.u32(&nameLen) || nameLen > r.remaining()) return fail(where + ": truncated name");
        std::string name(nameLen, '\0');
        r.read(name.data(), nameLen);
        if (!r.u32(&nbDims)) return fail(where + " '" + name + "': truncated");
        if (nbDims > kMaxDims) return fail(where + " '" + name + "': " + std::to_string(nbDims) + " dims (max 8)");
        HostTensor ht;
        uint64_t volume = 1;
        for (uint32_t d = 0; d < nbDims; ++d) {
            int64_t v = 0;
            if (!r.i64(&v)) return fail(where + " '" + name + "': truncated dims");
            if (v < 0 || (v > 0 && volume > std::numeric_limits<uint32_t>::max() / uint64_t(v)))
                return fail(where + " '" + name + "': bad dimension " + std::to_string(v));
            volume *= uint64_t(v);
            ht.dims.push_back(v);
        }
        if (volume > r.remaining() / 4)
            return fail("'" + name + "' " + dimsToString(ht.dims) + ": data truncated (file too short)");
        ht.values.resize(volume);
        r.f32s(ht.values.data(), volume);
        if (!tensors_.emplace(name, std::move(ht)).second) return fail("duplicate tensor '" + name + "'");
    }
    if (r.remaining() != 0) return fail(std::to_string(r.remaining()) + " trailing bytes after the last tensor");
    return true;
}

const HostTensor* WeightsFile::get(const std::string& name, const std::vector<int64_t>& dims,
                                   std::string* error) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end()) {
        *error = "weights file has no tensor '" + name + "'";
        return nullptr;
    }
    if (it->second.dims != dims) {
        *error =
            "tensor '" + name + "' has shape " + dimsToString(it->second.dims) + ", expected " + dimsToString(dims);
        return nullptr;
    }
    return &it->second;
}

}  // namespace lenet
