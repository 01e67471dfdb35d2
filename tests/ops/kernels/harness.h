// Kernel conformance harness: runs one node on the reference backend and on every cpu tactic and
// compares the outputs within a per-case error budget. Inputs are fresh random values (never
// zero) seeded from the case label; outputs are poisoned before every run.
#pragma once
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "ir/dims_util.h"

namespace tforge::test {

//! How an input is filled. kSigned: +-[0.05, 1]; kPositive: [0.5, 2]; kFew: one of +-0.5, +-1 (so
//! comparisons hit equality); kInt: +-[1, 9]; kIntZeros: [-9, 9] incl. 0 (division by zero);
//! kIntExp: [-2, 6] (integer pow exponents); kBool: 0/1.
enum class Fill { kDefault, kSigned, kPositive, kFew, kInt, kIntZeros, kIntExp, kBool };

struct OpCase {
    std::string label;
    ir::Attrs attrs;
    std::vector<ir::TensorDesc> inputs;
    std::vector<Fill> fills;  // per input; kDefault picks by type
    double atol{1e-5}, rtol{1e-5};
};

//! Runs the case (ADD_FAILUREs on any mismatch); returns the number of cpu tactics compared.
int expectMatchesReference(const OpCase& c);

//! 64-byte-aligned, zero-length-safe byte buffer.
struct Buffer {
    std::shared_ptr<void> mem;
    size_t bytes{0};
    void* data() const { return mem.get(); }
};
Buffer makeBuffer(size_t bytes);

std::mt19937 rngFor(const std::string& label);
//! count fp32 values from [lo, hi] with |v| >= 0.05 unless lo >= 0.
ir::Blob randomBlob(std::mt19937& rng, int64_t count, float lo = -1.f, float hi = 1.f);
void fillBuffer(std::mt19937& rng, const ir::TensorDesc& d, Fill f, void* data);

inline ir::TensorDesc desc(std::initializer_list<int64_t> dims, DataType t = DataType::kFLOAT) {
    return {ir::makeDims(dims), t};
}
inline Dims dims(std::initializer_list<int64_t> v) {
    return ir::makeDims(v);
}

//! The node the backends see for a case (outputs from shape inference).
backends::NodeDesc nodeFor(const OpCase& c, std::string& error);

}  // namespace tforge::test

#include <gtest/gtest.h>

namespace tforge::test {

//! One gtest per case: INSTANTIATE_TEST_SUITE_P(Op, KernelCase, ::testing::ValuesIn(cases), caseName).
class KernelCase : public ::testing::TestWithParam<OpCase> {};
std::string caseName(const ::testing::TestParamInfo<OpCase>& info);
//! gtest prints a case by its label (instead of a hex dump).
void PrintTo(const OpCase& c, std::ostream* os);

//! "1x3x5" for {1,3,5}.
std::string join(const Dims& d, const char* sep = "x");

}  // namespace tforge::test
