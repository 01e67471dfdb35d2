#include "mnist_idx.h"

#include <zlib.h>

#include <cstdio>
#include <memory>

namespace lenet {
namespace {

bool fileExists(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

// Reads a whole (possibly gzip-compressed) file. zlib passes uncompressed files through.
bool readAll(const std::string& path, std::vector<unsigned char>* out, std::string* error) {
    struct Closer {
        void operator()(gzFile_s* f) const { gzclose(f); }
    };
    std::unique_ptr<gzFile_s, Closer> f(gzopen(path.c_str(), "rb"));
    if (!f) {
        *error = "cannot open '" + path + "'";
        return false;
    }
    out->clear();
    unsigned char buf[1 << 16];
    for (;;) {
        int n = gzread(f.get(), buf, sizeof buf);
        if (n < 0) {
            int code = 0;
            *error = "cannot decompress '" + path + "': " + gzerror(f.get(), &code);
            return false;
        }
        if (n == 0) break;
        out->insert(out->end(), buf, buf + n);
    }
    return true;
}

uint32_t bigEndian32(const unsigned char* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

// Parses an unsigned-byte IDX file with `rank` dims; returns the dims and a pointer to the data.
bool parseIdx(const std::string& path, const std::vector<unsigned char>& bytes, uint32_t rank,
              std::vector<int64_t>* dims, const unsigned char** data, std::string* error) {
    if (bytes.size() < 4 + 4 * size_t(rank) || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] != rank) {
        *error = "'" + path + "' is not an unsigned-byte IDX file of rank " + std::to_string(rank);
        return false;
    }
    uint64_t volume = 1;
    dims->clear();
    for (uint32_t i = 0; i < rank; ++i) {
        uint32_t d = bigEndian32(&bytes[4 + 4 * i]);
        dims->push_back(d);
        if (d != 0 && volume > bytes.size() / d) {  // more data than the file holds (and no overflow)
            volume = bytes.size() + 1;
            break;
        }
        volume *= d;
    }
    const size_t header = 4 + 4 * size_t(rank);
    if (volume != bytes.size() - header) {
        *error = "'" + path + "': the header's dims do not match the " + std::to_string(bytes.size() - header) +
                 " bytes of data (truncated or corrupt file)";
        return false;
    }
    *data = bytes.data() + header;
    return true;
}

std::string pick(const std::string& dir, const std::string& name) {
    std::string gz = dir + "/" + name + ".gz";
    if (fileExists(gz)) return gz;
    std::string plain = dir + "/" + name;
    return fileExists(plain) ? plain : gz;
}

}  // namespace

bool loadMnistSplit(const std::string& dir, const std::string& split, MnistSplit* out, std::string* error) {
    const std::string imagesPath = pick(dir, split + "-images-idx3-ubyte");
    const std::string labelsPath = pick(dir, split + "-labels-idx1-ubyte");
    for (const std::string& p : {imagesPath, labelsPath}) {
        if (!fileExists(p)) {
            *error = "missing '" + p + "' (install the Debian package dataset-fashion-mnist, or pass --data DIR)";
            return false;
        }
    }
    std::vector<unsigned char> imageBytes, labelBytes;
    if (!readAll(imagesPath, &imageBytes, error) || !readAll(labelsPath, &labelBytes, error)) return false;
    std::vector<int64_t> imageDims, labelDims;
    const unsigned char* pixels = nullptr;
    const unsigned char* labels = nullptr;
    if (!parseIdx(imagesPath, imageBytes, 3, &imageDims, &pixels, error) ||
        !parseIdx(labelsPath, labelBytes, 1, &labelDims, &labels, error)) {
        return false;
    }
    if (imageDims[0] != labelDims[0]) {
        *error = "'" + imagesPath + "' has " + std::to_string(imageDims[0]) + " images but '" + labelsPath + "' has " +
                 std::to_string(labelDims[0]) + " labels";
        return false;
    }
    out->count = imageDims[0];
    out->rows = imageDims[1];
    out->cols = imageDims[2];
    const size_t n = size_t(out->count * out->rows * out->cols);
    out->images.resize(n);
    for (size_t i = 0; i < n; ++i) out->images[i] = float(pixels[i]) / 255.0f;  // == train_lenet.py
    out->labels.assign(labels, labels + out->count);
    for (uint8_t l : out->labels) {
        if (l > 9) {
            *error = "'" + labelsPath + "': label " + std::to_string(l) + " out of range 0..9";
            return false;
        }
    }
    return true;
}

}  // namespace lenet
