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
  int device = 0;                           // CUDA device (an MPI rank's local rank picks it)
  // The run's state (plan and accumulators of the units done) goes to this
  // state file after a unit when checkpoint_every_s have passed since the
  // last save, and when a unit fails; empty: no checkpoints.
  std::string checkpoint;
  double checkpoint_every_s = 60.0;
  bool resume = false;                      // --resume: continue from the checkpoint
};

struct RunOutcome {
  RunResult result;
  double wall_seconds = 0.0;
  double simulate_seconds = 0.0;            // executors
  double statistics_seconds = 0.0;          // aggregation across paths
  double agent_steps_per_second = 0.0;     // every agent slot, vacant ones too
  // Slot-steps holding an agent, per second of this process's CPU executor
  // (host/exec/occupancy.hpp); 0 when it ran none (CUDA backend, merge).
  double occupied_agent_steps_per_second = 0.0;
  std::int64_t occupied_agent_steps = 0;
  std::string backend;                      // "cpu" or "cuda"
  // Model violations (a ledger residual or a supply-cap breach in some path):
  // bugs, never results. One line each: point, path, step.
  std::vector<std::string> violations;
};

class RunJob;
struct ShardSlice;

// Validates every point first (a ConfigError before any path runs), then
// runs every unit of the plan (resuming from options.checkpoint when
// options.resume); a unit that throws is reported by point and path range.
RunOutcome run_scenario(const config::Scenario& scenario, const std::string& resolved_toml,
                        const RunOptions& options);

// The units of `slice` still to run, checkpointed as options say.
void run_slice(RunJob& job, const ShardSlice& slice, const RunOptions& options);
// The units done in the state file `checkpoint` (absent: none) into `job`.
void resume_from(RunJob& job, const std::string& checkpoint);

// The headline table printed after a run: final-time mean and 5-95% band of
// key metrics and the probability of each risk event, per point.
std::string summary_table(const RunResult& r);

}  // namespace ts
