// Helpers shared by the network and layer bindings (network.cpp, layers.cpp): the implicit-batch
// dimension shifts and argument conversions.
#pragma once
#include <algorithm>
#include <string>

#include "common.h"

namespace tfpy {

// ----------------------------------------------------------------------------- implicit batch helpers

inline Dims dropBatch(const NetworkState& s, Dims d) {
    if (!s.implicit || d.nbDims < 1) return d;
    for (int32_t i = 1; i < d.nbDims; ++i) d.d[i - 1] = d.d[i];
    --d.nbDims;
    return d;
}

inline Dims prependDim(Dims d, int64_t v, const char* what) {
    if (d.nbDims >= Dims::MAX_DIMS)
        throw py::value_error(std::string(what) + ": an implicit-batch network allows at most " +
                              std::to_string(Dims::MAX_DIMS - 1) + " dimensions (the batch dimension is the " +
                              std::to_string(Dims::MAX_DIMS) + "th)");
    for (int32_t i = d.nbDims; i > 0; --i) d.d[i] = d.d[i - 1];
    d.d[0] = v;
    ++d.nbDims;
    return d;
}

inline int32_t rankOf(ITensor* t) {
    if (!t) return -1;
    return t->getDimensions().nbDims;
}

inline Permutation toPermutation(py::handle obj, bool implicit, const char* what) {
    Dims d = toDims(obj, what);
    Permutation p{};
    for (int32_t i = 0; i < Dims::MAX_DIMS; ++i) p.order[i] = i;
    const int32_t shift = implicit ? 1 : 0;
    if (d.nbDims + shift > Dims::MAX_DIMS) throw py::value_error(std::string(what) + ": too many entries");
    for (int32_t i = 0; i < d.nbDims; ++i) {
        if (d.d[i] < 0 || d.d[i] + shift >= Dims::MAX_DIMS)
            throw py::value_error(std::string(what) + ": entry " + std::to_string(d.d[i]) + " out of range");
        p.order[i + shift] = static_cast<int32_t>(d.d[i]) + shift;
    }
    return p;
}

inline py::tuple fromPermutation(const Permutation& p, bool implicit, int32_t rank) {
    const int32_t shift = implicit ? 1 : 0;
    int32_t n = rank < 0 ? Dims::MAX_DIMS : std::min(rank, Dims::MAX_DIMS);
    n = std::max(0, n - shift);
    py::tuple t(n);
    for (int32_t i = 0; i < n; ++i) t[i] = py::int_(p.order[i + shift] - shift);
    return t;
}

// ----------------------------------------------------------------------------- argument helpers

inline ITensor& tensorArg(const PyNetwork& n, py::handle obj, const char* what) {
    if (!py::isinstance<PyTensor>(obj))
        throw py::type_error(std::string(what) + " must be a tensorforge.ITensor, not " + typeName(obj));
    const PyTensor& t = obj.cast<const PyTensor&>();
    ITensor& ref = t.get();
    if (t.s != n.s)
        throw py::value_error(std::string(what) + ": tensor '" + ref.getName() + "' belongs to another network");
    return ref;
}

inline void checkOutputIndex(const ILayer& l, int32_t i) {
    if (i < 0 || i >= l.getNbOutputs())
        throw py::index_error("output index " + std::to_string(i) + " out of range [0, " +
                              std::to_string(l.getNbOutputs()) + ")");
}

inline ITensor& tensorArgLayer(const PyLayer& l, py::handle obj, const char* what) {
    PyNetwork n{l.s};
    return tensorArg(n, obj, what);
}

//! Weights stay valid while `keep` lives; the C++ API copies them during the call.
struct WeightsArg {
    PyWeights w;
    WeightsArg(py::handle obj, const char* what) : w(toWeights(obj, what)) {}
    Weights get() const { return w.get(); }
};

inline std::string layerRepr(const PyLayer& l, const char* cls) {
    if (!l.s->network) return std::string("<tensorforge.") + cls + " (network destroyed)>";
    return std::string("<tensorforge.") + cls + " '" + l.l->getName() + "'>";
}

}  // namespace tfpy
