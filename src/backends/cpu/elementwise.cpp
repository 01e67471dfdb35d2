// ElementWise with numpy broadcasting. Shapes are reduced to a few coalesced dims in which each
// input's innermost stride is 0 (broadcast) or 1, so the inner loop is one of four simple,
// vectorizable forms: same-shape, tensor-scalar, scalar-tensor (per-channel bias after
// coalescing is a run of the tensor-scalar form) or scalar-scalar.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "backends/cpu/cpu_common.h"
#include "backends/cpu/thread_pool.h"

namespace tforge::backends::cpu {

namespace {

using Op = ElementWiseOperation;

struct Plan {
    int rank{0};
    int64_t dims[Dims::MAX_DIMS]{}, sa[Dims::MAX_DIMS]{}, sb[Dims::MAX_DIMS]{};
    int64_t total{1};
};

bool makePlan(const Dims& a, const Dims& b, Plan& p, Dims& out, std::string& error) {
    const int r = std::max(a.nbDims, b.nbDims);
    out.nbDims = r;
    int64_t ea[Dims::MAX_DIMS], eb[Dims::MAX_DIMS];
    for (int i = 0; i < r; ++i) {
        const int ia = i - (r - a.nbDims), ib = i - (r - b.nbDims);
        ea[i] = ia >= 0 ? a.d[ia] : 1;
        eb[i] = ib >= 0 ? b.d[ib] : 1;
        if (ea[i] != eb[i] && ea[i] != 1 && eb[i] != 1) {
            error = "ElementWise: shapes " + ir::toString(a) + " and " + ir::toString(b) + " do not broadcast";
            return false;
        }
        out.d[i] = ea[i] == 1 ? eb[i] : ea[i];
    }
    // Innermost first: drop extent-1 dims, merge a dim into the inner one where both inputs stay
    // contiguous (or both stay broadcast) across the boundary.
    int64_t dims[Dims::MAX_DIMS], sa[Dims::MAX_DIMS], sb[Dims::MAX_DIMS];
    int n = 0;
    int64_t stA = 1, stB = 1;
    p.total = ir::volume(out);
    for (int i = r - 1; i >= 0; --i) {
        const int64_t e = out.d[i];
        const int64_t da = ea[i] == 1 ? 0 : stA, db = eb[i] == 1 ? 0 : stB;
        stA *= ea[i];
        stB *= eb[i];
        if (e == 1) continue;
        if (n > 0 && da == sa[n - 1] * dims[n - 1] && db == sb[n - 1] * dims[n - 1]) {
            dims[n - 1] *= e;
            continue;
        }
        dims[n] = e;
        sa[n] = da;
        sb[n] = db;
        ++n;
    }
    if (n == 0) {  // a scalar result
        dims[0] = 1;
        sa[0] = sb[0] = 0;
        n = 1;
    }
    p.rank = n;
    for (int i = 0; i < n; ++i) {  // back to outermost-first
        p.dims[i] = dims[n - 1 - i];
        p.sa[i] = sa[n - 1 - i];
        p.sb[i] = sb[n - 1 - i];
    }
    return true;
}

// Integer ops wrap (unsigned arithmetic) instead of overflowing; division by zero gives 0 (OPS.md).
inline int32_t wrap(int64_t v) {
    return static_cast<int32_t>(static_cast<uint32_t>(v));
}
inline int32_t idiv(int32_t a, int32_t b) {
    if (b == 0) return 0;
    if (b == -1) return wrap(-static_cast<int64_t>(a));
    return a / b;
}
inline int32_t ifloordiv(int32_t a, int32_t b) {
    if (b == 0) return 0;
    if (b == -1) return wrap(-static_cast<int64_t>(a));
    int32_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int32_t ipow(int32_t a, int32_t e) {
    if (e < 0) return a == 1 ? 1 : a == -1 ? ((e & 1) ? -1 : 1) : 0;  // 1/a^|e| truncated
    uint32_t r = 1, base = static_cast<uint32_t>(a);
    for (uint32_t k = static_cast<uint32_t>(e); k; k >>= 1, base *= base)
        if (k & 1) r *= base;
    return static_cast<int32_t>(r);
}

template <Op O, class T>
struct Fn;
#define TF_EW(O, expr)                               \
    template <class T>                               \
    struct Fn<O, T> {                                \
        static auto apply(T a, T b) { return expr; } \
    };
TF_EW(Op::kMAX, std::max(a, b))
TF_EW(Op::kMIN, std::min(a, b))
TF_EW(Op::kAND, static_cast<uint8_t>((a != 0) & (b != 0)))
TF_EW(Op::kOR, static_cast<uint8_t>((a != 0) | (b != 0)))
TF_EW(Op::kXOR, static_cast<uint8_t>((a != 0) ^ (b != 0)))
TF_EW(Op::kEQUAL, static_cast<uint8_t>(a == b))
TF_EW(Op::kGREATER, static_cast<uint8_t>(a > b))
TF_EW(Op::kLESS, static_cast<uint8_t>(a < b))
#undef TF_EW
template <class T>
struct Fn<Op::kSUM, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return a + b;
        else
            return wrap(int64_t(a) + b);
    }
};
template <class T>
struct Fn<Op::kSUB, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return a - b;
        else
            return wrap(int64_t(a) - b);
    }
};
template <class T>
struct Fn<Op::kPROD, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return a * b;
        else
            return wrap(int64_t(a) * b);
    }
};
template <class T>
struct Fn<Op::kDIV, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return a / b;
        else
            return idiv(a, b);
    }
};
template <class T>
struct Fn<Op::kFLOOR_DIV, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return std::floor(a / b);
        else
            return ifloordiv(a, b);
    }
};
template <class T>
struct Fn<Op::kPOW, T> {
    static T apply(T a, T b) {
        if constexpr (std::is_same_v<T, float>)
            return std::pow(a, b);
        else
            return ipow(a, b);
    }
};

