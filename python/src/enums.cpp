// Enums of the public API, with TensorRT's Python names (kFLOAT -> DataType.FLOAT).
#include "common.h"

namespace tfpy {

void bindEnums(py::module_& m) {
    py::enum_<DataType>(m, "DataType", "Element type of a tensor or of weights (TensorRT 10 values).")
        .value("FLOAT", DataType::kFLOAT, "32-bit float")
        .value("HALF", DataType::kHALF, "16-bit IEEE float")
        .value("INT8", DataType::kINT8, "signed 8-bit integer")
        .value("INT32", DataType::kINT32, "signed 32-bit integer")
        .value("BOOL", DataType::kBOOL, "8-bit boolean")
        .value("UINT8", DataType::kUINT8, "unsigned 8-bit integer")
        .value("FP8", DataType::kFP8, "8-bit float (E4M3)")
        .value("BF16", DataType::kBF16, "bfloat16")
        .value("INT64", DataType::kINT64, "signed 64-bit integer")
        .value("INT4", DataType::kINT4, "signed 4-bit integer")
        .def_property_readonly(
            "itemsize", [](DataType t) { return dataTypeSize(t); },
            "Size of one element in bytes (INT4 rounds up to 1).");

    py::enum_<TensorIOMode>(m, "TensorIOMode", "Whether an engine's I/O tensor is an input or an output.")
        .value("NONE", TensorIOMode::kNONE)
        .value("INPUT", TensorIOMode::kINPUT)
        .value("OUTPUT", TensorIOMode::kOUTPUT);

    py::enum_<TensorFormat>(m, "TensorFormat",
                            "Memory layout of a tensor (TensorRT's values); shapes stay logical (N, C, H, W) "
                            "whatever the format.")
        .value("LINEAR", TensorFormat::kLINEAR, "row-major, the layout numpy arrays have")
        .value("CHW2", TensorFormat::kCHW2, "channels in blocks of 2, the block innermost")
        .value("HWC8", TensorFormat::kHWC8, "channels-last, channels padded to a multiple of 8")
        .value("CHW4", TensorFormat::kCHW4, "channels in blocks of 4, the block innermost")
        .value("CHW16", TensorFormat::kCHW16, "channels in blocks of 16, the block innermost (nChw16c)")
        .value("CHW32", TensorFormat::kCHW32, "channels in blocks of 32, the block innermost")
        .value("DHWC8", TensorFormat::kDHWC8, "3-D channels-last, channels padded to a multiple of 8")
        .value("CDHW32", TensorFormat::kCDHW32, "3-D, channels in blocks of 32, the block innermost")
        .value("HWC", TensorFormat::kHWC, "channels-last (NHWC)")
        .value("DLA_LINEAR", TensorFormat::kDLA_LINEAR, "DLA's row-major layout")
        .value("DLA_HWC4", TensorFormat::kDLA_HWC4, "DLA's channels-last layout, channels padded to 4")
        .value("HWC16", TensorFormat::kHWC16, "channels-last, channels padded to a multiple of 16")
        .value("DHWC", TensorFormat::kDHWC, "3-D channels-last (NDHWC)");

    py::enum_<ActivationType>(m, "ActivationType", "Activation functions of add_activation.")
        .value("RELU", ActivationType::kRELU)
        .value("SIGMOID", ActivationType::kSIGMOID)
        .value("TANH", ActivationType::kTANH)
        .value("LEAKY_RELU", ActivationType::kLEAKY_RELU)
        .value("ELU", ActivationType::kELU)
        .value("SELU", ActivationType::kSELU)
        .value("SOFTSIGN", ActivationType::kSOFTSIGN)
        .value("SOFTPLUS", ActivationType::kSOFTPLUS)
        .value("CLIP", ActivationType::kCLIP)
        .value("HARD_SIGMOID", ActivationType::kHARD_SIGMOID)
        .value("SCALED_TANH", ActivationType::kSCALED_TANH)
        .value("THRESHOLDED_RELU", ActivationType::kTHRESHOLDED_RELU)
        .value("GELU_ERF", ActivationType::kGELU_ERF)
        .value("GELU_TANH", ActivationType::kGELU_TANH);

    py::enum_<PoolingType>(m, "PoolingType", "Pooling operations of add_pooling_nd.")
        .value("MAX", PoolingType::kMAX)
        .value("AVERAGE", PoolingType::kAVERAGE)
        .value("MAX_AVERAGE_BLEND", PoolingType::kMAX_AVERAGE_BLEND);

    py::enum_<ElementWiseOperation>(m, "ElementWiseOperation", "Binary operations of add_elementwise.")
        .value("SUM", ElementWiseOperation::kSUM)
        .value("PROD", ElementWiseOperation::kPROD)
        .value("MAX", ElementWiseOperation::kMAX)
        .value("MIN", ElementWiseOperation::kMIN)
        .value("SUB", ElementWiseOperation::kSUB)
        .value("DIV", ElementWiseOperation::kDIV)
        .value("POW", ElementWiseOperation::kPOW)
        .value("FLOOR_DIV", ElementWiseOperation::kFLOOR_DIV)
        .value("AND", ElementWiseOperation::kAND)
        .value("OR", ElementWiseOperation::kOR)
        .value("XOR", ElementWiseOperation::kXOR)
        .value("EQUAL", ElementWiseOperation::kEQUAL)
        .value("GREATER", ElementWiseOperation::kGREATER)
        .value("LESS", ElementWiseOperation::kLESS);

    py::enum_<PaddingMode>(m, "PaddingMode", "How convolution and pooling pad their input.")
        .value("EXPLICIT_ROUND_DOWN", PaddingMode::kEXPLICIT_ROUND_DOWN)
        .value("EXPLICIT_ROUND_UP", PaddingMode::kEXPLICIT_ROUND_UP)
        .value("SAME_UPPER", PaddingMode::kSAME_UPPER)
        .value("SAME_LOWER", PaddingMode::kSAME_LOWER);

    py::enum_<MatrixOperation>(m, "MatrixOperation", "Operand treatment of add_matrix_multiply.")
        .value("NONE", MatrixOperation::kNONE)
        .value("TRANSPOSE", MatrixOperation::kTRANSPOSE)
        .value("VECTOR", MatrixOperation::kVECTOR);

    py::enum_<ScaleMode>(m, "ScaleMode", "Granularity of add_scale's coefficients.")
        .value("UNIFORM", ScaleMode::kUNIFORM)
        .value("CHANNEL", ScaleMode::kCHANNEL)
        .value("ELEMENTWISE", ScaleMode::kELEMENTWISE);

    // One value per entry of TFORGE_LAYER_TYPES (types.h), TensorRT's names and values.
    py::enum_<LayerType> layerType(m, "LayerType",
                                   "Kind of a layer (ILayer.type). TensorRT 10's values; FULLY_CONNECTED, the legacy "
                                   "layer TensorRT 10 removed, is 1000 (TensorRT 10 gave its old value 1 to CAST).");
#define TFPY_LAYER_TYPE_VALUE(Name, Value) layerType.value(#Name, LayerType::k##Name);
    TFORGE_LAYER_TYPES(TFPY_LAYER_TYPE_VALUE)
#undef TFPY_LAYER_TYPE_VALUE

    py::enum_<OptProfileSelector>(m, "OptProfileSelector", "Which shape of an optimization profile.")
        .value("MIN", OptProfileSelector::kMIN)
        .value("OPT", OptProfileSelector::kOPT)
        .value("MAX", OptProfileSelector::kMAX);

    py::enum_<MemoryPoolType>(m, "MemoryPoolType", "Memory pools limited by IBuilderConfig.set_memory_pool_limit.")
        .value("WORKSPACE", MemoryPoolType::kWORKSPACE);

    py::enum_<BuilderFlag>(m, "BuilderFlag", "Build options of IBuilderConfig.set_flag.")
        .value("FP16", BuilderFlag::kFP16)
        .value("INT8", BuilderFlag::kINT8)
        .value("DEBUG", BuilderFlag::kDEBUG)
        .value("GPU_FALLBACK", BuilderFlag::kGPU_FALLBACK)
        .value("REFIT", BuilderFlag::kREFIT)
        .value("DISABLE_TIMING_CACHE", BuilderFlag::kDISABLE_TIMING_CACHE)
        .value("TF32", BuilderFlag::kTF32)
        .value("SPARSE_WEIGHTS", BuilderFlag::kSPARSE_WEIGHTS)
        .value("OBEY_PRECISION_CONSTRAINTS", BuilderFlag::kOBEY_PRECISION_CONSTRAINTS)
        .value("PREFER_PRECISION_CONSTRAINTS", BuilderFlag::kPREFER_PRECISION_CONSTRAINTS)
        .value("BF16", BuilderFlag::kBF16);

    py::enum_<DeviceType>(m, "DeviceType", "Where an engine runs; TensorForge adds CPU (the default).")
        .value("GPU", DeviceType::kGPU)
        .value("DLA", DeviceType::kDLA)
        .value("CPU", DeviceType::kCPU, "the host's cores (TensorForge's default)")
        .value("TEST", DeviceType::kTEST,
               "a device emulated on the host for CI: its memory is not host-dereferenceable and its streams run on "
               "a worker thread (TensorForge)");

    py::enum_<TacticSource>(m, "TacticSource",
                            "Kernel libraries the builder may choose from (IBuilderConfig.set_tactic_sources takes "
                            "a bit mask of 1 << int(source)).")
        .value("CUBLAS", TacticSource::kCUBLAS)
        .value("CUBLAS_LT", TacticSource::kCUBLAS_LT)
        .value("CUDNN", TacticSource::kCUDNN)
        .value("REFERENCE", TacticSource::kREFERENCE, "plain loops, the oracle (TensorForge)")
        .value("CPU", TacticSource::kCPU, "the multi-threaded CPU backend (TensorForge)")
        .value("TEST", TacticSource::kTEST, "kernels of the test device, DeviceType.TEST (TensorForge)");

    py::enum_<NetworkDefinitionCreationFlag>(m, "NetworkDefinitionCreationFlag",
                                             "Flags of Builder.create_network (a bit mask of 1 << int(flag)).")
        .value("EXPLICIT_BATCH", NetworkDefinitionCreationFlag::kEXPLICIT_BATCH)
        .value("STRONGLY_TYPED", NetworkDefinitionCreationFlag::kSTRONGLY_TYPED,
               "types follow the network's inputs and casts; builder precision flags and layer precisions do not "
               "apply");

    py::enum_<ProfilingVerbosity>(m, "ProfilingVerbosity", "Detail of the layer information kept in an engine.")
        .value("LAYER_NAMES_ONLY", ProfilingVerbosity::kLAYER_NAMES_ONLY)
        .value("NONE", ProfilingVerbosity::kNONE)
        .value("DETAILED", ProfilingVerbosity::kDETAILED);

    py::enum_<ErrorCode>(m, "ErrorCode", "Error codes of the library (TensorRT's values).")
        .value("SUCCESS", ErrorCode::kSUCCESS)
        .value("UNSPECIFIED_ERROR", ErrorCode::kUNSPECIFIED_ERROR)
        .value("INTERNAL_ERROR", ErrorCode::kINTERNAL_ERROR)
        .value("INVALID_ARGUMENT", ErrorCode::kINVALID_ARGUMENT)
        .value("INVALID_CONFIG", ErrorCode::kINVALID_CONFIG)
        .value("FAILED_ALLOCATION", ErrorCode::kFAILED_ALLOCATION)
        .value("FAILED_INITIALIZATION", ErrorCode::kFAILED_INITIALIZATION)
        .value("FAILED_EXECUTION", ErrorCode::kFAILED_EXECUTION)
        .value("FAILED_COMPUTATION", ErrorCode::kFAILED_COMPUTATION)
        .value("INVALID_STATE", ErrorCode::kINVALID_STATE)
        .value("UNSUPPORTED_STATE", ErrorCode::kUNSUPPORTED_STATE);
}

}  // namespace tfpy
