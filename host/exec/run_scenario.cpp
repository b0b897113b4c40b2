#include "host/exec/run_scenario.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ctime>
#include <stdexcept>
#include <thread>
#include <variant>

#include "build_info.hpp"
#include "host/config/errors.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/aggregate.hpp"
#include "host/exec/point_accumulators.hpp"
#include "host/exec/progress.hpp"
#include "cuda/cuda_executor.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/run_settings.hpp"
#include "stats/host_memory.hpp"

namespace ts {

namespace {

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

// Paths per batch: on the CPU the batch's values of the carried metrics
// (one point's, plus the baseline's) take at most this much host memory; on
// the GPU its snapshots (and the baseline's, kept for the differences) take
// at most kDeviceBatchBytes of device memory and only digests come back.
constexpr double kBatchBytes = 256.0 * (1 << 20);
constexpr double kDeviceBatchBytes = 4096.0 * (1 << 20);

// What the statistics hold, stated before the run starts: every point's
// accumulators (a sketch keeps up to exact_paths values), its per-path
// horizon values and kept trajectories, and one batch. Refused with what to
// change when it exceeds 80% of the machine.
void check_host_memory(std::int64_t paths, std::uint64_t exact_paths, std::size_t points, std::size_t metrics,
                       std::int32_t n_time, bool with_baseline, std::int64_t batch, std::size_t samples,
                       std::size_t keep) {
  const double values = static_cast<double>(std::min<std::uint64_t>(static_cast<std::uint64_t>(paths), exact_paths));
  const double per_cell = sizeof(stats::ValueAccumulator) + 8.0 * values;
  const double cells = static_cast<double>(points) * static_cast<double>(metrics) * n_time * (with_baseline ? 2 : 1);
  const double per_point = 8.0 * (static_cast<double>(samples) * static_cast<double>(metrics + kEventCount) +
                                  static_cast<double>(keep) * static_cast<double>(metrics) * n_time);
  // A batch's values (CPU) or, at most as many, digest runs and values (GPU).
  const double batch_bytes = static_cast<double>(batch) * n_time * 8.0 * static_cast<double>(metrics) * (with_baseline ? 2 : 1);
  const double needed = cells * per_cell + static_cast<double>(points) * per_point + batch_bytes;
  const double physical = host_memory_bytes();
  if (physical > 0 && needed > 0.8 * physical)
    throw std::runtime_error(fmt::format(
        "the statistics of {} points x {} snapshots x {} metrics need {:.1f} GiB of host memory, more than 80% of "
        "the {:.1f} GiB here; use fewer points, a longer simulation.snapshot_every or fewer --paths",
        points, n_time, metrics, needed / (1 << 30), physical / (1 << 30)));
}

// The checkpoint's identity: a resumed run must be the same run.
struct CheckpointKey {
  std::string resolved_toml;
  std::uint64_t seed;
  std::int64_t paths, batch;
};
constexpr std::uint64_t kCheckpointMagic = 0x31545043534b5354ULL;   // "TSKSCPT1"

// Fault injection for the resume tests: TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=N
// kills the process with SIGKILL halfway through writing its N-th
// checkpoint, so a test can show that a half-written checkpoint never
// replaces the last complete one.
void kill_here_if_asked(std::ofstream& os) {
  static int written = 0;
  static const char* at = std::getenv("TOKENSTRESS_TEST_KILL_AT_CHECKPOINT");
  if (at != nullptr && ++written == std::atoi(at)) {
    os.flush();
    std::raise(SIGKILL);
  }
}

void save_checkpoint(const std::string& file, const CheckpointKey& key, std::int64_t next_first,
                     const RunOutcome& out, double sim_seconds, const std::vector<PointAccumulators>& acc) {
  const std::string tmp = file + ".tmp";
  {
    std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
    if (!os) throw std::runtime_error("cannot write the checkpoint " + tmp);
    stats::ArchiveOut a(os);
    a.pod(kCheckpointMagic);
    a.str(key.resolved_toml);
    a.pod(key.seed);
    a.pod(key.paths);
    a.pod(key.batch);
    a.pod(next_first);
    a.pod(sim_seconds);
    a.pod(out.statistics_seconds);
    a.pod(static_cast<std::uint64_t>(out.violations.size()));
    for (const auto& v : out.violations) a.str(v);
    kill_here_if_asked(os);
    for (const auto& p : acc) p.save(a);
    a.pod(kCheckpointMagic);   // the end: a file cut short is refused
    os.flush();
    if (!os) throw std::runtime_error("cannot write the checkpoint " + tmp);
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) throw std::runtime_error("cannot rename " + tmp + " to " + file);
}

// Returns the first path still to run (0 without a checkpoint).
std::int64_t load_checkpoint(const std::string& file, const CheckpointKey& key, RunOutcome& out, double& sim_seconds,
                             std::vector<PointAccumulators>& acc) {
  std::ifstream is(file, std::ios::binary);
  if (!is) return 0;
  stats::ArchiveIn a(is);
  std::uint64_t magic = 0, n_violations = 0;
  CheckpointKey got{};
  std::int64_t next_first = 0;
  a.pod(magic);
  if (magic != kCheckpointMagic) throw std::runtime_error(file + " is not a tokenstress checkpoint");
  a.str(got.resolved_toml);
  a.pod(got.seed);
  a.pod(got.paths);
  a.pod(got.batch);
  if (got.resolved_toml != key.resolved_toml || got.seed != key.seed || got.paths != key.paths ||
      got.batch != key.batch)
    throw std::runtime_error(fmt::format(
        "{} is the checkpoint of another run (scenario, seed, --paths or --batch differ); remove it or run "
        "without --resume", file));
  a.pod(next_first);
  a.pod(sim_seconds);
  a.pod(out.statistics_seconds);
  a.pod(n_violations);
  out.violations.resize(n_violations);
  for (auto& v : out.violations) a.str(v);
  for (auto& p : acc) p.load(a);
  a.pod(magic);
  if (magic != kCheckpointMagic) throw std::runtime_error(file + ": checkpoint damaged");
  return next_first;
}

}  // namespace

RunOutcome run_scenario(const config::Scenario& sc, const std::string& resolved_toml, const RunOptions& opt) {
  const std::unique_ptr<ProtocolRun> run = make_protocol_run(sc);   // every point checked before any path runs
  const std::vector<config::Point> points = config::expand_sweep(sc);

  RunSettings settings = run_settings(sc);
  if (opt.paths) settings.paths = *opt.paths;
  if (opt.seed) settings.seed = *opt.seed;
  if (opt.batch_paths) settings.batch_paths = *opt.batch_paths;
  if (settings.paths < 1) throw std::runtime_error("--paths must be at least 1");
  const std::string backend = choose_backend(opt.backend);

  RunOutcome out;
  RunResult& r = out.result;
  const std::int32_t n_time = snapshot_count_of(run->n_steps(), run->snapshot_every());
  std::vector<std::int32_t> snapshot_steps(n_time);
  r.time_days.resize(n_time);
  for (std::int32_t i = 0; i < n_time; ++i) {
    snapshot_steps[i] = snapshot_step_of(i, run->n_steps(), run->snapshot_every());
    r.time_days[i] = static_cast<double>(snapshot_steps[i]) * run->step_hours() / 24.0;
  }
  r.quantiles = kDefaultQuantiles;
  for (const auto& axis : sc.sweep) {
    r.param_names.push_back(axis.key);
    r.param_units.push_back(axis.units);
    std::vector<double> vals;
    for (const auto& pt : points) vals.push_back(pt.values.at(axis.key));
    r.param_values.push_back(vals);
  }
  const std::size_t keep = static_cast<std::size_t>(std::min<std::int64_t>(settings.keep_paths, settings.paths));
  const bool with_baseline = sc.baseline_point.has_value();
  // Per-path values at the horizon (final_*, first_*) for the first paths,
  // up to a cap, so exact VaR/CVaR at the horizon stays possible.
  const std::size_t samples = static_cast<std::size_t>(std::min<std::int64_t>(settings.paths, settings.final_values_max));
  prepare_result(r, points.size(), keep, run->metrics(), samples, with_baseline);
  if (with_baseline) {
    r.has_baseline = true;
    r.baseline_point = *sc.baseline_point;
    r.attributes["baseline_point"] = static_cast<std::uint64_t>(*sc.baseline_point);
  }

  std::int64_t agent_steps = 0;
  for (std::size_t i = 0; i < points.size(); ++i) agent_steps += run->agent_slots(i) * run->n_steps() * settings.paths;
  Progress progress(settings.paths * static_cast<std::int64_t>(points.size()),
                    agent_steps / (settings.paths * static_cast<std::int64_t>(points.size())), opt.progress);
  CpuOptions cpu;
  cpu.threads = opt.threads;
  cpu.batch_paths = settings.batch_paths;
  cuda::CudaOptions gpu;
  gpu.max_batch_paths = opt.batch_paths.value_or(0);
  double sim_seconds = 0.0;

  // Batch by batch: every point runs the same range of paths, the baseline
  // first, so the paired differences are formed inside the batch; the
  // statistics stream into each point's accumulators.
  // --batch caps it too (the digest is the same for any batch size).
  const double per_path = backend == "cuda" ? static_cast<double>(n_time) * sizeof(Snapshot)
                                            : static_cast<double>(n_time) * 8.0 * static_cast<double>(run->metrics().size());
  std::int64_t batch = std::min<std::int64_t>(
      settings.paths, static_cast<std::int64_t>((backend == "cuda" ? kDeviceBatchBytes : kBatchBytes) /
                                                (per_path * (with_baseline ? 2.0 : 1.0))));
  if (opt.batch_paths) batch = std::min(batch, *opt.batch_paths);
  batch = std::max<std::int64_t>(1, batch);
  check_host_memory(settings.paths, settings.exact_paths, points.size(), run->metrics().size(), n_time, with_baseline,
                    batch, samples, keep);
  AccumulatorShape shape;
  shape.metrics = run->metrics();
  shape.snapshot_steps = snapshot_steps;
  shape.samples = r.samples;
  shape.keep = keep;
  shape.exact_paths = settings.exact_paths;
  shape.bucket_bits = settings.bucket_bits;
  std::vector<PointAccumulators> acc;
  for (std::size_t i = 0; i < points.size(); ++i) acc.emplace_back(shape, with_baseline && i != *sc.baseline_point);
  std::vector<std::size_t> order;
  if (with_baseline) order.push_back(*sc.baseline_point);
  for (std::size_t i = 0; i < points.size(); ++i)
    if (!with_baseline || i != *sc.baseline_point) order.push_back(i);
  const CheckpointKey key{resolved_toml, settings.seed, settings.paths, batch};
  std::int64_t start = 0;
  if (opt.resume && !opt.checkpoint.empty()) {
    start = load_checkpoint(opt.checkpoint, key, out, sim_seconds, acc);
    progress.paths_done(start * static_cast<std::int64_t>(points.size()));
  }
  // What the statistics need of a batch: the protocol's metrics only; on the
  // GPU reduced on the device, the baseline's snapshots kept there.
  BatchRequest request;
  request.metrics = run->metrics();
  request.samples = static_cast<std::int64_t>(samples);
  request.keep = static_cast<std::int64_t>(keep);
  request.exact_values = static_cast<std::uint64_t>(settings.paths) <= settings.exact_paths;
  request.bucket_bits = settings.bucket_bits;
  cpu.metrics = run->metrics();
  gpu.digest = &request;
  cuda::BaselineSnapshots baseline_snapshots;
  PointPaths paths, baseline_paths;
  for (std::int64_t first = start; first < settings.paths; first += batch) {
    const std::int64_t n = std::min(batch, settings.paths - first);
    for (std::size_t i : order) {
      progress.start_point(i, points.size());
      const auto t0 = std::chrono::steady_clock::now();
      PointPaths& out_paths = with_baseline && i == *sc.baseline_point ? baseline_paths : paths;
      cuda::CudaOptions point_gpu = gpu;
      point_gpu.baseline = with_baseline ? &baseline_snapshots : nullptr;
      point_gpu.keep_baseline = with_baseline && i == *sc.baseline_point;
      run->run_point(i, backend == "cuda", settings.seed, first, n, cpu, point_gpu, &progress, out_paths);
      const auto t1 = std::chrono::steady_clock::now();
      sim_seconds += std::chrono::duration<double>(t1 - t0).count();
      acc[i].add_batch(out_paths, first);
      if (with_baseline && i != *sc.baseline_point) acc[i].add_difference(out_paths, baseline_paths);
      out.statistics_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      collect_violations(out_paths, i, first, out.violations);
    }
    // A completed batch is a checkpoint (not after the last: the output follows).
    if (!opt.checkpoint.empty() && first + n < settings.paths)
      save_checkpoint(opt.checkpoint, key, first + n, out, sim_seconds, acc);
  }
  const auto t2 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < points.size(); ++i) acc[i].write(i, run->step_hours() / 24.0, r);
  drop_events_not_carried(*run, r);
  state_metrics_not_carried(*run, r);
  out.statistics_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count();
  progress.finish();
  out.wall_seconds = progress.elapsed_seconds();
  out.simulate_seconds = sim_seconds;
  out.agent_steps_per_second = sim_seconds > 0 ? static_cast<double>(agent_steps) / sim_seconds : 0.0;
  out.backend = backend;

