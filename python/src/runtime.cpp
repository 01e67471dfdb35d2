// Runtime, ICudaEngine and IExecutionContext.
#include "common.h"

namespace tfpy {
namespace {

void requireTensor(const ICudaEngine& e, const std::string& name) {
    if (e.getTensorIOMode(name.c_str()) == TensorIOMode::kNONE)
        throw py::value_error("the engine has no I/O tensor named '" + name + "'");
}

void requireProfile(const ICudaEngine& e, int32_t profile) {
    if (profile < 0 || profile >= e.getNbOptimizationProfiles())
        throw py::index_error("profile index " + std::to_string(profile) + " out of range [0, " +
                              std::to_string(e.getNbOptimizationProfiles()) + ")");
}

//! Runs f(context) with the GIL released and the context's mutex held.
template <typename F>
auto locked(ContextState& s, F&& f) -> decltype(f(*s.ctx)) {
    py::gil_scoped_release nogil;
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.ctx)
        throw std::runtime_error(
            "This IExecutionContext has been destroyed (was it used after its 'with' "
            "block ended?); create a new one");
    return f(*s.ctx);
}

//! A context of the engine `self`, with its own activation memory or (ownMemory false) none.
py::object createContext(py::object self, bool ownMemory) {
    PyEngine& e = self.cast<PyEngine&>();
    e.s->get();
    auto s = std::make_shared<ContextState>();
    s->logger = e.s->logger;
    s->engine = self;
    s->engineState = e.s;
    s->engineRef = e.s->engine;
    s->ownMemory = ownMemory;
    {
        py::gil_scoped_release nogil;
        s->ctx.reset(ownMemory ? s->engineRef->createExecutionContext()
                               : s->engineRef->createExecutionContextWithoutDeviceMemory());
    }
    if (!s->ctx) return py::none();
    return py::cast(PyContext{s});
}

//! IExecutionContext::setDeviceMemoryV2; keeps `memory` alive while the context may use it.
void setDeviceMemory(const PyContext& c, py::handle memory, int64_t size) {
    void* p = toAddress(memory, "device_memory");
    if (size < 0) throw py::value_error("set_device_memory: size must be >= 0");
    locked(*c.s, [&](IExecutionContext& x) {
        x.setDeviceMemoryV2(p, size);  // logs why if it refuses the memory
        return true;
    });
    // setDeviceMemoryV2 returns nothing: the memory it refuses (a context with its own memory, too few
    // bytes, not 64-byte aligned) leaves the context on its previous memory, which must stay alive.
    const bool refused = c.s->ownMemory || (p && size < c.s->engineRef->getDeviceMemorySizeV2()) ||
                         reinterpret_cast<uintptr_t>(p) % 64 != 0;
    if (!refused) c.s->deviceMemory = py::reinterpret_borrow<py::object>(memory);
}

}  // namespace

py::object wrapEngine(py::object logger, py::object runtimePy, std::shared_ptr<IRuntime> runtime, ICudaEngine* engine) {
    if (!engine) return py::none();
    auto s = std::make_shared<EngineState>();
    s->logger = std::move(logger);
    s->runtime = std::move(runtimePy);
    s->engine = std::shared_ptr<ICudaEngine>(engine, [runtime](ICudaEngine* e) { delete e; });
    return py::cast(PyEngine{s});
}

void declareRuntimeClasses(py::module_& m) {
    py::class_<PyRuntime>(m, "Runtime", "Loads serialized engines: Runtime(logger).deserialize_cuda_engine(plan).");
    py::class_<PyEngine>(m, "ICudaEngine", R"doc(
An optimized network, immutable and shareable by several execution contexts. I/O tensors are
addressed by name (num_io_tensors / get_tensor_name). Closing an engine (end of its 'with' block)
while contexts still exist keeps the engine's memory until the last context is gone.
)doc");
    py::class_<PyContext>(m, "IExecutionContext", R"doc(
Per-run state of an engine: input shapes, tensor addresses, activation memory.
Typical use (TensorRT 10)::

    context.set_input_shape("data", (8, 1, 28, 28))
    context.set_tensor_address("data", int(d_input))
    context.set_tensor_address("prob", int(d_output))
    context.execute_async_v3(stream.handle)

Runs release the GIL. On the CPU the run has completed when execute_async_v3 returns.
)doc");
}

