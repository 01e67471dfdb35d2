// Reader of the TFWT weights file that train_lenet.py writes.
//
// Format (all little-endian):
//   char[4]  magic "TFWT"
//   u32      version (1)
//   u32      tensor count
//   per tensor:
//     u32      name length, then the name bytes (no terminator)
//     u32      nbDims (0..8), then nbDims x i64 dims (each >= 0)
//     float32  data: prod(dims) values, row-major
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lenet {

struct HostTensor {
    std::vector<int64_t> dims;
    std::vector<float> values;
};

class WeightsFile {
public:
    //! Reads and validates the whole file; on failure returns false and sets *error.
    bool load(const std::string& path, std::string* error);

    //! The tensor `name` if present with exactly the shape `dims`, else nullptr and *error set.
    const HostTensor* get(const std::string& name, const std::vector<int64_t>& dims, std::string* error) const;

    size_t size() const { return tensors_.size(); }

private:
    std::map<std::string, HostTensor> tensors_;
};

//! "[20,1,5,5]"
std::string dimsToString(const std::vector<int64_t>& dims);

}  // namespace lenet
