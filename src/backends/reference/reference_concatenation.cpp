// Concatenation (OPS.md "Concatenation"): n >= 1 inputs joined along `axis` (negative counts from
// the end). Row-major, so for each outer index every input contributes one contiguous run of bytes.
#include <cstring>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

class ConcatenationKernel final : public Kernel {
public:
    explicit ConcatenationKernel(const ir::ConcatAttrs& a) : a_(a) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, -1, 1, error)) return false;
        const DataType type = inputs[0].type;
        if (type != DataType::kFLOAT && type != DataType::kINT32 && type != DataType::kBOOL) {
            error = typeNotSupported(type);
            return false;
        }
        const Dims& d0 = inputs[0].dims;
        const int32_t r = d0.nbDims;
        const int32_t axis = a_.axis < 0 ? a_.axis + r : a_.axis;
        if (r < 1 || axis < 0 || axis >= r) {
            error = "axis " + std::to_string(a_.axis) + " out of range for rank " + std::to_string(r);
            return false;
        }
        Dims expect = d0;
        expect.d[axis] = 0;
        for (size_t i = 0; i < inputs.size(); ++i) {
            const TensorView& t = inputs[i];
            if (!checkTensor(t, type, "input " + std::to_string(i), error)) return false;
            bool same = t.dims.nbDims == r;
            for (int32_t j = 0; same && j < r; ++j) same = j == axis || t.dims.d[j] == d0.d[j];
            if (!same) {
                error = "input " + std::to_string(i) + " " + ir::toString(t.dims) + " does not match input 0 " +
                        ir::toString(d0) + " outside axis " + std::to_string(axis);
                return false;
            }
            expect.d[axis] += t.dims.d[axis];
        }
        const TensorView& y = outputs[0];
        if (!checkTensor(y, type, "output", error) || !checkOutputDims(y, expect, error)) return false;

        const int64_t es = dataTypeSize(type);
        const int64_t outer = volumeOf(d0, 0, axis);
        char* yp = static_cast<char*>(y.data);
        for (int64_t o = 0; o < outer; ++o)
            for (const TensorView& t : inputs) {
                const int64_t run = volumeOf(t.dims, axis, r) * es;  // this input's slab per outer index
                if (run == 0) continue;
                std::memcpy(yp, static_cast<const char*>(t.data) + o * run, static_cast<size_t>(run));
                yp += run;
            }
        return true;
    }

private:
    ir::ConcatAttrs a_;
};

}  // namespace

std::unique_ptr<Kernel> makeConcatenationKernel(const ir::ConcatAttrs& a, std::string&) {
    return std::make_unique<ConcatenationKernel>(a);
}

}  // namespace tforge::backends::reference