// One contiguous run of n outputs; ia/ib are the inputs' strides (0 or 1).
template <Op O, class T, class R>
void runRow(R* y, const T* a, int64_t ia, const T* b, int64_t ib, int64_t n) {
    if (ia && ib)
        for (int64_t i = 0; i < n; ++i) y[i] = Fn<O, T>::apply(a[i], b[i]);
    else if (ia) {
        const T bv = *b;
        for (int64_t i = 0; i < n; ++i) y[i] = Fn<O, T>::apply(a[i], bv);
    } else if (ib) {
        const T av = *a;
        for (int64_t i = 0; i < n; ++i) y[i] = Fn<O, T>::apply(av, b[i]);
    } else {
        const R v = Fn<O, T>::apply(*a, *b);
        for (int64_t i = 0; i < n; ++i) y[i] = v;
    }
}

template <Op O, class T, class R>
void runPlan(const Plan& p, const T* a, const T* b, R* y) {
    const int last = p.rank - 1;
    const int64_t L = p.dims[last];
    parallelFor(
        p.total,
        [&](int64_t s, int64_t e) {
            for (int64_t idx = s; idx < e;) {
                int64_t row = idx / L, j = idx % L, oa = 0, ob = 0;
                for (int i = last - 1; i >= 0; --i) {
                    const int64_t c = row % p.dims[i];
                    row /= p.dims[i];
                    oa += c * p.sa[i];
                    ob += c * p.sb[i];
                }
                const int64_t n = std::min(L - j, e - idx);
                runRow<O, T, R>(y + idx, a + oa + j * p.sa[last], p.sa[last], b + ob + j * p.sb[last], p.sb[last], n);
                idx += n;
            }
        },
        16384);
}

template <class T>
bool dispatch(Op op, const Plan& p, const void* a, const void* b, void* y) {
    const T* ta = static_cast<const T*>(a);
    const T* tb = static_cast<const T*>(b);
    T* ty = static_cast<T*>(y);
    uint8_t* by = static_cast<uint8_t*>(y);
    switch (op) {
        case Op::kSUM:
            runPlan<Op::kSUM>(p, ta, tb, ty);
            return true;
        case Op::kPROD:
            runPlan<Op::kPROD>(p, ta, tb, ty);
            return true;
        case Op::kMAX:
            runPlan<Op::kMAX>(p, ta, tb, ty);
            return true;
        case Op::kMIN:
            runPlan<Op::kMIN>(p, ta, tb, ty);
            return true;
        case Op::kSUB:
            runPlan<Op::kSUB>(p, ta, tb, ty);
            return true;
        case Op::kDIV:
            runPlan<Op::kDIV>(p, ta, tb, ty);
            return true;
        case Op::kPOW:
            runPlan<Op::kPOW>(p, ta, tb, ty);
            return true;
        case Op::kFLOOR_DIV:
            runPlan<Op::kFLOOR_DIV>(p, ta, tb, ty);
            return true;
        case Op::kEQUAL:
            runPlan<Op::kEQUAL>(p, ta, tb, by);
            return true;
        case Op::kGREATER:
            runPlan<Op::kGREATER>(p, ta, tb, by);
            return true;
        case Op::kLESS:
            runPlan<Op::kLESS>(p, ta, tb, by);
            return true;
        default:
            return false;
    }
}

