// Helpers for the shape inference tests: terse tensors, blobs and result assertions.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "ir/dims_util.h"
#include "ir/shape_inference.h"

namespace tforge::ir::test {

constexpr DataType F = DataType::kFLOAT;
constexpr DataType I = DataType::kINT32;
constexpr DataType B = DataType::kBOOL;

inline Dims D(std::initializer_list<int64_t> v) {
    return makeDims(v);
}

inline TensorDesc T(std::initializer_list<int64_t> d, DataType t = F) {
    return TensorDesc{makeDims(d), t};
}

//! A blob with a count but no data: shape inference never reads values, and huge counts stay cheap.
inline Blob W(int64_t count, DataType t = F) {
    Blob b;
    b.type = t;
    b.count = count;
    return b;
}

struct Result {
    bool ok{false};
    std::vector<TensorDesc> out;
    std::string err;
};

inline Result infer(const Attrs& a, const std::vector<TensorDesc>& in) {
    Result r;
    r.out.push_back(T({42}));  // stale contents must be cleared by inferShapes
    r.ok = inferShapes(a, in, r.out, r.err);
    return r;
}

//! Success with exactly one output of the given dims and type.
inline ::testing::AssertionResult Gives(const Result& r, std::initializer_list<int64_t> dims, DataType t = F) {
    if (!r.ok) return ::testing::AssertionFailure() << "failed: " << r.err;
    if (!r.err.empty()) return ::testing::AssertionFailure() << "ok but error set: " << r.err;
    if (r.out.size() != 1) return ::testing::AssertionFailure() << r.out.size() << " outputs";
    const Dims want = makeDims(dims);
    if (!sameDims(r.out[0].dims, want) || r.out[0].type != t)
        return ::testing::AssertionFailure() << "got " << toString(r.out[0].dims) << " " << dataTypeName(r.out[0].type)
                                             << ", want " << toString(want) << " " << dataTypeName(t);
    return ::testing::AssertionSuccess();
}

//! Failure whose message contains `sub`, with no outputs and no layer-name prefix.
inline ::testing::AssertionResult Fails(const Result& r, const std::string& sub) {
    if (r.ok) return ::testing::AssertionFailure() << "unexpectedly succeeded";
    if (!r.out.empty()) return ::testing::AssertionFailure() << "outputs left after failure";
    if (r.err.find(sub) == std::string::npos)
        return ::testing::AssertionFailure() << "message \"" << r.err << "\" lacks \"" << sub << "\"";
    if (r.err.rfind("Layer", 0) == 0) return ::testing::AssertionFailure() << "message has a layer prefix";
    return ::testing::AssertionSuccess();
}

}  // namespace tforge::ir::test
