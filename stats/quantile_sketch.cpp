#include "stats/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/core/ordered_extrema.hpp"
#include "stats/type7.hpp"

namespace ts::stats {

namespace {

constexpr std::size_t kFoldEvery = std::size_t{1} << 16;   // pending keys before a fold

using Runs = std::vector<std::pair<std::int64_t, std::uint64_t>>;

// Two sorted run lists as one, counts of equal keys added.
Runs merge_runs(const Runs& a, const Runs& b) {
  Runs out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  return out;
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
  pending_.push_back(bucket_key(x, bits_));
  if (pending_.size() >= kFoldEvery) fold_pending();
}

void QuantileSketch::add_buckets(const Runs& sorted_runs, std::uint64_t nan_count) {
  n_ += nan_count;
  nan_ += nan_count;
  for (const auto& run : sorted_runs) n_ += run.second;
  if (!buckets_early_) {
    buckets_early_ = true;
    to_buckets();
  }
  runs_ = merge_runs(runs_, sorted_runs);
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
  for (double x : o.values_) pending_.push_back(bucket_key(x, bits_));
  pending_.insert(pending_.end(), o.pending_.begin(), o.pending_.end());
  fold_pending();
  runs_ = merge_runs(runs_, o.runs_);
}

void QuantileSketch::to_buckets() {
  for (double x : values_) pending_.push_back(bucket_key(x, bits_));
  values_.clear();
  values_.shrink_to_fit();
  fold_pending();
}

void QuantileSketch::fold_pending() {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end());
  Runs fresh;
  for (std::int64_t k : pending_) {
    if (!fresh.empty() && fresh.back().first == k) ++fresh.back().second;
    else fresh.emplace_back(k, 1);
  }
  pending_.clear();
  runs_ = merge_runs(runs_, fresh);
}

const std::vector<std::pair<std::int64_t, std::uint64_t>>& QuantileSketch::buckets() {
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
  a.pairs(runs_);
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
  a.pairs(runs_);
  sorted_ = false;
}

double QuantileSketch::value_at_rank(std::uint64_t r) {
  std::uint64_t seen = 0;
  for (const auto& [key, count] : runs_) {
    seen += count;
    if (r < seen) return bucket_value(key, bits_);
  }
  return bucket_value(runs_.back().first, bits_);
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
