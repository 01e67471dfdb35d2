// ElementWise cases: every op and type, same-shape / scalar / per-channel / mixed-rank / mutual
// broadcasting, sizes that cross parallel chunks.
#include "harness.h"

namespace tforge::test {
namespace {

using Op = ElementWiseOperation;

OpCase ew(Op op, Dims a, Dims b, DataType t, std::vector<Fill> fills = {}) {
    ir::ElementWiseAttrs at;
    at.op = op;
    std::string label =
        "op" + std::to_string(static_cast<int>(op)) + "_" + dataTypeName(t) + "_a" + join(a) + "_b" + join(b);
    return OpCase{label, at, {{a, t}, {b, t}}, fills, 1e-6, 2e-6};
}

std::vector<std::pair<Dims, Dims>> shapes() {
    return {
        {dims({3, 5, 67, 131}), dims({3, 5, 67, 131})},  // same shape, > 16K elements
        {dims({2, 7, 5, 3}), dims({1})},                 // scalar
        {dims({1}), dims({2, 7, 5, 3})},
        {dims({3, 17, 29, 31}), dims({1, 17, 1, 1})},  // per-channel bias
        {dims({2, 9, 4, 5}), dims({5})},               // lower rank
        {dims({4, 1, 6, 1}), dims({1, 5, 1, 7})},      // mutual broadcast
        {dims({7, 1}), dims({1, 9})},
        {dims({3, 1, 2}), dims({2, 1, 4, 1})},  // different ranks, both broadcast
        {dims({1, 1, 1}), dims({1, 1})},
        {dims({13}), dims({13})},
    };
}

std::vector<OpCase> ewCases() {
    std::vector<OpCase> v;
    const Op arith[] = {Op::kSUM, Op::kPROD, Op::kMAX, Op::kMIN, Op::kSUB, Op::kDIV, Op::kPOW, Op::kFLOOR_DIV};
    for (Op op : arith)
        for (auto& [a, b] : shapes()) {
            if (op == Op::kPOW)
                v.push_back(ew(op, a, b, DataType::kFLOAT, {Fill::kPositive, Fill::kSigned}));
            else
                v.push_back(ew(op, a, b, DataType::kFLOAT));
        }
    for (Op op : arith) {
        for (auto& [a, b] : shapes()) {
            std::vector<Fill> f;
            if (op == Op::kPOW) f = {Fill::kInt, Fill::kIntExp};
            if (op == Op::kDIV || op == Op::kFLOOR_DIV) f = {Fill::kIntZeros, Fill::kIntZeros};
            v.push_back(ew(op, a, b, DataType::kINT32, f));
        }
    }
    for (Op op : {Op::kEQUAL, Op::kGREATER, Op::kLESS})
        for (auto& [a, b] : shapes()) {
            v.push_back(ew(op, a, b, DataType::kFLOAT, {Fill::kFew, Fill::kFew}));
            v.push_back(ew(op, a, b, DataType::kINT32, {Fill::kIntZeros, Fill::kIntZeros}));
        }
    for (Op op : {Op::kAND, Op::kOR, Op::kXOR})
        for (auto& [a, b] : shapes()) v.push_back(ew(op, a, b, DataType::kBOOL));
    // int32 overflow wraps (PROD of large values; POW with big exponents).
    v.push_back(ew(Op::kPOW, dims({64}), dims({64}), DataType::kINT32, {Fill::kInt, Fill::kIntExp}));
    return v;
}

INSTANTIATE_TEST_SUITE_P(ElementWise, KernelCase, ::testing::ValuesIn(ewCases()), caseName);

}  // namespace
}  // namespace tforge::test
