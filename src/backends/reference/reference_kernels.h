// Factories of the reference kernels, one per op (each defined in reference_<op>.cpp).
// Each validates what it can without concrete dims (blob types, enum values) and returns nullptr
// with `error` set when the attributes are unusable; everything dims-dependent is checked in run().
#pragma once
#include <memory>
#include <string>

#include "backends/backend.h"

namespace tforge::backends::reference {

// One factory per op-table entry (reference_backend.cpp's dispatch is generated from the table, so a
// missing one is a link error).
#define TFORGE_REFERENCE_FACTORY(Name, AttrsType, ...) \
    std::unique_ptr<Kernel> make##Name##Kernel(const ir::AttrsType& a, std::string& error);
TFORGE_FOR_EACH_OP(TFORGE_REFERENCE_FACTORY)
#undef TFORGE_REFERENCE_FACTORY

//! The output type of an ElementWise op for input type `in`, or false with "type X not supported".
bool elementWiseOutputType(ElementWiseOperation op, DataType in, DataType& out, std::string& why);

//! A weight blob is usable by an fp32 kernel: fp32 and with data behind a non-zero count.
bool checkF32Blob(const ir::Blob& b, const char* what, std::string& error);
//! A PostOp names a known activation (or is disabled).
bool checkPostOp(const ir::PostOp& p, std::string& error);

}  // namespace tforge::backends::reference
