// IRuntime implementation and createInferRuntime: plan bytes -> engine.
#include <thread>

#include "backends/registry.h"
#include "plan/plan_file.h"
#include "runtime/engine_impl.h"

namespace tforge::runtime {
namespace {


class RuntimeImpl final : public IRuntime {
public:
    explicit RuntimeImpl(ILogger* logger) : diag_(logger) {}
    ~RuntimeImpl() override { diag_.setRecorder(nullptr); }

    ICudaEngine* deserializeCudaEngine(const void* blob, size_t size) noexcept override {
        if (!blob) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "deserializeCudaEngine: the plan pointer is null");
            return nullptr;
        }
        ir::Program program;
        std::string err;
        if (!plan::readPlan(blob, size, DeviceType::kCPU, /*gpuAvailable=*/false, ir::hostIsa(), program, err)) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "deserializeCudaEngine: " + err);
            return nullptr;
        }
        auto engine = EngineImpl::create(std::move(program), diag_, maxThreads_, err);
        if (!engine) {
            diag_.error(ErrorCode::kINVALID_ARGUMENT, "deserializeCudaEngine: " + err);
            return nullptr;
        }
        if (diag_.recorder()) engine->setErrorRecorder(diag_.recorder());
        return engine.release();
    }
    void setErrorRecorder(IErrorRecorder* r) noexcept override { diag_.setRecorder(r); }
    IErrorRecorder* getErrorRecorder() const noexcept override { return diag_.recorder(); }
    ILogger* getLogger() const noexcept override { return diag_.logger(); }
    //! Applies to the engines this runtime deserializes from now on (each engine keeps its limit).
    void setMaxThreads(int32_t n) noexcept override { maxThreads_ = n; }
    int32_t getMaxThreads() const noexcept override { return maxThreads_; }

private:
    Diagnostics diag_;
    int32_t maxThreads_{static_cast<int32_t>(std::thread::hardware_concurrency())};
};

}  // namespace
}  // namespace tforge::runtime

namespace tforge {

IRuntime* createInferRuntime(ILogger& logger) noexcept { return new (std::nothrow) runtime::RuntimeImpl(&logger); }

}  // namespace tforge
