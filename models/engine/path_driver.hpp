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

#include "models/core/quotient.hpp"
#include "models/engine/path_context.hpp"
#include "models/metrics.hpp"

namespace ts {

// The snapshot schedule: snapshot 0 at the start, then one every `every`
// steps, and the last at the horizon even when the horizon is not a
// multiple of `every` (the steps after the last multiple are observed, not
// simulated and thrown away). every < 1: the initial snapshot only.
TS_HD_INLINE std::int32_t snapshot_count_of(std::int32_t n_steps, std::int32_t every) {
  return every > 0 ? quotient_or(n_steps + every - 1, every, 0) + 1 : 1;
}

// The step after which snapshot k is taken (its time is that many steps).
TS_HD_INLINE std::int32_t snapshot_step_of(std::int32_t k, std::int32_t n_steps, std::int32_t every) {
  const std::int64_t at = static_cast<std::int64_t>(k) * every;
  return at < n_steps ? static_cast<std::int32_t>(at) : n_steps;
}

// The snapshot taken once `done` steps have run, or -1 if none is due.
TS_HD_INLINE std::int32_t snapshot_due(std::int32_t done, std::int32_t n_steps, std::int32_t every) {
  if (every <= 0 || done <= 0) return -1;
  if (done % every == 0) return done / every;
  return done == n_steps ? snapshot_count_of(n_steps, every) - 1 : -1;
}

template <class M>
TS_HD_INLINE std::int32_t snapshot_count(const typename M::Params& p) {
  return snapshot_count_of(M::n_steps(p), M::snapshot_every(p));
}

// Where a step can be watched from outside (tests, diagnostics): after the
// network's begin_step, after each agent phase with its sums (before the
// network phase that reads them), and after each network phase. The drivers
// watch nothing; a test derives from StepWatcher, brings its members in with
// `using`, and adds overloads for the points it looks at.
struct StepWatcher {
  template <class Net>
  TS_HD_INLINE void begun(std::int32_t, const Net&) {}
  template <class Net, class Sums>
  TS_HD_INLINE void phase_done(int, std::int32_t, const Net&, const Sums&) {}
  template <class Net>
  TS_HD_INLINE void network_done(int, std::int32_t, const Net&) {}
};

// Phase 1 over a path's slots, one slot after another. The CPU executor
// passes its own (host/exec/lane_phase1.hpp), which draws the slots' Philox
// words together for a model that says which stream phase 1 draws from
// (kPhase1Stream) and takes the words (phase1_drawn); the same counters, so
// the same results.
struct SlotBySlot {
  template <class M>
  TS_HD_INLINE void phase1(const typename M::Params& p, const PathContext& ctx, std::int32_t t,
                                  const typename M::Network& net, typename M::Agent* agents, std::int32_t n,
                                  typename M::Sums1& s1) {
    for (std::int32_t i = 0; i < n; ++i) M::phase1(p, ctx, t, net, agents[i], i, s1);
  }
};

// One step t of a path, sequentially, with phase 1 run by `slots`; returns
// the step's P3 sums.
template <class M, class Watch, class Slots>
TS_HD_INLINE typename M::Sums3 simulate_step(const typename M::Params& p, const PathContext& ctx, std::int32_t t,
                                             typename M::Network& net, typename M::Agent* agents, Watch& watch,
                                             Slots& slots) {
  const std::int32_t n = M::agent_slots(p);
  M::begin_step(p, ctx, t, net);
  watch.begun(t, net);
  typename M::Sums1 s1;
  slots.template phase1<M>(p, ctx, t, net, agents, n, s1);
  watch.phase_done(1, t, net, s1);
  M::after1(p, ctx, t, net, s1);
  watch.network_done(1, t, net);
  typename M::Sums2 s2;
  for (std::int32_t i = 0; i < n; ++i) M::phase2(p, ctx, t, net, agents[i], i, s2);
  watch.phase_done(2, t, net, s2);
  M::after2(p, ctx, t, net, s2);
  watch.network_done(2, t, net);
  typename M::Sums3 s3;
  for (std::int32_t i = 0; i < n; ++i) M::phase3(p, ctx, t, net, agents[i], i, s3);
  watch.phase_done(3, t, net, s3);
  M::end_step(p, ctx, t, net, s3, agents);
  watch.network_done(3, t, net);
  return s3;
}

template <class M, class Watch>
TS_HD_INLINE typename M::Sums3 simulate_step(const typename M::Params& p, const PathContext& ctx, std::int32_t t,
                                             typename M::Network& net, typename M::Agent* agents, Watch& watch) {
  SlotBySlot slots;
  return simulate_step<M>(p, ctx, t, net, agents, watch, slots);
}

template <class M, class Slots = SlotBySlot>
TS_HD_INLINE void simulate_path(const typename M::Params& p, const PathContext& ctx, typename M::Network& net,
                                typename M::Agent* agents, SnapshotScratch scratch, Snapshot* snapshots,
                                std::int32_t* event_step, Slots&& slots = Slots{}) {
  M::init(p, ctx, net, agents);
  clear_snapshot(snapshots[0]);
  M::snapshot(p, net, agents, scratch, snapshots[0]);
  const std::int32_t every = M::snapshot_every(p);
  StepWatcher none;
  for (std::int32_t t = 0; t < M::n_steps(p); ++t) {
    simulate_step<M>(p, ctx, t, net, agents, none, slots);
    const std::int32_t due = snapshot_due(t + 1, M::n_steps(p), every);
    if (due >= 0) {
      Snapshot& out = snapshots[due];
      clear_snapshot(out);
      M::snapshot(p, net, agents, scratch, out);
    }
  }
  const std::int32_t* first = M::event_first(net);
  for (int e = 0; e < kEventCount; ++e) event_step[e] = first[e];
}

}  // namespace ts
