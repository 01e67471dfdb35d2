// Shared pieces of the tensorforge Python bindings: handles with explicit lifetimes,
// conversions of shapes / weights / addresses, and the error helpers.
//
// Only the public C++ API (include/tensorforge/*.h) is used here.
//
// Ownership model
// ---------------
// Every object the user can `with`-close (Builder, INetworkDefinition, IBuilderConfig, Runtime,
// ICudaEngine, IExecutionContext, IHostMemory) is a small Python object holding a
// std::shared_ptr to a *state* that owns the C++ object. close() (called by __exit__) destroys the
// C++ object at once; every later use raises RuntimeError instead of touching freed memory.
// Children (tensors and layers of a network, optimization profiles of a builder) keep the state
// alive and check, on every access, that its C++ object still exists. Python references to parents
// (the logger, the builder of a network, the engine of a context) are kept so a parent object is
// never collected while a child needs it. An execution context shares ownership of its engine's
// C++ object, so closing an engine that still has contexts only makes the engine handle unusable.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "tensorforge/tensorforge.h"

namespace py = pybind11;

namespace tfpy {

using namespace tforge;

// ----------------------------------------------------------------------------- errors

//! "X has been destroyed" with the hint users need most often.
[[noreturn]] inline void throwDestroyed(const char* what) {
    throw std::runtime_error(std::string(what) +
                             " has been destroyed (was it used after its 'with' block ended?); create a new one");
}

//! Name of the Python type of obj, for error messages.
inline std::string typeName(py::handle obj) {
    return std::string(py::str(py::type::handle_of(obj).attr("__name__")));
}

// ----------------------------------------------------------------------------- argument types
// Parameters taken as Python objects and converted by the helpers below (clear error messages),
// with the type names the signatures, docstrings and .pyi stubs show.

inline int anyPyObject(PyObject*) {
    return 1;
}

#define TFPY_ARG_TYPE(Name, Check)                       \
    class Name : public py::object {                     \
    public:                                              \
        PYBIND11_OBJECT_DEFAULT(Name, py::object, Check) \
    };

TFPY_ARG_TYPE(ShapeLike, anyPyObject)    // Dims or a sequence of ints
TFPY_ARG_TYPE(WeightsLike, anyPyObject)  // Weights, numpy array or None
TFPY_ARG_TYPE(TensorLike, anyPyObject)   // ITensor (checked with a clear message)
TFPY_ARG_TYPE(AddressLike, anyPyObject)  // int, object with __int__, or None
TFPY_ARG_TYPE(BufferLike, anyPyObject)   // any object with the buffer protocol
TFPY_ARG_TYPE(IntLike, anyPyObject)      // int bit mask
TFPY_ARG_TYPE(OptionalIntLike, anyPyObject)
TFPY_ARG_TYPE(BindingsLike, PySequence_Check)  // sequence of addresses
TFPY_ARG_TYPE(LoggerLike, anyPyObject)         // ILogger (checked with a clear message)
TFPY_ARG_TYPE(ProfilerLike, anyPyObject)       // IProfiler or None

#undef TFPY_ARG_TYPE

}  // namespace tfpy

namespace pybind11::detail {
#define TFPY_TYPE_NAME(Name, Text)                     \
    template <>                                        \
    struct handle_type_name<tfpy::Name> {              \
        static constexpr auto name = const_name(Text); \
    };
TFPY_TYPE_NAME(ShapeLike, "tensorforge._tensorforge.Dims | collections.abc.Sequence[int]")
TFPY_TYPE_NAME(WeightsLike, "tensorforge._tensorforge.Weights | numpy.ndarray | None")
TFPY_TYPE_NAME(TensorLike, "tensorforge._tensorforge.ITensor")
TFPY_TYPE_NAME(AddressLike, "typing.SupportsInt | None")
TFPY_TYPE_NAME(BufferLike, "bytes | bytearray | memoryview | tensorforge._tensorforge.IHostMemory | numpy.ndarray")
TFPY_TYPE_NAME(IntLike, "int")
TFPY_TYPE_NAME(OptionalIntLike, "int | None")
TFPY_TYPE_NAME(BindingsLike, "collections.abc.Sequence[typing.SupportsInt | None]")
TFPY_TYPE_NAME(LoggerLike, "tensorforge._tensorforge.ILogger")
TFPY_TYPE_NAME(ProfilerLike, "tensorforge._tensorforge.IProfiler | None")
#undef TFPY_TYPE_NAME
}  // namespace pybind11::detail

