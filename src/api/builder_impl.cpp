// IBuilder implementation and createInferBuilder.
#include <memory>
#include <thread>
#include <vector>

#include "api/builder_config.h"
#include "api/network_impl.h"
#include "builder/build_request.h"
#include "backends/registry.h"
#include "plan/plan_file.h"

namespace tforge::api {
namespace {

class BuilderImpl final : public IBuilder {
public:
    explicit BuilderImpl(ILogger* logger) : diag_(logger) {}
    ~BuilderImpl() override { diag_.setRecorder(nullptr); }

    INetworkDefinition* createNetworkV2(NetworkDefinitionCreationFlags flags) noexcept override {
        auto* n = new (std::nothrow) NetworkImpl(diag_.logger(), flags);
        if (n && diag_.recorder()) n->setErrorRecorder(diag_.recorder());
        return n;
    }
    IBuilderConfig* createBuilderConfig() noexcept override {
        auto* c = new (std::nothrow) BuilderConfigImpl();
        if (c) c->diag.setLogger(diag_.logger());
        return c;
    }
    IOptimizationProfile* createOptimizationProfile() noexcept override {
        // Owned by the builder, as in TensorRT: callers never delete profiles.
        profiles_.push_back(std::make_unique<OptimizationProfileImpl>());
        return profiles_.back().get();
    }

    IHostMemory* buildSerializedNetwork(INetworkDefinition& network, IBuilderConfig& config) noexcept override {
        ir::Program program;
        if (!build(network, config, program, -1)) return nullptr;
        return new (std::nothrow) HostMemory(plan::writePlan(program));
    }

    bool isNetworkSupported(const INetworkDefinition& network, const IBuilderConfig& config) const noexcept override {
        ir::Program program;
        return build(const_cast<INetworkDefinition&>(network), const_cast<IBuilderConfig&>(config), program, 0);
    }

    bool platformHasFastFp16() const noexcept override { return false; }
    bool platformHasFastInt8() const noexcept override { return false; }
    bool platformHasTf32() const noexcept override { return false; }
    int32_t getNbDLACores() const noexcept override { return 0; }
    //! Threads this builder's builds use (timing runs, constant folding); per builder, not global.
    void setMaxThreads(int32_t n) noexcept override { maxThreads_ = n; }
    int32_t getMaxThreads() const noexcept override { return maxThreads_; }
    void setMaxBatchSize(int32_t n) noexcept override {
        if (n < 1) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "setMaxBatchSize: " + std::to_string(n) + " is not a batch size (>= 1)");
            return;
        }
        maxBatchSize_ = n;
    }
    int32_t getMaxBatchSize() const noexcept override { return maxBatchSize_; }
    ILogger* getLogger() const noexcept override { return diag_.logger(); }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }
    void reset() noexcept override { profiles_.clear(); }

private:
    bool build(INetworkDefinition& network, IBuilderConfig& config, ir::Program& program, int32_t optLevel) const {
        auto* net = dynamic_cast<NetworkImpl*>(&network);
        auto* cfg = dynamic_cast<BuilderConfigImpl*>(&config);
        if (!net || !cfg) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "buildSerializedNetwork: network or config was not created by this library");
            return false;
        }
        // Shape errors are reported here, naming each failing layer.
        if (!net->refreshShapes(true)) return false;
        builder::BuildRequest req;
        req.graph = &net->graph();
        req.name = net->getName();
        req.device = cfg->device;
        req.sources = cfg->sources;
        req.optLevel = optLevel >= 0 ? optLevel : cfg->optLevel;
        req.workspaceLimit = cfg->workspaceLimit;
        for (auto& p : cfg->profiles) req.profiles.push_back(p.dims);
        req.maxThreads = maxThreads_;
        req.implicitBatch = net->hasImplicitBatchDimension();
        req.obeyPrecision = cfg->getFlag(BuilderFlag::kOBEY_PRECISION_CONSTRAINTS);
        if (cfg->timingCache && !cfg->getFlag(BuilderFlag::kDISABLE_TIMING_CACHE)) {
            std::string why;
            if (cfg->ignoreTimingMismatch || cfg->timingCache->matchesThisMachine(why)) {
                req.timingCache = cfg->timingCache;
            } else {
                diag_.warning("Timing cache ignored: it was recorded elsewhere (" + why +
                              "); this build times every tactic and leaves the cache unchanged "
                              "(setTimingCache(cache, true) uses it anyway)");
            }
        }
        req.maxBatchSize = maxBatchSize_;
        // TensorRT 10's precision flags let the builder pick reduced float types in a weakly typed
        // network; a strongly typed network's types are its own (TensorRT 11's only mode).
        if (!net->getFlag(NetworkDefinitionCreationFlag::kSTRONGLY_TYPED)) {
            if (cfg->getFlag(BuilderFlag::kFP16)) req.preferredFloatTypes.push_back(DataType::kHALF);
            if (cfg->getFlag(BuilderFlag::kBF16)) req.preferredFloatTypes.push_back(DataType::kBF16);
        }
        Diagnostics d = diag_;
        if (net->getErrorRecorder() && !diag_.recorder()) d = net->diag();
        return builder::buildProgram(req, program, d);
    }

    Diagnostics diag_;
    std::vector<std::unique_ptr<OptimizationProfileImpl>> profiles_;
    int32_t maxThreads_{static_cast<int32_t>(std::thread::hardware_concurrency())};
    int32_t maxBatchSize_{1};
};

}  // namespace
}  // namespace tforge::api

namespace tforge {

IBuilder* createInferBuilder(ILogger& logger) noexcept { return new (std::nothrow) api::BuilderImpl(&logger); }

}  // namespace tforge
