// Every activation type at a few points against the OPS.md formula, written out here independently
// of src/backends/reference/activation_math.h.
#include <cmath>
#include <functional>

#include "reference_test_util.h"

namespace tforge::backends::reftest {
namespace {

struct Case {
    ActivationType type;
    float alpha, beta;
    std::function<double(double)> f;
};

TEST(ReferenceActivation, AllTypesMatchFormulas) {
    const double pi = 3.14159265358979323846;
    const std::vector<Case> cases = {
        {ActivationType::kRELU, 0, 0, [](double x) { return x > 0 ? x : 0.0; }},
        {ActivationType::kSIGMOID, 0, 0, [](double x) { return 1 / (1 + std::exp(-x)); }},
        {ActivationType::kTANH, 0, 0, [](double x) { return std::tanh(x); }},
        {ActivationType::kLEAKY_RELU, 0.1f, 0, [](double x) { return x >= 0 ? x : 0.1 * x; }},
        {ActivationType::kELU, 0.7f, 0, [](double x) { return x >= 0 ? x : 0.7 * (std::exp(x) - 1); }},
        {ActivationType::kSELU, 1.5f, 2.f, [](double x) { return 2 * (x > 0 ? x : 1.5 * (std::exp(x) - 1)); }},
        {ActivationType::kSOFTSIGN, 0, 0, [](double x) { return x / (1 + std::fabs(x)); }},
        {ActivationType::kSOFTPLUS, 2.f, 3.f, [](double x) { return 2 * std::log(std::exp(3 * x) + 1); }},
        {ActivationType::kCLIP, -0.5f, 1.f, [](double x) { return x < -0.5 ? -0.5
                                                                  : x > 1  ? 1.0
                                                                           : x; }},
        {ActivationType::kHARD_SIGMOID, 0.2f, 0.5f,
         [](double x) { return std::max(0.0, std::min(1.0, 0.2 * x + 0.5)); }},
        {ActivationType::kSCALED_TANH, 1.5f, 0.5f, [](double x) { return 1.5 * std::tanh(0.5 * x); }},
        {ActivationType::kTHRESHOLDED_RELU, 0.3f, 0, [](double x) { return x > 0.3 ? x : 0.0; }},
        {ActivationType::kGELU_ERF, 0, 0, [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }},
        {ActivationType::kGELU_TANH, 0, 0,
         [pi](double x) { return 0.5 * x * (1 + std::tanh(std::sqrt(2 / pi) * (x + 0.044715 * x * x * x))); }},
    };
    ASSERT_EQ(cases.size(), static_cast<size_t>(kNB_ACTIVATION_TYPES));
    // Points on both sides of 0 and of every threshold above (0.3, -0.5, 1).
    const std::vector<float> xs = {-3.f, -0.75f, -0.25f, 0.f, 0.25f, 0.5f, 1.5f, 4.f};
    for (const Case& c : cases) {
        ir::Attrs a = ir::ActivationAttrs{c.type, c.alpha, c.beta};
        Buf x = Buf::f32(makeDims({2, 4}), xs);
        Buf y = Buf::out(makeDims({2, 4}));
        std::vector<float> got = runF(a, {&x}, y);
        for (size_t i = 0; i < xs.size(); ++i) {
            // c.alpha/c.beta are floats; the lambdas use the same decimal literals, so allow float rounding.
            EXPECT_NEAR(got[i], c.f(xs[i]), 1e-6 * (1 + std::fabs(c.f(xs[i]))))
                << "type " << static_cast<int>(c.type) << " at x=" << xs[i];
        }
    }
}

TEST(ReferenceActivation, HandValues) {
    // A few values that need no calculator: sigmoid(0) = 0.5, softplus(0) = log 2, GELU(0) = 0.
    ir::Attrs sig = ir::ActivationAttrs{ActivationType::kSIGMOID, 0, 0};
    ir::Attrs sp = ir::ActivationAttrs{ActivationType::kSOFTPLUS, 1, 1};
    Buf x = Buf::f32(makeDims({1}), {0.f});
    Buf y = Buf::out(makeDims({1}));
    expectNear(runF(sig, {&x}, y), {0.5});
    expectNear(runF(sp, {&x}, y), {std::log(2.0)});
    // SOFTPLUS must not overflow for large inputs: log(e^100 + 1) ~= 100.
    Buf big = Buf::f32(makeDims({1}), {100.f});
    expectNear(runF(sp, {&big}, y), {100.0}, 1e-4);
}

TEST(ReferenceActivation, RejectsMismatchedOutput) {
    ir::Attrs a = ir::ActivationAttrs{};
    Buf x = Buf::f32(makeDims({2, 3}), std::vector<float>(6, 1.f));
    Buf y = Buf::out(makeDims({2, 2}));
    expectFailure(a, {&x}, y, "output dims [2,2] do not match the expected [2,3]");
    Buf yi = Buf::out(makeDims({2, 3}), DataType::kINT32);
    std::string error;
    NodeDesc n = nodeFor(a, {&x}, {&x});
    auto k = referenceBackend()->createKernel(n, "reference", error);
    ASSERT_NE(k, nullptr) << error;
    EXPECT_FALSE(k->run({x.view()}, {yi.view()}, ExecArgs{}, error));
    EXPECT_NE(error.find("kINT32"), std::string::npos) << error;
}

}  // namespace
}  // namespace tforge::backends::reftest
