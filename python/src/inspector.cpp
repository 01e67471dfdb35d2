// EngineInspector (ICudaEngine.create_engine_inspector): the engine's layers after fusion as text or
// JSON. The inspector keeps its engine (and the context it inspects) alive.
#include "common.h"

namespace tfpy {
namespace {

struct PyInspector {
    py::object engine;                       // the Python ICudaEngine
    std::shared_ptr<ICudaEngine> engineRef;  // declared before the inspector: destroyed after it
    std::unique_ptr<IEngineInspector> inspector;
    py::object context{py::none()};

    IEngineInspector& get() const {
        if (!inspector) throwDestroyed("This EngineInspector");
        return *inspector;
    }
};

std::string information(const char* text, const char* what) {
    if (!text) throw py::index_error(std::string(what) + ": see the logger for why");
    return text;
}

}  // namespace

py::object createEngineInspector(py::object engine) {
    PyEngine& e = engine.cast<PyEngine&>();
    PyInspector p;
    p.engine = engine;
    p.engineRef = e.s->engine;
    p.inspector.reset(e.s->get().createEngineInspector());
    if (!p.inspector) return py::none();
    return py::cast(std::move(p));
}

void bindInspector(py::module_& m) {
    py::enum_<LayerInformationFormat>(m, "LayerInformationFormat",
                                      "The format in which the EngineInspector prints layer information.")
        .value("ONELINE", LayerInformationFormat::kONELINE, "one line per layer")
        .value("JSON", LayerInformationFormat::kJSON, "JSON (one object per layer; the engine: Layers, Bindings)");

    py::class_<PyInspector>(m, "EngineInspector", R"doc(
The layers of an engine after fusion (engine.create_engine_inspector()): for each, the original layers
it absorbed, the backend and tactic chosen (per profile), the shapes, types, formats and locations of
its inputs and outputs. Unlike TensorRT the details are there whatever the profiling verbosity.
)doc")
        .def_property(
            "execution_context", [](const PyInspector& p) { return p.context; },
            [](PyInspector& p, py::object ctx) {
                const IExecutionContext* c = nullptr;
                if (!ctx.is_none()) c = &ctx.cast<PyContext&>().s->get();
                if (!p.get().setExecutionContext(c))
                    throw py::value_error("execution_context: the context belongs to another engine");
                p.context = ctx;
            },
            "The context being inspected (its input shapes and profile), or None for the engine's shapes.")
        .def(
            "get_layer_information",
            [](const PyInspector& p, int32_t index, LayerInformationFormat format) {
                return information(p.get().getLayerInformation(index, format), "get_layer_information");
            },
            py::arg("layer_index"), py::arg("format"),
            "One layer (0 <= layer_index < engine.num_layers) as a line or JSON.")
        .def(
            "get_engine_information",
            [](const PyInspector& p, LayerInformationFormat format) {
                return information(p.get().getEngineInformation(format), "get_engine_information");
            },
            py::arg("format"), "Every layer, the bindings and the engine's memory, as lines or JSON.");
}

}  // namespace tfpy
