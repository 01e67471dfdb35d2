// The ir::Program a built plan holds, for tests that check what the builder chose or inserted.
#pragma once
#include <gtest/gtest.h>

#include "common/test_util.h"
#include "plan/plan_file.h"

namespace tftest {

inline tforge::ir::Program programOf(const std::vector<uint8_t>& plan) {
    tforge::ir::Program p;
    std::string err;
    EXPECT_TRUE(tforge::plan::readPlan(plan.data(), plan.size(), DeviceType::kCPU, false, ~uint64_t{0}, p, err)) << err;
    return p;
}
inline tforge::ir::Program programOf(const Built& b) { return programOf(b.plan); }

inline int countKind(const tforge::ir::Program& p, tforge::ir::OpKind k) {
    int n = 0;
    for (auto& node : p.nodes) n += node.kind() == k;
    return n;
}

}  // namespace tftest
