#pragma once
// A whole run: every point of a scenario's sweep through an executor, the
// statistics across paths, and the provenance of the output file.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/config/scenario.hpp"
#include "host/output/run_result.hpp"

namespace ts {

enum class Backend { automatic, cpu, cuda };

struct RunOptions {
  std::optional<std::int64_t> paths;        // --paths (else simulation.paths)
  std::optional<std::uint64_t> seed;        // --seed (else simulation.seed)
  std::optional<std::int64_t> batch_paths;  // --batch (else simulation.batch_paths)
  Backend backend = Backend::automatic;
  int threads = 0;                          // 0: all cores
  bool progress = true;
  // After each completed batch the accumulators go to this file (written
  // to FILE.tmp, then renamed); empty: no checkpoints.
  std::string checkpoint;
  bool resume = false;                      // --resume: continue from the checkpoint
};

struct RunOutcome {
  RunResult result;
  double wall_seconds = 0.0;
  double simulate_seconds = 0.0;            // executors
  double statistics_seconds = 0.0;          // aggregation across paths
  double agent_steps_per_second = 0.0;
  std::string backend;                      // "cpu" or "cuda"
  // Model violations (a ledger residual or a supply-cap breach in some path):
  // bugs, never results. One line each: point, path, step.
  std::vector<std::string> violations;
};

// Validates every point first (a ConfigError before any path runs), then runs.
RunOutcome run_scenario(const config::Scenario& scenario, const std::string& resolved_toml,
                        const RunOptions& options);

// The headline table printed after a run: final-time mean and 5-95% band of
// key metrics and the probability of each risk event, per point.
std::string summary_table(const RunResult& r);

}  // namespace ts
