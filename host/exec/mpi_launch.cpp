// Whether this process is one of several ranks, for builds with and
// without MPI alike: the launchers' environment (Open MPI's mpirun, a PMI
// or PMIx launcher such as Slurm's srun).
#include <cstdlib>

#include "host/exec/mpi_job.hpp"

namespace ts::mpi {

bool launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace ts::mpi
