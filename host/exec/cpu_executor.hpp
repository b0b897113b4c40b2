#pragma once
// The CPU executor: paths in parallel with OpenMP, each path run by the
// sequential driver of models/engine (the same step code the CUDA kernels
// run). A path's result depends only on (params, seed, path index), so the
// output is identical for any thread count and batch size.
#include <omp.h>

#include <cstdint>
#include <type_traits>
#include <vector>

#include "stats/point_paths.hpp"
#include "host/exec/cpu_path.hpp"
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

// Whether a model asks for its whole path inlined into one copy per
// instruction set (M::kInlineWholePath). Measured with callgrind
// (instructions per occupied agent-step, bench/results/): it pays where the
// hot loops vectorise (Bittensor's columns of 64 validators, 9630 -> 6630 on
// x86-64-v3) and where inlining the settle pass shortens the loop (IO.net
// 566 -> 490, Clore 603 -> 445, Phala 784 -> 697, Hanzo 817 -> 746, 2PM
// 2603 -> 2237); Akash (384 -> 427) and Secret AI (600 -> 629) lose by it
// and run as before. Copies that only carry a target attribute, without
// the inlining, gained nothing (Akash 447 either way).
template <class M, class = void>
struct InlinesWholePath : std::false_type {};
template <class M>
struct InlinesWholePath<M, std::void_t<decltype(M::kInlineWholePath)>> : std::bool_constant<M::kInlineWholePath> {};

// One path, compiled three times where TS_CPU_EVERY_PATH is defined (the
// executors of `tokenstress`, host/CMakeLists.txt): for x86-64 baseline,
// x86-64-v3 (AVX2) and x86-64-v4 (AVX-512), every call of the model inlined
// (flatten), so its loops vectorise for the instruction set the CPU
// executor runs with (cpu_path.hpp, chosen once). -ffp-contract=off holds
// for all three (no fused multiply-add is formed) and vector lanes do IEEE
// and integer arithmetic one value at a time, in the scalar code's order,
// so every variant gives the same bits (cli.cpu_paths checks it).
// Elsewhere (tests, the emulation's build) the path runs as it is, which
// keeps their compile times.
template <class M>
struct PathOnCpu {
#define TS_PATH_ON_CPU(attributes, name)                                                                       \
  attributes static void name(const typename M::Params& p, const PathContext& ctx, PathWorkspace<M>& ws,       \
                              std::int32_t* events, LanePhase1& lanes) {                                       \
    simulate_path<M>(p, ctx, ws.net, ws.agents.data(), ws.scratch(), ws.snapshots.data(), events, lanes);      \
  }
  TS_PATH_ON_CPU(__attribute__((flatten)), baseline)
  TS_PATH_ON_CPU(__attribute__((target("arch=x86-64-v3"), flatten)), v3)
  TS_PATH_ON_CPU(__attribute__((target("arch=x86-64-v4"), flatten)), v4)
#undef TS_PATH_ON_CPU

  static void run(CpuPath cpu, const typename M::Params& p, const PathContext& ctx, PathWorkspace<M>& ws,
                  std::int32_t* events, LanePhase1& lanes) {
    switch (cpu) {
      case CpuPath::v4: v4(p, ctx, ws, events, lanes); break;
      case CpuPath::v3: v3(p, ctx, ws, events, lanes); break;
      default: baseline(p, ctx, ws, events, lanes); break;
    }
  }
};

#if defined(TS_CPU_EVERY_PATH)
inline constexpr bool kCpuEveryPath = true;
#else
inline constexpr bool kCpuEveryPath = false;
#endif

}  // namespace detail

template <class M>
void run_paths_cpu(const typename M::Params& params, std::uint64_t seed, std::int64_t first_path,
                   std::int64_t n_paths, const CpuOptions& options, Progress* progress, PointPaths& out) {
  const std::int32_t n_time = snapshot_count<M>(params);
  out.resize(n_paths, n_time, options.metrics);
  const std::size_t nm = out.n_metrics();
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const std::int64_t batch = options.batch_paths > 0 ? options.batch_paths : n_paths;
  [[maybe_unused]] const CpuPath cpu = cpu_path();
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
        if constexpr (detail::kCpuEveryPath && detail::InlinesWholePath<M>::value)
          detail::PathOnCpu<M>::run(cpu, params, ctx, ws, events, lanes);
        else
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
