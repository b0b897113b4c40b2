#include "stats/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "models/core/ordered_extrema.hpp"
#include "stats/type7.hpp"

namespace ts::stats {

namespace {

constexpr std::size_t kFoldEvery = std::size_t{1} << 16;   // pending keys before a fold

using Runs = std::vector<Bucket>;

// b's values into a, of the same key.
void combine(Bucket& a, const Bucket& b) {
  a.count += b.count;
  a.lo = ordered_min(a.lo, b.lo);
  a.hi = ordered_max(a.hi, b.hi);
}

// Two sorted bucket lists as one, equal keys combined.
Runs merge_runs(const Runs& a, const Runs& b) {
  Runs out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].key < b[j].key)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].key < a[i].key) {
      out.push_back(b[j++]);
    } else {
      out.push_back(a[i]);
      combine(out.back(), b[j]);
      ++i;
      ++j;
    }
  }
  return out;
}

// total_order_key's inverse for every non-NaN double.
double from_order_key(std::int64_t k) {
  const std::uint64_t bits = static_cast<std::uint64_t>(k >= 0 ? k : k ^ INT64_MAX);
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

void QuantileSketch::add(double x) {
  ++n_;
  if (std::isnan(x)) {
    ++nan_;
    return;
  }
  if (exact()) {
    values_.push_back(x);
    sorted_ = false;
    return;
  }
  if (!values_.empty()) to_buckets();   // the value that crossed the limit
  pending_.push_back(total_order_key(x));
  if (pending_.size() >= kFoldEvery) fold_pending();
}

void QuantileSketch::add_buckets(Runs runs, std::uint64_t nan_count) {
  n_ += nan_count;
  nan_ += nan_count;
  for (const auto& run : runs) n_ += run.count;
  // Several device batches' runs follow one another: one bucket per key.
  std::stable_sort(runs.begin(), runs.end(), [](const Bucket& a, const Bucket& b) { return a.key < b.key; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (out > 0 && runs[out - 1].key == runs[i].key) combine(runs[out - 1], runs[i]);
    else runs[out++] = runs[i];
  }
  runs.resize(out);
  if (!buckets_early_) {
    buckets_early_ = true;
    to_buckets();
  }
  runs_ = merge_runs(runs_, runs);
}

void QuantileSketch::merge(const QuantileSketch& o) {
  n_ += o.n_;
  nan_ += o.nan_;
  buckets_early_ = buckets_early_ || o.buckets_early_;
  if (exact()) {
    values_.insert(values_.end(), o.values_.begin(), o.values_.end());
    sorted_ = false;
    return;
  }
  to_buckets();
  for (double x : o.values_) pending_.push_back(total_order_key(x));
  pending_.insert(pending_.end(), o.pending_.begin(), o.pending_.end());
  fold_pending();
  runs_ = merge_runs(runs_, o.runs_);
}

void QuantileSketch::to_buckets() {
  for (double x : values_) pending_.push_back(total_order_key(x));
  values_.clear();
  values_.shrink_to_fit();
  fold_pending();
}

void QuantileSketch::fold_pending() {
  if (pending_.empty()) return;
  // In value order the values of a bucket are consecutive: its first is
  // its smallest, its last its largest.
  std::sort(pending_.begin(), pending_.end());
  Runs fresh;
  for (std::int64_t o : pending_) {
    const double x = from_order_key(o);
    const std::int64_t k = bucket_key(x, bits_);
    if (!fresh.empty() && fresh.back().key == k) {
      ++fresh.back().count;
      fresh.back().hi = x;
    } else {
      fresh.push_back(Bucket{k, 1, x, x});
    }
  }
  pending_.clear();
  runs_ = merge_runs(runs_, fresh);
}

const std::vector<Bucket>& QuantileSketch::buckets() {
  fold_pending();
  return runs_;
}

void QuantileSketch::save(ArchiveOut& a) const {
  a.pod(exact_limit_);
  a.pod(bits_);
  a.pod(n_);
  a.pod(nan_);
  a.pod(buckets_early_);
  a.vec(values_);
  a.vec(pending_);
  a.vec(runs_);
}

void QuantileSketch::load(ArchiveIn& a) {
  std::uint64_t limit = 0;
  int bits = 0;
  a.pod(limit);
  a.pod(bits);
  if (limit != exact_limit_ || bits != bits_) throw std::runtime_error("checkpoint: the sketch settings differ");
  a.pod(n_);
  a.pod(nan_);
  a.pod(buckets_early_);
  a.vec(values_);
  a.vec(pending_);
  a.vec(runs_);
  sorted_ = false;
}

double QuantileSketch::value_at_rank(std::uint64_t r) {
  std::uint64_t seen = 0;
  for (const Bucket& b : runs_) {
    const std::uint64_t first = seen;
    seen += b.count;
    if (r >= seen) continue;
    if (r == first) return b.lo;
    if (r + 1 == seen) return b.hi;
    return ordered_min(ordered_max(bucket_value(b.key, bits_), b.lo), b.hi);
  }
  return runs_.back().hi;
}

double QuantileSketch::quantile(double q) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t count = n_ - nan_;
  if (nan_ > 0 || count == 0) return nan;
  if (exact()) {
    if (!sorted_) {
      // totalOrder: -0.0 before +0.0, so equal-comparing values keep one order.
      std::sort(values_.begin(), values_.end(), [](double a, double b) { return ordered_less(a, b); });
      sorted_ = true;
    }
    return type7_quantile(count, q, [this](std::uint64_t r) { return values_[r]; });
  }
  fold_pending();
  return type7_quantile(count, q, [this](std::uint64_t r) { return value_at_rank(r); });
}

}  // namespace ts::stats