namespace tfpy {

//! "T | None" in signatures: what TensorRT returns where a call can fail.
template <typename T>
using Opt = py::typing::Optional<T>;

//! A C-contiguous read-only view of any object with the buffer protocol (a plan, a timing cache).
class BufferView {
public:
    BufferView(py::handle obj, const char* what) {
        if (PyObject_GetBuffer(obj.ptr(), &view_, PyBUF_SIMPLE) != 0) {
            PyErr_Clear();
            throw py::type_error(std::string(what) +
                                 " must be a bytes-like object (bytes, bytearray, memoryview, IHostMemory, a "
                                 "contiguous numpy array), not " +
                                 typeName(obj));
        }
    }
    ~BufferView() { PyBuffer_Release(&view_); }
    BufferView(const BufferView&) = delete;
    BufferView& operator=(const BufferView&) = delete;
    const void* data() const { return view_.buf; }
    size_t size() const { return static_cast<size_t>(view_.len); }

private:
    Py_buffer view_{};
};

// ----------------------------------------------------------------------------- states

struct BuilderState {
    py::object logger;                  // keeps the Python ILogger alive for the C++ builder
    std::shared_ptr<IBuilder> builder;  // shared: a build in progress keeps it alive if closed meanwhile
    // Legacy (TensorRT <= 7) builder settings, applied by build_cuda_engine (max_batch_size is the
    // C++ builder's: IBuilder::setMaxBatchSize).
    size_t maxWorkspaceSize{0};
    bool fp16Mode{false};
    bool int8Mode{false};
    //! Incremented by Builder.reset(), which frees the profiles the builder created.
    uint64_t profileGeneration{0};

    IBuilder& get() const {
        if (!builder) throwDestroyed("This Builder");
        return *builder;
    }
};

struct NetworkState {
    py::object logger;
    py::object builder;  // the Python Builder that created the network
    std::shared_ptr<BuilderState> builderState;
    std::shared_ptr<INetworkDefinition> network;  // shared for the same reason
    //! Legacy implicit-batch network (create_network() without flags): the C++ network, created with
    //! kIMPLICIT_BATCH_LEGACY, has a leading -1 batch dimension that the Python API hides. A copy of
    //! INetworkDefinition::hasImplicitBatchDimension(), fixed at creation.
    bool implicit{false};

    INetworkDefinition& get() const {
        if (!network) throwDestroyed("This INetworkDefinition");
        return *network;
    }
};

//! A timing cache (IBuilderConfig.create_timing_cache). close() retires the Python handle; the C++
//! cache lives on while a config it was set on still refers to it (ConfigState::timingCacheRef).
struct TimingCacheState {
    std::shared_ptr<ITimingCache> cache;
    ITimingCache& get() const {
        if (!cache) throwDestroyed("This ITimingCache");
        return *cache;
    }
};

struct ConfigState {
    //! The builder's Python ILogger: the C++ config logs through it (create_timing_cache, set_timing_cache),
    //! also after the Builder is gone.
    py::object logger;
    // Declared before config: destroyed after it. The C++ config only points at its timing cache.
    std::shared_ptr<ITimingCache> timingCacheRef;
    std::shared_ptr<TimingCacheState> timingCache;  // the Python handle's state, for get_timing_cache
    std::shared_ptr<IBuilderConfig> config;
    IBuilderConfig& get() const {
        if (!config) throwDestroyed("This IBuilderConfig");
        return *config;
    }
};

struct RuntimeState {
    py::object logger;
    std::shared_ptr<IRuntime> runtime;
    IRuntime& get() const {
        if (!runtime) throwDestroyed("This Runtime");
        return *runtime;
    }
};

struct EngineState {
    py::object logger;
    py::object runtime;  // the Python Runtime (None for engines built by Builder.build_engine_with_config)
    //! The C++ engine; its deleter keeps the C++ runtime alive until the engine is gone. Legacy
    //! implicit batch (hasImplicitBatchDimension, getMaxBatchSize) is read from it: it is in the plan.
    std::shared_ptr<ICudaEngine> engine;

