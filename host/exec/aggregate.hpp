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
// `samples` is the number of paths (for the per-path values at the last
// snapshot); with a baseline the difference arrays are sized too.
void prepare_result(RunResult& r, std::size_t n_points, std::size_t keep_paths, const std::vector<Metric>& metrics,
                    std::size_t samples, bool with_baseline);

// Fills point `point` of `r` from the paths of that point. `snapshot_steps`
// are the steps at which each snapshot was taken, `days_per_step` converts
// event steps to days.
void aggregate_point(const PointPaths& paths, std::size_t point, const std::vector<Metric>& metrics,
                     const std::vector<std::int32_t>& snapshot_steps, double days_per_step, RunResult& r);

// The path-by-path difference of point `point` to the baseline's paths
// (same seed, so path k saw the same shocks in both): for every metric and
// snapshot the mean difference with its 95% interval and the quantiles of
// the differences; for every event the change in P(reached by t).
void aggregate_difference(const PointPaths& paths, const PointPaths& baseline, std::size_t point,
                          const std::vector<Metric>& metrics, const std::vector<std::int32_t>& snapshot_steps,
                          RunResult& r);

}  // namespace ts
