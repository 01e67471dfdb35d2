#include "common/diagnostics.h"

namespace tforge {

void Diagnostics::setRecorder(IErrorRecorder* r) {
    if (r == recorder_) return;
    if (r) r->incRefCount();
    if (recorder_) recorder_->decRefCount();
    recorder_ = r;
}

void Diagnostics::log(ILogger::Severity s, const std::string& msg) const {
    if (logger_) logger_->log(s, msg.c_str());
}

void Diagnostics::error(ErrorCode code, const std::string& msg) const {
    if (recorder_) recorder_->reportError(code, msg.c_str());
    log(ILogger::Severity::kERROR, msg);
}

}  // namespace tforge
