#pragma once
// What an executor returns for a batch of one point's paths, and what the
// accumulators ask of it (host/exec/point_accumulators.hpp). And how an
// executor reports progress without knowing who listens (the CUDA executor
// includes nothing from host/).
//
// Two forms: every path's snapshots of the carried metrics (the CPU
// executor, and the CUDA executor when no digest is asked for: the parity
// tests), or a digest (the CUDA executor in a run): each cell reduced on the
// device to bucket runs (cell_digest.hpp), plus the per-path values the
// accumulators keep (horizon values of the first `samples` paths,
// trajectories of the first `keep`). First-hit steps of the risk events come
// back for every path in both forms (a few integers per path).
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "models/metrics.hpp"
#include "stats/cell_digest.hpp"

namespace ts {

// Called with the number of paths an executor has just finished.
using PathsDone = std::function<void(std::int64_t)>;

// What a run needs of a batch (the same for every batch of a run).
struct BatchRequest {
  std::vector<Metric> metrics;        // the protocol's own metrics; empty: all
  std::int64_t samples = 0;           // horizon values of global paths below this
  std::int64_t keep = 0;              // trajectories of global paths below this
  bool exact_values = true;           // the sketches stay exact: a digest carries the values too
  int bucket_bits = stats::kDefaultBucketBits;
};

// The carried metrics: `metrics`, or all of them when it is empty.
inline std::vector<Metric> carried_metrics(const std::vector<Metric>& metrics) {
  if (!metrics.empty()) return metrics;
  std::vector<Metric> all;
  for (int m = 0; m < kMetricCount; ++m) all.push_back(static_cast<Metric>(m));
  return all;
}

struct PointPaths {
  std::int64_t n_paths = 0;
  std::int32_t n_time = 0;
  std::vector<Metric> metrics;           // carried, in this order
  // [time][k][path], cell by cell so that the accumulators read each cell's
  // values in order; a digest holds only its first kept_rows paths here.
  std::vector<double> values;
  std::vector<std::int32_t> event_step;  // [path][event], kNeverReached if never

  // A digest (digested == true):
  bool digested = false;
  std::int64_t kept_rows = 0;            // paths with trajectories in `values`
  std::int64_t horizon_rows = 0;         // paths with horizon values in `horizon`
  std::vector<double> horizon;           // [path][k] at the last snapshot
  std::vector<stats::CellDigest> cells;        // [time][k]
  std::vector<stats::CellDigest> differences;  // [time][k]: this point minus the baseline, path by path

  void resize(std::int64_t paths, std::int32_t times, const std::vector<Metric>& carried) {
    n_paths = paths;
    n_time = times;
    metrics = carried_metrics(carried);
    index_.assign(kMetricCount, -1);
    for (std::size_t k = 0; k < metrics.size(); ++k) index_[static_cast<int>(metrics[k])] = static_cast<int>(k);
    rows_ = paths;
    values.assign(static_cast<std::size_t>(paths) * times * metrics.size(), 0.0);
    event_step.assign(static_cast<std::size_t>(paths) * kEventCount, kNeverReached);
    digested = false;
    kept_rows = horizon_rows = 0;
    horizon.clear();
    cells.clear();
    differences.clear();
  }
  std::size_t n_metrics() const { return metrics.size(); }
  // The paths `values` holds: n_paths, or a digest's kept_rows.
  void hold_rows(std::int64_t rows) {
    rows_ = rows;
    values.assign(static_cast<std::size_t>(rows) * n_time * metrics.size(), 0.0);
  }
  // By position in `metrics`.
  double& at(std::int64_t path, std::int32_t time, std::size_t k) {
    return values[(static_cast<std::size_t>(time) * metrics.size() + k) * rows_ + path];
  }
  const double& at(std::int64_t path, std::int32_t time, std::size_t k) const {
    return values[(static_cast<std::size_t>(time) * metrics.size() + k) * rows_ + path];
  }
  // Cell (time, k)'s values, one per held path.
  const double* cell(std::int32_t time, std::size_t k) const {
    return values.data() + (static_cast<std::size_t>(time) * metrics.size() + k) * rows_;
  }
  // By metric id (throws for a metric this batch does not carry).
  double value(std::int64_t path, std::int32_t time, int metric) const {
    const int k = index_.at(static_cast<std::size_t>(metric));
    if (k < 0) throw std::out_of_range(std::string("metric not carried: ") + kMetricInfo[metric].name);
    return at(path, time, static_cast<std::size_t>(k));
  }

 private:
  std::vector<int> index_;   // metric id -> position in `metrics`, -1 if not carried
  std::int64_t rows_ = 0;
};

}  // namespace ts
