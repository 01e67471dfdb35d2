#include "ir/blob.h"

#include <cstdlib>
#include <cstring>

namespace tforge::ir {

namespace {
std::shared_ptr<void> alignedBytes(int64_t bytes) {
    size_t rounded = static_cast<size_t>((bytes + 63) / 64 * 64);
    void* p = std::aligned_alloc(64, rounded == 0 ? 64 : rounded);
    if (!p) return nullptr;
    std::memset(p, 0, rounded == 0 ? 64 : rounded);
    return std::shared_ptr<void>(p, [](void* q) { std::free(q); });
}
}  // namespace

Blob Blob::copyOf(DataType type, const void* values, int64_t count) {
    Blob b;
    b.type = type;
    b.count = count;
    auto mem = alignedBytes(b.bytes());
    if (count > 0 && values) std::memcpy(mem.get(), values, static_cast<size_t>(b.bytes()));
    b.data = mem.get();
    b.owner = std::move(mem);
    return b;
}

Blob Blob::zerosF32(int64_t count) {
    Blob b;
    b.type = DataType::kFLOAT;
    b.count = count;
    auto mem = alignedBytes(b.bytes());
    b.data = mem.get();
    b.owner = std::move(mem);
    return b;
}

}  // namespace tforge::ir
