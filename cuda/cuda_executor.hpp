#pragma once
// The CUDA executor, callable from host code whether or not this build has
// CUDA: without it every function says "not configured"
// (host/exec/cuda_stub.cpp).
#include <cstdint>
#include <string>

#include "stats/point_paths.hpp"

namespace ts::cuda {

struct CudaOptions {
  int device = 0;
  std::int64_t max_batch_paths = 0;    // 0: as many as fit in 70% of free device memory
  std::int32_t steps_per_launch = 168; // one launch per simulated week of hourly steps
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
