// What the CUDA runtime sees, for `tokenstress info` and --backend auto.
#include <cuda_runtime_api.h>

#include <string>

#include "cuda/cuda_executor.hpp"

namespace ts::cuda {

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();   // clear the sticky "no device" error
    return 0;
  }
  return n;
}

std::string describe_devices() {
  const int n = device_count();
  if (n == 0) return "device cuda: none visible (no driver or no GPU)\n";
  std::string out;
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    out += "device cuda:" + std::to_string(i) + ": " + prop.name + ", sm_" + std::to_string(prop.major) +
           std::to_string(prop.minor) + ", " + std::to_string(prop.totalGlobalMem >> 20) + " MiB, " +
           std::to_string(prop.multiProcessorCount) + " SMs\n";
  }
  return out;
}

}  // namespace ts::cuda
