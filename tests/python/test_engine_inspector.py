"""EngineInspector: the layers after fusion, with the layers each absorbed, shapes per context."""

import json

import numpy as np
import pytest

import tensorforge as trt


def _conv_relu_net(network):
    rng = np.random.default_rng(3)
    x = network.add_input("x", trt.float32, (-1, 3, 9, 7))
    conv = network.add_convolution_nd(x, 5, (3, 3), rng.standard_normal((5, 3, 3, 3)).astype(np.float32),
                                      rng.standard_normal(5).astype(np.float32))
    conv.name = "conv"
    relu = network.add_activation(conv.get_output(0), trt.ActivationType.RELU)
    relu.name = "relu"
    network.mark_output(relu.get_output(0))


@pytest.fixture(scope="module")
def engine():
    logger = trt.Logger(trt.Logger.ERROR)
    with trt.Builder(logger) as builder, builder.create_network(0) as network, \
            builder.create_builder_config() as config:
        _conv_relu_net(network)
        profile = builder.create_optimization_profile()
        profile.set_shape("x", (1, 3, 9, 7), (2, 3, 9, 7), (4, 3, 9, 7))
        config.add_optimization_profile(profile)
        plan = builder.build_serialized_network(network, config)
    assert plan is not None
    return trt.Runtime(logger).deserialize_cuda_engine(plan)


def test_engine_information_lists_the_fused_layer_and_what_it_absorbed(engine):
    inspector = engine.create_engine_inspector()
    info = json.loads(inspector.get_engine_information(trt.LayerInformationFormat.JSON))
    assert len(info["Layers"]) == engine.num_layers == 1
    layer = info["Layers"][0]
    assert layer["OriginalLayers"] == ["conv", "relu"]
    assert layer["Inputs"][0]["Dimensions"] == [-1, 3, 9, 7]
    assert layer["Outputs"][0]["DataType"] == "FLOAT"
    assert info["Bindings"] == ["x", engine.get_tensor_name(1)]


def test_a_context_gives_concrete_shapes(engine):
    inspector = engine.create_engine_inspector()
    context = engine.create_execution_context()
    assert context.set_input_shape("x", (3, 3, 9, 7))
    inspector.execution_context = context
    assert inspector.execution_context is context
    layer = json.loads(inspector.get_layer_information(0, trt.LayerInformationFormat.JSON))
    assert layer["Outputs"][0]["Dimensions"] == [3, 5, 7, 5]
    line = inspector.get_layer_information(0, trt.LayerInformationFormat.ONELINE)
    assert "[3x3x9x7] FLOAT" in line and "\n" not in line


def test_bad_layer_index_raises(engine):
    inspector = engine.create_engine_inspector()
    with pytest.raises(IndexError):
        inspector.get_layer_information(engine.num_layers, trt.LayerInformationFormat.JSON)
