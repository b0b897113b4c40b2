#pragma once
// The statistics of one point, filled batch by batch (DESIGN.md
// "Statistics"): an accumulator per snapshot and protocol metric, a
// first-hit histogram per risk event, the paired differences to the
// baseline's same paths, the per-path values at the horizon for the first
// `samples` paths and the trajectories of the first `keep` paths. Memory is
// bounded by the accumulators, never by paths x snapshots; any partition of
// the paths into batches gives the same bits.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "stats/point_paths.hpp"
#include "host/output/run_result.hpp"
#include "stats/archive.hpp"
#include "stats/first_hit_histogram.hpp"
#include "stats/value_accumulator.hpp"

namespace ts {

struct AccumulatorShape {
  std::vector<Metric> metrics;                 // the protocol's own metrics
  std::vector<std::int32_t> snapshot_steps;    // step of each snapshot
  std::size_t samples = 0;                     // per-path values kept (first paths)
  std::size_t keep = 0;                        // trajectories kept (first paths)
  std::uint64_t exact_paths = stats::kDefaultExactPaths;
  int bucket_bits = stats::kDefaultBucketBits;
};

class PointAccumulators {
 public:
  // `window`: the paths [first, first + n) this set may hold per-path values
  // of (a work unit's range); by default every path of the run.
  PointAccumulators(const AccumulatorShape& shape, bool with_difference,
                    std::pair<std::int64_t, std::int64_t> window = {0, -1});

  // Paths [first_path, first_path + batch.n_paths) of this point.
  void add_batch(const PointPaths& batch, std::int64_t first_path);
  // The same paths of this point and of the baseline, differenced path by path.
  void add_difference(const PointPaths& batch, const PointPaths& baseline);

  // Checkpoints: everything accumulated so far; load() into accumulators
  // built with the same shape (throws on any mismatch).
  void save(stats::ArchiveOut& a) const;
  void load(stats::ArchiveIn& a);

  // The statistics of other paths of the same point (another rank's or
  // shard's): every accumulator merged exactly; the per-path horizon values
  // and kept trajectories copied for `paths`, the path ranges
  // [first, first + n) that `other` covers. The same bits as one run of all.
  void merge(const PointAccumulators& other, const std::vector<std::pair<std::int64_t, std::int64_t>>& paths);

  // Point `point` of `r` (arrays sized by prepare_result).
  void write(std::size_t point, double days_per_step, RunResult& r);

 private:
  std::size_t nt() const { return shape_.snapshot_steps.size(); }
  std::size_t nm() const { return shape_.metrics.size(); }
  void check_carried(const PointPaths& batch) const;
  template <class Values>
  void fill_cells(std::vector<stats::ValueAccumulator>& acc, const std::vector<stats::CellDigest>* digests,
                  std::int64_t n, Values values);
  // A path's first step for event e, or -1 when never reached by the last snapshot.
  std::int32_t first_step(const PointPaths& p, std::int64_t path, int e) const;

  AccumulatorShape shape_;
  // Per-path slots held: horizon values of paths [s_lo_, s_hi_), kept
  // trajectories of paths [k_lo_, k_hi_) (the window clipped to samples, keep).
  std::size_t horizon_slot(std::size_t k, std::int64_t path) const {
    return k * static_cast<std::size_t>(s_hi_ - s_lo_) + static_cast<std::size_t>(path - s_lo_);
  }
  std::size_t event_slot(int e, std::int64_t path) const {
    return static_cast<std::size_t>(e) * static_cast<std::size_t>(s_hi_ - s_lo_) + static_cast<std::size_t>(path - s_lo_);
  }
  std::size_t trajectory_slot(std::size_t k, std::int64_t path, std::size_t t) const {
    return (k * static_cast<std::size_t>(k_hi_ - k_lo_) + static_cast<std::size_t>(path - k_lo_)) * nt() + t;
  }
  std::int64_t s_lo_ = 0, s_hi_ = 0, k_lo_ = 0, k_hi_ = 0;
  std::vector<stats::ValueAccumulator> values_;       // [time][metric]
  std::vector<stats::FirstHitHistogram> events_;      // [event]
  std::vector<stats::ValueAccumulator> differences_;  // [time][metric]
  std::vector<stats::ValueAccumulator> event_differences_;  // [time][event]: reached(point) - reached(baseline)
  std::vector<double> final_values_;                  // [metric][sample]
  std::vector<double> first_days_steps_;              // [event][sample], step or -1
  std::vector<double> trajectories_;                  // [metric][kept path][time]
};

}  // namespace ts
