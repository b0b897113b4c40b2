#pragma once
// The emulation's cub::DeviceRunLengthEncode::Encode: the first key of each
// run of equal keys, the run's length, and the number of runs.
#include <cstdint>
#include <vector>

#include "cub/device/device_common.hpp"

namespace cub {

struct DeviceRunLengthEncode {
  template <typename KeyT, typename LengthT, typename NumRunsT, typename NumItemsT>
  static cudaError_t Encode(void* d_temp_storage, std::size_t& temp_storage_bytes, const KeyT* d_in,
                            KeyT* d_unique_out, LengthT* d_counts_out, NumRunsT* d_num_runs_out, NumItemsT num_items,
                            cudaStream_t stream = nullptr) {
    (void)stream;
    cudaError_t status;
    const auto n = static_cast<std::size_t>(num_items);
    if (emulated::size_query(d_temp_storage, temp_storage_bytes, n, status)) return status;
    std::vector<KeyT> keys, unique;
    std::vector<LengthT> counts;
    if ((status = emulated::read(d_in, n, keys)) != cudaSuccess) return status;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == 0 || !(keys[i] == keys[i - 1])) {
        unique.push_back(keys[i]);
        counts.push_back(0);
      }
      ++counts.back();
    }
    if ((status = emulated::write(d_unique_out, unique)) != cudaSuccess) return status;
    if ((status = emulated::write(d_counts_out, counts)) != cudaSuccess) return status;
    return emulated::write(d_num_runs_out, std::vector<NumRunsT>{static_cast<NumRunsT>(unique.size())});
  }
};

}  // namespace cub
