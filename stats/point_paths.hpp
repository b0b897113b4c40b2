#pragma once
// What an executor returns for a batch of one point's paths: every path's
// snapshots and the step at which each risk event was first reached; the
// accumulators read it (host/exec/point_accumulators.hpp). And how an
// executor reports progress without knowing who listens (the CUDA executor
// includes nothing from host/).
#include <cstdint>
#include <functional>
#include <vector>

#include "models/metrics.hpp"

namespace ts {

// Called with the number of paths an executor has just finished.
using PathsDone = std::function<void(std::int64_t)>;

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
