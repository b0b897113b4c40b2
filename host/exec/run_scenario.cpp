#include "host/exec/run_scenario.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <variant>

#include "host/exec/run_job.hpp"
#include "host/output/state_file.hpp"

namespace ts {

namespace {

using Clock = std::chrono::steady_clock;

void save_state(const RunJob& job, const ShardSlice& slice, const std::string& file) {
  write_state_file(job.state(slice.index, slice.count), file);
}

}  // namespace

void resume_from(RunJob& job, const std::string& checkpoint) {
  std::error_code ec;
  if (!std::filesystem::exists(checkpoint, ec)) return;   // nothing complete yet: from the start
  job.merge(read_state_file(checkpoint), checkpoint);
}

void run_slice(RunJob& job, const ShardSlice& slice, const RunOptions& opt) {
  const std::vector<std::size_t> units = units_to_run(job.plan(), slice.index, slice.count);
  auto last_save = Clock::now();
  for (std::size_t k = 0; k < units.size(); ++k) {
    try {
      job.run_unit(units[k]);
    } catch (const UnitFailed&) {
      // The failed unit is recorded beside the units done: --resume runs it again.
      if (!opt.checkpoint.empty()) save_state(job, slice, opt.checkpoint);
      throw;
    }
    const bool last = k + 1 == units.size();
    if (!opt.checkpoint.empty() && !last &&
        std::chrono::duration<double>(Clock::now() - last_save).count() >= opt.checkpoint_every_s) {
      save_state(job, slice, opt.checkpoint);
      last_save = Clock::now();
    }
  }
}

RunOutcome run_scenario(const config::Scenario& sc, const std::string& resolved_toml, const RunOptions& opt) {
  RunJob job(sc, resolved_toml, opt);
  if (opt.resume && !opt.checkpoint.empty()) resume_from(job, opt.checkpoint);
  run_slice(job, ShardSlice{}, opt);
  return job.finish();
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
