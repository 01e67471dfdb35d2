// Blob: an immutable, 64-byte-aligned run of weight values shared by graph, program and kernels.
#pragma once
#include <cstdint>
#include <memory>

#include "tensorforge/types.h"

namespace tforge::ir {

struct Blob {
    DataType type{DataType::kFLOAT};
    int64_t count{0};
    // Keeps `data` alive: either an aligned copy made by Blob::copyOf or the engine's plan buffer.
    std::shared_ptr<const void> owner;
    const void* data{nullptr};

    bool empty() const { return count == 0; }
    int64_t bytes() const { return count * dataTypeSize(type); }
    const float* f32() const { return static_cast<const float*>(data); }
    const int32_t* i32() const { return static_cast<const int32_t*>(data); }

    //! Copies `count` values of `type` into fresh 64-byte-aligned memory.
    static Blob copyOf(DataType type, const void* values, int64_t count);
    //! A fresh zero-initialised fp32 blob for passes that compute new weights.
    static Blob zerosF32(int64_t count);
    float* mutableF32() const { return const_cast<float*>(f32()); }  // only on blobs from zerosF32
};

}  // namespace tforge::ir
