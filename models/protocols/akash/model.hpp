#pragma once
// Akash as an engine model (models/engine/path_driver.hpp).
#include <cstdint>

#include "models/engine/path_driver.hpp"
#include "models/protocols/akash/snapshot.hpp"
#include "models/protocols/akash/step.hpp"

namespace ts::akash {

struct AkashModel {
  using Params = akash::Params;
  using Network = akash::Network;
  using Agent = akash::Provider;
  using Sums1 = akash::Sums1;
  using Sums2 = akash::Sums2;
  using Sums3 = akash::Sums3;

  TS_HD_INLINE static std::int32_t agent_slots(const Params& p) { return p.max_providers; }
  TS_HD_INLINE static std::int32_t n_steps(const Params& p) { return p.n_steps; }
  TS_HD_INLINE static std::int32_t snapshot_every(const Params& p) { return p.snapshot_every; }
  TS_HD_INLINE static void init(const Params& p, const PathContext& c, Network& n, Agent* a) {
    init_path(p, c, n, a);
    seed_outside_market(n.acc, p.outside_float);
  }
  TS_HD_INLINE static void begin_step(const Params& p, const PathContext& c, std::int32_t t, Network& n) {
    akash::begin_step(p, c, t, n);
  }
  TS_HD_INLINE static void phase1(const Params& p, const PathContext& c, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums1& s) {
    akash::phase1(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void after1(const Params& p, const PathContext& c, std::int32_t t, Network& n, const Sums1& s) {
    akash::after1(p, c, t, n, s);
  }
  TS_HD_INLINE static void phase2(const Params& p, const PathContext& c, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums2& s) {
    akash::phase2(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void after2(const Params& p, const PathContext& c, std::int32_t t, Network& n, const Sums2& s) {
    akash::after2(p, c, t, n, s);
  }
  TS_HD_INLINE static void phase3(const Params& p, const PathContext& c, std::int32_t t, const Network& n, Agent& a,
                                  std::int32_t slot, Sums3& s) {
    akash::phase3(p, c, t, n, a, slot, s);
  }
  TS_HD_INLINE static void end_step(const Params& p, const PathContext& c, std::int32_t t, Network& n, const Sums3& s,
                                    Agent* agents) {
    akash::end_step(p, c, t, n, s, agents);
  }
  TS_HD_INLINE static void snapshot(const Params& p, const Network& n, const Agent* a, SnapshotScratch s, Snapshot& out) {
    take_snapshot(p, n, a, s, out);
  }
  TS_HD_INLINE static const std::int32_t* event_first(const Network& n) { return n.event_first; }
};

}  // namespace ts::akash
