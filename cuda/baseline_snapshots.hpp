#pragma once
// What BaselineSnapshots holds (cuda/cuda_executor.hpp): the baseline
// point's snapshots of paths [first_path, first_path + n_paths), laid out
// [path][time] as the executor's own batch buffer.
#include "cuda/cuda_executor.hpp"
#include "cuda/device_buffer.hpp"
#include "models/metrics.hpp"

namespace ts::cuda {

struct BaselineSnapshots::Held {
  DeviceBuffer<Snapshot> snapshots;
  std::int64_t first_path = -1;
  std::int64_t n_paths = 0;
  std::int32_t n_time = 0;
};

}  // namespace ts::cuda
