// IEngineInspector: the engine's layers after fusion, as one line each or as JSON (the shape of
// TensorRT's detailed layer information: Name, LayerType, Inputs, Outputs, TacticName, plus what
// TensorForge adds: the original layers a fused layer absorbed, its backend, per-profile tactics).
#include <sstream>
#include <string>
#include <vector>

#include "backends/registry.h"
#include "common/diagnostics.h"
#include "ir/program_shapes.h"
#include "runtime/engine_impl.h"

namespace tforge::runtime {
namespace {

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string dimsJson(const Dims& d) {
    std::string s = "[";
    for (int32_t i = 0; i < d.nbDims; ++i) s += (i ? "," : "") + std::to_string(d.d[i]);
    return s + "]";
}

std::string dimsText(const Dims& d) {
    std::string s = "[";
    for (int32_t i = 0; i < d.nbDims; ++i) s += (i ? "x" : "") + std::to_string(d.d[i]);
    return s + "]";
}

// "kFLOAT" -> "FLOAT": the inspector prints the names Python users see.
std::string plain(const char* enumName) { return enumName[0] == 'k' ? enumName + 1 : enumName; }

const char* locationName(DeviceType d) {
    switch (d) {
        case DeviceType::kCPU: return "CPU";
        case DeviceType::kGPU: return "GPU";
        case DeviceType::kDLA: return "DLA";
        case DeviceType::kTEST: return "TEST";
    }
    return "?";
}

std::string backendName(TacticSource s) {
    const backends::Backend* b = backends::findBackend(s);
    return b ? b->name() : "source " + std::to_string(static_cast<int32_t>(s));
}

// Fusion passes name a fused node "a + b + c" after the layers it absorbed.
std::vector<std::string> originalLayers(const std::string& name) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t at; (at = name.find(" + ", start)) != std::string::npos; start = at + 3)
        out.push_back(name.substr(start, at - start));
    out.push_back(name.substr(start));
    return out;
}

// Sums the blobs an attrs struct's visit() shows.
struct BlobBytes {
    int64_t bytes{0};
    void operator()(const ir::Blob& b) { bytes += b.bytes(); }
    template <class T> void operator()(const T&) {}
};

int64_t weightBytes(const ir::Program& p) {
    BlobBytes counter;
    for (const ir::ProgramNode& n : p.nodes) {
        ir::Attrs attrs = n.attrs;  // visit() takes non-const references; copies share blobs
        std::visit([&](auto& a) { a.visit(counter); }, attrs);
    }
    return counter.bytes;
}

class EngineInspector final : public IEngineInspector {
public:
    explicit EngineInspector(const EngineImpl& e) : engine_(e), diag_(e.diag().logger()) {}

    bool setExecutionContext(const IExecutionContext* context) noexcept override {
        if (context && &context->getEngine() != &engine_) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT,
                        "IEngineInspector::setExecutionContext: the context belongs to another engine");
            return false;
        }
        context_ = context;
        return true;
    }
    const IExecutionContext* getExecutionContext() const noexcept override { return context_; }

    const char* getLayerInformation(int32_t layerIndex, LayerInformationFormat format) const noexcept override {
        const ir::Program& p = engine_.program();
        if (layerIndex < 0 || static_cast<size_t>(layerIndex) >= p.nodes.size()) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "IEngineInspector::getLayerInformation: layer index " +
                                                          std::to_string(layerIndex) + " out of range [0, " +
                                                          std::to_string(p.nodes.size()) + ")");
            return nullptr;
        }
        const std::vector<Dims> dims = currentDims();
        text_ = format == LayerInformationFormat::kJSON ? layerJson(static_cast<size_t>(layerIndex), dims)
                                                         : layerLine(static_cast<size_t>(layerIndex), dims);
        return text_.c_str();
    }

    const char* getEngineInformation(LayerInformationFormat format) const noexcept override {
        const ir::Program& p = engine_.program();
        const std::vector<Dims> dims = currentDims();
        std::ostringstream o;
        if (format == LayerInformationFormat::kJSON) {
            o << "{\"Layers\":[";
            for (size_t i = 0; i < p.nodes.size(); ++i) o << (i ? "," : "") << layerJson(i, dims);
            o << "],\"Bindings\":[";
            for (int32_t i = 0; i < engine_.getNbIOTensors(); ++i)
                o << (i ? "," : "") << jsonString(engine_.getIOTensorName(i));
            o << "],\"Device\":" << jsonString(locationName(p.device))
              << ",\"NbOptimizationProfiles\":" << p.profiles.size() << ",\"ActiveProfile\":" << profile()
              << ",\"ActivationBytes\":" << engine_.getDeviceMemorySizeV2() << ",\"WeightBytes\":" << weightBytes(p)
              << "}";
        } else {
            for (size_t i = 0; i < p.nodes.size(); ++i) o << layerLine(i, dims) << "\n";
            o << p.nodes.size() << " layers, " << engine_.getDeviceMemorySizeV2() << " bytes of activation memory, "
              << weightBytes(p) << " bytes of weights";
        }
        text_ = o.str();
        return text_.c_str();
    }

    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }

