#pragma once
// A whole IO.net path run sequentially: the phases of step.hpp over every
// agent slot in slot order. The CPU executor calls this per path; the CUDA
// build compiles it in a kernel too, so the model cannot drift into
// host-only code. (The parallel GPU executor runs the same phases with the
// slots spread over threads; the integer sums make the order irrelevant.)
#include <cstdint>

#include "models/metrics.hpp"
#include "models/protocols/ionet/params.hpp"
#include "models/protocols/ionet/snapshot.hpp"
#include "models/protocols/ionet/state.hpp"
#include "models/protocols/ionet/step.hpp"

namespace ts::ionet {

TS_HD_INLINE std::int32_t snapshot_count(const Params& p) { return p.n_steps / p.snapshot_every + 1; }

// Runs one path. `snapshots` receives snapshot_count(p) entries; `event_step`
// kEventCount first-reached steps (kNeverReached if never).
TS_HD_INLINE void simulate_path(const Params& p, const PathContext& ctx, Network& net, Provider* slots,
                                SnapshotScratch scratch, Snapshot* snapshots, std::int32_t* event_step) {
  init_path(p, ctx, net, slots);
  take_snapshot(p, net, slots, scratch, snapshots[0]);
  const std::int32_t n = p.max_providers;
  for (std::int32_t t = 0; t < p.n_steps; ++t) {
    network_begin_step(p, ctx, t, net);

    OnlineSums online;
    for (std::int32_t i = 0; i < n; ++i) provider_online_phase(p, ctx, t, net, slots[i], i, online);
    network_clear_market(p, net, online);

    MarketSums market;
    for (std::int32_t i = 0; i < n; ++i) provider_market_phase(p, t, net, slots[i], market);
    network_settle_payments(p, net, market);

    SettleSums settle;
    for (std::int32_t i = 0; i < n; ++i) provider_settle_phase(p, t, net, slots[i], settle);
    const std::int32_t entrants = network_end_step(p, ctx, t, net, settle);
    mark_entrants(p, slots, entrants);

    if ((t + 1) % p.snapshot_every == 0) take_snapshot(p, net, slots, scratch, snapshots[(t + 1) / p.snapshot_every]);
  }
  for (int e = 0; e < kEventCount; ++e) event_step[e] = net.event_first[e];
}

}  // namespace ts::ionet
