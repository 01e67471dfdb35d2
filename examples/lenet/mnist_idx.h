// Reader of the (Fashion-)MNIST IDX files, gzip-compressed or not (zlib reads both).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lenet {

struct MnistSplit {
    int64_t count{0};
    int64_t rows{0};
    int64_t cols{0};
    //! count x 1 x rows x cols, each pixel p (uint8) stored as p / 255.0f, i.e. in [0, 1]:
    //! exactly the preprocessing of train_lenet.py.
    std::vector<float> images;
    std::vector<uint8_t> labels;  //!< count values in 0..9
};

//! Loads `<dir>/<split>-images-idx3-ubyte.gz` and `<dir>/<split>-labels-idx1-ubyte.gz`
//! (falling back to the names without ".gz"); split is "train" or "t10k".
//! On failure returns false and sets *error.
bool loadMnistSplit(const std::string& dir, const std::string& split, MnistSplit* out, std::string* error);

}  // namespace lenet
