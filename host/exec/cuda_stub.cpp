// The CUDA executor's stand-in for builds without nvcc: it says so.
// (The per-model entry points are in cuda/instantiate.hpp.)
#ifndef TOKENSTRESS_HAVE_CUDA
#include "cuda/cuda_executor.hpp"

namespace ts::cuda {
bool configured() { return false; }

struct BaselineSnapshots::Held {};
BaselineSnapshots::BaselineSnapshots() = default;
BaselineSnapshots::~BaselineSnapshots() = default;
std::string implementation() { return "not configured (nvcc not found at configure time)"; }
int device_count() { return 0; }
std::string describe_devices() { return "device cuda: not configured in this build (nvcc was not found)\n"; }
}  // namespace ts::cuda
#endif
