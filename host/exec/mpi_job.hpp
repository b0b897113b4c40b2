#pragma once
// A run spread over MPI ranks (DESIGN.md "Scale"): `mpirun -np K tokenstress
// run ...`. The plan's pending units are dealt by a fixed rule (the k-th
// pending unit to rank k mod K) and run in rounds, one unit per rank per
// round; after each round the ranks agree (one allreduce) whether any failed
// and rank 0 counts every rank's paths in its progress. Each rank runs on
// its own GPU (local rank mod devices) or its share of the node's cores.
// At the end, or at a checkpoint, every rank hands its accumulators to
// rank 0, which merges them (exactly: the same digest for any K) and alone
// writes files. A rank that fails stops the job after that round: rank 0
// writes the checkpoint with the failed unit and reports the rank, point
// and path range (or the violation's point, path and step); nothing is
// written at the output's name. A killed rank ends the job through mpirun;
// the last checkpoint remains for --resume.
#include <optional>
#include <stdexcept>
#include <string>

#include "host/config/scenario.hpp"
#include "host/exec/run_scenario.hpp"

namespace ts::mpi {

bool built();                   // this build has MPI
std::string implementation();   // one line for `tokenstress info`
// The process was started as one of several ranks (mpirun, srun).
bool launched();

// MPI_Init on construction, MPI_Finalize on destruction (launched() only).
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank = 0, size = 1, local_rank = 0, local_size = 1;
};

// The job failed on some rank; rank 0's message names it. exit_code: 2 a
// failure, 3 a model violation.
class JobFailed : public std::runtime_error {
 public:
  JobFailed(const std::string& what, int exit_code) : std::runtime_error(what), exit_code(exit_code) {}
  int exit_code;
};

// Every unit over the session's ranks; rank 0 gets the outcome, the others
// nullopt. options.checkpoint is rank 0's state file.
std::optional<RunOutcome> run_ranks(const Session& session, const config::Scenario& scenario,
                                    const std::string& resolved_toml, RunOptions options);

}  // namespace ts::mpi
