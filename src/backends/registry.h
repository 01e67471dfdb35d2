// The list of compiled-in backends. The builder and runtime find backends here, by tactic source.
#pragma once
#include <vector>

#include "backends/backend.h"

namespace tforge::backends {

//! All backends compiled into this library (process-wide singletons, thread-safe to use).
const std::vector<Backend*>& allBackends();
//! The backend for a tactic source, or nullptr if not compiled in.
Backend* findBackend(TacticSource source);

// Factories, one per backend folder (defined in that folder).
Backend* referenceBackend();
Backend* cpuBackend();

}  // namespace tforge::backends
