// ILogger / Logger, IProfiler / Profiler, Dims, Weights, IHostMemory and the conversions of
// shapes, weights and addresses between Python and the C++ API.
#include <atomic>
#include <cstdio>
#include <cstring>

#include "common.h"

namespace tfpy {
namespace {

py::str decodeMessage(const char* msg) {
    if (!msg) return py::str("");
    PyObject* s = PyUnicode_DecodeUTF8(msg, static_cast<Py_ssize_t>(std::strlen(msg)), "replace");
    if (!s) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(s);
}

//! Trampoline: lets Python subclasses of ILogger receive the library's messages.
//! The library may log from any thread; the GIL is taken for the call. An exception raised by the
//! Python log() cannot cross the C++ library: it is reported with sys.unraisablehook.
class PyILogger : public ILogger {
public:
    void log(Severity severity, const char* msg) noexcept override {
        py::gil_scoped_acquire gil;
        try {
            py::function f = py::get_override(static_cast<const ILogger*>(this), "log");
            if (!f) {
                std::fprintf(stderr, "[TensorForge] ILogger subclass without log(): %s\n", msg ? msg : "");
                return;
            }
            f(severity, decodeMessage(msg));
        } catch (py::error_already_set& e) {
            e.discard_as_unraisable("tensorforge.ILogger.log");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "[TensorForge] ILogger.log failed: %s\n", e.what());
        }
    }
};

//! The ready-made logger: prints messages at or above min_severity to stderr (TensorRT's trt.Logger).
class StderrLogger : public ILogger {
public:
    explicit StderrLogger(Severity minSeverity) : min_(static_cast<int32_t>(minSeverity)) {}
    void log(Severity severity, const char* msg) noexcept override {
        if (static_cast<int32_t>(severity) > min_.load()) return;
        static const char* tags[] = {"F", "E", "W", "I", "V"};
        const int32_t s = static_cast<int32_t>(severity);
        std::fprintf(stderr, "[TensorForge] [%s] %s\n", s >= 0 && s <= 4 ? tags[s] : "?", msg ? msg : "");
        std::fflush(stderr);
    }
    Severity minSeverity() const { return static_cast<Severity>(min_.load()); }
    void setMinSeverity(Severity s) { min_.store(static_cast<int32_t>(s)); }

private:
    std::atomic<int32_t> min_;
};

//! Trampoline for Python subclasses of IProfiler (report_layer_time(layer_name, ms)).
class PyIProfiler : public IProfiler {
public:
    void reportLayerTime(const char* layerName, float ms) noexcept override {
        py::gil_scoped_acquire gil;
        try {
            py::function f = py::get_override(static_cast<const IProfiler*>(this), "report_layer_time");
            if (f) f(decodeMessage(layerName), ms);
        } catch (py::error_already_set& e) {
            e.discard_as_unraisable("tensorforge.IProfiler.report_layer_time");
        } catch (const std::exception&) {
        }
    }
};

//! The ready-made profiler: prints "<layer>: <ms>ms" per layer (TensorRT's trt.Profiler).
class PrintingProfiler : public IProfiler {
public:
    void reportLayerTime(const char* layerName, float ms) noexcept override {
        py::gil_scoped_acquire gil;
        try {
            py::print(py::str("{}: {:.6f}ms").format(decodeMessage(layerName), ms));
        } catch (py::error_already_set& e) {
            e.discard_as_unraisable("tensorforge.Profiler.report_layer_time");
        }
    }
};

py::tuple dimsToTuple(const Dims& d) {
    const int32_t n = d.nbDims < 0 ? 0 : std::min(d.nbDims, Dims::MAX_DIMS);
    py::tuple t(n);
    for (int32_t i = 0; i < n; ++i) t[i] = py::int_(d.d[i]);
    return t;
}

int32_t normIndex(const Dims& d, int64_t i) {
    const int64_t n = d.nbDims < 0 ? 0 : d.nbDims;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw py::index_error("Dims index out of range");
    return static_cast<int32_t>(i);
}

// Distinct C++ types for the Python subclasses of Dims (DimsHW has .h and .w).
struct PyDims2 : Dims {};
struct PyDimsHW : Dims {};
struct PyDims3 : Dims {};
struct PyDims4 : Dims {};

template <typename T>
T makeFixed(int32_t rank, py::args args) {
    T out;
    out.nbDims = rank;
    if (args.size() == 0) return out;  // zeros
    Dims d = args.size() == 1 && !PyLong_Check(args[0].ptr()) ? toDims(args[0], "dims") : toDims(args, "dims");
    if (d.nbDims != rank)
        throw py::value_error("expected " + std::to_string(rank) + " dimensions, got " + std::to_string(d.nbDims));
    std::memcpy(out.d, d.d, sizeof d.d);
    return out;
}

}  // namespace

