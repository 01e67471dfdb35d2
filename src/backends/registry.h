// The list of compiled-in backends. The builder and runtime find backends here, by tactic source.
#pragma once
#include <vector>

#include "backends/backend.h"

namespace tforge::backends {

//! All backends: those compiled into this library (process-wide singletons, thread-safe to use),
//! then any registered with registerBackend, then the reference.
std::vector<Backend*> allBackends();
//! The backend for a tactic source, or nullptr if not compiled in.
Backend* findBackend(TacticSource source);

//! Adds a tactic source at run time (tests use it for backends with unusual formats; later, plugins).
//! The caller keeps `b` alive until unregisterBackend and until every engine using it is destroyed.
void registerBackend(Backend* b);
void unregisterBackend(Backend* b);

// Factories, one per backend folder (defined in that folder).
Backend* referenceBackend();
Backend* cpuBackend();
Backend* testBackend();

}  // namespace tforge::backends
