#pragma once
// Quantiles of one metric at one snapshot across the paths of a point, in
// bounded memory and mergeable to the same bits in any order (DESIGN.md
// "Statistics"). Two forms, chosen by the number of values alone, never by
// how they were batched:
//   exact  (n <= exact_limit, default 65,536): the values themselves;
//          quantiles are the sorted values' type-7 interpolation, equal to
//          the end-of-run statistics;
//   bucket (n >  exact_limit): counts per bucket of the IEEE bits
//          (bucket_key.hpp, relative width 2^-m) with the smallest and
//          largest value each holds; a quantile interpolates between the
//          values standing for its order statistics: a bucket's first rank
//          is its smallest value and its last its largest (exact: the
//          extremes, and every quantile of a metric whose values are few and
//          discrete, such as a count of providers), a rank inside it the
//          bucket's midpoint clamped to those two, within half a bucket of
//          the true order statistic.
// NaN is counted apart; any NaN makes every quantile NaN (as the summary).
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "stats/archive.hpp"
#include "stats/bucket_key.hpp"

namespace ts::stats {

inline constexpr std::uint64_t kDefaultExactPaths = 65536;

// One bucket of the bucket form.
struct Bucket {
  std::int64_t key;
  std::uint64_t count;
  double lo, hi;   // its smallest and largest value (totalOrder)
  bool operator==(const Bucket& o) const {
    return key == o.key && count == o.count && std::memcmp(&lo, &o.lo, sizeof lo) == 0 &&
           std::memcmp(&hi, &o.hi, sizeof hi) == 0;
  }
};

class QuantileSketch {
 public:
  explicit QuantileSketch(std::uint64_t exact_limit = kDefaultExactPaths, int bucket_bits = kDefaultBucketBits)
      : exact_limit_(exact_limit), bits_(bucket_bits) {}

  void add(double x);
  // A batch reduced on a device (cell_digest.hpp): its buckets in any
  // order, a key possibly more than once, and the batch's NaN count. Only for a sketch whose point will
  // hold more than exact_limit values: it takes the bucket form at once,
  // the form it would reach anyway before its quantiles are read.
  void add_buckets(std::vector<Bucket> runs, std::uint64_t nan_count);
  // The other sketch must have the same exact limit and bucket bits.
  void merge(const QuantileSketch& other);

  // Type-7 quantile (numpy's default) for q in [0, 1].
  double quantile(double q);

  std::uint64_t count() const { return n_; }
  std::uint64_t nan_count() const { return nan_; }
  bool exact() const { return !buckets_early_ && n_ - nan_ <= exact_limit_; }
  int bucket_bits() const { return bits_; }
  std::uint64_t exact_limit() const { return exact_limit_; }
  // Checkpoints: the whole state, read back into a sketch of the same limit and bits.
  void save(ArchiveOut& a) const;
  void load(ArchiveIn& a);
  // Bucket form: the buckets in key order (after folding pending values).
  const std::vector<Bucket>& buckets();

 private:
  void to_buckets();        // exact values -> pending
  void fold_pending();      // pending -> buckets
  double value_at_rank(std::uint64_t r);   // r-th smallest (0-based), bucket form

  std::uint64_t exact_limit_;
  int bits_;
  std::uint64_t n_ = 0, nan_ = 0;
  std::vector<double> values_;                                   // exact form
  std::vector<std::int64_t> pending_;                            // bucket form, not yet folded: total_order_key of values
  std::vector<Bucket> runs_;                                     // bucket form, sorted by key
  bool sorted_ = false;                                          // values_ sorted (exact form)
  bool buckets_early_ = false;                                   // add_bucket: bucket form below the limit
};

}  // namespace ts::stats
