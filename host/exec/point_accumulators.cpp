#include "host/exec/point_accumulators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "host/exec/statistics.hpp"

namespace ts {

namespace {
constexpr double kZ95 = 1.959963984540054;
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

PointAccumulators::PointAccumulators(const AccumulatorShape& shape, bool with_difference,
                                     std::pair<std::int64_t, std::int64_t> window)
    : shape_(shape) {
  const std::int64_t first = window.first, end = window.second < 0 ? std::numeric_limits<std::int64_t>::max() : window.first + window.second;
  const auto samples = static_cast<std::int64_t>(shape.samples), keep = static_cast<std::int64_t>(shape.keep);
  s_lo_ = std::clamp<std::int64_t>(first, 0, samples);
  s_hi_ = std::clamp<std::int64_t>(end, s_lo_, samples);
  k_lo_ = std::clamp<std::int64_t>(first, 0, keep);
  k_hi_ = std::clamp<std::int64_t>(end, k_lo_, keep);
  const stats::ValueAccumulator empty(shape.exact_paths, shape.bucket_bits);
  values_.assign(nt() * nm(), empty);
  events_.assign(kEventCount, stats::FirstHitHistogram{});
  if (with_difference) {
    differences_.assign(nt() * nm(), empty);
    event_differences_.assign(nt() * kEventCount, empty);
  }
  const auto held = static_cast<std::size_t>(s_hi_ - s_lo_);
  final_values_.assign(nm() * held, kNaN);
  first_days_steps_.assign(static_cast<std::size_t>(kEventCount) * held, -1.0);
  trajectories_.assign(nm() * static_cast<std::size_t>(k_hi_ - k_lo_) * nt(), kNaN);
}

std::int32_t PointAccumulators::first_step(const PointPaths& p, std::int64_t path, int e) const {
  // Observation ends at the last snapshot: a later first time is censored.
  const std::int32_t st = p.event_step[static_cast<std::size_t>(path) * kEventCount + e];
  return st == kNeverReached || st > shape_.snapshot_steps.back() ? -1 : st;
}

void PointAccumulators::check_carried(const PointPaths& batch) const {
  if (batch.metrics != shape_.metrics || batch.n_time != static_cast<std::int32_t>(nt()))
    throw std::logic_error("a batch carries other metrics or snapshots than its accumulators");
}

// Every cell's accumulator from a digest, or from n values read by the
// reader values(t, k) gives for the cell. Each accumulator is filled by one
// thread in path order: the result cannot depend on the thread count.
template <class Values>
void PointAccumulators::fill_cells(std::vector<stats::ValueAccumulator>& acc,
                                   const std::vector<stats::CellDigest>* digests, std::int64_t n, Values values) {
  const int cells = static_cast<int>(nt() * nm());
#pragma omp parallel
  {
    stats::MomentScratch scratch;
#pragma omp for schedule(static)
    for (int c = 0; c < cells; ++c) {
      if (digests != nullptr) {
        acc[c].add_digest((*digests)[static_cast<std::size_t>(c)]);
        continue;
      }
      const auto t = static_cast<std::int32_t>(static_cast<std::size_t>(c) / nm());
      acc[c].add_many(n, values(t, static_cast<std::size_t>(c) % nm()), scratch);
    }
  }
}

void PointAccumulators::add_batch(const PointPaths& batch, std::int64_t first_path) {
  check_carried(batch);
  const std::int64_t np = batch.n_paths;
  fill_cells(values_, batch.digested ? &batch.cells : nullptr, np, [&](std::int32_t t, std::size_t k) {
    const double* v = batch.cell(t, k);
    return [v](std::int64_t i) { return v[i]; };
  });
  for (int e = 0; e < kEventCount; ++e)
    for (std::int64_t i = 0; i < np; ++i) events_[e].add(first_step(batch, i, e));
  // Per-path values of the first paths (a digest carries exactly these rows),
  // metric by metric: each a run of consecutive values in and out. Rows
  // [0, samples) and [0, keep) of the batch are the run's first paths.
  const auto last = static_cast<std::int32_t>(nt() - 1);
  const std::int64_t samples = std::clamp<std::int64_t>(static_cast<std::int64_t>(shape_.samples) - first_path, 0, np);
  const std::int64_t keep = std::clamp<std::int64_t>(static_cast<std::int64_t>(shape_.keep) - first_path, 0, np);
  if (batch.digested && (samples > batch.horizon_rows || keep > batch.kept_rows))
    throw std::logic_error("a digest lacks the horizon values or kept trajectories its accumulators need");
  if ((samples > 0 && (first_path < s_lo_ || first_path + samples > s_hi_)) ||
      (keep > 0 && (first_path < k_lo_ || first_path + keep > k_hi_)))
    throw std::logic_error("a batch's paths lie outside its accumulators' window");
  for (std::size_t k = 0; k < nm(); ++k) {
    for (std::int64_t i = 0; i < samples; ++i)
      final_values_[horizon_slot(k, first_path + i)] =
          batch.digested ? batch.horizon[static_cast<std::size_t>(i) * nm() + k] : batch.at(i, last, k);
    for (std::int64_t i = 0; i < keep; ++i)
      for (std::size_t t = 0; t < nt(); ++t)
        trajectories_[trajectory_slot(k, first_path + i, t)] = batch.at(i, static_cast<std::int32_t>(t), k);
  }
  for (int e = 0; e < kEventCount; ++e)
    for (std::int64_t i = 0; i < samples; ++i) first_days_steps_[event_slot(e, first_path + i)] = first_step(batch, i, e);
}

void PointAccumulators::add_difference(const PointPaths& batch, const PointPaths& base) {
  check_carried(batch);
  check_carried(base);
  const std::int64_t np = std::min(batch.n_paths, base.n_paths);
  const int cells = static_cast<int>(nt() * nm());
  if (batch.digested && batch.differences.size() != static_cast<std::size_t>(cells))
    throw std::logic_error("a digest lacks the differences to the baseline");
  fill_cells(differences_, batch.digested ? &batch.differences : nullptr, np, [&](std::int32_t t, std::size_t k) {
    const double *v = batch.cell(t, k), *b = base.cell(t, k);
    return [v, b](std::int64_t i) { return v[i] - b[i]; };
  });

  // Events: the paired change in the indicator "reached by t", in {-1, 0, 1}.
  for (std::size_t t = 0; t < nt(); ++t) {
    const std::int32_t limit = shape_.snapshot_steps[t];
    for (int e = 0; e < kEventCount; ++e)
      for (std::int64_t i = 0; i < np; ++i) {
        const std::int32_t a = first_step(batch, i, e), b = first_step(base, i, e);
        const double reached = a >= 0 && a <= limit ? 1.0 : 0.0, was = b >= 0 && b <= limit ? 1.0 : 0.0;
        event_differences_[t * kEventCount + e].add(reached - was);
      }
  }
}

void PointAccumulators::save(stats::ArchiveOut& a) const {
  for (std::int64_t bound : {s_lo_, s_hi_, k_lo_, k_hi_}) a.pod(bound);
  for (const auto& v : values_) v.save(a);
  for (const auto& e : events_) e.save(a);
  a.pod(static_cast<std::uint64_t>(differences_.size()));
  for (const auto& v : differences_) v.save(a);
  for (const auto& v : event_differences_) v.save(a);
  a.vec(final_values_);
  a.vec(first_days_steps_);
  a.vec(trajectories_);
}

void PointAccumulators::load(stats::ArchiveIn& a) {
  std::int64_t bounds[4] = {};
  for (std::int64_t& bound : bounds) a.pod(bound);
  if (bounds[0] != s_lo_ || bounds[1] != s_hi_ || bounds[2] != k_lo_ || bounds[3] != k_hi_)
    throw std::runtime_error("checkpoint: the paths held differ");
  for (auto& v : values_) v.load(a);
  for (auto& e : events_) e.load(a);
  std::uint64_t n_diff = 0;
  a.pod(n_diff);
  if (n_diff != differences_.size()) throw std::runtime_error("checkpoint: the baseline differs");
  for (auto& v : differences_) v.load(a);
  for (auto& v : event_differences_) v.load(a);
  const std::size_t sizes[3] = {final_values_.size(), first_days_steps_.size(), trajectories_.size()};
  a.vec(final_values_);
  a.vec(first_days_steps_);
  a.vec(trajectories_);
  if (final_values_.size() != sizes[0] || first_days_steps_.size() != sizes[1] || trajectories_.size() != sizes[2])
    throw std::runtime_error("checkpoint: the shape of the run differs");
}

void PointAccumulators::merge(const PointAccumulators& o,
                              const std::vector<std::pair<std::int64_t, std::int64_t>>& paths) {
  if (o.values_.size() != values_.size() || o.differences_.size() != differences_.size())
    throw std::logic_error("merging the accumulators of differently shaped runs");
  for (std::size_t c = 0; c < values_.size(); ++c) values_[c].merge(o.values_[c]);
  for (int e = 0; e < kEventCount; ++e) events_[e].merge(o.events_[e]);
  for (std::size_t c = 0; c < differences_.size(); ++c) differences_[c].merge(o.differences_[c]);
  for (std::size_t c = 0; c < event_differences_.size(); ++c) event_differences_[c].merge(o.event_differences_[c]);
  for (const auto& [first, n] : paths) {
    const std::int64_t s_lo = std::max({first, o.s_lo_, s_lo_}), s_hi = std::min({first + n, o.s_hi_, s_hi_});
    const std::int64_t k_lo = std::max({first, o.k_lo_, k_lo_}), k_hi = std::min({first + n, o.k_hi_, k_hi_});
    for (std::int64_t i = s_lo; i < s_hi; ++i) {
      for (std::size_t k = 0; k < nm(); ++k) final_values_[horizon_slot(k, i)] = o.final_values_[o.horizon_slot(k, i)];
      for (int e = 0; e < kEventCount; ++e) first_days_steps_[event_slot(e, i)] = o.first_days_steps_[o.event_slot(e, i)];
    }
    for (std::int64_t i = k_lo; i < k_hi; ++i)
      for (std::size_t k = 0; k < nm(); ++k)
        for (std::size_t t = 0; t < nt(); ++t)
          trajectories_[trajectory_slot(k, i, t)] = o.trajectories_[o.trajectory_slot(k, i, t)];
  }
}

void PointAccumulators::write(std::size_t point, double days_per_step, RunResult& r) {
  if (s_lo_ != 0 || s_hi_ != static_cast<std::int64_t>(shape_.samples) || k_lo_ != 0 ||
      k_hi_ != static_cast<std::int64_t>(shape_.keep))
    throw std::logic_error("only the accumulators of every path are written");
  const std::size_t nq = r.quantiles.size();
  const bool diff = !differences_.empty();
  for (std::size_t k = 0; k < nm(); ++k) {
    MetricStats& s = r.metrics[k];
    for (std::size_t t = 0; t < nt(); ++t) {
      const std::size_t at = point * nt() + t;
      stats::ValueAccumulator& acc = values_[t * nm() + k];
      const stats::ValueSummary v = acc.summary();
      s.mean[at] = v.mean;
      s.std[at] = v.std;
      s.sem[at] = v.sem;
      s.min[at] = v.min;
      s.max[at] = v.max;
      for (std::size_t q = 0; q < nq; ++q) s.q[at * nq + q] = acc.quantile(r.quantiles[q]);
      if (diff) {
        stats::ValueAccumulator& d = differences_[t * nm() + k];
        const stats::ValueSummary dv = d.summary();
        s.diff_mean[at] = dv.mean;
        s.diff_lo[at] = dv.mean - kZ95 * dv.sem;   // NaN for a single path
        s.diff_hi[at] = dv.mean + kZ95 * dv.sem;
        for (std::size_t q = 0; q < nq; ++q) s.diff_q[at * nq + q] = d.quantile(r.quantiles[q]);
      }
    }
    for (std::size_t i = 0; i < shape_.samples; ++i) s.final_values[point * r.samples + i] = final_values_[k * shape_.samples + i];
  }
  for (int e = 0; e < kEventCount; ++e) {
    EventStats& s = r.events[e];
    const stats::FirstHitHistogram& h = events_[e];
    const auto n = static_cast<std::int64_t>(h.paths());
    for (std::size_t t = 0; t < nt(); ++t) {
      const auto k = static_cast<std::int64_t>(h.reached_by(shape_.snapshot_steps[t]));
      const WilsonInterval w = wilson95(k, n);
      const std::size_t at = point * nt() + t;
      s.p[at] = n > 0 ? static_cast<double>(k) / static_cast<double>(n) : 0.0;
      s.p_lo[at] = w.lo;
      s.p_hi[at] = w.hi;
      if (diff) {
        const stats::ValueSummary dv = event_differences_[t * kEventCount + e].summary();
        s.p_diff[at] = dv.mean;
        s.p_diff_lo[at] = dv.mean - kZ95 * dv.sem;
        s.p_diff_hi[at] = dv.mean + kZ95 * dv.sem;
      }
    }
    for (std::size_t q = 0; q < nq; ++q) {
      const double v = h.quantile(r.quantiles[q]);
      s.time_to_event_q[point * nq + q] = std::isinf(v) || std::isnan(v) ? kNaN : v * days_per_step;
    }
    for (std::size_t i = 0; i < shape_.samples; ++i) {
      const double st = first_days_steps_[static_cast<std::size_t>(e) * shape_.samples + i];
      s.first_days[point * r.samples + i] = st < 0 ? kNaN : st * days_per_step;
    }
  }
  const std::size_t kp = r.keep_paths;
  for (std::size_t k = 0; k < r.trajectories.size(); ++k)
    for (std::size_t i = 0; i < kp; ++i)
      for (std::size_t t = 0; t < nt(); ++t)
        r.trajectories[k][(point * kp + i) * nt() + t] = trajectories_[(k * shape_.keep + i) * nt() + t];
}

}  // namespace ts
