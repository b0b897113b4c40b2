#pragma once
// One run of a scenario as a plan of work units (run_plan.hpp) and the
// accumulators of the units done: what a plain run, a shard and an MPI rank
// each drive. A unit runs into accumulators of its own, merged into the
// job's when it completes, so a unit that fails leaves nothing behind and
// the job's state is always a set of whole units. The state goes to and
// comes from state files (host/output/state_file.hpp) and MPI messages.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/config/scenario.hpp"
#include "host/exec/run_plan.hpp"
#include "host/exec/run_scenario.hpp"
#include "host/output/state_file.hpp"

namespace ts {

class Progress;

// A unit that threw: the message names the unit (point and path range).
class UnitFailed : public std::runtime_error {
 public:
  UnitFailed(std::size_t unit, const std::string& what, bool violation = false)
      : std::runtime_error(what), unit(unit), violation(violation) {}
  std::size_t unit;
  bool violation;   // a model violation (stop_at_violation), not an exception
};

class RunJob {
 public:
  // Validates every point (a ConfigError before any path runs), chooses the
  // backend and lays out the plan.
  RunJob(const config::Scenario& scenario, const std::string& resolved_toml, const RunOptions& options);
  ~RunJob();
  RunJob(const RunJob&) = delete;
  RunJob& operator=(const RunJob&) = delete;

  const RunPlan& plan() const { return plan_; }
  const std::string& run_id() const { return run_id_; }
  const std::string& backend() const { return backend_; }
  std::size_t point_count() const;
  std::int64_t paths() const;
  Progress& progress() { return *progress_; }

  // Runs unit u into the job (its model violations are listed, not thrown,
  // unless stop_at_violation); an exception marks it failed and is rethrown
  // as UnitFailed; a failed unit leaves the job's statistics as they were.
  void run_unit(std::size_t u, bool stop_at_violation = false);
  // The violations of unit u's last run (empty when none).
  const std::vector<std::string>& unit_violations() const { return last_violations_; }

  // The job's state as a state file holds it (slice i/n of the whole run).
  StateRecord state(std::size_t shard_index, std::size_t shard_count) const;
  // Checks that the record is of this run (else a runtime_error that says
  // "checkpoint of another run" or names what differs) and merges its done
  // units into the job; a unit done in both is refused by name.
  void merge(const StateRecord& record, const std::string& from);
  // Marks unit u failed with the reason (a rank's report, say).
  void mark_failed(std::size_t u, const std::string& why);
  // Unit u is done and its statistics are held elsewhere (another rank's,
  // or a checkpoint another rank read): not run here, not in state().
  void skip(std::size_t u);
  // The state of the units run here since the last take, which leaves the
  // job's accumulators empty (an MPI rank hands its statistics over).
  StateRecord take_state();

  // Every unit done: the statistics and provenance of the output.
  RunOutcome finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  RunPlan plan_;
  std::string run_id_, backend_;
  std::int64_t occupied_at_start_ = 0;   // occupancy.hpp count when the job began
  std::unique_ptr<Progress> progress_;
  std::vector<std::string> last_violations_;
  std::vector<bool> held_;   // per unit: its statistics are in this job's accumulators
};

}  // namespace ts