    ICudaEngine& get() const {
        if (!engine) throwDestroyed("This ICudaEngine");
        return *engine;
    }
};

struct ContextState {
    py::object logger;
    py::object engine;  // the Python ICudaEngine
    std::shared_ptr<EngineState> engineState;
    std::shared_ptr<ICudaEngine> engineRef;  // declared before ctx: destroyed after it
    std::unique_ptr<IExecutionContext> ctx;
    py::object profiler{py::none()};
    //! False for a context made by create_execution_context_without_device_memory.
    bool ownMemory{true};
    //! The object given to device_memory / set_device_memory (kept alive while the context uses it).
    py::object deviceMemory{py::none()};
    //! Serializes runs (which release the GIL) with each other and with close().
    std::mutex mutex;

    IExecutionContext& get() const {
        if (!ctx) throwDestroyed("This IExecutionContext");
        return *ctx;
    }
};

// ----------------------------------------------------------------------------- Python-visible handles

struct PyBuilder {
    std::shared_ptr<BuilderState> s;
};
struct PyNetwork {
    std::shared_ptr<NetworkState> s;
};
struct PyConfig {
    std::shared_ptr<ConfigState> s;
};
struct PyTimingCache {
    std::shared_ptr<TimingCacheState> s;
};
struct PyRuntime {
    std::shared_ptr<RuntimeState> s;
};
struct PyEngine {
    std::shared_ptr<EngineState> s;
};
struct PyContext {
    std::shared_ptr<ContextState> s;
};

//! A profile belongs to the builder that created it (as in TensorRT).
struct PyProfile {
    std::shared_ptr<BuilderState> s;
    IOptimizationProfile* p{nullptr};
    uint64_t generation{0};
    IOptimizationProfile& get() const {
        if (!s->builder) throwDestroyed("The Builder that created this IOptimizationProfile");
        if (generation != s->profileGeneration)
            throw std::runtime_error("This IOptimizationProfile was freed by Builder.reset(); create a new one");
        return *p;
    }
};

//! A tensor belongs to its network.
struct PyTensor {
    std::shared_ptr<NetworkState> s;
    ITensor* t{nullptr};
    ITensor& get() const {
        if (!s->network) throwDestroyed("The INetworkDefinition of this ITensor");
        return *t;
    }
};

//! A layer belongs to its network. One handle class per layer kind (registered as subclasses).
struct PyLayer {
    std::shared_ptr<NetworkState> s;
    ILayer* l{nullptr};
    ILayer& base() const {
        if (!s->network) throwDestroyed("The INetworkDefinition of this layer");
        return *l;
    }
    template <typename T>
    T& as() const {
        return static_cast<T&>(base());
    }
};
struct PyConvolutionLayer : PyLayer {};
struct PyPoolingLayer : PyLayer {};
struct PyFullyConnectedLayer : PyLayer {};
struct PyMatrixMultiplyLayer : PyLayer {};
struct PyActivationLayer : PyLayer {};
struct PyElementWiseLayer : PyLayer {};
struct PyScaleLayer : PyLayer {};
struct PySoftMaxLayer : PyLayer {};
struct PyShuffleLayer : PyLayer {};
struct PyConcatenationLayer : PyLayer {};
struct PyConstantLayer : PyLayer {};
struct PyCastLayer : PyLayer {};
// ---- math family: Python layer handles (begin)
// ---- math family (end)
// ---- reduce family: Python layer handles (begin)
// ---- reduce family (end)
// ---- shape family: Python layer handles (begin)
// ---- shape family (end)
// ---- index family: Python layer handles (begin)
// ---- index family (end)
// ---- control family: Python layer handles (begin)
// ---- control family (end)

//! Serialized plan bytes. Exposes the buffer protocol (bytes(mem), memoryview(mem), file.write(mem)).
//! close() makes it unusable; the bytes themselves are freed when the object is collected, because
//! a memoryview taken earlier may still point at them.
struct PyHostMemory {
    std::unique_ptr<IHostMemory> mem;
    bool closed{false};
    IHostMemory& get() const {
        if (closed || !mem) throwDestroyed("This IHostMemory");
        return *mem;
    }
};

//! Weights: a data type and a C-contiguous numpy array holding the values (or none: empty weights).
struct PyWeights {
    DataType type{DataType::kFLOAT};
    py::object array{py::none()};
    Weights get() const;
    int64_t count() const;
};

// ----------------------------------------------------------------------------- conversions (convert.cpp)

//! A shape from a Dims, a tuple/list of ints, or any iterable of ints (numpy ints included).
Dims toDims(py::handle obj, const char* what);
//! Weights from None (empty), a Weights or a numpy array. Raises TypeError for unsupported dtypes.
PyWeights toWeights(py::handle obj, const char* what);
//! numpy array (a copy) of weights held by a layer.
py::array weightsToNumpy(const Weights& w);
//! Address from an int, an object with __int__ / __index__ (e.g. tensorforge.cuda.DeviceAllocation)
//! or None (null). numpy arrays are refused (pass arr.ctypes.data).
void* toAddress(py::handle obj, const char* what);
//! numpy dtype of a DataType; raises TypeError where numpy has none (FP8, BF16, INT4).
py::dtype toNumpyDtype(DataType t);

//! Callback to wrap a layer in the handle of its kind (network.cpp); None for nullptr.
py::object wrapLayer(const std::shared_ptr<NetworkState>& s, ILayer* layer);
py::object wrapTensor(const std::shared_ptr<NetworkState>& s, ITensor* tensor);

//! The ILogger* inside a Python ILogger object, or TypeError.
ILogger* loggerPtr(py::handle logger);

//! Wraps an engine in a Python ICudaEngine (None for nullptr). The engine is deleted before `runtime`.
py::object wrapEngine(py::object logger, py::object runtimePy, std::shared_ptr<IRuntime> runtime, ICudaEngine* engine);

// ----------------------------------------------------------------------------- module parts

void bindEnums(py::module_& m);
void bindCore(py::module_& m);               // Logger, Dims, Weights, IHostMemory, IProfiler
void bindNetwork(py::module_& m);            // ITensor, layers, INetworkDefinition
void bindLayers(py::module_& m);             // the ILayer subclasses (called by bindNetwork)
void declareRuntimeClasses(py::module_& m);  // before bindBuilder: its methods return engines
void bindBuilder(py::module_& m);            // Builder, IBuilderConfig, IOptimizationProfile
void bindRuntime(py::module_& m);            // Runtime, ICudaEngine, IExecutionContext
void bindInspector(py::module_& m);          // EngineInspector, LayerInformationFormat (inspector.cpp)
py::object createEngineInspector(py::object engine);  // ICudaEngine.create_engine_inspector
// The op families (python/src/family_<family>.cpp), one file each.
void bindMathLayers(py::module_& m);                    // math family: its enums and layer classes
void bindMathNetwork(py::class_<PyNetwork>& net);        // math family: its add_* methods
py::object wrapMathLayer(const std::shared_ptr<NetworkState>& s, ILayer* l);  // None if not math's
void bindReduceLayers(py::module_& m);                    // reduce family: its enums and layer classes
void bindReduceNetwork(py::class_<PyNetwork>& net);        // reduce family: its add_* methods
py::object wrapReduceLayer(const std::shared_ptr<NetworkState>& s, ILayer* l);  // None if not reduce's
void bindShapeLayers(py::module_& m);                    // shape family: its enums and layer classes
void bindShapeNetwork(py::class_<PyNetwork>& net);        // shape family: its add_* methods
py::object wrapShapeLayer(const std::shared_ptr<NetworkState>& s, ILayer* l);  // None if not shape's
void bindIndexLayers(py::module_& m);                    // index family: its enums and layer classes
void bindIndexNetwork(py::class_<PyNetwork>& net);        // index family: its add_* methods
py::object wrapIndexLayer(const std::shared_ptr<NetworkState>& s, ILayer* l);  // None if not index's
void bindControlLayers(py::module_& m);                    // control family: its enums and layer classes
void bindControlNetwork(py::class_<PyNetwork>& net);        // control family: its add_* methods
py::object wrapControlLayer(const std::shared_ptr<NetworkState>& s, ILayer* l);  // None if not control's

//! Context-manager methods for a handle class whose close() destroys the C++ object.
template <typename Cls, typename Close>
void addContextManager(Cls& cls, Close close) {
    cls.def(
        "__enter__", [](py::object self) { return self; },
        "Returns self; the object is destroyed when the 'with' block ends.");
    cls.def(
        "__exit__",
        [close](py::object self, py::handle, py::handle, py::handle) {
            close(self);
            return false;
        },
        "Destroys the underlying object; any later use raises RuntimeError.");
}

}  // namespace tfpy
