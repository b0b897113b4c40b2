#pragma once
// Per-point statistics across paths (MODEL.md 3) written into a RunResult
// whose arrays were sized by prepare_result.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/exec/point_paths.hpp"
#include "host/output/run_result.hpp"

namespace ts {

inline const std::vector<double> kDefaultQuantiles = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

// Sizes every array of `r` for n_points points and fills the metric and
// event names; time_days must already be set. r.metrics[k] is metrics[k].
void prepare_result(RunResult& r, std::size_t n_points, std::size_t keep_paths, const std::vector<Metric>& metrics);

// Fills point `point` of `r` from the paths of that point. `snapshot_steps`
// are the steps at which each snapshot was taken, `days_per_step` converts
// event steps to days.
void aggregate_point(const PointPaths& paths, std::size_t point, const std::vector<Metric>& metrics,
                     const std::vector<std::int32_t>& snapshot_steps, double days_per_step, RunResult& r);

}  // namespace ts
