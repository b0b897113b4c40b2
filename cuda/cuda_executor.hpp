#pragma once
// The CUDA executor, callable from host code whether or not this build has
// CUDA: without it every function says "not configured"
// (host/exec/cuda_stub.cpp).
#include <cstdint>
#include <memory>
#include <string>

#include "stats/point_paths.hpp"

namespace ts::cuda {

// The baseline point's snapshots of the current batch, kept in device
// memory so that a proposal's paired differences are formed there; owned by
// the caller, filled and read by the executor (opaque outside it).
class BaselineSnapshots {
 public:
  BaselineSnapshots();
  ~BaselineSnapshots();
  struct Held;
  std::unique_ptr<Held> held;
};

struct CudaOptions {
  int device = 0;
  std::int64_t max_batch_paths = 0;    // 0: as many as fit in 70% of free device memory
  std::int32_t steps_per_launch = 168; // one launch per simulated week of hourly steps
  // A run's statistics: the batch is reduced on the device (a digest,
  // stats/point_paths.hpp) and only that comes back. Null: every path's
  // snapshots come back (the parity tests).
  const BatchRequest* digest = nullptr;
  // With a digest: keep this batch's snapshots as the baseline's
  // (keep_baseline), or difference this point's against them.
  BaselineSnapshots* baseline = nullptr;
  bool keep_baseline = false;
};

bool configured();                     // this build has the CUDA executor
std::string implementation();          // how it was built, one line for `tokenstress info`
int device_count();                    // 0 without a driver or a device
std::string describe_devices();

// Same contract as run_paths_cpu<M>: path i of the output is global path
// first_path + i, and its result is bit-identical to the CPU executor's.
// Instantiated for every protocol model in cuda_executor.cpp.
template <class M>
void run_paths_cuda(const typename M::Params& params, std::uint64_t seed, std::int64_t first_path,
                    std::int64_t n_paths, const CudaOptions& options, const PathsDone* progress, PointPaths& out);

}  // namespace ts::cuda
