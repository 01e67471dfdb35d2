// Factories of the reference kernels, one per op (each defined in reference_<op>.cpp).
// Each validates what it can without concrete dims (blob types, enum values) and returns nullptr
// with `error` set when the attributes are unusable; everything dims-dependent is checked in run().
#pragma once
#include <memory>
#include <string>

#include "backends/backend.h"

namespace tforge::backends::reference {

std::unique_ptr<Kernel> makeConvolutionKernel(const ir::ConvAttrs& a, std::string& error);
std::unique_ptr<Kernel> makePoolingKernel(const ir::PoolAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeFullyConnectedKernel(const ir::FullyConnectedAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeMatrixMultiplyKernel(const ir::MatMulAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeActivationKernel(const ir::ActivationAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeElementWiseKernel(const ir::ElementWiseAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeScaleKernel(const ir::ScaleAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeSoftMaxKernel(const ir::SoftMaxAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeShuffleKernel(const ir::ShuffleAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeConcatenationKernel(const ir::ConcatAttrs& a, std::string& error);
std::unique_ptr<Kernel> makeConstantKernel(const ir::ConstantAttrs& a, std::string& error);

//! The output type of an ElementWise op for input type `in`, or false with "type X not supported".
bool elementWiseOutputType(ElementWiseOperation op, DataType in, DataType& out, std::string& why);

//! A weight blob is usable by an fp32 kernel: fp32 and with data behind a non-zero count.
bool checkF32Blob(const ir::Blob& b, const char* what, std::string& error);
//! A PostOp names a known activation (or is disabled).
bool checkPostOp(const ir::PostOp& p, std::string& error);

}  // namespace tforge::backends::reference
