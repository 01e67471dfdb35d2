// Where every error, warning and note of the library goes: the user's ILogger and, if set,
// the IErrorRecorder. Nothing throws across the public API; failures are reported here.
#pragma once
#include <string>

#include "tensorforge/logger.h"

namespace tforge {

class Diagnostics {
public:
    Diagnostics() = default;
    explicit Diagnostics(ILogger* logger) : logger_(logger) {}
    void setLogger(ILogger* logger) { logger_ = logger; }
    ILogger* logger() const { return logger_; }
    void setRecorder(IErrorRecorder* r);
    IErrorRecorder* recorder() const { return recorder_; }

    void error(ErrorCode code, const std::string& msg) const;
    void warning(const std::string& msg) const { log(ILogger::Severity::kWARNING, msg); }
    void info(const std::string& msg) const { log(ILogger::Severity::kINFO, msg); }
    void verbose(const std::string& msg) const { log(ILogger::Severity::kVERBOSE, msg); }
    void log(ILogger::Severity s, const std::string& msg) const;

private:
    ILogger* logger_{nullptr};
    IErrorRecorder* recorder_{nullptr};
};

}  // namespace tforge
