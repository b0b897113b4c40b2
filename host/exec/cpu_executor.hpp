#pragma once
// The CPU executor: paths in parallel with OpenMP, each path run by the
// sequential driver of models/ (the same step code the CUDA build compiles).
// A path's result depends only on (params, seed, path index), so the output
// is identical for any thread count and batch size.
#include <cstdint>

#include "host/exec/point_paths.hpp"
#include "host/exec/progress.hpp"
#include "models/protocols/ionet/params.hpp"

namespace ts {

struct CpuOptions {
  int threads = 0;                 // 0: OpenMP's default
  std::int64_t batch_paths = 256;  // paths scheduled together
};

void run_ionet_paths_cpu(const ionet::Params& params, std::uint64_t seed, std::int64_t first_path,
                         std::int64_t n_paths, const CpuOptions& options, Progress* progress, PointPaths& out);

}  // namespace ts