// ----------------------------------------------------------------------------- conversions

Dims toDims(py::handle obj, const char* what) {
    if (py::isinstance<Dims>(obj)) return obj.cast<Dims>();
    if (obj.is_none() || py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj) ||
        !py::hasattr(obj, "__iter__"))
        throw py::type_error(std::string(what) + " must be a tuple/list of ints or a tensorforge.Dims, not " +
                             typeName(obj));
    Dims d;
    d.nbDims = 0;
    for (py::handle item : obj) {
        if (d.nbDims == Dims::MAX_DIMS)
            throw py::value_error(std::string(what) + " has more than " + std::to_string(Dims::MAX_DIMS) +
                                  " dimensions (the most a tensor can have)");
        PyObject* idx = PyNumber_Index(item.ptr());
        if (!idx) {
            PyErr_Clear();
            throw py::type_error(std::string(what) + ": every dimension must be an int, got " +
                                 std::string(py::str(py::repr(item))));
        }
        const long long v = PyLong_AsLongLong(idx);
        Py_DECREF(idx);
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            throw py::value_error(std::string(what) + ": dimension out of the int64 range");
        }
        d.d[d.nbDims++] = v;
    }
    return d;
}

py::dtype toNumpyDtype(DataType t) {
    switch (t) {
        case DataType::kFLOAT:
            return py::dtype("float32");
        case DataType::kHALF:
            return py::dtype("float16");
        case DataType::kINT8:
            return py::dtype("int8");
        case DataType::kINT32:
            return py::dtype("int32");
        case DataType::kBOOL:
            return py::dtype("bool");
        case DataType::kUINT8:
            return py::dtype("uint8");
        case DataType::kINT64:
            return py::dtype("int64");
        default:
            break;
    }
    throw py::type_error(std::string("numpy has no type for tensorforge DataType ") + dataTypeName(t));
}

namespace {

bool dtypeToDataType(const py::dtype& dt, DataType* out) {
    const char kind = dt.kind();
    const auto size = dt.itemsize();
    const char order = dt.byteorder();
    const bool native = order == '=' || order == '|' ||
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                        order == '>';
#else
                        order == '<';
#endif
    if (!native) return false;
    if (kind == 'f' && size == 4)
        *out = DataType::kFLOAT;
    else if (kind == 'f' && size == 2)
        *out = DataType::kHALF;
    else if (kind == 'i' && size == 1)
        *out = DataType::kINT8;
    else if (kind == 'i' && size == 4)
        *out = DataType::kINT32;
    else if (kind == 'i' && size == 8)
        *out = DataType::kINT64;
    else if (kind == 'u' && size == 1)
        *out = DataType::kUINT8;
    else if (kind == 'b' && size == 1)
        *out = DataType::kBOOL;
    else
        return false;
    return true;
}

}  // namespace

