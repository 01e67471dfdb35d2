// IHostMemory over an owned byte vector (serialized plans and timing caches).
#pragma once
#include <cstdint>
#include <vector>

#include "tensorforge/logger.h"

namespace tforge {

class HostMemory final : public IHostMemory {
public:
    explicit HostMemory(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
    void* data() const noexcept override { return const_cast<uint8_t*>(bytes_.data()); }
    size_t size() const noexcept override { return bytes_.size(); }
    DataType type() const noexcept override { return DataType::kUINT8; }

private:
    std::vector<uint8_t> bytes_;
};

}  // namespace tforge
