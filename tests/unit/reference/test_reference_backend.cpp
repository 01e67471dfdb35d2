// The backend object itself: identity, tactics, and the OPS.md type table in supports().
#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

NodeDesc desc(const ir::Attrs& a, std::vector<ir::TensorDesc> ins, std::vector<ir::TensorDesc> outs) {
    NodeDesc n;
    n.attrs = &a;
    n.inputs = std::move(ins);
    n.outputs = std::move(outs);
    return n;
}

const Dims kD = makeDims({2, 3});

TEST(ReferenceBackend, Identity) {
    Backend* be = referenceBackend();
    ASSERT_NE(be, nullptr);
    EXPECT_EQ(be, referenceBackend());  // a singleton
    EXPECT_STREQ(be->name(), "reference");
    EXPECT_EQ(be->source(), TacticSource::kREFERENCE);
    EXPECT_EQ(be->device(), DeviceType::kCPU);
    ir::Attrs a = ir::ActivationAttrs{};
    EXPECT_EQ(be->tactics(desc(a, {{kD, DataType::kFLOAT}}, {{kD, DataType::kFLOAT}})),
              std::vector<std::string>{"reference"});
}

TEST(ReferenceBackend, SupportsFp32Everywhere) {
    Backend* be = referenceBackend();
    const ir::TensorDesc f{kD, DataType::kFLOAT};
    ir::ConvAttrs conv;
    conv.nbOutputMaps = 1;
    conv.kernelSize = makeDims({1, 1});
    conv.kernel = blob({1.f});
    std::vector<ir::Attrs> ones = {conv,
                                   ir::PoolAttrs{},
                                   ir::ActivationAttrs{},
                                   ir::ScaleAttrs{},
                                   ir::SoftMaxAttrs{2},
                                   ir::ShuffleAttrs{},
                                   ir::ConcatAttrs{}};
    for (const ir::Attrs& a : ones) {
        std::string why;
        EXPECT_TRUE(be->supports(desc(a, {f}, {f}), &why)) << ir::opKindName(ir::kindOf(a)) << ": " << why;
    }
    ir::Attrs mm = ir::MatMulAttrs{}, ew = ir::ElementWiseAttrs{};
    EXPECT_TRUE(be->supports(desc(mm, {f, f}, {f}), nullptr));
    EXPECT_TRUE(be->supports(desc(ew, {f, f}, {f}), nullptr));
}

TEST(ReferenceBackend, TypeTable) {
    Backend* be = referenceBackend();
    const ir::TensorDesc f{kD, DataType::kFLOAT}, i{kD, DataType::kINT32}, b{kD, DataType::kBOOL},
        h{kD, DataType::kHALF};
    std::string why;
    ir::Attrs act = ir::ActivationAttrs{};
    EXPECT_FALSE(be->supports(desc(act, {h}, {h}), &why));
    EXPECT_EQ(why, "type kHALF not supported");
    EXPECT_FALSE(be->supports(desc(act, {i}, {i}), &why));

    ir::Attrs sum = ir::ElementWiseAttrs{ElementWiseOperation::kSUM};
    EXPECT_TRUE(be->supports(desc(sum, {i, i}, {i}), &why)) << why;
    EXPECT_FALSE(be->supports(desc(sum, {b, b}, {b}), &why));
    EXPECT_FALSE(be->supports(desc(sum, {f, i}, {f}), &why));  // mixed input types
    EXPECT_NE(why.find("types must match"), std::string::npos) << why;

    ir::Attrs land = ir::ElementWiseAttrs{ElementWiseOperation::kAND};
    EXPECT_TRUE(be->supports(desc(land, {b, b}, {b}), &why)) << why;
    EXPECT_FALSE(be->supports(desc(land, {f, f}, {f}), &why));
    EXPECT_EQ(why, "type kFLOAT not supported");

    ir::Attrs less = ir::ElementWiseAttrs{ElementWiseOperation::kLESS};
    EXPECT_TRUE(be->supports(desc(less, {i, i}, {b}), &why)) << why;
    EXPECT_FALSE(be->supports(desc(less, {f, f}, {f}), &why));  // comparisons produce kBOOL

    ir::Attrs shuffle = ir::ShuffleAttrs{}, concat = ir::ConcatAttrs{};
    for (const ir::TensorDesc& t : {f, i, b}) {
        EXPECT_TRUE(be->supports(desc(shuffle, {t}, {t}), &why)) << why;
        EXPECT_TRUE(be->supports(desc(concat, {t, t}, {t}), &why)) << why;
    }
    EXPECT_FALSE(be->supports(desc(concat, {h}, {h}), &why));

    ir::ConstantAttrs c;
    c.dims = makeDims({2});
    const int32_t vals[2] = {1, 2};
    c.weights = ir::Blob::copyOf(DataType::kINT32, vals, 2);
    ir::Attrs constant = c;
    EXPECT_TRUE(be->supports(desc(constant, {}, {{c.dims, DataType::kINT32}}), &why)) << why;
}

TEST(ReferenceBackend, RejectsBadNodes) {
    Backend* be = referenceBackend();
    const ir::TensorDesc f{kD, DataType::kFLOAT};
    std::string why;
    ir::Attrs act = ir::ActivationAttrs{static_cast<ActivationType>(99)};
    EXPECT_FALSE(be->supports(desc(act, {f}, {f}), &why));
    EXPECT_NE(why.find("unknown activation"), std::string::npos) << why;

    ir::Attrs mm = ir::MatMulAttrs{};
    EXPECT_FALSE(be->supports(desc(mm, {f}, {f}), &why));  // needs two inputs
    EXPECT_NE(why.find("2 input"), std::string::npos) << why;

    ir::Attrs sm = ir::SoftMaxAttrs{3};  // two bits set
    EXPECT_FALSE(be->supports(desc(sm, {f}, {f}), &why));

    ir::Attrs ok = ir::ActivationAttrs{};
    std::string error;
    EXPECT_EQ(be->createKernel(desc(ok, {f}, {f}), "fast", error), nullptr);
    EXPECT_NE(error.find("no tactic"), std::string::npos) << error;
}

TEST(ReferenceBackend, RunRejectsWrongArityAndMissingData) {
    ir::Attrs a = ir::ActivationAttrs{};
    Buf x = Buf::f32(makeDims({2}), {1.f, 2.f});
    Buf y = Buf::out(makeDims({2}));
    std::string error;
    NodeDesc n = nodeFor(a, {&x}, {&y});
    auto k = referenceBackend()->createKernel(n, "reference", error);
    ASSERT_NE(k, nullptr) << error;
    EXPECT_FALSE(k->run({}, {y.view()}, ExecArgs{}, error));
    EXPECT_NE(error.find("input"), std::string::npos);
    TensorView noData{nullptr, makeDims({2}), DataType::kFLOAT};
    EXPECT_FALSE(k->run({noData}, {y.view()}, ExecArgs{}, error));
    EXPECT_NE(error.find("no data"), std::string::npos) << error;
    TensorView dynamic{x.bytes.data(), makeDims({-1}), DataType::kFLOAT};
    EXPECT_FALSE(k->run({dynamic}, {y.view()}, ExecArgs{}, error));
    EXPECT_NE(error.find("not concrete"), std::string::npos) << error;
}

}  // namespace
}  // namespace tforge::backends::reftest