PyWeights toWeights(py::handle obj, const char* what) {
    if (obj.is_none()) return PyWeights{};
    if (py::isinstance<PyWeights>(obj)) return obj.cast<PyWeights>();
    py::module_ np = py::module_::import("numpy");
    if (!py::isinstance<py::array>(obj) && !py::isinstance(obj, np.attr("generic")))
        throw py::type_error(std::string(what) + " must be a numpy array, a tensorforge.Weights or None, not " +
                             typeName(obj));
    py::array arr = np.attr("asarray")(obj);
    DataType t;
    if (!dtypeToDataType(arr.dtype(), &t))
        throw py::type_error(std::string(what) + " has numpy dtype " + std::string(py::str(arr.dtype())) +
                             "; weights must be float32, float16, int8, int32, int64, uint8 or bool in native byte "
                             "order (as in TensorRT, nothing is converted implicitly: use arr.astype(np.float32))");
    PyWeights w;
    w.type = t;
    w.array = np.attr("ascontiguousarray")(arr);  // a copy only if arr is not C-contiguous
    return w;
}

Weights PyWeights::get() const {
    Weights w;
    w.type = type;
    if (array.is_none()) return w;
    py::array a = py::reinterpret_borrow<py::array>(array);
    w.count = static_cast<int64_t>(a.size());
    w.values = w.count ? a.data() : nullptr;
    return w;
}

int64_t PyWeights::count() const {
    return array.is_none() ? 0 : static_cast<int64_t>(py::reinterpret_borrow<py::array>(array).size());
}

py::array weightsToNumpy(const Weights& w) {
    py::dtype dt = toNumpyDtype(w.type);
    if (!w.values || w.count <= 0) return py::array(dt, std::vector<py::ssize_t>{0});
    // No base object: pybind11 copies the values into a new array.
    return py::array(dt, std::vector<py::ssize_t>{static_cast<py::ssize_t>(w.count)}, std::vector<py::ssize_t>{},
                     w.values);
}

void* toAddress(py::handle obj, const char* what) {
    if (obj.is_none()) return nullptr;
    if (py::isinstance<py::array>(obj))
        throw py::type_error(std::string(what) +
                             ": pass an address (an int such as arr.ctypes.data, or a "
                             "tensorforge.cuda.DeviceAllocation), not a numpy array");
    PyObject* num = PyNumber_Index(obj.ptr());
    if (!num) {
        PyErr_Clear();
        if (py::hasattr(obj, "__int__")) num = PyNumber_Long(obj.ptr());
        if (!num) {
            PyErr_Clear();
            throw py::type_error(std::string(what) + ": an address must be an int (or have __int__), not " +
                                 typeName(obj));
        }
    }
    py::int_ v = py::reinterpret_steal<py::int_>(num);
    const unsigned long long addr = PyLong_AsUnsignedLongLong(v.ptr());
    if (PyErr_Occurred()) {
        PyErr_Clear();
        throw py::value_error(std::string(what) + ": " + std::string(py::str(v)) + " is not a valid address");
    }
    return reinterpret_cast<void*>(static_cast<uintptr_t>(addr));
}

ILogger* loggerPtr(py::handle logger) {
    if (!py::isinstance<ILogger>(logger))
        throw py::type_error(
            "expected a tensorforge.ILogger (e.g. tensorforge.Logger(tensorforge.Logger.WARNING)), "
            "got " +
            typeName(logger));
    return logger.cast<ILogger*>();
}

// ----------------------------------------------------------------------------- bindings

