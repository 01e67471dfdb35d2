// One Python class per layer kind (the ILayer subclasses). In an implicit-batch network the
// attributes that name axes are shifted by one (see network.cpp).
#include "common.h"
#include "network_util.h"

namespace tfpy {
namespace {

// Property helpers for Dims-valued layer attributes.
template <typename L, typename Cls>
void dimsProperty(Cls& cls, const char* name, Dims (L::*getter)() const noexcept, void (L::*setter)(Dims) noexcept,
                  const char* doc) {
    cls.def_property(
        name, [getter](const PyLayer& h) { return (h.as<L>().*getter)(); },
        [setter, name](const PyLayer& h, ShapeLike v) {
            L& layer = h.as<L>();
            (layer.*setter)(toDims(v, name));
        },
        doc);
}

//! Legacy 2-D property (stride, padding, kernel_size, window_size, dilation): a DimsHW view of the
//! corresponding *_nd attribute.
template <typename L, typename Cls>
void hwProperty(Cls& cls, const char* name, Dims (L::*getter)() const noexcept, void (L::*setter)(Dims) noexcept,
                const char* doc) {
    cls.def_property(
        name,
        [getter](const PyLayer& h) -> py::object {
            Dims d = (h.as<L>().*getter)();
            py::object hw = py::module_::import("tensorforge._tensorforge").attr("DimsHW");
            if (d.nbDims == 2) return hw(d.d[0], d.d[1]);
            return py::cast(d);
        },
        [setter, name](const PyLayer& h, ShapeLike v) {
            L& layer = h.as<L>();
            Dims d = toDims(v, name);
            if (d.nbDims != 2)
                throw py::value_error(std::string(name) + " takes 2 values (height, width); use " + name +
                                      "_nd for other ranks");
            (layer.*setter)(d);
        },
        doc);
}

template <typename L, typename Cls>
void weightsProperty(Cls& cls, const char* name, Weights (L::*getter)() const noexcept,
                     void (L::*setter)(Weights) noexcept, const char* doc) {
    cls.def_property(
        name, [getter](const PyLayer& h) { return weightsToNumpy((h.as<L>().*getter)()); },
        [setter, name](const PyLayer& h, WeightsLike v) {
            L& layer = h.as<L>();
            WeightsArg w(v, name);
            (layer.*setter)(w.get());
        },
        doc);
}

}  // namespace

void bindLayers(py::module_& m) {
    // ---- IConvolutionLayer
    using Conv = IConvolutionLayer;
    py::class_<PyConvolutionLayer, PyLayer> conv(m, "IConvolutionLayer", "A convolution (add_convolution_nd).");
    conv.def_property(
            "num_output_maps", [](const PyLayer& h) { return h.as<Conv>().getNbOutputMaps(); },
            [](const PyLayer& h, int64_t v) { h.as<Conv>().setNbOutputMaps(v); }, "Number of output channels.")
        .def_property(
            "num_groups", [](const PyLayer& h) { return h.as<Conv>().getNbGroups(); },
            [](const PyLayer& h, int64_t v) { h.as<Conv>().setNbGroups(v); }, "Number of groups.")
        .def_property(
            "padding_mode", [](const PyLayer& h) { return h.as<Conv>().getPaddingMode(); },
            [](const PyLayer& h, PaddingMode v) { h.as<Conv>().setPaddingMode(v); }, "The PaddingMode.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IConvolutionLayer"); });
    weightsProperty<Conv>(conv, "kernel", &Conv::getKernelWeights, &Conv::setKernelWeights,
                          "Kernel weights [K, C/groups, kh, kw] (numpy array).");
    weightsProperty<Conv>(conv, "bias", &Conv::getBiasWeights, &Conv::setBiasWeights, "Bias weights [K].");
    dimsProperty<Conv>(conv, "kernel_size_nd", &Conv::getKernelSizeNd, &Conv::setKernelSizeNd, "Kernel size.");
    dimsProperty<Conv>(conv, "stride_nd", &Conv::getStrideNd, &Conv::setStrideNd, "Stride.");
    dimsProperty<Conv>(conv, "padding_nd", &Conv::getPaddingNd, &Conv::setPaddingNd, "Padding (pre and post).");
    dimsProperty<Conv>(conv, "pre_padding", &Conv::getPrePadding, &Conv::setPrePadding, "Padding before.");
    dimsProperty<Conv>(conv, "post_padding", &Conv::getPostPadding, &Conv::setPostPadding, "Padding after.");
    dimsProperty<Conv>(conv, "dilation_nd", &Conv::getDilationNd, &Conv::setDilationNd, "Dilation.");
    hwProperty<Conv>(conv, "kernel_size", &Conv::getKernelSizeNd, &Conv::setKernelSizeNd,
                     "Legacy 2-D kernel size (kernel_size_nd).");
    hwProperty<Conv>(conv, "stride", &Conv::getStrideNd, &Conv::setStrideNd, "Legacy 2-D stride (stride_nd).");
    hwProperty<Conv>(conv, "padding", &Conv::getPaddingNd, &Conv::setPaddingNd, "Legacy 2-D padding (padding_nd).");
    hwProperty<Conv>(conv, "dilation", &Conv::getDilationNd, &Conv::setDilationNd,
                     "Legacy 2-D dilation (dilation_nd).");

    // ---- IPoolingLayer
    using Pool = IPoolingLayer;
    py::class_<PyPoolingLayer, PyLayer> pool(m, "IPoolingLayer", "A pooling layer (add_pooling_nd).");
    pool.def_property(
            "type", [](const PyLayer& h) { return h.as<Pool>().getPoolingType(); },
            [](const PyLayer& h, PoolingType v) { h.as<Pool>().setPoolingType(v); }, "The PoolingType.")
        .def_property(
            "padding_mode", [](const PyLayer& h) { return h.as<Pool>().getPaddingMode(); },
            [](const PyLayer& h, PaddingMode v) { h.as<Pool>().setPaddingMode(v); }, "The PaddingMode.")
        .def_property(
            "blend_factor", [](const PyLayer& h) { return h.as<Pool>().getBlendFactor(); },
            [](const PyLayer& h, float v) { h.as<Pool>().setBlendFactor(v); }, "MAX_AVERAGE_BLEND factor.")
        .def_property(
            "average_count_excludes_padding",
            [](const PyLayer& h) { return h.as<Pool>().getAverageCountExcludesPadding(); },
            [](const PyLayer& h, bool v) { h.as<Pool>().setAverageCountExcludesPadding(v); },
            "Average pooling divides by the number of non-padding elements.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IPoolingLayer"); });
    dimsProperty<Pool>(pool, "window_size_nd", &Pool::getWindowSizeNd, &Pool::setWindowSizeNd, "Window size.");
    dimsProperty<Pool>(pool, "stride_nd", &Pool::getStrideNd, &Pool::setStrideNd, "Stride.");
    dimsProperty<Pool>(pool, "padding_nd", &Pool::getPaddingNd, &Pool::setPaddingNd, "Padding (pre and post).");
    dimsProperty<Pool>(pool, "pre_padding", &Pool::getPrePadding, &Pool::setPrePadding, "Padding before.");
    dimsProperty<Pool>(pool, "post_padding", &Pool::getPostPadding, &Pool::setPostPadding, "Padding after.");
    hwProperty<Pool>(pool, "window_size", &Pool::getWindowSizeNd, &Pool::setWindowSizeNd,
                     "Legacy 2-D window size (window_size_nd).");
    hwProperty<Pool>(pool, "stride", &Pool::getStrideNd, &Pool::setStrideNd, "Legacy 2-D stride (stride_nd).");
    hwProperty<Pool>(pool, "padding", &Pool::getPaddingNd, &Pool::setPaddingNd, "Legacy 2-D padding (padding_nd).");

    // ---- IFullyConnectedLayer
    using FC = IFullyConnectedLayer;
    py::class_<PyFullyConnectedLayer, PyLayer> fc(
        m, "IFullyConnectedLayer",
        "The legacy fully connected layer: flattens the last three dims (C, H, W) and produces [..., K, 1, 1].");
    fc.def_property(
          "num_output_channels", [](const PyLayer& h) { return h.as<FC>().getNbOutputChannels(); },
          [](const PyLayer& h, int64_t v) { h.as<FC>().setNbOutputChannels(v); }, "Number of outputs K.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IFullyConnectedLayer"); });
    weightsProperty<FC>(fc, "kernel", &FC::getKernelWeights, &FC::setKernelWeights, "Kernel weights [K, C*H*W].");
    weightsProperty<FC>(fc, "bias", &FC::getBiasWeights, &FC::setBiasWeights, "Bias weights [K].");

    // ---- IMatrixMultiplyLayer
    using MM = IMatrixMultiplyLayer;
    py::class_<PyMatrixMultiplyLayer, PyLayer>(m, "IMatrixMultiplyLayer", "A matrix multiplication.")
        .def_property(
            "op0", [](const PyLayer& h) { return h.as<MM>().getOperation(0); },
            [](const PyLayer& h, MatrixOperation v) { h.as<MM>().setOperation(0, v); }, "Operation on input 0.")
        .def_property(
            "op1", [](const PyLayer& h) { return h.as<MM>().getOperation(1); },
            [](const PyLayer& h, MatrixOperation v) { h.as<MM>().setOperation(1, v); }, "Operation on input 1.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IMatrixMultiplyLayer"); });

    // ---- IActivationLayer
    using Act = IActivationLayer;
    py::class_<PyActivationLayer, PyLayer>(m, "IActivationLayer", "An activation (add_activation).")
        .def_property(
            "type", [](const PyLayer& h) { return h.as<Act>().getActivationType(); },
            [](const PyLayer& h, ActivationType v) { h.as<Act>().setActivationType(v); }, "The ActivationType.")
        .def_property(
            "alpha", [](const PyLayer& h) { return h.as<Act>().getAlpha(); },
            [](const PyLayer& h, float v) { h.as<Act>().setAlpha(v); }, "First parameter (e.g. LEAKY_RELU slope).")
        .def_property(
            "beta", [](const PyLayer& h) { return h.as<Act>().getBeta(); },
            [](const PyLayer& h, float v) { h.as<Act>().setBeta(v); }, "Second parameter.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IActivationLayer"); });

    // ---- IElementWiseLayer
    using EW = IElementWiseLayer;
    py::class_<PyElementWiseLayer, PyLayer>(m, "IElementWiseLayer", "A binary elementwise operation.")
        .def_property(
            "op", [](const PyLayer& h) { return h.as<EW>().getOperation(); },
            [](const PyLayer& h, ElementWiseOperation v) { h.as<EW>().setOperation(v); }, "The operation.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IElementWiseLayer"); });

    // ---- IScaleLayer
    using Scale = IScaleLayer;
    py::class_<PyScaleLayer, PyLayer> scale(m, "IScaleLayer", "out = (in * scale + shift) ** power.");
    scale
        .def_property(
            "mode", [](const PyLayer& h) { return h.as<Scale>().getMode(); },
            [](const PyLayer& h, ScaleMode v) { h.as<Scale>().setMode(v); }, "The ScaleMode.")
        .def_property(
            "channel_axis", [](const PyLayer& h) { return h.as<Scale>().getChannelAxis() - (h.s->implicit ? 1 : 0); },
            [](const PyLayer& h, int32_t v) { h.as<Scale>().setChannelAxis(v + (h.s->implicit ? 1 : 0)); },
            "The channel axis.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IScaleLayer"); });
    weightsProperty<Scale>(scale, "shift", &Scale::getShift, &Scale::setShift, "Shift weights.");
    weightsProperty<Scale>(scale, "scale", &Scale::getScale, &Scale::setScale, "Scale weights.");
    weightsProperty<Scale>(scale, "power", &Scale::getPower, &Scale::setPower, "Power weights.");

    // ---- ISoftMaxLayer
    using SM = ISoftMaxLayer;
    py::class_<PySoftMaxLayer, PyLayer>(m, "ISoftMaxLayer", "A softmax along one axis.")
        .def_property(
            "axes", [](const PyLayer& h) { return h.as<SM>().getAxes() >> (h.s->implicit ? 1 : 0); },
            [](const PyLayer& h, uint32_t v) {
                SM& l = h.as<SM>();
                if (h.s->implicit && (v >> (Dims::MAX_DIMS - 2)) != 0)
                    throw py::value_error("axes: bit out of range for an implicit-batch network");
                l.setAxes(v << (h.s->implicit ? 1 : 0));
            },
            "Bit mask with one bit set: the axis the softmax normalizes over.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "ISoftMaxLayer"); });

    // ---- IShuffleLayer
    using Sh = IShuffleLayer;
    py::class_<PyShuffleLayer, PyLayer>(m, "IShuffleLayer", "transpose -> reshape -> transpose.")
        .def_property(
            "first_transpose",
            [](const PyLayer& h) {
                Sh& l = h.as<Sh>();
                return fromPermutation(l.getFirstTranspose(), h.s->implicit, rankOf(l.getInput(0)));
            },
            [](const PyLayer& h, ShapeLike v) {
                Sh& l = h.as<Sh>();
                l.setFirstTranspose(toPermutation(v, h.s->implicit, "first_transpose"));
            },
            "Permutation applied before the reshape (output dim i takes input dim p[i]).")
        .def_property(
            "second_transpose",
            [](const PyLayer& h) {
                Sh& l = h.as<Sh>();
                Dims rd = l.getReshapeDimensions();
                return fromPermutation(l.getSecondTranspose(), h.s->implicit,
                                       rd.nbDims >= 0 ? rd.nbDims : rankOf(l.getInput(0)));
            },
            [](const PyLayer& h, ShapeLike v) {
                Sh& l = h.as<Sh>();
                l.setSecondTranspose(toPermutation(v, h.s->implicit, "second_transpose"));
            },
            "Permutation applied after the reshape.")
        .def_property(
            "reshape_dims",
            [](const PyLayer& h) -> py::object {
                Dims d = h.as<Sh>().getReshapeDimensions();
                if (d.nbDims < 0) return py::none();
                return py::cast(dropBatch(*h.s, d));
            },
            [](const PyLayer& h, ShapeLike v) {
                Sh& l = h.as<Sh>();
                Dims d = toDims(v, "reshape_dims");
                if (h.s->implicit) {
                    // Keep the batch: 0 copies it when zero is a placeholder, else -1 infers it.
                    if (l.getZeroIsPlaceholder()) {
                        d = prependDim(d, 0, "reshape_dims");
                    } else {
                        for (int32_t i = 0; i < d.nbDims; ++i)
                            if (d.d[i] == -1)
                                throw py::value_error(
                                    "reshape_dims: in an implicit-batch network with zero_is_placeholder=False "
                                    "the batch dimension is the one inferred (-1); no other -1 is allowed");
                        d = prependDim(d, -1, "reshape_dims");
                    }
                }
                l.setReshapeDimensions(d);
            },
            "New shape (0 copies the input extent when zero_is_placeholder, -1 is inferred); None if unset.")
        .def_property(
            "zero_is_placeholder", [](const PyLayer& h) { return h.as<Sh>().getZeroIsPlaceholder(); },
            [](const PyLayer& h, bool v) { h.as<Sh>().setZeroIsPlaceholder(v); },
            "Whether 0 in reshape_dims copies the input extent.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IShuffleLayer"); });

    // ---- IConcatenationLayer
    using Cat = IConcatenationLayer;
    py::class_<PyConcatenationLayer, PyLayer>(m, "IConcatenationLayer", "Concatenation along one axis.")
        .def_property(
            "axis", [](const PyLayer& h) { return h.as<Cat>().getAxis() - (h.s->implicit ? 1 : 0); },
            [](const PyLayer& h, int32_t v) {
                Cat& l = h.as<Cat>();
                if (h.s->implicit && v < 0)
                    throw py::value_error("axis: negative axes are not supported in an implicit-batch network");
                l.setAxis(v + (h.s->implicit ? 1 : 0));
            },
            "The axis the inputs are concatenated along.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IConcatenationLayer"); });

    // ---- IConstantLayer
    using Const = IConstantLayer;
    py::class_<PyConstantLayer, PyLayer> cst(m, "IConstantLayer", "A constant tensor.");
    cst.def_property(
           "shape", [](const PyLayer& h) { return dropBatch(*h.s, h.as<Const>().getDimensions()); },
           [](const PyLayer& h, ShapeLike v) {
               Const& l = h.as<Const>();
               Dims d = toDims(v, "shape");
               if (h.s->implicit) d = prependDim(d, 1, "shape");
               l.setDimensions(d);
           },
           "The constant's shape.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "IConstantLayer"); });
    weightsProperty<Const>(cst, "weights", &Const::getWeights, &Const::setWeights, "The values.");

    // ---- ICastLayer
    using Cast = ICastLayer;
    py::class_<PyCastLayer, PyLayer>(m, "ICastLayer",
                                     "Converts its input to another element type (add_cast). Float to integer "
                                     "truncates toward zero and saturates; anything to BOOL is != 0.")
        .def_property(
            "to_type", [](const PyLayer& h) { return h.as<Cast>().getToType(); },
            [](const PyLayer& h, DataType v) { h.as<Cast>().setToType(v); }, "The DataType of the output.")
        .def("__repr__", [](const PyLayer& h) { return layerRepr(h, "ICastLayer"); });
    for (auto bind : {bindMathLayers, bindReduceLayers, bindShapeLayers, bindIndexLayers, bindControlLayers}) bind(m);
}

}  // namespace tfpy