private:
    int32_t profile() const { return context_ ? context_->getOptimizationProfile() : 0; }

    // The context's concrete shapes where all its inputs are set, else the engine's (-1 dynamic).
    std::vector<Dims> currentDims() const {
        const ir::Program& p = engine_.program();
        std::vector<Dims> dims;
        for (const ir::ProgramTensor& t : p.tensors) dims.push_back(t.dims);
        if (!context_ || !context_->allInputDimensionsSpecified()) return dims;
        std::vector<Dims> inputs;
        for (int32_t t : p.inputs) inputs.push_back(context_->getTensorShape(p.tensors[t].name.c_str()));
        std::vector<Dims> concrete;
        std::string err;
        if (ir::inferProgramShapes(p, inputs, concrete, err)) return concrete;
        return dims;
    }

    std::string tensorJson(int32_t t, const std::vector<Dims>& dims) const {
        const ir::ProgramTensor& pt = engine_.program().tensors[t];
        return "{\"Name\":" + jsonString(pt.name) + ",\"Dimensions\":" + dimsJson(dims[t]) +
               ",\"Format\":" + jsonString(plain(tensorFormatName(pt.format))) + ",\"DataType\":" +
               jsonString(plain(dataTypeName(pt.type))) + ",\"Location\":" + jsonString(locationName(pt.location)) + "}";
    }

    std::string layerJson(size_t i, const std::vector<Dims>& dims) const {
        const ir::ProgramNode& n = engine_.program().nodes[i];
        std::ostringstream o;
        o << "{\"Name\":" << jsonString(n.name) << ",\"LayerType\":" << jsonString(ir::opKindName(n.kind()))
          << ",\"Inputs\":[";
        for (size_t k = 0; k < n.inputs.size(); ++k) o << (k ? "," : "") << tensorJson(n.inputs[k], dims);
        o << "],\"Outputs\":[";
        for (size_t k = 0; k < n.outputs.size(); ++k) o << (k ? "," : "") << tensorJson(n.outputs[k], dims);
        o << "],\"Backend\":" << jsonString(backendName(n.backend));
        const size_t prof = static_cast<size_t>(profile());
        o << ",\"TacticName\":" << jsonString(prof < n.choices.size() ? n.choices[prof].tactic : std::string());
        o << ",\"TacticsPerProfile\":[";
        for (size_t k = 0; k < n.choices.size(); ++k) o << (k ? "," : "") << jsonString(n.choices[k].tactic);
        o << "],\"OriginalLayers\":[";
        const std::vector<std::string> orig = originalLayers(n.name);
        for (size_t k = 0; k < orig.size(); ++k) o << (k ? "," : "") << jsonString(orig[k]);
        o << "]}";
        return o.str();
    }

    std::string layerLine(size_t i, const std::vector<Dims>& dims) const {
        const ir::ProgramNode& n = engine_.program().nodes[i];
        const ir::Program& p = engine_.program();
        std::ostringstream o;
        o << n.name << ": " << ir::opKindName(n.kind()) << " (";
        for (size_t k = 0; k < n.inputs.size(); ++k)
            o << (k ? ", " : "") << dimsText(dims[n.inputs[k]]) << " " << plain(dataTypeName(p.tensors[n.inputs[k]].type));
        o << ") -> (";
        for (size_t k = 0; k < n.outputs.size(); ++k)
            o << (k ? ", " : "") << dimsText(dims[n.outputs[k]]) << " " << plain(dataTypeName(p.tensors[n.outputs[k]].type));
        const size_t prof = static_cast<size_t>(profile());
        o << ") " << backendName(n.backend);
        if (prof < n.choices.size() && !n.choices[prof].tactic.empty()) o << " " << n.choices[prof].tactic;
        return o.str();
    }

    const EngineImpl& engine_;
    mutable Diagnostics diag_;
    const IExecutionContext* context_{nullptr};
    mutable std::string text_;
};

}  // namespace

IEngineInspector* EngineImpl::createEngineInspector() const noexcept {
    try {
        return new EngineInspector(*this);
    } catch (...) {
        return nullptr;
    }
}

}  // namespace tforge::runtime
