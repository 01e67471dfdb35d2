// The tensorforge._tensorforge extension module: bindings of TensorForge's public C++ API with
// TensorRT's Python names. The pure-Python package (tensorforge/__init__.py) re-exports it and adds
// the legacy (TensorRT <= 7) shims and helpers.
#include "common.h"

PYBIND11_MODULE(_tensorforge, m) {
    m.doc() = "TensorForge bindings (TensorRT 10 Python API names); import the 'tensorforge' package instead.";
    m.attr("__version__") = std::to_string(tforge::kVERSION_MAJOR) + "." + std::to_string(tforge::kVERSION_MINOR) +
                            "." + std::to_string(tforge::kVERSION_PATCH);
    tfpy::bindEnums(m);
    tfpy::bindCore(m);
    tfpy::bindNetwork(m);
    tfpy::declareRuntimeClasses(m);
    tfpy::bindBuilder(m);
    tfpy::bindInspector(m);
    tfpy::bindRuntime(m);
}
