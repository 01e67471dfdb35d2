// Out-of-line helpers declared in the public tensorforge/types.h.
#include "tensorforge/types.h"

namespace tforge {

int64_t dataTypeSize(DataType t) noexcept {
    switch (t) {
        case DataType::kFLOAT: case DataType::kINT32: return 4;
        case DataType::kHALF: case DataType::kBF16: return 2;
        case DataType::kINT8: case DataType::kUINT8: case DataType::kBOOL: case DataType::kFP8:
        case DataType::kINT4: return 1;
        case DataType::kINT64: return 8;
    }
    return 0;
}

const char* dataTypeName(DataType t) noexcept {
    switch (t) {
        case DataType::kFLOAT: return "kFLOAT";
        case DataType::kHALF: return "kHALF";
        case DataType::kINT8: return "kINT8";
        case DataType::kINT32: return "kINT32";
        case DataType::kBOOL: return "kBOOL";
        case DataType::kUINT8: return "kUINT8";
        case DataType::kFP8: return "kFP8";
        case DataType::kBF16: return "kBF16";
        case DataType::kINT64: return "kINT64";
        case DataType::kINT4: return "kINT4";
    }
    return "unknown";
}

const char* layerTypeName(LayerType t) noexcept {
    switch (t) {
#define TFORGE_LAYER_TYPE_NAME(Name, Value) \
    case LayerType::k##Name: return #Name;
        TFORGE_LAYER_TYPES(TFORGE_LAYER_TYPE_NAME)
#undef TFORGE_LAYER_TYPE_NAME
    }
    return "Unknown";
}

const char* tensorFormatName(TensorFormat f) noexcept {
    switch (f) {
        case TensorFormat::kLINEAR: return "kLINEAR";
        case TensorFormat::kCHW2: return "kCHW2";
        case TensorFormat::kHWC8: return "kHWC8";
        case TensorFormat::kCHW4: return "kCHW4";
        case TensorFormat::kCHW16: return "kCHW16";
        case TensorFormat::kCHW32: return "kCHW32";
        case TensorFormat::kDHWC8: return "kDHWC8";
        case TensorFormat::kCDHW32: return "kCDHW32";
        case TensorFormat::kHWC: return "kHWC";
        case TensorFormat::kDLA_LINEAR: return "kDLA_LINEAR";
        case TensorFormat::kDLA_HWC4: return "kDLA_HWC4";
        case TensorFormat::kHWC16: return "kHWC16";
        case TensorFormat::kDHWC: return "kDHWC";
    }
    return "unknown";
}

}  // namespace tforge
