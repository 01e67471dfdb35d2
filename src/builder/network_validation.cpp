// Structural checks of a network before it is optimized: outputs, cycles, dangling inputs, names.
#include <set>

#include "builder/build_request.h"
#include "ir/dims_util.h"

namespace tforge::builder {

bool validateGraph(const ir::Graph& g, const Diagnostics& diag) {
    bool ok = true;
    auto fail = [&](const std::string& m) {
        diag.error(ErrorCode::kINVALID_ARGUMENT, m);
        ok = false;
    };
    if (g.outputs().empty())
        fail("Network has no outputs: mark at least one tensor with markOutput()");
    std::vector<ir::Node*> order;
    const ir::Node* cyc = nullptr;
    if (!g.topologicalOrder(order, &cyc)) {
        fail("Network has a cycle through layer \"" + (cyc ? cyc->name : std::string("?")) +
             "\" (a layer's input depends on its own output; check setInput calls)");
        return false;
    }
    for (ir::Tensor* in : g.inputs())
        if (g.consumers(in).empty() && !in->isOutput)
            fail("Network input \"" + in->name + "\" is not connected to any layer (remove it or use it)");
    std::set<std::string> ioNames;
    for (ir::Tensor* t : g.inputs())
        if (!ioNames.insert(t->name).second) fail("Two network inputs are named \"" + t->name + "\"");
    for (ir::Tensor* t : g.outputs()) {
        if (t->isInput) {
            // One name cannot be both an engine input and an engine output.
            fail("Network input \"" + t->name + "\" is also marked as an output; mark the output of a layer "
                 "instead (e.g. an identity addShuffle on it)");
            continue;
        }
        if (!ioNames.insert(t->name).second) fail("Two network inputs/outputs are named \"" + t->name + "\"");
        if (!t->producer) fail("Output \"" + t->name + "\" is not produced by any layer");
    }
    for (auto& n : g.nodes())
        for (size_t i = 0; i < n->inputs.size(); ++i)
            if (!n->inputs[i])
                fail("Layer \"" + n->name + "\": input " + std::to_string(i) + " is not connected");
    return ok;
}

}  // namespace tforge::builder
