// Cast, Reformat and Copy: the conversion ops. Each keeps the logical dims; Cast and Reformat may
// change the element type. (One file: each is three lines and they share the type rules.)
#include <cstdint>

#include "ir/shape/shape_common.h"

namespace tforge::ir::shape {

bool inferCast(const CastAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    if (!isStorableType(in[0].type)) {
        err = cat("cannot cast from type ", dataTypeName(in[0].type));
        return false;
    }
    if (!isStorableType(a.toType)) {
        err = cat("cannot cast to type ", dataTypeName(a.toType), " (use kFLOAT, kHALF, kBF16, kINT8, kINT32, kINT64, "
                  "kBOOL or kUINT8)");
        return false;
    }
    TensorDesc y{in[0].dims, a.toType};
    // Value propagation between the integer types (shape tensors), where every value fits.
    if (in[0].hasValues && (a.toType == DataType::kINT32 || a.toType == DataType::kINT64) &&
        (in[0].type == DataType::kINT32 || in[0].type == DataType::kINT64)) {
        bool fits = true;
        for (int64_t v : in[0].values) fits = fits && (a.toType == DataType::kINT64 || (v >= INT32_MIN && v <= INT32_MAX));
        if (fits) {
            y.hasValues = true;
            y.values = in[0].values;
        }
    }
    out.push_back(std::move(y));
    return true;
}

bool inferReformat(const ReformatAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    if (!isStorableType(in[0].type) || !isStorableType(a.toType)) {
        err = cat("cannot reformat ", dataTypeName(in[0].type), " to ", dataTypeName(a.toType));
        return false;
    }
    out.push_back(TensorDesc{in[0].dims, a.toType, a.toFormat});
    return true;
}

bool inferCopy(const CopyAttrs& a, const Inputs& in, Outputs& out, std::string& err) {
    (void)a;
    (void)err;
    out.push_back(in[0]);
    return true;
}

}  // namespace tforge::ir::shape
