#pragma once
// The emulation's cub::DeviceScan::ExclusiveSum.
#include <vector>

#include "cub/device/device_common.hpp"

namespace cub {

struct DeviceScan {
  template <typename T, typename NumItemsT>
  static cudaError_t ExclusiveSum(void* d_temp_storage, std::size_t& temp_storage_bytes, const T* d_in, T* d_out,
                                  NumItemsT num_items, cudaStream_t stream = nullptr) {
    (void)stream;
    cudaError_t status;
    const auto n = static_cast<std::size_t>(num_items);
    if (emulated::size_query(d_temp_storage, temp_storage_bytes, n, status)) return status;
    std::vector<T> in, out(n);
    if ((status = emulated::read(d_in, n, in)) != cudaSuccess) return status;
    T running{};
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = running;
      running = running + in[i];
    }
    return emulated::write(d_out, out);
  }
};

}  // namespace cub
