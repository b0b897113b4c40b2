#include "host/exec/run_job.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>

#include "build_info.hpp"
#include "cuda/cuda_executor.hpp"
#include "host/config/sampling.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/aggregate.hpp"
#include "host/exec/occupancy.hpp"
#include "host/exec/point_accumulators.hpp"
#include "host/exec/progress.hpp"
#include "host/output/digest.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/run_settings.hpp"
#include "stats/host_memory.hpp"

namespace ts {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Events a protocol does not carry leave the result (no p_<event> in the
// file), and the file says which and why (MODEL.md 1 "Risk events").
void drop_events_not_carried(const ProtocolRun& run, RunResult& r) {
  std::string said;
  for (const EventNotCarried& n : run.events_not_carried()) {
    const std::string name = kEventInfo[static_cast<int>(n.event)].name;
    r.events.erase(std::remove_if(r.events.begin(), r.events.end(), [&](const EventStats& e) { return e.name == name; }),
                   r.events.end());
    said += (said.empty() ? "" : "; ") + name + ": " + n.reason;
  }
  if (!said.empty()) r.attributes["events_not_carried"] = said;
}

// Common metrics a protocol cannot fill are absent from the file; it says
// which and why (MODEL.md 1 "Metrics").
void state_metrics_not_carried(const ProtocolRun& run, RunResult& r) {
  std::string said;
  for (const MetricNotCarried& n : run.metrics_not_carried())
    said += (said.empty() ? "" : "; ") + std::string(kMetricInfo[static_cast<int>(n.metric)].name) + ": " + n.reason;
  if (!said.empty()) r.attributes["metrics_not_carried"] = said;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// auto: the GPU when this build has the CUDA executor and a device is
// visible, else the CPU. An explicit cuda that cannot run is an error.
std::string choose_backend(Backend b) {
  if (b == Backend::cpu) return "cpu";
  const bool can_cuda = cuda::configured() && cuda::device_count() > 0;
  if (b == Backend::cuda) {
    if (!cuda::configured())
      throw std::runtime_error("the CUDA executor is not configured in this build (nvcc was not found at configure time); use --backend cpu");
    if (!can_cuda) throw std::runtime_error("--backend cuda: no CUDA device is visible (see `tokenstress info`)");
  }
  return can_cuda ? "cuda" : "cpu";
}

// The ledger and the supply cap are invariants: a path that breaks one is a
// bug in the model, reported with its point, path and first step.
void collect_violations(const PointPaths& paths, std::size_t point, std::int64_t first_path,
                        std::vector<std::string>& out) {
  for (const Event e : {Event::ledger_violation, Event::cap_breach}) {
    for (std::int64_t i = 0; i < paths.n_paths; ++i) {
      const std::int32_t step = paths.event_step[static_cast<std::size_t>(i) * kEventCount + static_cast<int>(e)];
      if (step != kNeverReached)
        out.push_back(fmt::format("{} in point {}, path {}, at step {}", kEventInfo[static_cast<int>(e)].name, point,
                                  first_path + i, step - 1));
    }
  }
}

// Paths per executor call: on the CPU the batch's values of the carried
// metrics (one point's, plus the baseline's) take at most this much host
// memory; on the GPU its snapshots (and the baseline's, kept for the
// differences) take at most kDeviceBatchBytes of device memory and only
// digests come back.
constexpr double kBatchBytes = 256.0 * (1 << 20);
constexpr double kDeviceBatchBytes = 4096.0 * (1 << 20);

// What the statistics hold, stated before the run starts: every point's
// accumulators (a sketch keeps up to exact_paths values), those of the unit
// in flight, its per-path horizon values and kept trajectories, and one
// batch. Refused with what to change when it exceeds 80% of the machine.
void check_host_memory(std::int64_t paths, std::int64_t unit_paths, std::uint64_t exact_paths, std::size_t points,
                       std::size_t metrics, std::int32_t n_time, bool with_baseline, std::int64_t batch,
                       std::size_t samples, std::size_t keep) {
  auto held = [&](std::int64_t n) {
    return static_cast<double>(std::min<std::uint64_t>(static_cast<std::uint64_t>(n), exact_paths));
  };
  const double per_cell = 2 * sizeof(stats::ValueAccumulator) + 8.0 * (held(paths) + held(unit_paths));
  const double cells = static_cast<double>(points) * static_cast<double>(metrics) * n_time * (with_baseline ? 2 : 1);
  const double per_point = 8.0 * (static_cast<double>(samples) * static_cast<double>(metrics + kEventCount) +
                                  static_cast<double>(keep) * static_cast<double>(metrics) * n_time);
  const double batch_bytes = static_cast<double>(batch) * n_time * 8.0 * static_cast<double>(metrics) * (with_baseline ? 2 : 1);
  const double needed = cells * per_cell + static_cast<double>(points) * per_point + batch_bytes;
  const double physical = host_memory_bytes();
  if (physical > 0 && needed > 0.8 * physical)
    throw std::runtime_error(fmt::format(
        "the statistics of {} points x {} snapshots x {} metrics need {:.1f} GiB of host memory, more than 80% of "
        "the {:.1f} GiB here; use fewer points, a longer simulation.snapshot_every or fewer --paths",
        points, n_time, metrics, needed / (1 << 30), physical / (1 << 30)));
}

// Fault injection for the failure tests: TOKENSTRESS_TEST_FAIL_UNIT=u makes
// unit u throw halfway (after its first point's first batch), and
// TOKENSTRESS_TEST_KILL_UNIT=u kills the process there with SIGKILL (an MPI
// rank that dies).
void inject_fault_if_asked(std::size_t u) {
  static const char* fail = std::getenv("TOKENSTRESS_TEST_FAIL_UNIT");
  static const char* kill = std::getenv("TOKENSTRESS_TEST_KILL_UNIT");
  if (kill != nullptr && std::strtoull(kill, nullptr, 10) == u) std::raise(SIGKILL);
  if (fail != nullptr && std::strtoull(fail, nullptr, 10) == u)
    throw std::runtime_error("injected failure (TOKENSTRESS_TEST_FAIL_UNIT)");
}

// A run's identity: files of one run (checkpoints, shards) carry it.
std::string run_identity(const std::string& resolved_toml, std::uint64_t seed, std::int64_t paths,
                         std::int64_t unit_paths) {
  return sha256_hex(fmt::format("tokenstress run\nstate layout {}\nseed {}\npaths {}\nunit paths {}\n{}",
                                kStateLayoutVersion, seed, paths, unit_paths, resolved_toml));
}

}  // namespace

struct RunJob::Impl {
  std::unique_ptr<ProtocolRun> run;
  std::vector<config::Point> points;
  RunSettings settings{};
  std::string protocol, scenario_name, scenario_file, resolved_toml;
  config::SweepDesign design;
  std::string design_keys;   // swept keys in column order, space-separated
  int threads = 0;
  std::int32_t n_time = 0;
  std::vector<std::int32_t> snapshot_steps;
  std::size_t keep = 0, samples = 0;
  bool with_baseline = false;
  std::size_t baseline = 0;
  std::int64_t batch = 1, unit_paths = 1, agent_steps = 0;
  std::vector<std::size_t> order;   // baseline first
  AccumulatorShape shape;
  BatchRequest request;
  CpuOptions cpu;
  cuda::CudaOptions gpu;
  cuda::BaselineSnapshots baseline_snapshots;
  PointPaths paths, baseline_paths;
  RunOutcome out;                   // result skeleton, timings, violations
  std::vector<PointAccumulators> acc;

  bool differs(std::size_t i) const { return with_baseline && i != baseline; }
};

RunJob::RunJob(const config::Scenario& sc, const std::string& resolved_toml, const RunOptions& opt)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.run = make_protocol_run(sc);   // every point checked before any path runs
  m.points = config::expand_sweep(sc);
  m.protocol = sc.protocol;
  m.scenario_name = sc.name;
  m.scenario_file = sc.file;
  m.resolved_toml = resolved_toml;
  m.design = sc.design;
  for (const auto& axis : sc.sweep) m.design_keys += (m.design_keys.empty() ? "" : " ") + axis.key;
  m.settings = run_settings(sc);
  RunSettings& settings = m.settings;
  if (opt.paths) settings.paths = *opt.paths;
  if (opt.seed) settings.seed = *opt.seed;
  if (opt.batch_paths) settings.batch_paths = *opt.batch_paths;
  if (settings.paths < 1) throw std::runtime_error("--paths must be at least 1");
  backend_ = choose_backend(opt.backend);
  m.threads = opt.threads > 0 ? opt.threads : omp_get_max_threads();

  RunResult& r = m.out.result;
  const ProtocolRun& run = *m.run;
  m.n_time = snapshot_count_of(run.n_steps(), run.snapshot_every());
  m.snapshot_steps.resize(m.n_time);
  r.time_days.resize(m.n_time);
  for (std::int32_t i = 0; i < m.n_time; ++i) {
    m.snapshot_steps[i] = snapshot_step_of(i, run.n_steps(), run.snapshot_every());
    r.time_days[i] = static_cast<double>(m.snapshot_steps[i]) * run.step_hours() / 24.0;
  }
  r.quantiles = kDefaultQuantiles;
  for (const auto& axis : sc.sweep) {
    r.param_names.push_back(axis.key);
    r.param_units.push_back(axis.units);
    std::vector<double> vals;
    for (const auto& pt : m.points) vals.push_back(pt.values.at(axis.key));
    r.param_values.push_back(vals);
  }
  m.keep = static_cast<std::size_t>(std::min<std::int64_t>(settings.keep_paths, settings.paths));
  m.with_baseline = sc.baseline_point.has_value();
  m.baseline = sc.baseline_point.value_or(0);
  // Per-path values at the horizon (final_*, first_*) for the first paths,
  // up to a cap, so exact VaR/CVaR at the horizon stays possible.
  m.samples = static_cast<std::size_t>(std::min<std::int64_t>(settings.paths, settings.final_values_max));
  prepare_result(r, m.points.size(), m.keep, run.metrics(), m.samples, m.with_baseline);
  if (m.with_baseline) {
    r.has_baseline = true;
    r.baseline_point = m.baseline;
    r.attributes["baseline_point"] = static_cast<std::uint64_t>(m.baseline);
  }
  for (std::size_t i = 0; i < m.points.size(); ++i) m.agent_steps += run.agent_slots(i) * run.n_steps() * settings.paths;
  const auto work = settings.paths * static_cast<std::int64_t>(m.points.size());
  progress_ = std::make_unique<Progress>(work, m.agent_steps / work, opt.progress);
  occupied_at_start_ = occupied_agent_steps();

  m.cpu.threads = opt.threads;
  m.cpu.batch_paths = settings.batch_paths;
  m.cpu.metrics = run.metrics();
  m.gpu.max_batch_paths = opt.batch_paths.value_or(0);
  m.gpu.device = opt.device;
  // The plan's unit: --batch, else default_unit_paths; it never depends on
  // the backend, so units run anywhere are units of one plan.
  m.unit_paths = opt.batch_paths.value_or(default_unit_paths(settings.paths));
  // Inside a unit, executor calls of at most what memory allows.
  const double per_path = backend_ == "cuda" ? static_cast<double>(m.n_time) * sizeof(Snapshot)
                                             : static_cast<double>(m.n_time) * 8.0 * static_cast<double>(run.metrics().size());
  m.batch = std::min<std::int64_t>(
      m.unit_paths, static_cast<std::int64_t>((backend_ == "cuda" ? kDeviceBatchBytes : kBatchBytes) /
                                              (per_path * (m.with_baseline ? 2.0 : 1.0))));
  m.batch = std::max<std::int64_t>(1, m.batch);
  check_host_memory(settings.paths, m.unit_paths, settings.exact_paths, m.points.size(), run.metrics().size(), m.n_time,
                    m.with_baseline, m.batch, m.samples, m.keep);
  m.shape.metrics = run.metrics();
  m.shape.snapshot_steps = m.snapshot_steps;
  m.shape.samples = r.samples;
  m.shape.keep = m.keep;
  m.shape.exact_paths = settings.exact_paths;
  m.shape.bucket_bits = settings.bucket_bits;
  for (std::size_t i = 0; i < m.points.size(); ++i) m.acc.emplace_back(m.shape, m.differs(i));
  if (m.with_baseline) m.order.push_back(m.baseline);
  for (std::size_t i = 0; i < m.points.size(); ++i)
    if (!m.with_baseline || i != m.baseline) m.order.push_back(i);
  // What the statistics need of a batch: the protocol's metrics only; on the
  // GPU reduced on the device, the baseline's snapshots kept there.
  m.request.metrics = run.metrics();
  m.request.samples = static_cast<std::int64_t>(m.samples);
  m.request.keep = static_cast<std::int64_t>(m.keep);
  m.request.exact_values = static_cast<std::uint64_t>(settings.paths) <= settings.exact_paths;
  m.request.bucket_bits = settings.bucket_bits;
  m.gpu.digest = &m.request;

  plan_ = make_run_plan(m.points.size(), m.with_baseline, settings.paths, m.unit_paths);
  held_.assign(plan_.units.size(), false);
  run_id_ = run_identity(resolved_toml, settings.seed, settings.paths, m.unit_paths);
}

RunJob::~RunJob() = default;

std::size_t RunJob::point_count() const { return impl_->points.size(); }
std::int64_t RunJob::paths() const { return impl_->settings.paths; }

void RunJob::run_unit(std::size_t u, bool stop_at_violation) {
  Impl& m = *impl_;
  const WorkUnit w = plan_.units.at(u);
  const std::vector<std::size_t> pts = w.point == WorkUnit::kEveryPoint
                                           ? m.order
                                           : std::vector<std::size_t>{static_cast<std::size_t>(w.point)};
  // The unit's own accumulators: a unit that fails halfway leaves the job's untouched.
  std::vector<PointAccumulators> unit;
  for (std::size_t i : pts) unit.emplace_back(m.shape, m.differs(i), std::make_pair(w.first_path, w.n_paths));
  std::vector<std::string> violations;
  double sim = 0.0, stat = 0.0;
  try {
    for (std::int64_t first = w.first_path; first < w.first_path + w.n_paths; first += m.batch) {
      const std::int64_t n = std::min(m.batch, w.first_path + w.n_paths - first);
      for (std::size_t j = 0; j < pts.size(); ++j) {
        const std::size_t i = pts[j];
        progress_->start_point(i, m.points.size());
        const auto t0 = Clock::now();
        PointPaths& out_paths = m.with_baseline && i == m.baseline ? m.baseline_paths : m.paths;
        cuda::CudaOptions point_gpu = m.gpu;
        point_gpu.baseline = m.with_baseline ? &m.baseline_snapshots : nullptr;
        point_gpu.keep_baseline = m.with_baseline && i == m.baseline;
        m.run->run_point(i, backend_ == "cuda", m.settings.seed, first, n, m.cpu, point_gpu, progress_.get(), out_paths);
        const auto t1 = Clock::now();
        sim += std::chrono::duration<double>(t1 - t0).count();
        unit[j].add_batch(out_paths, first);
        if (m.differs(i)) unit[j].add_difference(out_paths, m.baseline_paths);
        stat += seconds_since(t1);
        collect_violations(out_paths, i, first, violations);
        if (j == 0 && first == w.first_path) inject_fault_if_asked(u);
      }
    }
  } catch (const std::exception& e) {
    mark_failed(u, e.what());
    throw UnitFailed(u, describe_unit(w) + ": " + e.what());
  }
  if (stop_at_violation && !violations.empty()) {
    mark_failed(u, violations.front());
    throw UnitFailed(u, describe_unit(w) + ": " + violations.front(), true);
  }
  const auto t2 = Clock::now();
  for (std::size_t j = 0; j < pts.size(); ++j) m.acc[pts[j]].merge(unit[j], {{w.first_path, w.n_paths}});
  m.out.simulate_seconds += sim;
  m.out.statistics_seconds += stat + seconds_since(t2);
  m.out.violations.insert(m.out.violations.end(), violations.begin(), violations.end());
  last_violations_ = std::move(violations);
  plan_.status[u] = UnitStatus::done;
  plan_.failure[u].clear();
  held_[u] = true;
}

void RunJob::skip(std::size_t u) {
  plan_.status.at(u) = UnitStatus::done;
  plan_.failure[u].clear();
  held_[u] = false;
}

StateRecord RunJob::take_state() {
  StateRecord s = state(0, 1);
  Impl& m = *impl_;
  m.acc.clear();
  for (std::size_t i = 0; i < m.points.size(); ++i) m.acc.emplace_back(m.shape, m.differs(i));
  m.out.simulate_seconds = m.out.statistics_seconds = 0.0;
  m.out.violations.clear();
  held_.assign(held_.size(), false);
  return s;
}

void RunJob::mark_failed(std::size_t u, const std::string& why) {
  plan_.status.at(u) = UnitStatus::failed;
  plan_.failure[u] = why;
}

StateRecord RunJob::state(std::size_t shard_index, std::size_t shard_count) const {
  const Impl& m = *impl_;
  StateRecord s;
  s.run_id = run_id_;
  s.scenario_name = m.scenario_name;
  s.scenario_file = m.scenario_file;
  s.scenario_toml = m.resolved_toml;
  s.backend = backend_;
  s.tool_version = build::version;
  s.git_commit = build::git_commit;
  s.seed = m.settings.seed;
  s.paths = m.settings.paths;
  s.unit_paths = m.unit_paths;
  s.points = m.points.size();
  s.shard_index = shard_index;
  s.shard_count = shard_count;
  for (std::size_t u = 0; u < plan_.units.size(); ++u) {
    s.unit_point.push_back(plan_.units[u].point);
    s.unit_first_path.push_back(plan_.units[u].first_path);
    s.unit_n_paths.push_back(plan_.units[u].n_paths);
    // A unit done elsewhere (statistics held by another rank) is not this state's.
    const bool done_here = plan_.status[u] == UnitStatus::done && held_[u];
    s.unit_status.push_back(static_cast<std::uint8_t>(done_here || plan_.status[u] != UnitStatus::done
                                                          ? plan_.status[u] : UnitStatus::pending));
    s.unit_failure.push_back(plan_.failure[u]);
  }
  s.simulate_seconds = m.out.simulate_seconds;
  s.statistics_seconds = m.out.statistics_seconds;
  s.violations = m.out.violations;
  std::ostringstream bytes(std::ios::binary);
  stats::ArchiveOut a(bytes);
  for (const PointAccumulators& p : m.acc) p.save(a);
  s.accumulators = std::move(bytes).str();
  return s;
}

void RunJob::merge(const StateRecord& s, const std::string& from) {
  Impl& m = *impl_;
  if (s.run_id != run_id_)
    throw std::runtime_error(fmt::format(
        "{} is the checkpoint or shard of another run (scenario, seed, --paths or --batch differ: run id {}, this "
        "run {})",
        from, s.run_id.substr(0, 12), run_id_.substr(0, 12)));
  const std::size_t n = plan_.units.size();
  bool same_plan = s.unit_point.size() == n;
  for (std::size_t u = 0; same_plan && u < n; ++u)
    same_plan = s.unit_point[u] == plan_.units[u].point && s.unit_first_path[u] == plan_.units[u].first_path &&
                s.unit_n_paths[u] == plan_.units[u].n_paths && s.unit_status[u] <= 2;
  if (!same_plan) throw std::runtime_error(from + ": its plan of work units differs from this run's: the file is damaged");
  std::vector<PointAccumulators> theirs;
  for (std::size_t i = 0; i < m.points.size(); ++i) theirs.emplace_back(m.shape, m.differs(i));
  std::istringstream bytes(s.accumulators, std::ios::binary);
  stats::ArchiveIn a(bytes, from);
  for (PointAccumulators& p : theirs) p.load(a);
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> ranges(m.points.size());
  for (std::size_t u = 0; u < n; ++u) {
    const auto status = static_cast<UnitStatus>(s.unit_status[u]);
    if (status == UnitStatus::failed && plan_.status[u] != UnitStatus::done) mark_failed(u, s.unit_failure[u]);
    if (status != UnitStatus::done) continue;
    if (plan_.status[u] == UnitStatus::done && held_[u])
      throw std::runtime_error(fmt::format("{} holds {} (unit {}), which another file given already holds: a shard "
                                           "given twice, or shards of different counts",
                                           from, describe_unit(plan_.units[u]), u));
    const WorkUnit& w = plan_.units[u];
    for (std::size_t i = 0; i < m.points.size(); ++i)
      if (w.point == WorkUnit::kEveryPoint || static_cast<std::size_t>(w.point) == i)
        ranges[i].push_back({w.first_path, w.n_paths});
    plan_.status[u] = UnitStatus::done;
    plan_.failure[u].clear();
    held_[u] = true;
    progress_->paths_done(w.n_paths * static_cast<std::int64_t>(w.point == WorkUnit::kEveryPoint ? m.points.size() : 1));
  }
  for (std::size_t i = 0; i < m.points.size(); ++i) m.acc[i].merge(theirs[i], ranges[i]);
  m.out.simulate_seconds += s.simulate_seconds;
  m.out.statistics_seconds += s.statistics_seconds;
  for (const std::string& v : s.violations)
    if (!v.empty()) m.out.violations.push_back(v);
}

RunOutcome RunJob::finish() {
  Impl& m = *impl_;
  for (std::size_t u = 0; u < plan_.units.size(); ++u)
    if (plan_.status[u] != UnitStatus::done)
      throw std::logic_error("finish() before every unit is done: " + describe_unit(plan_.units[u]));
  RunResult& r = m.out.result;
  const auto t2 = Clock::now();
  for (std::size_t i = 0; i < m.points.size(); ++i) m.acc[i].write(i, m.run->step_hours() / 24.0, r);
  drop_events_not_carried(*m.run, r);
  state_metrics_not_carried(*m.run, r);
  m.out.statistics_seconds += seconds_since(t2);
  progress_->finish();
  RunOutcome& out = m.out;
  out.wall_seconds = progress_->elapsed_seconds();
  out.agent_steps_per_second = out.simulate_seconds > 0 ? static_cast<double>(m.agent_steps) / out.simulate_seconds : 0.0;
  out.backend = backend_;
  const std::int64_t occupied = occupied_agent_steps() - occupied_at_start_;
  out.occupied_agent_steps = occupied > 0 ? occupied : 0;
  out.occupied_agent_steps_per_second =
      out.simulate_seconds > 0 && occupied > 0 ? static_cast<double>(occupied) / out.simulate_seconds : 0.0;
  r.attributes["title"] = "tokenstress Monte Carlo statistics";
  r.attributes["tool"] = "tokenstress";
  r.attributes["tool_version"] = build::version;
  r.attributes["git_commit"] = build::git_commit;
  r.attributes["protocol"] = m.protocol;
  r.attributes["scenario_name"] = m.scenario_name;
  r.attributes["scenario_file"] = m.scenario_file;
  r.attributes["scenario_toml"] = m.resolved_toml;
  r.attributes["seed"] = static_cast<std::uint64_t>(m.settings.seed);
  r.attributes["paths"] = static_cast<std::uint64_t>(m.settings.paths);
  r.attributes["points"] = static_cast<std::uint64_t>(m.points.size());
  r.attributes["run_id"] = run_id_;
  r.attributes["work_units"] = static_cast<std::uint64_t>(plan_.units.size());
  r.attributes["unit_paths"] = static_cast<std::uint64_t>(m.unit_paths);
  // The design, for analysis: SALib's sobol.analyze needs N, D and second order.
  if (!m.design_keys.empty()) {
    const std::string made_by = m.design.made_by();
    r.attributes["sweep_design"] = made_by;
    r.attributes["design_keys"] = m.design_keys;
    if (made_by == "lhs" || made_by == "sobol") r.attributes["design_samples"] = m.design.samples;
    if (made_by == "lhs") r.attributes["design_seed"] = m.design.seed;
    if (made_by == "sobol") {
      r.attributes["saltelli_base_samples"] = m.design.samples;
      r.attributes["saltelli_dimensions"] = static_cast<std::uint64_t>(r.param_names.size());
      r.attributes["saltelli_second_order"] = static_cast<std::uint64_t>(m.design.second_order);
      // Sobol' points left out before the first row (SALib's default skip).
      r.attributes["saltelli_skip"] = static_cast<std::uint64_t>(config::saltelli_skip(m.design.samples));
    }
    if (!m.design.file.empty()) r.attributes["design_file"] = m.design.file;
  }
  r.attributes["backend"] = backend_;
  if (backend_ == "cuda") {
    const std::string devices = cuda::describe_devices();
    r.attributes["device"] = devices.substr(0, devices.find('\n'));
  } else {
    r.attributes["device"] = fmt::format("cpu, {} OpenMP threads", m.threads);
  }
  r.attributes["created_utc"] = utc_now();
  r.attributes["wall_time_s"] = out.wall_seconds;
  r.attributes["simulate_time_s"] = out.simulate_seconds;
  r.attributes["statistics_time_s"] = out.statistics_seconds;
  r.attributes["agent_steps_per_second"] = out.agent_steps_per_second;
  r.attributes["occupied_agent_steps_per_second"] = out.occupied_agent_steps_per_second;
  r.attributes["occupied_agent_steps"] = static_cast<std::uint64_t>(out.occupied_agent_steps);
  r.attributes["agent_steps"] = static_cast<std::uint64_t>(m.agent_steps);
  r.attributes["stats_exact_paths"] = static_cast<std::uint64_t>(m.shape.exact_paths);
  r.attributes["stats_bucket_bits"] = static_cast<std::uint64_t>(m.shape.bucket_bits);
  r.attributes["stats_sketch_form"] = std::string(m.request.exact_values ? "exact" : "buckets");
  r.attributes["stats_final_values_max"] = static_cast<std::uint64_t>(m.settings.final_values_max);
  return std::move(m.out);
}

}  // namespace ts
