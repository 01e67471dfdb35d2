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
        case LayerType::kCONVOLUTION: return "Convolution";
        case LayerType::kFULLY_CONNECTED: return "FullyConnected";
        case LayerType::kACTIVATION: return "Activation";
        case LayerType::kPOOLING: return "Pooling";
        case LayerType::kSCALE: return "Scale";
        case LayerType::kSOFTMAX: return "SoftMax";
        case LayerType::kCONCATENATION: return "Concatenation";
        case LayerType::kELEMENTWISE: return "ElementWise";
        case LayerType::kSHUFFLE: return "Shuffle";
        case LayerType::kMATRIX_MULTIPLY: return "MatrixMultiply";
        case LayerType::kCONSTANT: return "Constant";
    }
    return "Unknown";
}

}  // namespace tforge
