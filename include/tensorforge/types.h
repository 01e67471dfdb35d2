// Plain types and enums of the public API (TensorRT 10 names and values where TensorRT has them).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tforge {

//! Library version, also written into every plan file.
constexpr int32_t kVERSION_MAJOR = 0;
constexpr int32_t kVERSION_MINOR = 1;
constexpr int32_t kVERSION_PATCH = 0;

//! Element types. Values follow TensorRT 10.
enum class DataType : int32_t {
    kFLOAT = 0, kHALF = 1, kINT8 = 2, kINT32 = 3, kBOOL = 4, kUINT8 = 5,
    kFP8 = 6, kBF16 = 7, kINT64 = 8, kINT4 = 9,
};

//! Size in bytes of one element (kINT4 rounds up to 1).
int64_t dataTypeSize(DataType t) noexcept;
//! Human-readable name, e.g. "kFLOAT".
const char* dataTypeName(DataType t) noexcept;

//! Dimensions: up to MAX_DIMS extents, -1 marks a dimension known only at run time.
class Dims64 {
public:
    static constexpr int32_t MAX_DIMS{8};
    int32_t nbDims{0};
    int64_t d[MAX_DIMS]{};
};
using Dims = Dims64;

class Dims2 : public Dims {
public:
    Dims2() noexcept { nbDims = 2; }
    Dims2(int64_t d0, int64_t d1) noexcept { nbDims = 2; d[0] = d0; d[1] = d1; }
};
using DimsHW = Dims2;
class Dims3 : public Dims {
public:
    Dims3() noexcept { nbDims = 3; }
    Dims3(int64_t d0, int64_t d1, int64_t d2) noexcept { nbDims = 3; d[0] = d0; d[1] = d1; d[2] = d2; }
};
class Dims4 : public Dims {
public:
    Dims4() noexcept { nbDims = 4; }
    Dims4(int64_t d0, int64_t d1, int64_t d2, int64_t d3) noexcept {
        nbDims = 4; d[0] = d0; d[1] = d1; d[2] = d2; d[3] = d3;
    }
};

//! Weights handed to the network. The values are copied when the layer is added,
//! so (unlike TensorRT) the caller may free them right after the add call.
struct Weights {
    DataType type{DataType::kFLOAT};
    const void* values{nullptr};
    int64_t count{0};
};

//! Permutation of a Shuffle layer: output dim i takes input dim order[i].
struct Permutation {
    int32_t order[Dims::MAX_DIMS];
};

enum class TensorIOMode : int32_t { kNONE = 0, kINPUT = 1, kOUTPUT = 2 };

//! Memory layout of a tensor (TensorRT's values). Dims stay logical (N, C, H, W) whatever the format.
//! kHWC is channels-last (NHWC); kCHW16 is the channel-blocked layout oneDNN calls nChw16c.
enum class TensorFormat : int32_t {
    kLINEAR = 0, kCHW2 = 1, kHWC8 = 2, kCHW4 = 3, kCHW16 = 4, kCHW32 = 5, kDHWC8 = 6, kCDHW32 = 7,
    kHWC = 8, kDLA_LINEAR = 9, kDLA_HWC4 = 10, kHWC16 = 11, kDHWC = 12,
};
const char* tensorFormatName(TensorFormat f) noexcept;

enum class ActivationType : int32_t {
    kRELU = 0, kSIGMOID = 1, kTANH = 2, kLEAKY_RELU = 3, kELU = 4, kSELU = 5, kSOFTSIGN = 6,
    kSOFTPLUS = 7, kCLIP = 8, kHARD_SIGMOID = 9, kSCALED_TANH = 10, kTHRESHOLDED_RELU = 11,
    kGELU_ERF = 12, kGELU_TANH = 13,
};
constexpr int32_t kNB_ACTIVATION_TYPES = 14;

enum class PoolingType : int32_t { kMAX = 0, kAVERAGE = 1, kMAX_AVERAGE_BLEND = 2 };

enum class ElementWiseOperation : int32_t {
    kSUM = 0, kPROD = 1, kMAX = 2, kMIN = 3, kSUB = 4, kDIV = 5, kPOW = 6, kFLOOR_DIV = 7,
    kAND = 8, kOR = 9, kXOR = 10, kEQUAL = 11, kGREATER = 12, kLESS = 13,
};
constexpr int32_t kNB_ELEMENTWISE_OPS = 14;

enum class PaddingMode : int32_t {
    kEXPLICIT_ROUND_DOWN = 0, kEXPLICIT_ROUND_UP = 1, kSAME_UPPER = 2, kSAME_LOWER = 3,
};

enum class MatrixOperation : int32_t { kNONE = 0, kTRANSPOSE = 1, kVECTOR = 2 };

enum class ScaleMode : int32_t { kUNIFORM = 0, kCHANNEL = 1, kELEMENTWISE = 2 };

