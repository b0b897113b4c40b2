#pragma once
// What the emulation's device-wide CUB algorithms share (DESIGN.md "Kernels
// without a GPU"): CUB's two-phase temporary-storage protocol, made strict
// (a call with too little storage fails as CUB's does), and every input and
// output moved through the emulated runtime's checked copies, so an
// algorithm handed host memory, a range outside its allocation or a
// destroyed stream fails like the real one instead of silently working.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <vector>

namespace cub::emulated {

// The storage a real CUB call would ask for is of this order; asking for it
// makes the executor allocate and pass it as on a device.
inline std::size_t temp_bytes(std::size_t items) { return 16 * items + 1024; }

// Phase one (size query) or a check of what phase two was given.
inline bool size_query(void* d_temp, std::size_t& bytes, std::size_t items, cudaError_t& status) {
  const std::size_t need = temp_bytes(items);
  if (d_temp == nullptr) {
    bytes = need;
    status = cudaSuccess;
    return true;
  }
  status = bytes < need ? cudaErrorInvalidValue : cudaSuccess;
  return status != cudaSuccess;
}

template <typename T>
cudaError_t read(const T* device, std::size_t n, std::vector<T>& host) {
  host.resize(n);
  return n == 0 ? cudaSuccess : cudaMemcpy(host.data(), device, n * sizeof(T), cudaMemcpyDeviceToHost);
}

template <typename T>
cudaError_t write(T* device, const std::vector<T>& host) {
  return host.empty() ? cudaSuccess : cudaMemcpy(device, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice);
}

}  // namespace cub::emulated
