#include "host/exec/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/exec/statistics.hpp"
#include "models/metrics.hpp"

namespace ts {

void prepare_result(RunResult& r, std::size_t n_points, std::size_t keep_paths, const std::vector<Metric>& metrics,
                    std::size_t samples, bool with_baseline) {
  const std::size_t nt = r.n_time(), nq = r.quantiles.size();
  r.samples = samples;
  r.has_baseline = with_baseline;
  r.metrics.assign(metrics.size(), MetricStats{});
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    const MetricInfo& info = kMetricInfo[static_cast<int>(metrics[k])];
    MetricStats& s = r.metrics[k];
    s.name = info.name;
    s.units = info.units;
    s.description = info.description;
    for (auto* a : {&s.mean, &s.std, &s.sem, &s.min, &s.max}) a->assign(n_points * nt, 0.0);
    s.q.assign(n_points * nt * nq, 0.0);
    s.final_values.assign(n_points * samples, 0.0);
    if (with_baseline) {
      for (auto* a : {&s.diff_mean, &s.diff_lo, &s.diff_hi}) a->assign(n_points * nt, 0.0);
      s.diff_q.assign(n_points * nt * nq, 0.0);
    }
  }
  r.events.assign(kEventCount, EventStats{});
  for (int e = 0; e < kEventCount; ++e) {
    EventStats& s = r.events[e];
    s.name = kEventInfo[e].name;
    s.description = kEventInfo[e].description;
    for (auto* a : {&s.p, &s.p_lo, &s.p_hi}) a->assign(n_points * nt, 0.0);
    s.time_to_event_q.assign(n_points * nq, 0.0);
    s.first_days.assign(n_points * samples, 0.0);
    if (with_baseline)
      for (auto* a : {&s.p_diff, &s.p_diff_lo, &s.p_diff_hi}) a->assign(n_points * nt, 0.0);
  }
  r.keep_paths = keep_paths;
  r.trajectories.assign(keep_paths > 0 ? metrics.size() : 0, std::vector<double>(n_points * keep_paths * nt, 0.0));
}

