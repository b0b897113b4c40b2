#pragma once
// Clore.ai as an engine model (models/engine/path_driver.hpp): the phases of
// step.hpp under the names every executor calls.
#include <cstdint>

#include "models/engine/path_driver.hpp"
#include "models/protocols/clore/params.hpp"
#include "models/protocols/clore/snapshot.hpp"
#include "models/protocols/clore/state.hpp"
#include "models/protocols/clore/step.hpp"

namespace ts::clore {

struct CloreModel {
  using Params = clore::Params;
  using Network = clore::Network;
  using Agent = clore::Provider;
  using Sums1 = OfferSums;
  using Sums2 = RentalSums;
  using Sums3 = SettleSums;
  // The CPU executor inlines the whole path into each instruction set's
  // copy (host/exec/cpu_executor.hpp): fewer instructions per agent-step.
  static constexpr bool kInlineWholePath = true;

  TS_HD_INLINE static std::int32_t agent_slots(const Params& p) { return p.max_providers; }
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
    provider_offer_phase(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void after1(const Params& p, const PathContext&, std::int32_t, Network& n, const Sums1& s) {
    network_clear_market(p, n, s);
  }
  TS_HD_INLINE static void phase2(const Params& p, const PathContext& c, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums2& s) {
    provider_rent_phase(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void after2(const Params& p, const PathContext&, std::int32_t, Network& n, const Sums2& s) {
    network_settle_payments(p, n, s);
  }
  TS_HD_INLINE static void phase3(const Params& p, const PathContext&, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t, Sums3& s) {
    provider_settle_phase(p, t, n, a, s);
  }
  TS_HD_INLINE static void end_step(const Params& p, const PathContext& c, std::int32_t t, Network& n, const Sums3& s,
                                    Agent* agents) {
    // Entrants take the lowest vacant slots; they start in the next step's P1.
    admit_entrants(agents, p.max_providers, network_end_step(p, c, t, n, s));
  }
  TS_HD_INLINE static void snapshot(const Params& p, const Network& n, const Agent* a, SnapshotScratch s,
                                    Snapshot& out) {
    take_snapshot(p, n, a, s, out);
  }
  TS_HD_INLINE static const std::int32_t* event_first(const Network& n) { return n.event_first; }
};

}  // namespace ts::clore
