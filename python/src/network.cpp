// INetworkDefinition, ITensor and one Python class per layer kind.
//
// Implicit-batch networks (legacy create_network() without flags) are C++ networks created with
// kIMPLICIT_BATCH_LEGACY, whose inputs carry a leading -1 batch dimension that this file hides:
// add_input prepends -1, shapes reported through ITensor.shape drop it, and layer attributes that
// name axes (softmax axes, concatenation axis, scale channel axis, shuffle reshape dims and
// permutations, constant shapes) are shifted by one.
#include "common.h"
#include "network_util.h"

namespace tfpy {
namespace {

template <typename T>
py::object makeLayer(const std::shared_ptr<NetworkState>& s, ILayer* l) {
    T h;
    h.s = s;
    h.l = l;
    return py::cast(std::move(h));
}

}  // namespace

py::object wrapTensor(const std::shared_ptr<NetworkState>& s, ITensor* t) {
    if (!t) return py::none();
    return py::cast(PyTensor{s, t});
}

py::object wrapLayer(const std::shared_ptr<NetworkState>& s, ILayer* l) {
    if (!l) return py::none();
    switch (l->getType()) {
        case LayerType::kCONVOLUTION:
            if (dynamic_cast<IConvolutionLayer*>(l)) return makeLayer<PyConvolutionLayer>(s, l);
            break;
        case LayerType::kPOOLING:
            if (dynamic_cast<IPoolingLayer*>(l)) return makeLayer<PyPoolingLayer>(s, l);
            break;
        case LayerType::kFULLY_CONNECTED:
            if (dynamic_cast<IFullyConnectedLayer*>(l)) return makeLayer<PyFullyConnectedLayer>(s, l);
            break;
        case LayerType::kMATRIX_MULTIPLY:
            if (dynamic_cast<IMatrixMultiplyLayer*>(l)) return makeLayer<PyMatrixMultiplyLayer>(s, l);
            break;
        case LayerType::kACTIVATION:
            if (dynamic_cast<IActivationLayer*>(l)) return makeLayer<PyActivationLayer>(s, l);
            break;
        case LayerType::kELEMENTWISE:
            if (dynamic_cast<IElementWiseLayer*>(l)) return makeLayer<PyElementWiseLayer>(s, l);
            break;
        case LayerType::kSCALE:
            if (dynamic_cast<IScaleLayer*>(l)) return makeLayer<PyScaleLayer>(s, l);
            break;
        case LayerType::kSOFTMAX:
            if (dynamic_cast<ISoftMaxLayer*>(l)) return makeLayer<PySoftMaxLayer>(s, l);
            break;
        case LayerType::kSHUFFLE:
            if (dynamic_cast<IShuffleLayer*>(l)) return makeLayer<PyShuffleLayer>(s, l);
            break;
        case LayerType::kCONCATENATION:
            if (dynamic_cast<IConcatenationLayer*>(l)) return makeLayer<PyConcatenationLayer>(s, l);
            break;
        case LayerType::kCONSTANT:
            if (dynamic_cast<IConstantLayer*>(l)) return makeLayer<PyConstantLayer>(s, l);
            break;
        case LayerType::kCAST:
            if (dynamic_cast<ICastLayer*>(l)) return makeLayer<PyCastLayer>(s, l);
            break;
        default:  // the op families' kinds, else the plain ILayer
            break;
    }
    for (auto wrap : {wrapMathLayer, wrapReduceLayer, wrapShapeLayer, wrapIndexLayer, wrapControlLayer}) {
        py::object o = wrap(s, l);
        if (!o.is_none()) return o;
    }
    return makeLayer<PyLayer>(s, l);
}

void bindNetwork(py::module_& m) {
    // ---- ITensor
    py::class_<PyTensor>(m, "ITensor", "A tensor of a network definition (belongs to its network).")
        .def_property(
            "name", [](const PyTensor& t) { return std::string(t.get().getName()); },
            [](const PyTensor& t, const std::string& n) { t.get().setName(n.c_str()); }, "The tensor's name.")
        .def_property(
            "shape", [](const PyTensor& t) { return dropBatch(*t.s, t.get().getDimensions()); },
            [](const PyTensor& t, ShapeLike v) {
                ITensor& ref = t.get();
                Dims d = toDims(v, "shape");
                if (t.s->implicit) d = prependDim(d, -1, "shape");
                ref.setDimensions(d);
            },
            "The shape as inferred so far (-1 for dimensions known only at run time). In an "
            "implicit-batch network the batch dimension is not included. Settable for network inputs.")
        .def_property(
            "dtype", [](const PyTensor& t) { return t.get().getType(); },
            [](const PyTensor& t, DataType d) { t.get().setType(d); }, "The element type (settable for inputs).")
        .def_property_readonly(
            "is_network_input", [](const PyTensor& t) { return t.get().isNetworkInput(); }, "Is a network input.")
        .def_property_readonly(
            "is_network_output", [](const PyTensor& t) { return t.get().isNetworkOutput(); }, "Is a network output.")
        .def_property_readonly(
            "is_shape_tensor", [](const PyTensor& t) { return t.get().isShapeTensor(); }, "Is a shape tensor.")
        .def_property_readonly(
            "is_execution_tensor", [](const PyTensor& t) { return t.get().isExecutionTensor(); },
            "Is an execution tensor.")
        .def_property_readonly(
            "_full_shape", [](const PyTensor& t) { return t.get().getDimensions(); },
            "The shape including an implicit batch dimension (internal).")
        .def("__eq__",
             [](const PyTensor& a, py::handle b) {
                 return py::isinstance<PyTensor>(b) && b.cast<const PyTensor&>().t == a.t &&
                        b.cast<const PyTensor&>().s == a.s;
             })
        .def("__hash__", [](const PyTensor& t) { return std::hash<const void*>()(t.t); })
        .def("__repr__", [](const PyTensor& t) {
            if (!t.s->network) return std::string("<tensorforge.ITensor (network destroyed)>");
            return "<tensorforge.ITensor '" + std::string(t.t->getName()) +
                   "' shape=" + std::string(py::str(py::repr(py::cast(dropBatch(*t.s, t.t->getDimensions()))))) +
                   " dtype=" + dataTypeName(t.t->getType()) + ">";
        });

    // ---- ILayer
    py::class_<PyLayer>(m, "ILayer", "Base class of every layer (belongs to its network).")
        .def_property(
            "name", [](const PyLayer& h) { return std::string(h.base().getName()); },
            [](const PyLayer& h, const std::string& n) { h.base().setName(n.c_str()); }, "The layer's name.")
        .def_property_readonly(
            "type", [](const PyLayer& h) { return h.base().getType(); }, "The LayerType.")
        .def_property_readonly(
            "num_inputs", [](const PyLayer& h) { return h.base().getNbInputs(); }, "Number of inputs.")
        .def_property_readonly(
            "num_outputs", [](const PyLayer& h) { return h.base().getNbOutputs(); }, "Number of outputs.")
        .def(
            "get_input",
            [](const PyLayer& h, int32_t i) -> Opt<PyTensor> {
                ILayer& l = h.base();
                if (i < 0 || i >= l.getNbInputs())
                    throw py::index_error("input index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(l.getNbInputs()) + ")");
                return wrapTensor(h.s, l.getInput(i));
            },
            py::arg("index"), "The input tensor at index (None if unset).")
        .def(
            "get_output",
            [](const PyLayer& h, int32_t i) -> Opt<PyTensor> {
                ILayer& l = h.base();
                if (i < 0 || i >= l.getNbOutputs())
                    throw py::index_error("output index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(l.getNbOutputs()) + ")");
                return wrapTensor(h.s, l.getOutput(i));
            },
            py::arg("index"), "The output tensor at index.")
        .def(
            "set_input",
            [](const PyLayer& h, int32_t i, TensorLike tensor) {
                ILayer& l = h.base();
                if (i < 0 || i >= l.getNbInputs())
                    throw py::index_error("input index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(l.getNbInputs()) + ")");
                l.setInput(i, tensorArgLayer(h, tensor, "set_input"));
            },
            py::arg("index"), py::arg("tensor"), "Rewires input index to tensor.")
        .def_property(
            "precision", [](const PyLayer& h) { return h.base().getPrecision(); },
            [](const PyLayer& h, DataType t) { h.base().setPrecision(t); },
            "The float type the layer computes in (DataType.FLOAT unless set). The builder honours it where a "
            "kernel runs the layer in that type, and otherwise warns naming the layer (an error with "
            "BuilderFlag.OBEY_PRECISION_CONSTRAINTS). Refused, with an error logged, in a strongly typed network.")
        .def_property_readonly(
            "precision_is_set", [](const PyLayer& h) { return h.base().precisionIsSet(); },
            "Whether precision has been set.")
        .def(
            "reset_precision", [](const PyLayer& h) { h.base().resetPrecision(); },
            "Forgets the precision set (the builder chooses again).")
        .def(
            "set_output_type",
            [](const PyLayer& h, int32_t i, DataType dtype) {
                ILayer& l = h.base();
                checkOutputIndex(l, i);
                l.setOutputType(i, dtype);
            },
            py::arg("index"), py::arg("dtype"),
            "Stores output index in dtype (float outputs: FLOAT, HALF or BF16); later layers and the engine's I/O "
            "tensor see that type. Refused, with an error logged, in a strongly typed network.")
        .def(
            "get_output_type",
            [](const PyLayer& h, int32_t i) {
                ILayer& l = h.base();
                checkOutputIndex(l, i);
                return l.getOutputType(i);
            },
            py::arg("index"), "The type set for output index, else the type the output has now.")
        .def(
            "output_type_is_set",
            [](const PyLayer& h, int32_t i) {
                ILayer& l = h.base();
                checkOutputIndex(l, i);
                return l.outputTypeIsSet(i);
            },
            py::arg("index"), "Whether set_output_type was called for output index.")
        .def(
            "reset_output_type",
            [](const PyLayer& h, int32_t i) {
                ILayer& l = h.base();
                checkOutputIndex(l, i);
                l.resetOutputType(i);
            },
            py::arg("index"), "Forgets the type set for output index.")
        .def("__eq__",
             [](const PyLayer& a, py::handle b) {
                 return py::isinstance<PyLayer>(b) && b.cast<const PyLayer&>().l == a.l &&
                        b.cast<const PyLayer&>().s == a.s;
             })
        .def("__hash__", [](const PyLayer& h) { return std::hash<const void*>()(h.l); })
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "ILayer"); });

    bindLayers(m);  // the ILayer subclasses (layers.cpp), registered here to keep the module's order

    // ---- INetworkDefinition
    py::class_<PyNetwork> net(m, "INetworkDefinition", R"doc(
A network being defined (Builder.create_network). Every add_* returns the new layer, or None and
logs an error through the logger if its arguments are wrong (as TensorRT does).

A network created by ``create_network()`` without flags is an implicit-batch network (the legacy
API of TensorRT <= 7): shapes exclude the batch dimension, the batch is chosen per run up to
``builder.max_batch_size``.
)doc");
    net.def(
           "add_input",
           [](const PyNetwork& n, const std::string& name, DataType dtype, ShapeLike shape) -> Opt<PyTensor> {
               INetworkDefinition& network = n.s->get();
               Dims d = toDims(shape, "add_input shape");
               if (n.s->implicit) d = prependDim(d, -1, "add_input shape");
               return wrapTensor(n.s, network.addInput(name.c_str(), dtype, d));
           },
           py::arg("name"), py::arg("dtype"), py::arg("shape"),
           "Adds a network input; -1 marks a dimension chosen at run time (within an optimization profile).")
        .def(
            "mark_output",
            [](const PyNetwork& n, TensorLike tensor) {
                INetworkDefinition& network = n.s->get();
                network.markOutput(tensorArg(n, tensor, "mark_output"));
            },
            py::arg("tensor"), "Marks a tensor as a network output.")
        .def(
            "unmark_output",
            [](const PyNetwork& n, TensorLike tensor) {
                INetworkDefinition& network = n.s->get();
                network.unmarkOutput(tensorArg(n, tensor, "unmark_output"));
            },
            py::arg("tensor"), "Unmarks a network output.")
        .def(
            "add_convolution_nd",
            [](const PyNetwork& n, TensorLike input, int64_t maps, ShapeLike kernelShape, WeightsLike kernel,
               WeightsLike bias) -> Opt<PyConvolutionLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_convolution_nd input");
                Dims ks = toDims(kernelShape, "add_convolution_nd kernel_shape");
                WeightsArg k(kernel, "add_convolution_nd kernel"), b(bias, "add_convolution_nd bias");
                return wrapLayer(n.s, network.addConvolutionNd(in, maps, ks, k.get(), b.get()));
            },
            py::arg("input"), py::arg("num_output_maps"), py::arg("kernel_shape"), py::arg("kernel"),
            py::arg("bias") = py::none(),
            "Adds a convolution. kernel: [num_output_maps, C/groups, *kernel_shape] values; bias: "
            "[num_output_maps] values or None.")
        .def(
            "add_convolution",
            [](const PyNetwork& n, TensorLike input, int64_t maps, ShapeLike kernelShape, WeightsLike kernel,
               WeightsLike bias) -> Opt<PyConvolutionLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_convolution input");
                Dims ks = toDims(kernelShape, "add_convolution kernel_shape");
                WeightsArg k(kernel, "add_convolution kernel"), b(bias, "add_convolution bias");
                return wrapLayer(n.s, network.addConvolutionNd(in, maps, ks, k.get(), b.get()));
            },
            py::arg("input"), py::arg("num_output_maps"), py::arg("kernel_shape"), py::arg("kernel"),
            py::arg("bias") = py::none(), "Legacy name of add_convolution_nd (use .stride / .padding on the layer).")
        .def(
            "add_pooling_nd",
            [](const PyNetwork& n, TensorLike input, PoolingType type, ShapeLike window) -> Opt<PyPoolingLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_pooling_nd input");
                return wrapLayer(n.s, network.addPoolingNd(in, type, toDims(window, "add_pooling_nd window_size")));
            },
            py::arg("input"), py::arg("type"), py::arg("window_size"), "Adds a pooling layer.")
        .def(
            "add_pooling",
            [](const PyNetwork& n, TensorLike input, PoolingType type, ShapeLike window) -> Opt<PyPoolingLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_pooling input");
                return wrapLayer(n.s, network.addPoolingNd(in, type, toDims(window, "add_pooling window_size")));
            },
            py::arg("input"), py::arg("type"), py::arg("window_size"), "Legacy name of add_pooling_nd.")
        .def(
            "add_fully_connected",
            [](const PyNetwork& n, TensorLike input, int64_t outputs, WeightsLike kernel,
               WeightsLike bias) -> Opt<PyFullyConnectedLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_fully_connected input");
                WeightsArg k(kernel, "add_fully_connected kernel"), b(bias, "add_fully_connected bias");
                return wrapLayer(n.s, network.addFullyConnected(in, outputs, k.get(), b.get()));
            },
            py::arg("input"), py::arg("num_outputs"), py::arg("kernel"), py::arg("bias") = py::none(),
            "Adds the legacy fully connected layer: flattens the last three dims (C, H, W) of input; kernel is "
            "[num_outputs, C*H*W] values; output [..., num_outputs, 1, 1].")
        .def(
            "add_matrix_multiply",
            [](const PyNetwork& n, TensorLike in0, MatrixOperation op0, TensorLike in1,
               MatrixOperation op1) -> Opt<PyMatrixMultiplyLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& a = tensorArg(n, in0, "add_matrix_multiply input0");
                ITensor& b = tensorArg(n, in1, "add_matrix_multiply input1");
                return wrapLayer(n.s, network.addMatrixMultiply(a, op0, b, op1));
            },
            py::arg("input0"), py::arg("op0"), py::arg("input1"), py::arg("op1"), "Adds a matrix multiplication.")
        .def(
            "add_activation",
            [](const PyNetwork& n, TensorLike input, ActivationType type) -> Opt<PyActivationLayer> {
                INetworkDefinition& network = n.s->get();
                return wrapLayer(n.s, network.addActivation(tensorArg(n, input, "add_activation input"), type));
            },
            py::arg("input"), py::arg("type"), "Adds an activation.")
        .def(
            "add_elementwise",
            [](const PyNetwork& n, TensorLike in1, TensorLike in2, ElementWiseOperation op) -> Opt<PyElementWiseLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& a = tensorArg(n, in1, "add_elementwise input1");
                ITensor& b = tensorArg(n, in2, "add_elementwise input2");
                return wrapLayer(n.s, network.addElementWise(a, b, op));
            },
            py::arg("input1"), py::arg("input2"), py::arg("op"),
            "Adds a binary elementwise operation (inputs of equal rank, broadcasting extents of 1).")
        .def(
            "add_scale",
            [](const PyNetwork& n, TensorLike input, ScaleMode mode, WeightsLike shift, WeightsLike scale,
               WeightsLike power) -> Opt<PyScaleLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_scale input");
                WeightsArg sh(shift, "add_scale shift"), sc(scale, "add_scale scale"), pw(power, "add_scale power");
                return wrapLayer(n.s, network.addScale(in, mode, sh.get(), sc.get(), pw.get()));
            },
            py::arg("input"), py::arg("mode"), py::arg("shift") = py::none(), py::arg("scale") = py::none(),
            py::arg("power") = py::none(), "Adds out = (in * scale + shift) ** power along the channel axis.")
        .def(
            "add_scale_nd",
            [](const PyNetwork& n, TensorLike input, ScaleMode mode, WeightsLike shift, WeightsLike scale,
               WeightsLike power, int32_t channelAxis) -> Opt<PyScaleLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_scale_nd input");
                WeightsArg sh(shift, "add_scale_nd shift"), sc(scale, "add_scale_nd scale"),
                    pw(power, "add_scale_nd power");
                return wrapLayer(n.s, network.addScaleNd(in, mode, sh.get(), sc.get(), pw.get(),
                                                         channelAxis + (n.s->implicit ? 1 : 0)));
            },
            py::arg("input"), py::arg("mode"), py::arg("shift"), py::arg("scale"), py::arg("power"),
            py::arg("channel_axis"), "Adds a scale layer with an explicit channel axis.")
        .def(
            "add_softmax",
            [](const PyNetwork& n, TensorLike input) -> Opt<PySoftMaxLayer> {
                INetworkDefinition& network = n.s->get();
                ITensor& in = tensorArg(n, input, "add_softmax input");
                ISoftMaxLayer* l = network.addSoftMax(in);
                if (l && n.s->implicit) {
                    // TensorRT's implicit-batch default: axis nbDims-3 of the non-batch dims (0 if fewer).
                    const int32_t r = in.getDimensions().nbDims - 1;
                    l->setAxes(1u << (1 + (r >= 3 ? r - 3 : 0)));
                }
                return wrapLayer(n.s, l);
            },
            py::arg("input"), "Adds a softmax (default axis: the channel axis).")
        .def(
            "add_shuffle",
            [](const PyNetwork& n, TensorLike input) -> Opt<PyShuffleLayer> {
                INetworkDefinition& network = n.s->get();
                return wrapLayer(n.s, network.addShuffle(tensorArg(n, input, "add_shuffle input")));
            },
            py::arg("input"), "Adds a shuffle (transpose / reshape / transpose).")
        .def(
            "add_concatenation",
            [](const PyNetwork& n, py::typing::Iterable<TensorLike> inputs) -> Opt<PyConcatenationLayer> {
                INetworkDefinition& network = n.s->get();
                std::vector<ITensor*> ins;
                for (py::handle t : inputs) ins.push_back(&tensorArg(n, t, "add_concatenation inputs"));
                if (ins.empty()) throw py::value_error("add_concatenation needs at least one input tensor");
                IConcatenationLayer* l = network.addConcatenation(ins.data(), static_cast<int32_t>(ins.size()));
                if (l && n.s->implicit) {
                    const int32_t r = ins[0]->getDimensions().nbDims - 1;
                    l->setAxis(1 + (r >= 3 ? r - 3 : 0));
                }
                return wrapLayer(n.s, l);
            },
            py::arg("inputs"), "Concatenates tensors (default axis: the channel axis).")
        .def(
            "add_constant",
            [](const PyNetwork& n, ShapeLike shape, WeightsLike weights) -> Opt<PyConstantLayer> {
                INetworkDefinition& network = n.s->get();
                Dims d = toDims(shape, "add_constant shape");
                if (n.s->implicit) d = prependDim(d, 1, "add_constant shape");
                WeightsArg w(weights, "add_constant weights");
                return wrapLayer(n.s, network.addConstant(d, w.get()));
            },
            py::arg("shape"), py::arg("weights"), "Adds a constant tensor of the given shape.")
        .def(
            "add_cast",
            [](const PyNetwork& n, TensorLike input, DataType toType) -> Opt<PyCastLayer> {
                INetworkDefinition& network = n.s->get();
                return wrapLayer(n.s, network.addCast(tensorArg(n, input, "add_cast input"), toType));
            },
            py::arg("input"), py::arg("to_type"),
            "Adds a cast of input to to_type (same shape). In a strongly typed network the casts decide every "
            "type.")
        .def_property_readonly(
            "num_layers", [](const PyNetwork& n) { return n.s->get().getNbLayers(); }, "Number of layers.")
        .def(
            "get_layer",
            [](const PyNetwork& n, int32_t i) -> Opt<PyLayer> {
                INetworkDefinition& network = n.s->get();
                if (i < 0 || i >= network.getNbLayers())
                    throw py::index_error("layer index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(network.getNbLayers()) + ")");
                return wrapLayer(n.s, network.getLayer(i));
            },
            py::arg("index"), "The layer at index.")
        .def_property_readonly(
            "num_inputs", [](const PyNetwork& n) { return n.s->get().getNbInputs(); }, "Number of inputs.")
        .def(
            "get_input",
            [](const PyNetwork& n, int32_t i) -> Opt<PyTensor> {
                INetworkDefinition& network = n.s->get();
                if (i < 0 || i >= network.getNbInputs())
                    throw py::index_error("input index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(network.getNbInputs()) + ")");
                return wrapTensor(n.s, network.getInput(i));
            },
            py::arg("index"), "The input at index.")
        .def_property_readonly(
            "num_outputs", [](const PyNetwork& n) { return n.s->get().getNbOutputs(); }, "Number of outputs.")
        .def(
            "get_output",
            [](const PyNetwork& n, int32_t i) -> Opt<PyTensor> {
                INetworkDefinition& network = n.s->get();
                if (i < 0 || i >= network.getNbOutputs())
                    throw py::index_error("output index " + std::to_string(i) + " out of range [0, " +
                                          std::to_string(network.getNbOutputs()) + ")");
                return wrapTensor(n.s, network.getOutput(i));
            },
            py::arg("index"), "The output at index.")
        .def_property_readonly(
            "has_implicit_batch_dimension", [](const PyNetwork& n) { return n.s->get().hasImplicitBatchDimension(); },
            "True for a legacy implicit-batch network (create_network() without flags).")
        .def_property_readonly(
            "flags", [](const PyNetwork& n) { return n.s->get().getFlags(); }, "NetworkDefinitionCreationFlag bits.")
        .def(
            "get_flag", [](const PyNetwork& n, NetworkDefinitionCreationFlag f) { return n.s->get().getFlag(f); },
            py::arg("flag"), "Whether a creation flag is set.")
        .def_property(
            "name", [](const PyNetwork& n) { return std::string(n.s->get().getName()); },
            [](const PyNetwork& n, const std::string& v) { n.s->get().setName(v.c_str()); }, "The network's name.")
        .def("__len__", [](const PyNetwork& n) { return n.s->get().getNbLayers(); })
        .def("__getitem__",
             [](const PyNetwork& n, int32_t i) -> Opt<PyLayer> {
                 INetworkDefinition& network = n.s->get();
                 if (i < 0) i += network.getNbLayers();
                 if (i < 0 || i >= network.getNbLayers()) throw py::index_error("layer index out of range");
                 return wrapLayer(n.s, network.getLayer(i));
             })
        .def_property_readonly(
            "_implicit", [](const PyNetwork& n) { return n.s->implicit; }, "Implicit-batch network (internal).");
    for (auto bind : {bindMathNetwork, bindReduceNetwork, bindShapeNetwork, bindIndexNetwork, bindControlNetwork})
        bind(net);
    addContextManager(net, [](py::object self) { self.cast<PyNetwork&>().s->network.reset(); });
}

}  // namespace tfpy
