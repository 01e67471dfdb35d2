// Builder, IBuilderConfig and IOptimizationProfile.
#include "common.h"

namespace tfpy {
namespace {

uint32_t toFlags(py::handle flags, const char* what) {
    PyObject* v = PyNumber_Index(flags.ptr());
    if (!v) {
        PyErr_Clear();
        if (py::hasattr(flags, "__int__")) v = PyNumber_Long(flags.ptr());
        if (!v) {
            PyErr_Clear();
            throw py::type_error(std::string(what) + " must be an int bit mask");
        }
    }
    py::int_ i = py::reinterpret_steal<py::int_>(v);
    const long long x = PyLong_AsLongLong(i.ptr());
    if ((x == -1 && PyErr_Occurred()) || x < 0 || x > 0xffffffffLL) {
        PyErr_Clear();
        throw py::value_error(std::string(what) + " must be a 32-bit unsigned bit mask");
    }
    return static_cast<uint32_t>(x);
}

//! An implicit-batch network needs an optimization profile for its batch dimension: when the config
//! has none, add one with batch 1..builder.max_batch_size (tuned for the maximum) for every input.
void addImplicitBatchProfile(BuilderState& b, const NetworkState& n, IBuilderConfig& cfg) {
    if (!n.implicit || cfg.getNbOptimizationProfiles() > 0) return;
    IBuilder& builder = b.get();
    INetworkDefinition& net = n.get();
    if (net.getNbInputs() == 0) return;
    IOptimizationProfile* p = builder.createOptimizationProfile();
    if (!p) return;
    for (int32_t i = 0; i < net.getNbInputs(); ++i) {
        ITensor* t = net.getInput(i);
        Dims lo = t->getDimensions(), hi = lo;
        if (lo.nbDims < 1) continue;
        lo.d[0] = 1;
        hi.d[0] = builder.getMaxBatchSize();
        p->setDimensions(t->getName(), OptProfileSelector::kMIN, lo);
        p->setDimensions(t->getName(), OptProfileSelector::kOPT, hi);
        p->setDimensions(t->getName(), OptProfileSelector::kMAX, hi);
    }
    cfg.addOptimizationProfile(p);  // an invalid profile is reported by the build
}

//! Runs f(builder, network, config) with the GIL released. The objects are held by shared_ptr
//! copies, so another thread closing them meanwhile cannot free them under the build.
template <typename F>
auto withBuildObjects(const PyBuilder& b, const PyNetwork& n, const PyConfig& c, F&& f) {
    b.s->get();
    n.s->get();
    c.s->get();
    std::shared_ptr<IBuilder> builder = b.s->builder;
    std::shared_ptr<INetworkDefinition> net = n.s->network;
    std::shared_ptr<IBuilderConfig> cfg = c.s->config;
    std::shared_ptr<ITimingCache> cache = c.s->timingCacheRef;  // config.reset() meanwhile cannot free it
    py::gil_scoped_release nogil;                               // the build may log from worker threads
    return f(*builder, *net, *cfg);
}

IHostMemory* buildPlan(const PyBuilder& b, const PyNetwork& n, const PyConfig& c) {
    addImplicitBatchProfile(*b.s, *n.s, c.s->get());
    return withBuildObjects(b, n, c, [](IBuilder& builder, INetworkDefinition& net, IBuilderConfig& cfg) {
        return builder.buildSerializedNetwork(net, cfg);
    });
}

}  // namespace

void bindBuilder(py::module_& m) {
    // ---- IOptimizationProfile
    py::class_<PyProfile>(m, "IOptimizationProfile", R"doc(
min / opt / max shapes of each dynamic network input (Builder.create_optimization_profile).
Belongs to the builder that created it; add it to a config with add_optimization_profile.
)doc")
        .def(
            "set_shape",
            [](const PyProfile& p, const std::string& input, ShapeLike min, ShapeLike opt, ShapeLike max) {
                IOptimizationProfile& prof = p.get();
                const Dims dmin = toDims(min, "min"), dopt = toDims(opt, "opt"), dmax = toDims(max, "max");
                const char* names[] = {"min", "opt", "max"};
                const Dims* dims[] = {&dmin, &dopt, &dmax};
                const OptProfileSelector sel[] = {OptProfileSelector::kMIN, OptProfileSelector::kOPT,
                                                  OptProfileSelector::kMAX};
                for (int i = 0; i < 3; ++i)
                    if (!prof.setDimensions(input.c_str(), sel[i], *dims[i]))
                        throw std::runtime_error("IOptimizationProfile.set_shape: the " + std::string(names[i]) +
                                                 " shape " + std::string(py::str(py::repr(py::cast(*dims[i])))) +
                                                 " of input '" + input +
                                                 "' was rejected (need min <= opt <= max, "
                                                 "all extents >= 0)");
            },
            py::arg("input"), py::arg("min"), py::arg("opt"), py::arg("max"),
            "Sets the min / opt / max shapes of a network input. Raises RuntimeError if they are rejected.")
        .def(
            "get_shape",
            [](const PyProfile& p, const std::string& input) {
                IOptimizationProfile& prof = p.get();
                std::vector<Dims> out;
                for (auto s : {OptProfileSelector::kMIN, OptProfileSelector::kOPT, OptProfileSelector::kMAX})
                    out.push_back(prof.getDimensions(input.c_str(), s));
                return out;
            },
            py::arg("input"), "[min, opt, max] shapes of an input.")
        .def(
            "__bool__", [](const PyProfile& p) { return p.get().isValid(); }, "Whether the profile is valid.");

    // ---- ITimingCache
    py::class_<PyTimingCache> tc(m, "ITimingCache", R"doc(
Measured tactic timings, reusable across builds (IBuilderConfig.create_timing_cache /
set_timing_cache). Keyed by op signature and valid for the device, CPU and library versions it was
recorded with: a cache from elsewhere is ignored with a warning unless set with ignore_mismatch.
)doc");
    tc.def(
          "serialize",
          [](const PyTimingCache& t) -> Opt<PyHostMemory> {
              IHostMemory* mem = t.s->get().serialize();
              if (!mem) return py::none();
              PyHostMemory h;
              h.mem.reset(mem);
              return py::cast(std::move(h));
          },
          "The cache as IHostMemory (write it to a file; load it with IBuilderConfig.create_timing_cache).")
        .def(
            "combine",
            [](const PyTimingCache& t, const PyTimingCache& input, bool ignoreMismatch) {
                ITimingCache& self = t.s->get();
                return self.combine(input.s->get(), ignoreMismatch);
            },
            py::arg("input_cache"), py::arg("ignore_mismatch"),
            "Adds input_cache's entries (the faster one wins where both have a key). Returns False if input_cache "
            "was recorded with another device or version, unless ignore_mismatch.")
        .def(
            "reset", [](const PyTimingCache& t) { return t.s->get().reset(); }, "Empties the cache; returns True.");
    addContextManager(tc, [](py::object self) { self.cast<PyTimingCache&>().s->cache.reset(); });

    // ---- IBuilderConfig
    py::class_<PyConfig> cfg(m, "IBuilderConfig", "Options of a build (Builder.create_builder_config).");
    cfg.def(
           "set_memory_pool_limit",
           [](const PyConfig& c, MemoryPoolType pool, size_t size) { c.s->get().setMemoryPoolLimit(pool, size); },
           py::arg("pool"), py::arg("pool_size"), "Limits a memory pool, e.g. MemoryPoolType.WORKSPACE, in bytes.")
        .def(
            "get_memory_pool_limit",
            [](const PyConfig& c, MemoryPoolType pool) { return c.s->get().getMemoryPoolLimit(pool); }, py::arg("pool"),
            "The limit of a memory pool in bytes.")
        .def_property(
            "max_workspace_size",
            [](const PyConfig& c) { return c.s->get().getMemoryPoolLimit(MemoryPoolType::kWORKSPACE); },
            [](const PyConfig& c, size_t v) { c.s->get().setMemoryPoolLimit(MemoryPoolType::kWORKSPACE, v); },
            "Legacy: the WORKSPACE memory pool limit.")
        .def_property(
            "flags", [](const PyConfig& c) { return c.s->get().getFlags(); },
            [](const PyConfig& c, IntLike v) { c.s->get().setFlags(toFlags(v, "flags")); },
            "BuilderFlag bits (1 << int(flag)).")
        .def(
            "set_flag", [](const PyConfig& c, BuilderFlag f) { c.s->get().setFlag(f); }, py::arg("flag"),
            "Sets a BuilderFlag.")
        .def(
            "clear_flag", [](const PyConfig& c, BuilderFlag f) { c.s->get().clearFlag(f); }, py::arg("flag"),
            "Clears a BuilderFlag.")
        .def(
            "get_flag", [](const PyConfig& c, BuilderFlag f) { return c.s->get().getFlag(f); }, py::arg("flag"),
            "Whether a BuilderFlag is set.")
        .def(
            "add_optimization_profile",
            [](const PyConfig& c, const PyProfile& p) {
                IBuilderConfig& config = c.s->get();
                return config.addOptimizationProfile(&p.get());
            },
            py::arg("profile"), "Adds a copy of the profile; returns its index, or -1 if it is invalid.")
        .def_property_readonly(
            "num_optimization_profiles", [](const PyConfig& c) { return c.s->get().getNbOptimizationProfiles(); },
            "Number of profiles added.")
        .def_property(
            "default_device_type", [](const PyConfig& c) { return c.s->get().getDefaultDeviceType(); },
            [](const PyConfig& c, DeviceType d) { c.s->get().setDefaultDeviceType(d); },
            "Device the engine is built for (DeviceType.CPU by default).")
        .def(
            "set_tactic_sources",
            [](const PyConfig& c, IntLike v) { return c.s->get().setTacticSources(toFlags(v, "tactic_sources")); },
            py::arg("tactic_sources"), "Bit mask of 1 << int(TacticSource); returns False if rejected.")
        .def(
            "get_tactic_sources", [](const PyConfig& c) { return c.s->get().getTacticSources(); },
            "Bit mask of the allowed TacticSource values.")
        .def_property(
            "profiling_verbosity", [](const PyConfig& c) { return c.s->get().getProfilingVerbosity(); },
            [](const PyConfig& c, ProfilingVerbosity v) { c.s->get().setProfilingVerbosity(v); },
            "Detail of the layer information kept in the engine.")
        .def_property(
            "builder_optimization_level", [](const PyConfig& c) { return c.s->get().getBuilderOptimizationLevel(); },
            [](const PyConfig& c, int32_t v) { c.s->get().setBuilderOptimizationLevel(v); },
            "0 (no autotuning: first tactic wins) .. 5.")
        .def(
            "create_timing_cache",
            [](const PyConfig& c, BufferLike serialized) -> Opt<PyTimingCache> {
                IBuilderConfig& config = c.s->get();
                BufferView buf(serialized, "serialized_timing_cache");
                ITimingCache* cache = config.createTimingCache(buf.data(), buf.size());
                if (!cache) return py::none();
                auto s = std::make_shared<TimingCacheState>();
                s->cache.reset(cache);
                return py::cast(PyTimingCache{s});
            },
            py::arg("serialized_timing_cache"),
            "A timing cache from the bytes of ITimingCache.serialize() (b\"\": a new, empty one). Returns None, and "
            "logs why, if the bytes are damaged. The cache belongs to no config: several builds may share it.")
        .def(
            "set_timing_cache",
            [](const PyConfig& c, const PyTimingCache& cache, bool ignoreMismatch) {
                IBuilderConfig& config = c.s->get();
                if (!config.setTimingCache(cache.s->get(), ignoreMismatch)) return false;
                c.s->timingCacheRef = cache.s->cache;
                c.s->timingCache = cache.s;
                return true;
            },
            py::arg("cache"), py::arg("ignore_mismatch"),
            "Builds with this config use and update cache (the config keeps it alive). A cache recorded on another "
            "machine or version is ignored with a warning unless ignore_mismatch. Returns whether it was set.")
        .def(
            "get_timing_cache",
            [](const PyConfig& c) -> Opt<PyTimingCache> {
                const ITimingCache* cache = c.s->get().getTimingCache();
                if (!cache || cache != c.s->timingCacheRef.get()) return py::none();
                return py::cast(PyTimingCache{c.s->timingCache});
            },
            "The timing cache set with set_timing_cache, or None.")
        .def(
            "reset",
            [](const PyConfig& c) {
                c.s->get().reset();
                c.s->timingCacheRef.reset();
                c.s->timingCache.reset();
            },
            "Restores the defaults (no optimization profiles, no timing cache).");
    addContextManager(cfg, [](py::object self) { self.cast<PyConfig&>().s->config.reset(); });

    // ---- Builder
    py::class_<PyBuilder> b(m, "Builder", R"doc(
Builds engines: ``Builder(logger)`` -> ``create_network`` / ``create_builder_config`` ->
``build_serialized_network``. The logger is kept alive as long as the builder or anything it made.
)doc");
    b.def(py::init([](LoggerLike logger) {
              ILogger* l = loggerPtr(logger);
              auto s = std::make_shared<BuilderState>();
              s->logger = logger;
              s->builder.reset(createInferBuilder(*l));
              if (!s->builder) throw std::runtime_error("createInferBuilder failed (out of memory?)");
              return PyBuilder{s};
          }),
          py::arg("logger"))
        .def(
            "create_network",
            [](py::object self, OptionalIntLike flags) -> Opt<PyNetwork> {
                PyBuilder& pb = self.cast<PyBuilder&>();
                IBuilder& builder = pb.s->get();
                // No flags: TensorRT <= 7's implicit batch, which the C++ network records
                // (kIMPLICIT_BATCH_LEGACY) so that engines built from it, and their plans, know it.
                constexpr uint32_t kImplicit =
                    1u << static_cast<int>(NetworkDefinitionCreationFlag::kIMPLICIT_BATCH_LEGACY);
                const uint32_t f = flags.is_none() ? kImplicit : toFlags(flags, "flags");
                auto s = std::make_shared<NetworkState>();
                s->logger = pb.s->logger;
                s->builder = self;
                s->builderState = pb.s;
                s->network.reset(builder.createNetworkV2(f));
                if (!s->network) return py::none();
                s->implicit = s->network->hasImplicitBatchDimension();
                return py::cast(PyNetwork{s});
            },
            py::arg("flags") = py::none(),
            "Creates a network. With flags (an int, 0 or e.g. 1 << int(NetworkDefinitionCreationFlag.EXPLICIT_BATCH)) "
            "it is explicit batch (TensorRT 10). Without flags it is a legacy implicit-batch network: shapes exclude "
            "the batch dimension and builder.max_batch_size bounds the batch.")
        .def(
            "create_builder_config",
            [](const PyBuilder& pb) -> Opt<PyConfig> {
                IBuilder& builder = pb.s->get();
                auto s = std::make_shared<ConfigState>();
                s->logger = pb.s->logger;
                s->config.reset(builder.createBuilderConfig());
                if (!s->config) return py::none();
                return py::cast(PyConfig{s});
            },
            "Creates a builder config.")
        .def(
            "create_optimization_profile",
            [](const PyBuilder& pb) -> Opt<PyProfile> {
                IBuilder& builder = pb.s->get();
                IOptimizationProfile* p = builder.createOptimizationProfile();
                if (!p) return py::none();
                return py::cast(PyProfile{pb.s, p, pb.s->profileGeneration});
            },
            "Creates an optimization profile (owned by this builder).")
        .def(
            "build_serialized_network",
            [](const PyBuilder& pb, const PyNetwork& n, const PyConfig& c) -> Opt<PyHostMemory> {
                IHostMemory* mem = buildPlan(pb, n, c);
                if (!mem) return py::none();
                PyHostMemory h;
                h.mem.reset(mem);
                return py::cast(std::move(h));
            },
            py::arg("network"), py::arg("config"),
            "Builds the network; returns the serialized engine (IHostMemory), or None if the build failed (the "
            "logger says why).")
        .def(
            "build_engine_with_config",
            [](const PyBuilder& pb, const PyNetwork& n, const PyConfig& c) -> Opt<PyEngine> {
                std::unique_ptr<IHostMemory> mem(buildPlan(pb, n, c));
                if (!mem) return py::none();
                ILogger* l = loggerPtr(pb.s->logger);
                std::shared_ptr<IRuntime> rt(createInferRuntime(*l));
                if (!rt) return py::none();
                ICudaEngine* e;
                {
                    py::gil_scoped_release nogil;
                    e = rt->deserializeCudaEngine(mem->data(), mem->size());
                }
                return wrapEngine(pb.s->logger, py::none(), rt, e);
            },
            py::arg("network"), py::arg("config"),
            "Builds the network and deserializes it; returns the ICudaEngine, or None if the build failed.")
        .def(
            "is_network_supported",
            [](const PyBuilder& pb, const PyNetwork& n, const PyConfig& c) {
                return withBuildObjects(pb, n, c, [](IBuilder& builder, INetworkDefinition& net, IBuilderConfig& cfg) {
                    return builder.isNetworkSupported(net, cfg);
                });
            },
            py::arg("network"), py::arg("config"), "Whether the network can be built with this config.")
        .def_property_readonly(
            "platform_has_fast_fp16", [](const PyBuilder& pb) { return pb.s->get().platformHasFastFp16(); },
            "Whether the platform has fast native fp16.")
        .def_property_readonly(
            "platform_has_fast_int8", [](const PyBuilder& pb) { return pb.s->get().platformHasFastInt8(); },
            "Whether the platform has fast native int8.")
        .def_property_readonly(
            "platform_has_tf32", [](const PyBuilder& pb) { return pb.s->get().platformHasTf32(); },
            "Whether the platform has tf32.")
        .def_property_readonly(
            "num_DLA_cores", [](const PyBuilder& pb) { return pb.s->get().getNbDLACores(); }, "Always 0.")
        .def_property(
            "max_threads", [](const PyBuilder& pb) { return pb.s->get().getMaxThreads(); },
            [](const PyBuilder& pb, int32_t v) { pb.s->get().setMaxThreads(v); }, "Threads the builder may use.")
        .def_property_readonly(
            "logger", [](const PyBuilder& pb) { return pb.s->logger; }, "The logger given at construction.")
        .def(
            "reset",
            [](const PyBuilder& pb) {
                pb.s->get().reset();
                ++pb.s->profileGeneration;
            },
            "Frees the optimization profiles the builder created.")
        // Legacy (TensorRT <= 7) settings, used by build_cuda_engine and implicit-batch networks.
        .def_property(
            "max_batch_size", [](const PyBuilder& pb) { return pb.s->get().getMaxBatchSize(); },
            [](const PyBuilder& pb, int32_t v) {
                IBuilder& builder = pb.s->get();
                if (v < 1) throw py::value_error("max_batch_size must be >= 1");
                builder.setMaxBatchSize(v);
            },
            "Legacy: the largest batch of an implicit-batch network (an optimization profile 1..max_batch_size), "
            "recorded in the plan (engine.max_batch_size).")
        .def_property(
            "max_workspace_size",
            [](const PyBuilder& pb) {
                pb.s->get();
                return pb.s->maxWorkspaceSize;
            },
            [](const PyBuilder& pb, size_t v) {
                pb.s->get();
                pb.s->maxWorkspaceSize = v;
            },
            "Legacy: workspace limit in bytes applied by build_cuda_engine (0: no limit).")
        .def_property(
            "fp16_mode",
            [](const PyBuilder& pb) {
                pb.s->get();
                return pb.s->fp16Mode;
            },
            [](const PyBuilder& pb, bool v) {
                pb.s->get();
                pb.s->fp16Mode = v;
            },
            "Legacy: BuilderFlag.FP16 for build_cuda_engine.")
        .def_property(
            "int8_mode",
            [](const PyBuilder& pb) {
                pb.s->get();
                return pb.s->int8Mode;
            },
            [](const PyBuilder& pb, bool v) {
                pb.s->get();
                pb.s->int8Mode = v;
            },
            "Legacy: BuilderFlag.INT8 for build_cuda_engine.");
    addContextManager(b, [](py::object self) { self.cast<PyBuilder&>().s->builder.reset(); });
}

}  // namespace tfpy
