#pragma once
// The shape every protocol model has, and the sequential driver of a path.
//
// A model M is a struct of types and static TS_HD functions:
//   Params, Network, Agent, Sums1, Sums2, Sums3 (integer sums with add())
//   agent_slots(p), n_steps(p), snapshot_every(p)
//   init(p, ctx, net, agents)                          genesis
//   begin_step(p, ctx, t, net)                         network, before agents
//   phase1(p, ctx, t, net, agent, slot, Sums1&)         each agent slot
//   after1(p, ctx, t, net, const Sums1&)               network
//   phase2 / after2, phase3 with Sums2 / Sums3          likewise
//   end_step(p, ctx, t, net, const Sums3&, agents)     network; may touch
//                                                      agent slots (entry)
//   snapshot(p, net, agents, scratch, Snapshot&)       metrics of the path
//   event_first(net) -> const std::int32_t*            first step of each event
// Agent phases see the network read-only and write only their own slot, so
// an executor may run a phase's slots in any order or in parallel; the sums
// are integers, so their order cannot change a bit (DESIGN.md principle 4).
// The CUDA executor runs the same functions with slots across threads.
#include <cstdint>

#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"

namespace ts {

template <class M>
TS_HD_INLINE std::int32_t snapshot_count(const typename M::Params& p) {
  return M::n_steps(p) / M::snapshot_every(p) + 1;
}

template <class M>
TS_HD_INLINE void simulate_path(const typename M::Params& p, const PathContext& ctx, typename M::Network& net,
                                typename M::Agent* agents, SnapshotScratch scratch, Snapshot* snapshots,
                                std::int32_t* event_step) {
  M::init(p, ctx, net, agents);
  clear_snapshot(snapshots[0]);
  M::snapshot(p, net, agents, scratch, snapshots[0]);
  const std::int32_t n = M::agent_slots(p);
  const std::int32_t every = M::snapshot_every(p);
  for (std::int32_t t = 0; t < M::n_steps(p); ++t) {
    M::begin_step(p, ctx, t, net);
    typename M::Sums1 s1;
    for (std::int32_t i = 0; i < n; ++i) M::phase1(p, ctx, t, net, agents[i], i, s1);
    M::after1(p, ctx, t, net, s1);
    typename M::Sums2 s2;
    for (std::int32_t i = 0; i < n; ++i) M::phase2(p, ctx, t, net, agents[i], i, s2);
    M::after2(p, ctx, t, net, s2);
    typename M::Sums3 s3;
    for (std::int32_t i = 0; i < n; ++i) M::phase3(p, ctx, t, net, agents[i], i, s3);
    M::end_step(p, ctx, t, net, s3, agents);
    if ((t + 1) % every == 0) {
      Snapshot& out = snapshots[(t + 1) / every];
      clear_snapshot(out);
      M::snapshot(p, net, agents, scratch, out);
    }
  }
  const std::int32_t* first = M::event_first(net);
  for (int e = 0; e < kEventCount; ++e) event_step[e] = first[e];
}

}  // namespace ts