  const int threads = opt.threads > 0 ? opt.threads : omp_get_max_threads();
  r.attributes["title"] = "tokenstress Monte Carlo statistics";
  r.attributes["tool"] = "tokenstress";
  r.attributes["tool_version"] = build::version;
  r.attributes["git_commit"] = build::git_commit;
  r.attributes["protocol"] = sc.protocol;
  r.attributes["scenario_name"] = sc.name;
  r.attributes["scenario_file"] = sc.file;
  r.attributes["scenario_toml"] = resolved_toml;
  r.attributes["seed"] = static_cast<std::uint64_t>(settings.seed);
  r.attributes["paths"] = static_cast<std::uint64_t>(settings.paths);
  r.attributes["points"] = static_cast<std::uint64_t>(points.size());
  r.attributes["backend"] = backend;
  if (backend == "cuda") {
    const std::string devices = cuda::describe_devices();
    r.attributes["device"] = devices.substr(0, devices.find('\n'));
  } else {
    r.attributes["device"] = fmt::format("cpu, {} OpenMP threads", threads);
  }
  r.attributes["created_utc"] = utc_now();
  r.attributes["wall_time_s"] = out.wall_seconds;
  r.attributes["simulate_time_s"] = out.simulate_seconds;
  r.attributes["statistics_time_s"] = out.statistics_seconds;
  r.attributes["agent_steps_per_second"] = out.agent_steps_per_second;
  r.attributes["agent_steps"] = static_cast<std::uint64_t>(agent_steps);
  r.attributes["stats_exact_paths"] = static_cast<std::uint64_t>(shape.exact_paths);
  r.attributes["stats_bucket_bits"] = static_cast<std::uint64_t>(shape.bucket_bits);
  r.attributes["stats_sketch_form"] = std::string(request.exact_values ? "exact" : "buckets");
  r.attributes["stats_final_values_max"] = static_cast<std::uint64_t>(settings.final_values_max);
  return out;
}