//! Every TensorRT 10 layer kind with TensorRT's values (one list: the enum, layerTypeName and the
//! Python enum are all made from it). FULLY_CONNECTED is TensorRT <= 9's legacy layer, which
//! TensorForge keeps; TensorRT 10 reused its old value 1 for CAST, so it moved to 1000.
#define TFORGE_LAYER_TYPES(X)                                                                             \
    X(CONVOLUTION, 0) X(CAST, 1) X(ACTIVATION, 2) X(POOLING, 3) X(LRN, 4) X(SCALE, 5) X(SOFTMAX, 6)        \
    X(DECONVOLUTION, 7) X(CONCATENATION, 8) X(ELEMENTWISE, 9) X(PLUGIN, 10) X(UNARY, 11) X(PADDING, 12)   \
    X(SHUFFLE, 13) X(REDUCE, 14) X(TOPK, 15) X(GATHER, 16) X(MATRIX_MULTIPLY, 17) X(RAGGED_SOFTMAX, 18)   \
    X(CONSTANT, 19) X(IDENTITY, 20) X(PLUGIN_V2, 21) X(SLICE, 22) X(SHAPE, 23) X(PARAMETRIC_RELU, 24)     \
    X(RESIZE, 25) X(TRIP_LIMIT, 26) X(RECURRENCE, 27) X(ITERATOR, 28) X(LOOP_OUTPUT, 29) X(SELECT, 30)    \
    X(FILL, 31) X(QUANTIZE, 32) X(DEQUANTIZE, 33) X(CONDITION, 34) X(CONDITIONAL_INPUT, 35)              \
    X(CONDITIONAL_OUTPUT, 36) X(SCATTER, 37) X(EINSUM, 38) X(ASSERTION, 39) X(ONE_HOT, 40)                \
    X(NON_ZERO, 41) X(GRID_SAMPLE, 42) X(NMS, 43) X(REVERSE_SEQUENCE, 44) X(NORMALIZATION, 45)            \
    X(PLUGIN_V3, 46) X(SQUEEZE, 47) X(UNSQUEEZE, 48) X(CUMULATIVE, 49) X(DYNAMIC_QUANTIZE, 50)            \
    X(FULLY_CONNECTED, 1000)

enum class LayerType : int32_t {
#define TFORGE_LAYER_TYPE_VALUE(Name, Value) k##Name = Value,
    TFORGE_LAYER_TYPES(TFORGE_LAYER_TYPE_VALUE)
#undef TFORGE_LAYER_TYPE_VALUE
};
const char* layerTypeName(LayerType t) noexcept;

enum class OptProfileSelector : int32_t { kMIN = 0, kOPT = 1, kMAX = 2 };

enum class MemoryPoolType : int32_t { kWORKSPACE = 0 };

enum class BuilderFlag : int32_t {
    kFP16 = 0, kINT8 = 1, kDEBUG = 2, kGPU_FALLBACK = 3, kREFIT = 4, kDISABLE_TIMING_CACHE = 5,
    kTF32 = 6, kSPARSE_WEIGHTS = 7, kOBEY_PRECISION_CONSTRAINTS = 9,
    kPREFER_PRECISION_CONSTRAINTS = 10, kBF16 = 17,
};
constexpr int32_t kNB_BUILDER_FLAGS = 32;

//! Where an engine runs. TensorForge adds kCPU, the embedded default, and kTEST: a device emulated on
//! the host for CI (its memory is not host-dereferenceable and its streams run on a worker thread, as
//! a GPU's do), so that copies and stream ordering are tested on machines without a GPU.
enum class DeviceType : int32_t { kGPU = 0, kDLA = 1, kCPU = 2, kTEST = 3 };

//! Kernel libraries the builder may choose tactics from (a bit mask of 1 << value).
//! TensorRT's sources keep their values; TensorForge's own backends follow.
enum class TacticSource : int32_t {
    kCUBLAS = 0, kCUBLAS_LT = 1, kCUDNN = 2,
    kREFERENCE = 16,  //!< plain loops, the oracle; always correct, never fast
    kCPU = 17,        //!< the multi-threaded CPU backend
    kTEST = 18,       //!< kernels of the test device (DeviceType::kTEST)
};
using TacticSources = uint32_t;

//! kIMPLICIT_BATCH_LEGACY (TensorForge): the TensorRT <= 7 implicit-batch mode that old scripts'
//! createNetwork()/create_network() mean. The network's inputs still carry their batch dim (-1);
//! the engine records that it is implicit-batch and IBuilder::setMaxBatchSize's bound, so that
//! ICudaEngine::hasImplicitBatchDimension/getMaxBatchSize (and Python's legacy binding shapes) are
//! right after a plan round trip.
enum class NetworkDefinitionCreationFlag : int32_t { kEXPLICIT_BATCH = 0, kSTRONGLY_TYPED = 1, kIMPLICIT_BATCH_LEGACY = 16 };
using NetworkDefinitionCreationFlags = uint32_t;

enum class ProfilingVerbosity : int32_t { kLAYER_NAMES_ONLY = 0, kNONE = 1, kDETAILED = 2 };

//! Error codes reported through IErrorRecorder (TensorRT's values).
enum class ErrorCode : int32_t {
    kSUCCESS = 0, kUNSPECIFIED_ERROR = 1, kINTERNAL_ERROR = 2, kINVALID_ARGUMENT = 3,
    kINVALID_CONFIG = 4, kFAILED_ALLOCATION = 5, kFAILED_INITIALIZATION = 6,
    kFAILED_EXECUTION = 7, kFAILED_COMPUTATION = 8, kINVALID_STATE = 9, kUNSUPPORTED_STATE = 10,
};

// Enums of the layer families (src/ir/op_table.h), TensorRT 10 values.
// ---- math family: enums (begin)
// ---- math family (end)
// ---- reduce family: enums (begin)
// ---- reduce family (end)
// ---- shape family: enums (begin)
// ---- shape family (end)
// ---- index family: enums (begin)
// ---- index family (end)
// ---- control family: enums (begin)
// ---- control family (end)

}  // namespace tforge