void bindCore(py::module_& m) {
    // ---- ILogger / Logger
    py::class_<ILogger, PyILogger> ilogger(m, "ILogger", R"doc(
Receives the library's messages. Subclass it and implement ``log(severity, msg)``::

    class MyLogger(trt.ILogger):
        def __init__(self):
            trt.ILogger.__init__(self)
        def log(self, severity, msg):
            print(severity, msg)

``log`` may be called from any thread; exceptions it raises are reported through
``sys.unraisablehook`` (they cannot cross the C++ library).
)doc");
    py::enum_<ILogger::Severity>(ilogger, "Severity", py::arithmetic(),
                                 "Severity of a log message (ordered: INTERNAL_ERROR < ERROR < ... < VERBOSE).")
        .value("INTERNAL_ERROR", ILogger::Severity::kINTERNAL_ERROR)
        .value("ERROR", ILogger::Severity::kERROR)
        .value("WARNING", ILogger::Severity::kWARNING)
        .value("INFO", ILogger::Severity::kINFO)
        .value("VERBOSE", ILogger::Severity::kVERBOSE)
        .export_values();
    ilogger.def(py::init<>())
        .def("log", &ILogger::log, py::arg("severity"), py::arg("msg"), "Called by the library with each message.");

    py::class_<StderrLogger, ILogger>(m, "Logger",
                                      "Prints messages of severity min_severity or worse to stderr as "
                                      "'[TensorForge] [W] message'.")
        .def(py::init<ILogger::Severity>(), py::arg_v("min_severity", ILogger::Severity::kWARNING,
                                                      "tensorforge._tensorforge.ILogger.Severity.WARNING"))
        .def_property("min_severity", &StderrLogger::minSeverity, &StderrLogger::setMinSeverity,
                      "The least severe level that is printed.")
        .def(
            "log", [](StderrLogger& l, ILogger::Severity s, const std::string& msg) { l.log(s, msg.c_str()); },
            py::arg("severity"), py::arg("msg"), "Prints msg if severity is at least min_severity.");

    // ---- IProfiler / Profiler
    py::class_<IProfiler, PyIProfiler>(m, "IProfiler", R"doc(
Receives per-layer execution times of an execution context (``context.profiler = p``).
Subclass it and implement ``report_layer_time(layer_name, ms)``.
)doc")
        .def(py::init<>())
        .def(
            "report_layer_time",
            [](IProfiler& p, const std::string& name, float ms) { p.reportLayerTime(name.c_str(), ms); },
            py::arg("layer_name"), py::arg("ms"), "Called after each run, once per layer.");
    py::class_<PrintingProfiler, IProfiler>(m, "Profiler", "Prints each layer's time to stdout.").def(py::init<>());

    // ---- Dims
    py::class_<Dims> dims(m, "Dims", R"doc(
A shape: up to Dims.MAX_DIMS extents, -1 where a dimension is known only at run time.
Behaves like a tuple of ints (len, indexing, iteration, == with tuples and lists); every API that
takes a shape also takes a plain tuple or list.
)doc");
    dims.def(py::init<>())
        .def(py::init([](ShapeLike shape) { return toDims(shape, "shape"); }), py::arg("shape"))
        .def_property_readonly_static("MAX_DIMS", [](py::handle) { return Dims::MAX_DIMS; })
        .def("__len__", [](const Dims& d) { return d.nbDims < 0 ? 0 : d.nbDims; })
        .def("__getitem__", [](const Dims& d, int64_t i) { return d.d[normIndex(d, i)]; })
        .def("__getitem__", [](const Dims& d, py::slice s) { return py::tuple(dimsToTuple(d)[s]); })
        .def("__setitem__", [](Dims& d, int64_t i, int64_t v) { d.d[normIndex(d, i)] = v; })
        .def("__iter__", [](const Dims& d) { return py::iter(dimsToTuple(d)); })
        .def("__eq__",
             [](const Dims& d, py::handle other) -> py::object {
                 if (!py::isinstance<Dims>(other) && !py::isinstance<py::tuple>(other) &&
                     !py::isinstance<py::list>(other))
                     return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                 try {
                     return py::bool_(dimsToTuple(d).equal(dimsToTuple(toDims(other, "other"))));
                 } catch (const py::error_already_set&) {
                     return py::bool_(false);
                 } catch (const std::exception&) {
                     return py::bool_(false);
                 }
             })
        .def("__repr__", [](const Dims& d) { return std::string(py::str(py::repr(dimsToTuple(d)))); })
        .def("__str__", [](const Dims& d) { return std::string(py::str(py::repr(dimsToTuple(d)))); });
    py::implicitly_convertible<py::tuple, Dims>();
    py::implicitly_convertible<py::list, Dims>();

    py::class_<PyDims2, Dims>(m, "Dims2", "A 2-D shape.").def(py::init([](py::args a) {
        return makeFixed<PyDims2>(2, a);
    }));
    py::class_<PyDimsHW, Dims>(m, "DimsHW", "A 2-D (height, width) shape.")
        .def(py::init([](py::args a) { return makeFixed<PyDimsHW>(2, a); }))
        .def_property(
            "h", [](const PyDimsHW& d) { return d.d[0]; }, [](PyDimsHW& d, int64_t v) { d.d[0] = v; })
        .def_property(
            "w", [](const PyDimsHW& d) { return d.d[1]; }, [](PyDimsHW& d, int64_t v) { d.d[1] = v; });
    py::class_<PyDims3, Dims>(m, "Dims3", "A 3-D shape.").def(py::init([](py::args a) {
        return makeFixed<PyDims3>(3, a);
    }));
    py::class_<PyDims4, Dims>(m, "Dims4", "A 4-D shape.").def(py::init([](py::args a) {
        return makeFixed<PyDims4>(4, a);
    }));

    // ---- Weights
    py::class_<PyWeights>(m, "Weights", R"doc(
Weights of a layer: a numpy array (float32, float16, int8, int32, int64, uint8 or bool, any
layout: non-contiguous arrays are copied) or nothing. Every API that takes weights also takes a
numpy array or None directly. The library copies the values when the layer is added.
)doc")
        .def(py::init<>(), "Empty float32 weights.")
        .def(py::init([](DataType t) {
                 PyWeights w;
                 w.type = t;
                 return w;
             }),
             py::arg("type"), "Empty weights of the given type.")
        .def(py::init([](WeightsLike a) { return toWeights(a, "Weights"); }), py::arg("a"),
             "Weights holding the values of the numpy array a.")
        .def_property_readonly(
            "dtype", [](const PyWeights& w) { return w.type; }, "The DataType of the values.")
        .def_property_readonly("size", &PyWeights::count, "Number of values.")
        .def_property_readonly(
            "nbytes", [](const PyWeights& w) { return w.count() * dataTypeSize(w.type); }, "Size in bytes.")
        .def("__len__", &PyWeights::count)
        .def(
            "numpy",
            [](const PyWeights& w) -> py::object {
                if (w.array.is_none()) return weightsToNumpy(w.get());
                return w.array;
            },
            "The values as a numpy array.");

    // ---- IHostMemory
    py::class_<PyHostMemory> hm(m, "IHostMemory", py::buffer_protocol(), R"doc(
Bytes owned by the library, e.g. a serialized engine. Supports the buffer protocol:
``bytes(mem)``, ``memoryview(mem)``, ``np.frombuffer(mem, np.uint8)``, ``f.write(mem)``.
)doc");
    hm.def_buffer([](PyHostMemory& h) -> py::buffer_info {
          IHostMemory& mem = h.get();
          return py::buffer_info(mem.data(), 1, py::format_descriptor<uint8_t>::format(), 1,
                                 {static_cast<py::ssize_t>(mem.size())}, {static_cast<py::ssize_t>(1)},
                                 /*readonly=*/true);
      })
        .def_property_readonly(
            "nbytes", [](const PyHostMemory& h) { return h.get().size(); }, "Size in bytes.")
        .def_property_readonly(
            "dtype", [](const PyHostMemory& h) { return h.get().type(); }, "Type of the elements (UINT8 for plans).");
    addContextManager(hm, [](py::object self) { self.cast<PyHostMemory&>().closed = true; });
}

}  // namespace tfpy
