#pragma once
// The emulation's cub::DeviceRadixSort::SortPairs (unsigned keys): a stable
// sort by the key bits [begin_bit, end_bit), as CUB's LSD radix sort is.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "cub/device/device_common.hpp"

namespace cub {

struct DeviceRadixSort {
  template <typename KeyT, typename ValueT, typename NumItemsT>
  static cudaError_t SortPairs(void* d_temp_storage, std::size_t& temp_storage_bytes, const KeyT* d_keys_in,
                               KeyT* d_keys_out, const ValueT* d_values_in, ValueT* d_values_out, NumItemsT num_items,
                               int begin_bit = 0, int end_bit = static_cast<int>(sizeof(KeyT) * 8),
                               cudaStream_t stream = nullptr) {
    (void)stream;
    cudaError_t status;
    const auto n = static_cast<std::size_t>(num_items);
    if (emulated::size_query(d_temp_storage, temp_storage_bytes, n, status)) return status;
    std::vector<KeyT> keys;
    std::vector<ValueT> values;
    if ((status = emulated::read(d_keys_in, n, keys)) != cudaSuccess) return status;
    if ((status = emulated::read(d_values_in, n, values)) != cudaSuccess) return status;
    const int width = end_bit - begin_bit;
    const KeyT mask = width >= static_cast<int>(sizeof(KeyT) * 8) ? ~KeyT{0} : ((KeyT{1} << width) - 1);
    const auto digits = [&](KeyT k) { return static_cast<KeyT>((k >> begin_bit) & mask); };
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return digits(keys[a]) < digits(keys[b]); });
    std::vector<KeyT> sorted_keys(n);
    std::vector<ValueT> sorted_values(n);
    for (std::size_t i = 0; i < n; ++i) {
      sorted_keys[i] = keys[order[i]];
      sorted_values[i] = values[order[i]];
    }
    if ((status = emulated::write(d_keys_out, sorted_keys)) != cudaSuccess) return status;
    return emulated::write(d_values_out, sorted_values);
  }
};

}  // namespace cub
