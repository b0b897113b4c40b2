#include "host/exec/cpu_executor.hpp"

#include <omp.h>

#include <vector>

#include "models/protocols/ionet/path.hpp"

namespace ts {

namespace {

// Per-thread working memory for one path: agent slots and sort scratch.
struct PathWorkspace {
  explicit PathWorkspace(const ionet::Params& p, std::int32_t n_time)
      : slots(p.max_providers), income(p.max_providers), payback(p.max_providers), rewards(p.max_providers),
        stakes(p.max_providers), snapshots(n_time) {}
  std::vector<ionet::Provider> slots;
  std::vector<double> income, payback;
  std::vector<Micro> rewards, stakes;
  std::vector<Snapshot> snapshots;
  ionet::SnapshotScratch scratch() {
    return ionet::SnapshotScratch{income.data(), payback.data(), rewards.data(), stakes.data()};
  }
};

}  // namespace

void run_ionet_paths_cpu(const ionet::Params& params, std::uint64_t seed, std::int64_t first_path,
                         std::int64_t n_paths, const CpuOptions& options, Progress* progress, PointPaths& out) {
  const std::int32_t n_time = ionet::snapshot_count(params);
  out.resize(n_paths, n_time);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const std::int64_t batch = options.batch_paths > 0 ? options.batch_paths : n_paths;
  for (std::int64_t b0 = 0; b0 < n_paths; b0 += batch) {
    const std::int64_t b1 = b0 + batch < n_paths ? b0 + batch : n_paths;
#pragma omp parallel num_threads(threads)
    {
      PathWorkspace ws(params, n_time);
      ionet::Network net;
      std::int32_t events[kEventCount];
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t i = b0; i < b1; ++i) {
        const ionet::PathContext ctx{RandomKey{seed}, static_cast<std::uint32_t>(first_path + i)};
        ionet::simulate_path(params, ctx, net, ws.slots.data(), ws.scratch(), ws.snapshots.data(), events);
        for (std::int32_t t = 0; t < n_time; ++t) {
          double* dst = out.snapshot(i, t);
          for (int m = 0; m < kMetricCount; ++m) dst[m] = ws.snapshots[t].value[m];
        }
        for (int e = 0; e < kEventCount; ++e) out.event_step[static_cast<std::size_t>(i) * kEventCount + e] = events[e];
        if (progress) progress->paths_done(1);
      }
    }
  }
}

}  // namespace ts
