// TensorForge public API: include this one header (the NvInfer.h of TensorForge).
#pragma once
#include "tensorforge/builder.h"
#include "tensorforge/device.h"
#include "tensorforge/logger.h"
#include "tensorforge/network.h"
#include "tensorforge/runtime.h"
#include "tensorforge/types.h"
