#pragma once
// What an executor returns for one point: every path's snapshots and the
// step at which each risk event was first reached. Aggregation reads it.
#include <cstdint>
#include <vector>

#include "models/metrics.hpp"

namespace ts {

struct PointPaths {
  std::int64_t n_paths = 0;
  std::int32_t n_time = 0;
  std::vector<double> values;            // [path][time][metric]
  std::vector<std::int32_t> event_step;  // [path][event], kNeverReached if never

  void resize(std::int64_t paths, std::int32_t times) {
    n_paths = paths;
    n_time = times;
    values.assign(static_cast<std::size_t>(paths) * times * kMetricCount, 0.0);
    event_step.assign(static_cast<std::size_t>(paths) * kEventCount, kNeverReached);
  }
  double* snapshot(std::int64_t path, std::int32_t time) {
    return values.data() + (static_cast<std::size_t>(path) * n_time + time) * kMetricCount;
  }
  double value(std::int64_t path, std::int32_t time, int metric) const {
    return values[(static_cast<std::size_t>(path) * n_time + time) * kMetricCount + metric];
  }
};

}  // namespace ts
