#pragma once
// One scenario's points, ready to run on either backend, whatever the
// protocol: run_scenario talks to this, each protocol provides it
// (host/protocols/<name>_run.cpp) through ModelRun<M>.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/cuda_executor.hpp"
#include "host/config/errors.hpp"
#include "host/config/scenario.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/exec/progress.hpp"
#include "stats/point_paths.hpp"
#include "models/engine/path_driver.hpp"

namespace ts {

// A risk event that has no meaning in a protocol (MODEL.md 1 "Risk events":
// e.g. a treasury without obligations), with the reason the output states.
struct EventNotCarried {
  Event event;
  std::string reason;
};
using EventsNotCarried = std::vector<EventNotCarried>;

// A common metric a protocol's model cannot fill (MODEL.md 1 "Metrics":
// e.g. concentration of a stake its agents do not hold), with the reason
// the output states.
struct MetricNotCarried {
  Metric metric;
  std::string reason;
};
using MetricsNotCarried = std::vector<MetricNotCarried>;

class ProtocolRun {
 public:
  virtual ~ProtocolRun() = default;
  virtual std::size_t point_count() const = 0;
  virtual double step_hours() const = 0;            // the same in every point (Bittensor: 1.2 h)
  virtual std::int32_t n_steps() const = 0;
  virtual std::int32_t snapshot_every() const = 0;
  virtual std::int64_t agent_slots(std::size_t point) const = 0;
  virtual const std::vector<Metric>& metrics() const = 0;   // the metrics this protocol fills
  virtual const EventsNotCarried& events_not_carried() const = 0;
  virtual const MetricsNotCarried& metrics_not_carried() const = 0;
  // Paths [first_path, first_path + paths) of the point (path k is the
  // same path in every point and every batching).
  virtual void run_point(std::size_t point, bool on_gpu, std::uint64_t seed, std::int64_t first_path,
                         std::int64_t paths, const CpuOptions& cpu, const cuda::CudaOptions& gpu,
                         Progress* progress, PointPaths& out) const = 0;
};

// A protocol model M with its host-side parameter builder.
template <class M>
class ModelRun : public ProtocolRun {
 public:
  using Build = typename M::Params (*)(const config::Scenario&, const config::Point&);
  using StepHours = std::function<double(const typename M::Params&)>;

  ModelRun(const config::Scenario& sc, Build build, StepHours dt, std::vector<Metric> metrics,
           EventsNotCarried not_carried = {})
      : metrics_(std::move(metrics)), not_carried_(std::move(not_carried)) {
    for (const auto& point : config::expand_sweep(sc)) params_.push_back(build(sc, point));
    dt_ = dt(params_.front());
    // Points share one time axis: a sweep may not change the clock.
    for (const auto& p : params_)
      if (dt(p) != dt_ || M::n_steps(p) != M::n_steps(params_.front()) ||
          M::snapshot_every(p) != M::snapshot_every(params_.front()))
        throw config::ConfigError(config::Source{sc.file, 0, 0}, "sweep",
                                  "the points of a sweep must share dt, horizon and snapshot_every");
  }
  std::size_t point_count() const override { return params_.size(); }
  double step_hours() const override { return dt_; }
  std::int32_t n_steps() const override { return M::n_steps(params_.front()); }
  std::int32_t snapshot_every() const override { return M::snapshot_every(params_.front()); }
  std::int64_t agent_slots(std::size_t i) const override { return M::agent_slots(params_[i]); }
  const std::vector<Metric>& metrics() const override { return metrics_; }
  const EventsNotCarried& events_not_carried() const override { return not_carried_; }
  const MetricsNotCarried& metrics_not_carried() const override { return metrics_not_carried_; }
  void run_point(std::size_t i, bool on_gpu, std::uint64_t seed, std::int64_t first_path, std::int64_t paths,
                 const CpuOptions& cpu, const cuda::CudaOptions& gpu, Progress* progress,
                 PointPaths& out) const override {
    if (on_gpu) {
      const PathsDone done = [progress](std::int64_t n) {
        if (progress != nullptr) progress->paths_done(n);
      };
      cuda::run_paths_cuda<M>(params_[i], seed, first_path, paths, gpu, &done, out);
    } else {
      run_paths_cpu<M>(params_[i], seed, first_path, paths, cpu, progress, out);
    }
  }
  const typename M::Params& params(std::size_t i) const { return params_[i]; }
  // An event the scenario gives no meaning, with the reason the output states.
  void not_carried(Event e, std::string reason) { not_carried_.push_back({e, std::move(reason)}); }
  // A common metric the model cannot fill, with the reason (it must not be
  // among the metrics it fills).
  void not_carried(Metric m, std::string reason) {
    for (Metric filled : metrics_)
      if (filled == m) throw std::logic_error("a metric both filled and not carried");
    metrics_not_carried_.push_back({m, std::move(reason)});
  }

 private:
  std::vector<typename M::Params> params_;
  std::vector<Metric> metrics_;
  EventsNotCarried not_carried_;
  MetricsNotCarried metrics_not_carried_;
  double dt_ = 1.0;
};

// treasury_insolvent is carried where some point gives the treasury
// obligations (MODEL.md 1 "Risk events"; models/mechanisms/treasury.hpp).
template <class M>
std::unique_ptr<ProtocolRun> with_treasury_obligations(std::unique_ptr<ModelRun<M>> run) {
  for (std::size_t i = 0; i < run->point_count(); ++i)
    if (run->params(i).treasury_burn_usd_per_day > 0.0) return run;
  run->not_carried(Event::treasury_insolvent,
                   "the treasury has no obligations (treasury.burn_usd_per_day = 0 in every point)");
  return run;
}

// The scenario's protocol, every point built and checked (throws ConfigError).
std::unique_ptr<ProtocolRun> make_protocol_run(const config::Scenario& scenario);

}  // namespace ts
