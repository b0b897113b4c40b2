#pragma once
// The CPU executor: paths in parallel with OpenMP, each path run by the
// sequential driver of models/engine (the same step code the CUDA kernels
// run). A path's result depends only on (params, seed, path index), so the
// output is identical for any thread count and batch size.
#include <omp.h>

#include <cstdint>
#include <vector>

#include "stats/point_paths.hpp"
#include "host/exec/lane_phase1.hpp"
#include "host/exec/occupancy.hpp"
#include "host/exec/progress.hpp"
#include "models/engine/path_driver.hpp"

namespace ts {

struct CpuOptions {
  int threads = 0;                 // 0: OpenMP's default
  std::int64_t batch_paths = 256;  // paths scheduled together
  std::vector<Metric> metrics;     // metrics carried (the protocol's own); empty: all
};

namespace detail {

// Per-thread working memory for one path: agent slots and sort scratch.
template <class M>
struct PathWorkspace {
  PathWorkspace(const typename M::Params& p, std::int32_t n_time)
      : agents(M::agent_slots(p)), real_a(M::agent_slots(p)), real_b(M::agent_slots(p)),
        amount_a(M::agent_slots(p)), amount_b(M::agent_slots(p)), snapshots(n_time) {}
  std::vector<typename M::Agent> agents;
  std::vector<double> real_a, real_b;
  std::vector<Micro> amount_a, amount_b;
  std::vector<Snapshot> snapshots;
  typename M::Network net;
  SnapshotScratch scratch() { return SnapshotScratch{real_a.data(), real_b.data(), amount_a.data(), amount_b.data()}; }
};

}  // namespace detail

template <class M>
void run_paths_cpu(const typename M::Params& params, std::uint64_t seed, std::int64_t first_path,
                   std::int64_t n_paths, const CpuOptions& options, Progress* progress, PointPaths& out) {
  const std::int32_t n_time = snapshot_count<M>(params);
  out.resize(n_paths, n_time, options.metrics);
  const std::size_t nm = out.n_metrics();
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const std::int64_t batch = options.batch_paths > 0 ? options.batch_paths : n_paths;
  for (std::int64_t b0 = 0; b0 < n_paths; b0 += batch) {
    const std::int64_t b1 = b0 + batch < n_paths ? b0 + batch : n_paths;
#pragma omp parallel num_threads(threads)
    {
      detail::PathWorkspace<M> ws(params, n_time);
      std::int32_t events[kEventCount];
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t i = b0; i < b1; ++i) {
        const PathContext ctx{RandomKey{seed}, static_cast<std::uint32_t>(first_path + i)};
        LanePhase1 lanes;
        simulate_path<M>(params, ctx, ws.net, ws.agents.data(), ws.scratch(), ws.snapshots.data(), events, lanes);
        add_occupied_agent_steps(lanes.occupied);
        for (std::int32_t t = 0; t < n_time; ++t)
          for (std::size_t k = 0; k < nm; ++k) out.at(i, t, k) = ws.snapshots[t].value[static_cast<int>(out.metrics[k])];
        for (int e = 0; e < kEventCount; ++e) out.event_step[static_cast<std::size_t>(i) * kEventCount + e] = events[e];
        if (progress) progress->paths_done(1);
      }
    }
  }
}

}  // namespace ts
