// Helpers for the reference backend's tests: typed host buffers, a one-call "run this op", and
// float comparisons. Outputs are poisoned (all bytes 0xFF: NaN / -1 / 255) so unwritten elements show.
#pragma once
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "backends/registry.h"
#include "ir/dims_util.h"

namespace tforge::backends::reftest {

using ir::makeDims;

struct Buf {
    Dims dims;
    DataType type{DataType::kFLOAT};
    std::vector<unsigned char> bytes;

    template <class T>
    static Buf make(const Dims& d, DataType t, const std::vector<T>& v) {
        Buf b{d, t, std::vector<unsigned char>(v.size() * sizeof(T))};
        if (!v.empty()) std::memcpy(b.bytes.data(), v.data(), b.bytes.size());
        return b;
    }
    static Buf f32(const Dims& d, const std::vector<float>& v) { return make(d, DataType::kFLOAT, v); }
    static Buf i32(const Dims& d, const std::vector<int32_t>& v) { return make(d, DataType::kINT32, v); }
    static Buf b8(const Dims& d, const std::vector<uint8_t>& v) { return make(d, DataType::kBOOL, v); }
    //! An output buffer sized for `d`, poisoned.
    static Buf out(const Dims& d, DataType t = DataType::kFLOAT) {
        int64_t n = ir::volume(d);
        return Buf{d, t, std::vector<unsigned char>(static_cast<size_t>(n * dataTypeSize(t)) + 1, 0xFF)};
    }
    TensorView view() { return TensorView{bytes.data(), dims, type}; }
    template <class T>
    std::vector<T> as() const {
        std::vector<T> v(static_cast<size_t>(ir::volume(dims)));
        if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
        return v;
    }
    std::vector<float> floats() const { return as<float>(); }
    std::vector<int32_t> ints() const { return as<int32_t>(); }
    std::vector<uint8_t> bools() const { return as<uint8_t>(); }
};

inline ir::Blob blob(const std::vector<float>& v) {
    return ir::Blob::copyOf(DataType::kFLOAT, v.data(), static_cast<int64_t>(v.size()));
}

inline NodeDesc nodeFor(const ir::Attrs& attrs, const std::vector<Buf*>& ins, const std::vector<Buf*>& outs) {
    NodeDesc n;
    n.name = "test";
    n.attrs = &attrs;
    for (Buf* b : ins) n.inputs.push_back({b->dims, b->type});
    for (Buf* b : outs) n.outputs.push_back({b->dims, b->type});
    return n;
}

//! Compiles the op on the reference backend and runs it once. Returns false with `error` set if
//! either step fails. The output is checked for an untouched guard byte past its end.
inline bool runOp(const ir::Attrs& attrs, const std::vector<Buf*>& ins, Buf& out, std::string& error) {
    Backend* be = referenceBackend();
    NodeDesc node = nodeFor(attrs, ins, {&out});
    std::unique_ptr<Kernel> k = be->createKernel(node, "reference", error);
    if (!k) return false;
    std::vector<TensorView> iv, ov{out.view()};
    for (Buf* b : ins) iv.push_back(b->view());
    const bool ok = k->run(iv, ov, ExecArgs{}, error);
    EXPECT_EQ(out.bytes.back(), 0xFF) << "kernel wrote past the end of its output";
    return ok;
}

//! Runs and expects success; returns the output as floats.
inline std::vector<float> runF(const ir::Attrs& attrs, const std::vector<Buf*>& ins, Buf& out) {
    std::string error;
    EXPECT_TRUE(runOp(attrs, ins, out, error)) << error;
    return out.floats();
}

inline void expectNear(const std::vector<float>& got, const std::vector<double>& want, double tol = 1e-5) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at element " << i;
}

//! Expects the op to fail with a message containing `fragment`.
inline void expectFailure(const ir::Attrs& attrs, const std::vector<Buf*>& ins, Buf& out, const std::string& fragment) {
    std::string error;
    EXPECT_FALSE(runOp(attrs, ins, out, error));
    EXPECT_NE(error.find(fragment), std::string::npos) << "error was: \"" << error << "\"";
}

}  // namespace tforge::backends::reftest