bool dispatchBool(Op op, const Plan& p, const void* a, const void* b, void* y) {
    const uint8_t* ta = static_cast<const uint8_t*>(a);
    const uint8_t* tb = static_cast<const uint8_t*>(b);
    uint8_t* ty = static_cast<uint8_t*>(y);
    switch (op) {
        case Op::kAND:
            runPlan<Op::kAND>(p, ta, tb, ty);
            return true;
        case Op::kOR:
            runPlan<Op::kOR>(p, ta, tb, ty);
            return true;
        case Op::kXOR:
            runPlan<Op::kXOR>(p, ta, tb, ty);
            return true;
        default:
            return false;
    }
}

bool isLogical(Op op) {
    return op == Op::kAND || op == Op::kOR || op == Op::kXOR;
}
bool isCompare(Op op) {
    return op == Op::kEQUAL || op == Op::kGREATER || op == Op::kLESS;
}

//! Output type for (op, input type), or false if the pair is not allowed by OPS.md.
bool resultType(Op op, DataType in, DataType& out) {
    if (isLogical(op)) {
        out = DataType::kBOOL;
        return in == DataType::kBOOL;
    }
    out = isCompare(op) ? DataType::kBOOL : in;
    return in == DataType::kFLOAT || in == DataType::kINT32;
}

class ElementWiseKernel : public Kernel {
public:
    explicit ElementWiseKernel(Op op) : op_(op) {}

    bool run(const std::vector<TensorView>& in, const std::vector<TensorView>& out, const ExecArgs&,
             std::string& error) const override {
        if (!checkViews("ElementWise", in, 2, out, 1, error)) return false;
        DataType rt;
        if (in[0].type != in[1].type || !resultType(op_, in[0].type, rt)) {
            error = std::string("ElementWise: types ") + dataTypeName(in[0].type) + " and " + dataTypeName(in[1].type) +
                    " not supported for this operation";
            return false;
        }
        Plan p;
        Dims od;
        if (!makePlan(in[0].dims, in[1].dims, p, od, error) || !checkOutput("ElementWise", out[0], od, rt, error))
            return false;
        if (p.total == 0) return true;
        const bool ok = in[0].type == DataType::kFLOAT ? dispatch<float>(op_, p, in[0].data, in[1].data, out[0].data)
                        : in[0].type == DataType::kINT32
                            ? dispatch<int32_t>(op_, p, in[0].data, in[1].data, out[0].data)
                            : dispatchBool(op_, p, in[0].data, in[1].data, out[0].data);
        if (!ok) error = "ElementWise: operation not supported for these types";
        return ok;
    }

private:
    Op op_;
};

}  // namespace

bool supportsElementWise(const NodeDesc& node, std::string* why) {
    const Op op = std::get<ir::ElementWiseAttrs>(*node.attrs).op;
    DataType rt;
    if (node.inputs.size() != 2 || node.inputs[0].type != node.inputs[1].type ||
        !resultType(op, node.inputs[0].type, rt)) {
        if (why)
            *why = std::string("type ") + (node.inputs.empty() ? "?" : dataTypeName(node.inputs[0].type)) +
                   " not supported";
        return false;
    }
    return true;
}

std::vector<std::string> tacticsElementWise(const NodeDesc&) {
    return {"broadcast"};
}

std::unique_ptr<Kernel> createElementWise(const NodeDesc& node, const std::string& tactic, std::string& error) {
    if (tactic != "broadcast") {
        error = "ElementWise: unknown cpu tactic '" + tactic + "'";
        return nullptr;
    }
    return std::make_unique<ElementWiseKernel>(std::get<ir::ElementWiseAttrs>(*node.attrs).op);
}

}  // namespace tforge::backends::cpu
