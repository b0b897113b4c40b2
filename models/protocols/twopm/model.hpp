#pragma once
// 2PM.Network as an engine model (models/engine/path_driver.hpp): the phases
// of step.hpp under the names every executor calls.
#include <cstdint>

#include "models/engine/path_driver.hpp"
#include "models/protocols/twopm/params.hpp"
#include "models/protocols/twopm/snapshot.hpp"
#include "models/protocols/twopm/state.hpp"
#include "models/protocols/twopm/step.hpp"

namespace ts::twopm {

struct TwopmModel {
  using Params = twopm::Params;
  using Network = twopm::Network;
  using Agent = twopm::Participant;
  using Sums1 = RoundSums;
  using Sums2 = PayoutSums;
  using Sums3 = SettleSums;
  // The CPU executor inlines the whole path into each instruction set's
  // copy (host/exec/cpu_executor.hpp): fewer instructions per agent-step.
  static constexpr bool kInlineWholePath = true;

  TS_HD_INLINE static std::int32_t agent_slots(const Params& p) { return slot_count(p); }
  TS_HD_INLINE static std::int32_t n_steps(const Params& p) { return p.n_steps; }
  TS_HD_INLINE static std::int32_t snapshot_every(const Params& p) { return p.snapshot_every; }

  TS_HD_INLINE static void init(const Params& p, const PathContext& c, Network& n, Agent* a) {
    init_path(p, c, n, a);
    seed_outside_market(n.acc, p.outside_float);
  }
  TS_HD_INLINE static void begin_step(const Params& p, const PathContext& c, std::int32_t t, Network& n) {
    network_begin_step(p, c, t, n);
  }
  TS_HD_INLINE static void phase1(const Params& p, const PathContext& c, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums1& s) {
    participant_round_phase(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void after1(const Params& p, const PathContext&, std::int32_t, Network& n, const Sums1& s) {
    network_assign_round(p, n, s);
  }
  TS_HD_INLINE static void phase2(const Params& p, const PathContext&, std::int32_t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums2& s) {
    participant_payout_phase(p, n, a, slot, s);
  }
  TS_HD_INLINE static void after2(const Params& p, const PathContext&, std::int32_t, Network& n, const Sums2& s) {
    network_settle_round(p, n, s);
  }
  TS_HD_INLINE static void phase3(const Params& p, const PathContext&, std::int32_t t, const Network&, Agent& a,
                                  std::int32_t slot, Sums3& s) {
    participant_settle_phase(p, t, a, slot, s);
  }
  TS_HD_INLINE static void end_step(const Params& p, const PathContext& c, std::int32_t t, Network& n, const Sums3& s,
                                    Agent* agents) {
    // Entrants take the lowest vacant node slots; they start in the next round's phase 1.
    admit_entrants(agents, p.max_nodes, network_end_step(p, c, t, n, s));
  }
  TS_HD_INLINE static void snapshot(const Params& p, const Network& n, const Agent* a, SnapshotScratch s,
                                    Snapshot& out) {
    take_snapshot(p, n, a, s, out);
  }
  TS_HD_INLINE static const std::int32_t* event_first(const Network& n) { return n.event_first; }
};

}  // namespace ts::twopm