void bindRuntime(py::module_& m) {
    // ---- Runtime
    auto rt = py::reinterpret_borrow<py::class_<PyRuntime>>(m.attr("Runtime"));
    rt.def(py::init([](LoggerLike logger) {
               ILogger* l = loggerPtr(logger);
               auto s = std::make_shared<RuntimeState>();
               s->logger = logger;
               s->runtime.reset(createInferRuntime(*l));
               if (!s->runtime) throw std::runtime_error("createInferRuntime failed (out of memory?)");
               return PyRuntime{s};
           }),
           py::arg("logger"))
        .def(
            "deserialize_cuda_engine",
            [](py::object self, BufferLike serialized) -> Opt<PyEngine> {
                PyRuntime& r = self.cast<PyRuntime&>();
                r.s->get();
                std::shared_ptr<IRuntime> runtime = r.s->runtime;
                BufferView buf(serialized, "serialized_engine");
                ICudaEngine* e;
                {
                    py::gil_scoped_release nogil;
                    e = runtime->deserializeCudaEngine(buf.data(), buf.size());
                }
                return wrapEngine(r.s->logger, self, runtime, e);
            },
            py::arg("serialized_engine"),
            "Loads a plan (bytes, IHostMemory, ...). Returns the ICudaEngine, or None if the plan is truncated, "
            "corrupt, of another version or another device (the logger says which).")
        .def_property(
            "max_threads", [](const PyRuntime& r) { return r.s->get().getMaxThreads(); },
            [](const PyRuntime& r, int32_t v) { r.s->get().setMaxThreads(v); }, "Threads the runtime may use.")
        .def_property_readonly(
            "logger", [](const PyRuntime& r) { return r.s->logger; }, "The logger given at construction.");
    addContextManager(rt, [](py::object self) { self.cast<PyRuntime&>().s->runtime.reset(); });

    // ---- ICudaEngine
    auto eng = py::reinterpret_borrow<py::class_<PyEngine>>(m.attr("ICudaEngine"));
    eng.def_property_readonly(
           "num_io_tensors", [](const PyEngine& e) { return e.s->get().getNbIOTensors(); },
           "Number of input and output tensors.")
        .def(
            "get_tensor_name",
            [](const PyEngine& e, int32_t i) {
                ICudaEngine& engine = e.s->get();
                if (i < 0 || i >= engine.getNbIOTensors())
                    throw py::index_error("I/O tensor index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(engine.getNbIOTensors()) + ")");
                return std::string(engine.getIOTensorName(i));
            },
            py::arg("index"), "Name of I/O tensor index (inputs and outputs in binding order).")
        .def(
            "get_tensor_mode",
            [](const PyEngine& e, const std::string& name) { return e.s->get().getTensorIOMode(name.c_str()); },
            py::arg("name"), "TensorIOMode.INPUT / OUTPUT, or NONE for an unknown name.")
        .def(
            "get_tensor_shape",
            [](const PyEngine& e, const std::string& name) {
                ICudaEngine& engine = e.s->get();
                requireTensor(engine, name);
                return engine.getTensorShape(name.c_str());
            },
            py::arg("name"), "Shape of an I/O tensor, -1 for dynamic dimensions.")
        .def(
            "get_tensor_dtype",
            [](const PyEngine& e, const std::string& name) {
                ICudaEngine& engine = e.s->get();
                requireTensor(engine, name);
                return engine.getTensorDataType(name.c_str());
            },
            py::arg("name"), "DataType of an I/O tensor.")
        .def(
            "get_tensor_format",
            [](const PyEngine& e, const std::string& name) {
                ICudaEngine& engine = e.s->get();
                requireTensor(engine, name);
                return engine.getTensorFormat(name.c_str());
            },
            py::arg("name"), "TensorFormat of an I/O tensor (the layout its buffer must have).")
        .def(
            "get_tensor_format",
            [](const PyEngine& e, const std::string& name, int32_t profile) {
                ICudaEngine& engine = e.s->get();
                requireTensor(engine, name);
                requireProfile(engine, profile);
                return engine.getTensorFormat(name.c_str());
            },
            py::arg("name"), py::arg("profile_index"),
            "TensorFormat of an I/O tensor in a profile (TensorForge gives an I/O tensor one format in every "
            "profile).")
        .def_property_readonly(
            "num_optimization_profiles", [](const PyEngine& e) { return e.s->get().getNbOptimizationProfiles(); },
            "Number of optimization profiles.")
        .def(
            "get_tensor_profile_shape",
            [](const PyEngine& e, const std::string& name, int32_t profile) {
                ICudaEngine& engine = e.s->get();
                requireTensor(engine, name);
                requireProfile(engine, profile);
                std::vector<Dims> out;
                for (auto s : {OptProfileSelector::kMIN, OptProfileSelector::kOPT, OptProfileSelector::kMAX})
                    out.push_back(engine.getProfileShape(name.c_str(), profile, s));
                return out;
            },
            py::arg("name"), py::arg("profile_index"), "[min, opt, max] shapes of an input in a profile.")
        .def_property_readonly(
            "num_layers", [](const PyEngine& e) { return e.s->get().getNbLayers(); },
            "Number of layers (after fusion).")
        .def_property_readonly(
            "device_memory_size", [](const PyEngine& e) { return e.s->get().getDeviceMemorySize(); },
            "Bytes of activation memory each execution context allocates.")
        .def_property_readonly(
            "device_memory_size_v2", [](const PyEngine& e) { return e.s->get().getDeviceMemorySizeV2(); },
            "Bytes of activation memory each execution context allocates.")
        .def_property_readonly(
            "device_type", [](const PyEngine& e) { return e.s->get().getDeviceType(); }, "Where the engine runs.")
        .def_property_readonly(
            "name", [](const PyEngine& e) { return std::string(e.s->get().getName()); }, "The network's name.")
        .def(
            "serialize",
            [](const PyEngine& e) -> Opt<PyHostMemory> {
                e.s->get();
                std::shared_ptr<ICudaEngine> engine = e.s->engine;  // alive even if closed meanwhile
                IHostMemory* mem;
                {
                    py::gil_scoped_release nogil;
                    mem = engine->serialize();
                }
                if (!mem) return py::none();
                PyHostMemory h;
                h.mem.reset(mem);
                return py::cast(std::move(h));
            },
            "The plan as IHostMemory (write it to a file; load it with Runtime.deserialize_cuda_engine).")
        .def(
            "create_engine_inspector", [](py::object self) { return createEngineInspector(self); },
            "An EngineInspector of this engine's layers after fusion.")
        .def(
            "create_execution_context", [](py::object self) -> Opt<PyContext> { return createContext(self, true); },
            "Creates an execution context (its own activation memory; one per thread).")
        .def(
            "create_execution_context_without_device_memory",
            [](py::object self) -> Opt<PyContext> { return createContext(self, false); },
            "Creates an execution context without activation memory: give it device_memory_size_v2 bytes of the "
            "engine's device (64-byte aligned, e.g. int(cuda.mem_alloc(n))) with context.device_memory = ... or "
            "context.set_device_memory(memory, size) before running it.")
        .def_property_readonly(
            "max_batch_size", [](const PyEngine& e) { return e.s->get().getMaxBatchSize(); },
            "Legacy: the largest batch of an engine built from an implicit-batch network (builder.max_batch_size, "
            "kept in the plan); 1 otherwise.")
        .def_property_readonly(
            "has_implicit_batch_dimension", [](const PyEngine& e) { return e.s->get().hasImplicitBatchDimension(); },
            "Legacy: True for an engine built from an implicit-batch network (create_network() without flags), also "
            "after a plan round trip.");
    addContextManager(eng, [](py::object self) { self.cast<PyEngine&>().s->engine.reset(); });

    // ---- IExecutionContext
    auto ctx = py::reinterpret_borrow<py::class_<PyContext>>(m.attr("IExecutionContext"));
    ctx.def(
           "set_input_shape",
           [](const PyContext& c, const std::string& name, ShapeLike shape) {
               Dims d = toDims(shape, "shape");
               return locked(*c.s, [&](IExecutionContext& x) { return x.setInputShape(name.c_str(), d); });
           },
           py::arg("name"), py::arg("shape"),
           "Sets the shape of an input for the next runs. Returns False (and logs why) if the shape lies outside "
           "the active optimization profile or the name is unknown.")
        .def(
            "get_tensor_shape",
            [](const PyContext& c, const std::string& name) {
                requireTensor(*c.s->engineRef, name);
                return locked(*c.s, [&](IExecutionContext& x) { return x.getTensorShape(name.c_str()); });
            },
            py::arg("name"), "Shape of an input as set, or of an output as inferred from the input shapes.")
        .def_property_readonly(
            "all_input_dimensions_specified",
            [](const PyContext& c) {
                return locked(*c.s, [](IExecutionContext& x) { return x.allInputDimensionsSpecified(); });
            },
            "Whether every dynamic input shape has been set.")
        .def(
            "set_tensor_address",
            [](const PyContext& c, const std::string& name, AddressLike memory) {
                void* p = toAddress(memory, "set_tensor_address");
                return locked(*c.s, [&](IExecutionContext& x) { return x.setTensorAddress(name.c_str(), p); });
            },
            py::arg("name"), py::arg("memory"),
            "Sets the address of an I/O tensor's buffer (an int, e.g. int(cuda.mem_alloc(n)) or arr.ctypes.data). "
            "Returns False for an unknown name.")
        .def(
            "get_tensor_address",
            [](const PyContext& c, const std::string& name) {
                const void* p = locked(*c.s, [&](IExecutionContext& x) { return x.getTensorAddress(name.c_str()); });
                return reinterpret_cast<uintptr_t>(p);
            },
            py::arg("name"), "The address set for an I/O tensor (0 if none).")
        .def(
            "execute_async_v3",
            [](const PyContext& c, AddressLike stream) {
                void* st = toAddress(stream, "stream_handle");
                return locked(*c.s, [&](IExecutionContext& x) { return x.enqueueV3(st); });
            },
            py::arg("stream_handle") = 0,
            "Runs the engine with the addresses set by set_tensor_address. Returns False (and logs why) if an "
            "address or an input shape is missing.")
        .def(
            "execute_v2",
            [](const PyContext& c, BindingsLike bindings) {
                const int32_t n = c.s->engineRef->getNbIOTensors();
                if (static_cast<int64_t>(py::len(bindings)) != n)
                    throw py::value_error("execute_v2: bindings has " + std::to_string(py::len(bindings)) +
                                          " addresses but the engine has " + std::to_string(n) + " I/O tensors");
                std::vector<void*> ptrs;
                for (py::handle b : bindings) ptrs.push_back(toAddress(b, "execute_v2 bindings"));
                return locked(*c.s, [&](IExecutionContext& x) { return x.executeV2(ptrs.data()); });
            },
            py::arg("bindings"),
            "Synchronous run; bindings[i] is the address of I/O tensor i (engine.get_tensor_name order).")
        .def(
            "set_optimization_profile_async",
            [](const PyContext& c, int32_t index, AddressLike stream) {
                void* st = toAddress(stream, "stream_handle");
                return locked(*c.s, [&](IExecutionContext& x) { return x.setOptimizationProfileAsync(index, st); });
            },
            py::arg("profile_index"), py::arg("stream_handle") = 0, "Selects the optimization profile.")
        .def_property(
            "active_optimization_profile",
            [](const PyContext& c) {
                return locked(*c.s, [](IExecutionContext& x) { return x.getOptimizationProfile(); });
            },
            [](const PyContext& c, int32_t index) {
                if (!locked(*c.s, [&](IExecutionContext& x) { return x.setOptimizationProfileAsync(index, nullptr); }))
                    throw std::runtime_error("active_optimization_profile: profile " + std::to_string(index) +
                                             " does not exist");
            },
            "Index of the optimization profile in use.")
        .def_property(
            "profiler", [](const PyContext& c) { return c.s->profiler; },
            [](const PyContext& c, ProfilerLike p) {
                IProfiler* ptr = nullptr;
                if (!p.is_none()) {
                    if (!py::isinstance<IProfiler>(p))
                        throw py::type_error("profiler must be a tensorforge.IProfiler (or None)");
                    ptr = p.cast<IProfiler*>();
                }
                locked(*c.s, [&](IExecutionContext& x) {
                    x.setProfiler(ptr);
                    return true;
                });
                c.s->profiler = p;
            },
            "An IProfiler that receives per-layer times after each run (None: no profiling).")
        .def_property(
            "name",
            [](const PyContext& c) {
                return locked(*c.s, [](IExecutionContext& x) { return std::string(x.getName()); });
            },
            [](const PyContext& c, const std::string& v) {
                locked(*c.s, [&](IExecutionContext& x) {
                    x.setName(v.c_str());
                    return true;
                });
            },
            "The context's name.")
        .def_property_readonly(
            "engine", [](const PyContext& c) { return c.s->engine; }, "The ICudaEngine of this context.")
        .def_property(
            "device_memory", nullptr,
            [](const PyContext& c, AddressLike memory) {
                setDeviceMemory(c, memory, c.s->engineRef->getDeviceMemorySizeV2());
            },
            "Write-only: the activation memory of a context made by "
            "engine.create_execution_context_without_device_memory(), at least engine.device_memory_size_v2 "
            "bytes of the engine's device, 64-byte aligned (an int or an object with __int__, e.g. "
            "cuda.mem_alloc(n)). Rejected, with an error logged, for a context with its own memory.")
        .def(
            "set_device_memory",
            [](const PyContext& c, AddressLike memory, int64_t size) { setDeviceMemory(c, memory, size); },
            py::arg("memory"), py::arg("size"),
            "Gives a context made by engine.create_execution_context_without_device_memory() its activation memory: "
            "size bytes (at least engine.device_memory_size_v2) of the engine's device, 64-byte aligned. Rejected, "
            "with an error logged, if too small, misaligned, or for a context with its own memory.")
        .def_property_readonly(
            "_implicit_batch", [](const PyContext& c) { return c.s->engineRef->hasImplicitBatchDimension(); },
            "Internal: the engine was built from an implicit-batch network (kept in the plan).")
        .def(
            "_io_tensors",
            [](const PyContext& c) {
                // From the engine's C++ object, which lives as long as this context (even if the
                // Python engine has been closed).
                const ICudaEngine& e = *c.s->engineRef;
                py::list out;
                for (int32_t i = 0; i < e.getNbIOTensors(); ++i) {
                    const char* name = e.getIOTensorName(i);
                    out.append(py::make_tuple(std::string(name), e.getTensorIOMode(name) == TensorIOMode::kINPUT,
                                              e.getTensorShape(name)));
                }
                return out;
            },
            "Internal: [(name, is_input, shape)] of the engine's I/O tensors.");
    addContextManager(ctx, [](py::object self) {
        ContextState& s = *self.cast<PyContext&>().s;
        py::gil_scoped_release nogil;
        std::lock_guard<std::mutex> lock(s.mutex);
        s.ctx.reset();
    });
}

}  // namespace tfpy