void aggregate_point(const PointPaths& paths, std::size_t point, const std::vector<Metric>& metrics,
                     const std::vector<std::int32_t>& snapshot_steps, double days_per_step, RunResult& r) {
  const std::size_t nt = r.n_time(), nq = r.quantiles.size();
  const std::int64_t np = paths.n_paths;
  // Metrics are independent: one per thread, each with its own column, so
  // the result does not depend on the thread count.
  const int n_metrics = static_cast<int>(metrics.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < n_metrics; ++k) {
    const int m = static_cast<int>(metrics[k]);
    std::vector<double> column(static_cast<std::size_t>(np));
    MetricStats& s = r.metrics[k];
    for (std::size_t t = 0; t < nt; ++t) {
      for (std::int64_t i = 0; i < np; ++i) column[i] = paths.value(i, static_cast<std::int32_t>(t), m);
      const bool has_nan = std::any_of(column.begin(), column.end(), [](double x) { return std::isnan(x); });
      if (!has_nan) std::sort(column.begin(), column.end());
      const Summary sum = summarize_sorted(column);
      const std::size_t at = point * nt + t;
      s.mean[at] = sum.mean;
      s.std[at] = sum.std;
      s.sem[at] = sum.sem;
      s.min[at] = sum.min;
      s.max[at] = sum.max;
      for (std::size_t k = 0; k < nq; ++k)
        s.q[at * nq + k] = has_nan ? std::numeric_limits<double>::quiet_NaN() : quantile_sorted(column, r.quantiles[k]);
    }
    for (std::int64_t i = 0; i < np && static_cast<std::size_t>(i) < r.samples; ++i)
      s.final_values[point * r.samples + i] = paths.value(i, static_cast<std::int32_t>(nt - 1), m);
  }

  // Risk events: P(reached by t) with Wilson bounds; time-to-event quantiles
  // over all paths, never-reached paths counting as +infinity (censored), so
  // a quantile beyond the reached share is NaN.
  // Observation ends at the last snapshot: a later first time is censored,
  // so P(by t) and the time-to-event quantiles agree.
  const double inf = std::numeric_limits<double>::infinity();
  const std::int32_t observed = snapshot_steps.back();
  for (int e = 0; e < kEventCount; ++e) {
    EventStats& s = r.events[e];
    std::vector<double> first(static_cast<std::size_t>(np));
    for (std::int64_t i = 0; i < np; ++i) {
      const std::int32_t st = paths.event_step[static_cast<std::size_t>(i) * kEventCount + e];
      first[i] = st == kNeverReached || st > observed ? inf : static_cast<double>(st);
    }
    for (std::int64_t i = 0; i < np && static_cast<std::size_t>(i) < r.samples; ++i)
      s.first_days[point * r.samples + i] =
          std::isinf(first[i]) ? std::numeric_limits<double>::quiet_NaN() : first[i] * days_per_step;
    std::sort(first.begin(), first.end());
    for (std::size_t t = 0; t < nt; ++t) {
      const double limit = static_cast<double>(snapshot_steps[t]);
      const std::int64_t k = std::upper_bound(first.begin(), first.end(), limit) - first.begin();
      const WilsonInterval w = wilson95(k, np);
      const std::size_t at = point * nt + t;
      s.p[at] = np > 0 ? static_cast<double>(k) / static_cast<double>(np) : 0.0;
      s.p_lo[at] = w.lo;
      s.p_hi[at] = w.hi;
    }
    for (std::size_t k = 0; k < nq; ++k) {
      const double q = quantile_sorted(first, r.quantiles[k]);
      s.time_to_event_q[point * nq + k] =
          std::isinf(q) || std::isnan(q) ? std::numeric_limits<double>::quiet_NaN() : q * days_per_step;
    }
  }

  // Trajectories of the first keep_paths paths.
  const std::size_t kp = r.keep_paths;
  for (std::size_t k = 0; k < r.trajectories.size(); ++k)
    for (std::size_t i = 0; i < kp; ++i)
      for (std::size_t t = 0; t < nt; ++t)
        r.trajectories[k][(point * kp + i) * nt + t] =
            static_cast<std::int64_t>(i) < np
                ? paths.value(static_cast<std::int64_t>(i), static_cast<std::int32_t>(t), static_cast<int>(metrics[k]))
                : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace ts

namespace ts {

namespace {
constexpr double kZ95 = 1.959963984540054;

// Mean of sorted differences with the normal 95% interval of the mean.
void mean_interval(const std::vector<double>& sorted, double& mean, double& lo, double& hi) {
  const Summary sum = summarize_sorted(sorted);
  mean = sum.mean;
  const double half = kZ95 * sum.sem;   // NaN for a single path
  lo = mean - half;
  hi = mean + half;
}
}  // namespace

void aggregate_difference(const PointPaths& paths, const PointPaths& base, std::size_t point,
                          const std::vector<Metric>& metrics, const std::vector<std::int32_t>& snapshot_steps,
                          RunResult& r) {
  const std::size_t nt = r.n_time(), nq = r.quantiles.size();
  const std::int64_t np = std::min(paths.n_paths, base.n_paths);
  const int n_metrics = static_cast<int>(metrics.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < n_metrics; ++k) {
    const int m = static_cast<int>(metrics[k]);
    MetricStats& s = r.metrics[k];
    std::vector<double> d(static_cast<std::size_t>(np));
    for (std::size_t t = 0; t < nt; ++t) {
      for (std::int64_t i = 0; i < np; ++i)
        d[i] = paths.value(i, static_cast<std::int32_t>(t), m) - base.value(i, static_cast<std::int32_t>(t), m);
      const bool has_nan = std::any_of(d.begin(), d.end(), [](double x) { return std::isnan(x); });
      if (!has_nan) std::sort(d.begin(), d.end());
      const std::size_t at = point * nt + t;
      mean_interval(d, s.diff_mean[at], s.diff_lo[at], s.diff_hi[at]);
      for (std::size_t q = 0; q < nq; ++q)
        s.diff_q[at * nq + q] = has_nan ? std::numeric_limits<double>::quiet_NaN() : quantile_sorted(d, r.quantiles[q]);
    }
  }
  // Events: the paired change in the indicator "reached by t", in {-1, 0, 1}.
  const std::int32_t observed = snapshot_steps.back();
  for (int e = 0; e < kEventCount; ++e) {
    EventStats& s = r.events[e];
    std::vector<double> d(static_cast<std::size_t>(np));
    for (std::size_t t = 0; t < nt; ++t) {
      const std::int32_t limit = snapshot_steps[t];
      for (std::int64_t i = 0; i < np; ++i) {
        const auto reached = [&](const PointPaths& pp) {
          const std::int32_t st = pp.event_step[static_cast<std::size_t>(i) * kEventCount + e];
          return st != kNeverReached && st <= limit && st <= observed ? 1.0 : 0.0;
        };
        d[i] = reached(paths) - reached(base);
      }
      std::sort(d.begin(), d.end());
      const std::size_t at = point * nt + t;
      mean_interval(d, s.p_diff[at], s.p_diff_lo[at], s.p_diff_hi[at]);
    }
  }
}

}  // namespace ts
