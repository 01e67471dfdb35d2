// Activation memory planning: one arena per execution context; tensors whose lifetimes do not
// overlap share bytes. Greedy by size (largest first), each placed at the lowest offset that does not
// collide with an already placed, simultaneously-live tensor — simple and close to optimal for chains.
#include <algorithm>
#include <numeric>

#include "builder/build_request.h"

namespace tforge::builder {

namespace {
int64_t align64(int64_t v) { return (v + 63) / 64 * 64; }
}  // namespace

int64_t planArena(const std::vector<Lifetime>& ts, std::vector<int64_t>& offsets) {
    offsets.assign(ts.size(), 0);
    std::vector<size_t> order(ts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ts[a].bytes > ts[b].bytes; });
    std::vector<size_t> placed;
    int64_t total = 0;
    for (size_t i : order) {
        int64_t size = align64(std::max<int64_t>(ts[i].bytes, 1));
        // Intervals of live, placed tensors, sorted by offset; find the first gap that fits.
        std::vector<std::pair<int64_t, int64_t>> busy;
        for (size_t j : placed)
            if (!(ts[j].last < ts[i].first || ts[i].last < ts[j].first))
                busy.push_back({offsets[j], offsets[j] + align64(std::max<int64_t>(ts[j].bytes, 1))});
        std::sort(busy.begin(), busy.end());
        int64_t at = 0;
        for (auto& [b, e] : busy) {
            if (at + size <= b) break;
            at = std::max(at, e);
        }
        offsets[i] = at;
        total = std::max(total, at + size);
        placed.push_back(i);
    }
    return total;
}

}  // namespace tforge::builder
