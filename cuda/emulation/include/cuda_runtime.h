#pragma once
// The emulation's cuda_runtime.h: the runtime API and the device-side
// builtins (threadIdx, __syncthreads, __shared__ ...), as nvcc's implicit
// include provides both to .cu files.
#include <cuda_runtime_api.h>

#include "cuda/emulation/device.hpp"