std::string summary_table(const RunResult& r) {
  static const char* headline[] = {"price_usd", "providers_active", "reward_scale", "burned_cum", "staked_ratio",
                                   "staking_apy", "security_budget_usd", "provider_income_usd_median",
                                   "worker_income_usd_median", "attacker_profit_usd", "attacker_income_edge_usd",
                                   "poison_data_share_cum", "ledger_residual"};
  const std::size_t nt = r.n_time(), nq = r.n_quantiles(), last = nt - 1;
  std::size_t q05 = 0, q95 = 0;
  for (std::size_t k = 0; k < nq; ++k) {
    if (r.quantiles[k] == 0.05) q05 = k;
    if (r.quantiles[k] == 0.95) q95 = k;
  }
  std::string out;
  for (std::size_t p = 0; p < r.n_points(); ++p) {
    const bool versus = r.has_baseline && p != r.baseline_point;
    out += fmt::format("point {}", p);
    for (std::size_t a = 0; a < r.param_names.size(); ++a)
      out += fmt::format("  {}={:g}", r.param_names[a], r.param_values[a][p]);
    out += fmt::format("  (day {:g}){}\n", r.time_days[last], r.has_baseline && !versus ? "  BASELINE" : "");
    out += fmt::format("  {:<30} {:>13} {:>13} {:>13}", "metric", "mean", "q05", "q95");
    out += versus ? fmt::format("   {:>13} {:>27}\n", "vs baseline", "95% interval") : "\n";
    for (const char* name : headline) {
      for (const auto& m : r.metrics) {
        if (m.name != name) continue;
        const std::size_t at = p * nt + last;
        out += fmt::format("  {:<30} {:>13.6g} {:>13.6g} {:>13.6g}", name, m.mean[at], m.q[at * nq + q05],
                           m.q[at * nq + q95]);
        out += versus ? fmt::format("   {:>+13.6g} [{:>+12.6g}, {:>+12.6g}]\n", m.diff_mean[at], m.diff_lo[at],
                                    m.diff_hi[at])
                      : "\n";
      }
    }
    out += fmt::format("  {:<30} {:>13} {:>13} {:>13}", "risk event (by horizon)", "P", "lo95", "hi95");
    out += versus ? fmt::format("   {:>13} {:>27}\n", "vs baseline", "95% interval") : "\n";
    for (const auto& e : r.events) {
      const std::size_t at = p * nt + last;
      out += fmt::format("  {:<30} {:>13.4f} {:>13.4f} {:>13.4f}", e.name, e.p[at], e.p_lo[at], e.p_hi[at]);
      out += versus ? fmt::format("   {:>+13.4f} [{:>+12.4f}, {:>+12.4f}]\n", e.p_diff[at], e.p_diff_lo[at],
                                  e.p_diff_hi[at])
                    : "\n";
    }
  }
  const auto not_carried = r.attributes.find("events_not_carried");
  if (not_carried != r.attributes.end() && std::holds_alternative<std::string>(not_carried->second))
    out += fmt::format("  not carried: {}\n", std::get<std::string>(not_carried->second));
  const auto metrics_not_carried = r.attributes.find("metrics_not_carried");
  if (metrics_not_carried != r.attributes.end() && std::holds_alternative<std::string>(metrics_not_carried->second))
    out += fmt::format("  metrics not carried: {}\n", std::get<std::string>(metrics_not_carried->second));
  return out;
}

}  // namespace ts
