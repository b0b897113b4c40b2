#pragma once
// Everything the output says of one metric at one snapshot of one point,
// accumulated path by path and merged exactly (DESIGN.md "Statistics"):
// count, NaN count, min and max (totalOrder: the same bits in any order),
// the exact sums behind mean, std and sem, and the quantile sketch.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "models/core/ordered_extrema.hpp"
#include "stats/cell_digest.hpp"
#include "stats/exact_sum.hpp"
#include "stats/quantile_sketch.hpp"

namespace ts::stats {

struct ValueSummary {
  double mean, std, sem, min, max;
};

class ValueAccumulator {
 public:
  explicit ValueAccumulator(std::uint64_t exact_limit = kDefaultExactPaths, int bucket_bits = kDefaultBucketBits)
      : sketch_(exact_limit, bucket_bits) {}

  void add(double x) {
    moments_.add(x);
    min_ = ordered_min(min_, x);
    max_ = ordered_max(max_, x);
    sketch_.add(x);
  }
  // n values get(0) .. get(n - 1): the same bits as add() of each, the
  // exact sums through a thread's scratch (exact_sum.hpp).
  template <class Get>
  void add_many(std::int64_t n, Get get, MomentScratch& scratch) {
    for (std::int64_t i = 0; i < n; ++i) {
      const double x = get(i);
      scratch.add(x, moments_);
      min_ = ordered_min(min_, x);
      max_ = ordered_max(max_, x);
      sketch_.add(x);
    }
    scratch.flush(moments_);
  }
  // One cell of a batch reduced on a device: the same bits as add() of
  // each of its values. The sketch takes the values when the digest has
  // them (its exact form), else the runs' bucket counts.
  void add_digest(const CellDigest& d) {
    add_runs_to(moments_, d.runs.data(), d.runs.size());
    for (const DigestRun& r : d.runs) {
      min_ = ordered_min(min_, r.min);
      max_ = ordered_max(max_, r.max);
    }
    if (!d.values.empty() || d.runs.empty()) {
      for (double x : d.values) sketch_.add(x);
      return;
    }
    std::vector<Bucket> buckets;
    std::uint64_t nan = 0;
    for (const DigestRun& r : d.runs) {
      if (digest_code_is_nan(r.code)) nan += r.count;
      else buckets.push_back(Bucket{digest_code_key(r.code), r.count, r.min, r.max});
    }
    sketch_.add_buckets(std::move(buckets), nan);
  }
  void merge(const ValueAccumulator& o) {
    moments_.merge(o.moments_);
    min_ = ordered_min(min_, o.min_);
    max_ = ordered_max(max_, o.max_);
    sketch_.merge(o.sketch_);
  }

  // As the end-of-run summary: NaN anywhere makes every figure NaN; no
  // values, every figure NaN.
  ValueSummary summary() const {
    const Moments m = moments_of(moments_);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (moments_.n == 0 || moments_.nan > 0) return {nan, nan, nan, nan, nan};
    return {m.mean, m.std, m.sem, min_, max_};
  }
  double quantile(double q) { return sketch_.quantile(q); }

  void save(ArchiveOut& a) const {
    a.pod(moments_);
    a.pod(min_);
    a.pod(max_);
    sketch_.save(a);
  }
  void load(ArchiveIn& a) {
    a.pod(moments_);
    a.pod(min_);
    a.pod(max_);
    sketch_.load(a);
  }

  std::uint64_t count() const { return moments_.n; }
  const QuantileSketch& sketch() const { return sketch_; }
  const MomentSums& moments() const { return moments_; }

 private:
  MomentSums moments_;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  QuantileSketch sketch_;
};

}  // namespace ts::stats
