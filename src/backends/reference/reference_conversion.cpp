// Cast, Reformat and Copy on the host: element type conversion, memory-format conversion (ir/format.h)
// and a plain host copy. Values pass through double, which holds every fp32/int32 value exactly and
// int64 up to 2^53. Float -> integer truncates toward zero and saturates at the type's range (NaN -> 0);
// anything -> bool is "!= 0".
#include <cmath>
#include <cstring>
#include <limits>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"
#include "common/half.h"
#include "ir/format.h"

namespace tforge::backends::reference {
namespace {

double load(const void* p, DataType t, int64_t i) {
    switch (t) {
        case DataType::kFLOAT: return static_cast<const float*>(p)[i];
        case DataType::kHALF: return halfToFloat(static_cast<const uint16_t*>(p)[i]);
        case DataType::kBF16: return bf16ToFloat(static_cast<const uint16_t*>(p)[i]);
        case DataType::kINT8: return static_cast<const int8_t*>(p)[i];
        case DataType::kUINT8: return static_cast<const uint8_t*>(p)[i];
        case DataType::kBOOL: return static_cast<const uint8_t*>(p)[i] != 0;
        case DataType::kINT32: return static_cast<const int32_t*>(p)[i];
        case DataType::kINT64: return static_cast<double>(static_cast<const int64_t*>(p)[i]);
        default: return 0;
    }
}

template <class I>
I toInt(double v) {
    if (std::isnan(v)) return 0;
    v = std::trunc(v);
    const double lo = static_cast<double>(std::numeric_limits<I>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<I>::max());
    if (v <= lo) return std::numeric_limits<I>::lowest();
    if (v >= hi) return std::numeric_limits<I>::max();
    return static_cast<I>(v);
}

void store(void* p, DataType t, int64_t i, double v) {
    switch (t) {
        case DataType::kFLOAT: static_cast<float*>(p)[i] = static_cast<float>(v); break;
        case DataType::kHALF: static_cast<uint16_t*>(p)[i] = floatToHalf(static_cast<float>(v)); break;
        case DataType::kBF16: static_cast<uint16_t*>(p)[i] = floatToBf16(static_cast<float>(v)); break;
        case DataType::kINT8: static_cast<int8_t*>(p)[i] = toInt<int8_t>(v); break;
        case DataType::kUINT8: static_cast<uint8_t*>(p)[i] = toInt<uint8_t>(v); break;
        case DataType::kBOOL: static_cast<uint8_t*>(p)[i] = v != 0 ? 1 : 0; break;
        case DataType::kINT32: static_cast<int32_t*>(p)[i] = toInt<int32_t>(v); break;
        case DataType::kINT64: static_cast<int64_t*>(p)[i] = toInt<int64_t>(v); break;
        default: break;
    }
}


// Converts x (format xf) into y (format yf, type y.type) element by element over the logical index.
bool convert(const TensorView& x, const TensorView& y, TensorFormat xf, TensorFormat yf, std::string& error) {
    if (!checkTensor(x, x.type, "input", error) || !checkTensor(y, y.type, "output", error) ||
        !checkOutputDims(y, x.dims, error))
        return false;
    if (!ir::formatSupported(xf, x.dims.nbDims) || !ir::formatSupported(yf, y.dims.nbDims)) {
        error = std::string("format ") + tensorFormatName(ir::formatSupported(xf, x.dims.nbDims) ? yf : xf) +
                " not supported for rank " + std::to_string(x.dims.nbDims);
        return false;
    }
    const int64_t n = ir::volume(x.dims);
    if (n == 0) return true;
    const int64_t padded = ir::storageVolume(y.dims, yf);
    if (padded != n) std::memset(y.data, 0, static_cast<size_t>(padded * dataTypeSize(y.type)));  // padding is zero
    int64_t idx[Dims::MAX_DIMS] = {};
    do {
        store(y.data, y.type, ir::storageOffset(y.dims, yf, idx), load(x.data, x.type, ir::storageOffset(x.dims, xf, idx)));
    } while (nextIndex(x.dims, idx));
    return true;
}

class CastKernel final : public Kernel {
public:
    explicit CastKernel(DataType to) : to_(to) {}
    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(in, out, 1, 1, error)) return false;
        if (out[0].type != to_) {
            error = std::string("output has type ") + dataTypeName(out[0].type) + ", expected " + dataTypeName(to_);
            return false;
        }
        return convert(in[0], out[0], TensorFormat::kLINEAR, TensorFormat::kLINEAR, error);
    }

private:
    DataType to_;
};

class ReformatKernel final : public Kernel {
public:
    explicit ReformatKernel(const ir::ReformatAttrs& a) : a_(a) {}
    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(in, out, 1, 1, error)) return false;
        if (out[0].type != a_.toType) {
            error = std::string("output has type ") + dataTypeName(out[0].type) + ", expected " +
                    dataTypeName(a_.toType);
            return false;
        }
        return convert(in[0], out[0], a_.fromFormat, a_.toFormat, error);
    }

private:
    ir::ReformatAttrs a_;
};

// A host-to-host copy (cross-device Copy nodes are executed by the runtime through the devices).
class CopyKernel final : public Kernel {
public:
    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(in, out, 1, 1, error) || !checkTensor(in[0], in[0].type, "input", error) ||
            !checkTensor(out[0], in[0].type, "output", error) || !checkOutputDims(out[0], in[0].dims, error))
            return false;
        const int64_t bytes = ir::storageVolume(in[0].dims, in[0].format) * dataTypeSize(in[0].type);
        if (bytes > 0) std::memcpy(out[0].data, in[0].data, static_cast<size_t>(bytes));
        return true;
    }
};

}  // namespace

std::unique_ptr<Kernel> makeCastKernel(const ir::CastAttrs& a, std::string& error) {
    if (!ir::isStorableType(a.toType)) {
        error = typeNotSupported(a.toType);
        return nullptr;
    }
    return std::make_unique<CastKernel>(a.toType);
}

std::unique_ptr<Kernel> makeReformatKernel(const ir::ReformatAttrs& a, std::string& error) {
    if (!ir::isStorableType(a.toType)) {
        error = typeNotSupported(a.toType);
        return nullptr;
    }
    return std::make_unique<ReformatKernel>(a);
}

std::unique_ptr<Kernel> makeCopyKernel(const ir::CopyAttrs& a, std::string& error) {
    (void)a;
    (void)error;
    return std::make_unique<CopyKernel>();
}

}  // namespace tforge::backends::reference
