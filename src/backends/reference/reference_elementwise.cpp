// ElementWise (OPS.md "ElementWise"): binary ops with numpy broadcasting on fp32, int32 and bool.
// fp32 math is done in fp64 and rounded once; int32 math in int64 and wrapped (two's complement),
// so overflow is defined behaviour rather than UB; integer division by zero gives 0 (OPS.md).
#include <cmath>

#include "backends/reference/reference_common.h"
#include "backends/reference/reference_kernels.h"

namespace tforge::backends::reference {
namespace {

using Op = ElementWiseOperation;

bool isLogical(Op op) {
    return op == Op::kAND || op == Op::kOR || op == Op::kXOR;
}
bool isComparison(Op op) {
    return op == Op::kEQUAL || op == Op::kGREATER || op == Op::kLESS;
}

int32_t wrap(int64_t v) {
    return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

// Exact integer power: repeated squaring modulo 2^32 for b >= 0; for b < 0 the truncated value of
// 1/a^|b| (0 unless |a| == 1; a == 0 is division by zero, hence 0).
int32_t intPow(int64_t a, int64_t b) {
    if (b < 0) return a == 1 ? 1 : a == -1 ? ((-b) % 2 ? -1 : 1) : 0;
    uint32_t result = 1, base = static_cast<uint32_t>(a);
    for (uint64_t e = static_cast<uint64_t>(b); e; e >>= 1) {
        if (e & 1) result *= base;
        base *= base;
    }
    return static_cast<int32_t>(result);
}

int32_t intArith(Op op, int64_t a, int64_t b) {
    switch (op) {
        case Op::kSUM:
            return wrap(a + b);
        case Op::kPROD:
            return wrap(a * b);
        case Op::kMAX:
            return wrap(a > b ? a : b);
        case Op::kMIN:
            return wrap(a < b ? a : b);
        case Op::kSUB:
            return wrap(a - b);
        case Op::kDIV:
            return b == 0 ? 0 : wrap(a / b);  // C++ truncation toward zero
        case Op::kPOW:
            return intPow(a, b);
        case Op::kFLOOR_DIV: {
            if (b == 0) return 0;
            int64_t q = a / b;
            if (a % b != 0 && ((a < 0) != (b < 0))) --q;  // truncation rounded up; step down to floor
            return wrap(q);
        }
        default:
            return 0;
    }
}

double floatArith(Op op, double a, double b) {
    switch (op) {
        case Op::kSUM:
            return a + b;
        case Op::kPROD:
            return a * b;
        case Op::kMAX:
            return a > b ? a : b;
        case Op::kMIN:
            return a < b ? a : b;
        case Op::kSUB:
            return a - b;
        case Op::kDIV:
            return a / b;
        case Op::kPOW:
            return std::pow(a, b);
        case Op::kFLOOR_DIV:
            return std::floor(a / b);
        default:
            return 0.0;
    }
}

bool compare(Op op, double a, double b) {
    return op == Op::kEQUAL ? a == b : op == Op::kGREATER ? a > b : a < b;
}

bool logical(Op op, bool a, bool b) {
    return op == Op::kAND ? (a && b) : op == Op::kOR ? (a || b) : (a != b);
}

class ElementWiseKernel final : public Kernel {
public:
    explicit ElementWiseKernel(const ir::ElementWiseAttrs& a) : op_(a.op) {}

    bool run(const std::vector<TensorView>& inputs, const std::vector<TensorView>& outputs, const ExecArgs&,
             std::string& error) const override {
        if (!checkArity(inputs, outputs, 2, 1, error)) return false;
        const TensorView &A = inputs[0], &B = inputs[1], &Y = outputs[0];
        DataType outType;
        if (!elementWiseOutputType(op_, A.type, outType, error)) return false;
        if (!checkTensor(A, A.type, "input A", error) || !checkTensor(B, A.type, "input B", error) ||
            !checkTensor(Y, outType, "output", error))
            return false;
        Dims out;
        if (!broadcastDims(A.dims, B.dims, out, error) || !checkOutputDims(Y, out, error)) return false;
        if (ir::volume(out) == 0) return true;

        int64_t aSt[Dims::MAX_DIMS], bSt[Dims::MAX_DIMS], idx[Dims::MAX_DIMS] = {};
        broadcastStrides(A.dims, out.nbDims, aSt);
        broadcastStrides(B.dims, out.nbDims, bSt);
        int64_t yi = 0;
        do {
            int64_t ai = 0, bi = 0;
            for (int32_t i = 0; i < out.nbDims; ++i) {
                ai += idx[i] * aSt[i];
                bi += idx[i] * bSt[i];
            }
            compute(A, ai, B, bi, Y, yi++);
        } while (nextIndex(out, idx));
        return true;
    }

private:
    void compute(const TensorView& A, int64_t ai, const TensorView& B, int64_t bi, const TensorView& Y,
                 int64_t yi) const {
        if (isLogical(op_)) {
            const bool a = static_cast<const uint8_t*>(A.data)[ai] != 0;
            const bool b = static_cast<const uint8_t*>(B.data)[bi] != 0;
            static_cast<uint8_t*>(Y.data)[yi] = logical(op_, a, b) ? 1 : 0;
            return;
        }
        // Both int32 and fp32 convert to double exactly, so comparisons share one path. (Not via a
        // ?: between int32 and float: its common type is float, which would round large ints.)
        const bool isInt = A.type == DataType::kINT32;
        double af, bf;
        if (isInt) {
            af = static_cast<const int32_t*>(A.data)[ai];
            bf = static_cast<const int32_t*>(B.data)[bi];
        } else {
            af = static_cast<const float*>(A.data)[ai];
            bf = static_cast<const float*>(B.data)[bi];
        }
        if (isComparison(op_))
            static_cast<uint8_t*>(Y.data)[yi] = compare(op_, af, bf) ? 1 : 0;
        else if (isInt)
            static_cast<int32_t*>(Y.data)[yi] = intArith(op_, static_cast<int64_t>(af), static_cast<int64_t>(bf));
        else
            static_cast<float*>(Y.data)[yi] = static_cast<float>(floatArith(op_, af, bf));
    }

    Op op_;
};

}  // namespace

bool elementWiseOutputType(ElementWiseOperation op, DataType in, DataType& out, std::string& why) {
    const int32_t v = static_cast<int32_t>(op);
    if (v < 0 || v >= kNB_ELEMENTWISE_OPS) {
        why = "unknown elementwise operation " + std::to_string(v);
        return false;
    }
    if (isLogical(op)) {
        out = DataType::kBOOL;
        if (in == DataType::kBOOL) return true;
    } else {
        out = isComparison(op) ? DataType::kBOOL : in;
        if (in == DataType::kFLOAT || in == DataType::kINT32) return true;
    }
    why = typeNotSupported(in);
    return false;
}

std::unique_ptr<Kernel> makeElementWiseKernel(const ir::ElementWiseAttrs& a, std::string& error) {
    DataType unused;
    const DataType probe = isLogical(a.op) ? DataType::kBOOL : DataType::kFLOAT;
    if (!elementWiseOutputType(a.op, probe, unused, error)) return nullptr;
    return std::make_unique<ElementWiseKernel>(a);
}

}  // namespace tforge::backends::reference
