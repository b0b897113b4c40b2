// The MPI job for builds without MPI: `info` says so, and a binary started
// by mpirun refuses to run (each rank would run the whole job).
#include "host/exec/mpi_job.hpp"

namespace ts::mpi {

bool built() { return false; }

std::string implementation() {
  return "not configured (no MPI found at configure time; Debian: libopenmpi-dev); use --shard i/n instead";
}

Session::Session() {
  throw std::runtime_error("started by mpirun, but this build has no MPI (" + implementation() + ")");
}

Session::~Session() = default;

std::optional<RunOutcome> run_ranks(const Session&, const config::Scenario&, const std::string&, RunOptions) {
  throw std::runtime_error("this build has no MPI");
}

}  // namespace ts::mpi
