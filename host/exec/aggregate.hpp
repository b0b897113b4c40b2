#pragma once
// The shape of a RunResult: every array sized for the points, snapshots,
// quantiles and metrics of a run (host/exec/point_accumulators.hpp fills it).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/output/run_result.hpp"
#include "models/metrics.hpp"

namespace ts {

inline const std::vector<double> kDefaultQuantiles = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

// Sizes every array of `r` for n_points points and fills the metric and
// event names; time_days must already be set. r.metrics[k] is metrics[k].
// `samples` is the number of paths (for the per-path values at the last
// snapshot); with a baseline the difference arrays are sized too.
void prepare_result(RunResult& r, std::size_t n_points, std::size_t keep_paths, const std::vector<Metric>& metrics,
                    std::size_t samples, bool with_baseline);

}  // namespace ts
