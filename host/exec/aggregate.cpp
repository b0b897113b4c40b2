#include "host/exec/aggregate.hpp"


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

}  // namespace ts
