// What the CUDA runtime sees, for `tokenstress info` and --backend auto.
// When the runtime cannot start (no driver, a driver older than the runtime,
// no device) info says which error it returned, with both versions, so a
// user can tell "no GPU" from "a GPU this build cannot use".
#include <cuda_runtime_api.h>

#include <fmt/format.h>

#include <string>

#include "cuda/cuda_executor.hpp"

namespace ts::cuda {

namespace {

// 13000 -> "13.0"
std::string cuda_version(int v) { return v <= 0 ? "none" : fmt::format("{}.{}", v / 1000, v % 1000 / 10); }

}  // namespace

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();   // clear the "no device" error (not sticky)
    return 0;
  }
  return n;
}

std::string describe_devices() {
  int n = 0;
  const cudaError_t rc = cudaGetDeviceCount(&n);
  if (rc != cudaSuccess || n == 0) {
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    cudaGetLastError();
    const std::string versions =
        fmt::format("driver supports CUDA {}, runtime is CUDA {}", cuda_version(driver), cuda_version(runtime));
    if (rc != cudaSuccess)
      return fmt::format("device cuda: none usable: cudaGetDeviceCount returned {} ({}); {}\n", cudaGetErrorName(rc),
                         cudaGetErrorString(rc), versions);
    return fmt::format("device cuda: none visible; {}\n", versions);
  }
  std::string out;
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp prop{};
    const cudaError_t e = cudaGetDeviceProperties(&prop, i);
    if (e != cudaSuccess) {
      out += fmt::format("device cuda:{}: cudaGetDeviceProperties returned {} ({})\n", i, cudaGetErrorName(e),
                         cudaGetErrorString(e));
      cudaGetLastError();
      continue;
    }
    out += fmt::format("device cuda:{}: {}, sm_{}{}, {} MiB, {} SMs\n", i, prop.name, prop.major, prop.minor,
                       prop.totalGlobalMem >> 20, prop.multiProcessorCount);
  }
  return out;
}

}  // namespace ts::cuda
