#pragma once
// Phase 1 on the CPU with the slots' Philox words drawn kPhiloxLanes at a
// time (host/exec/philox_lanes.hpp) for a model that names the stream its
// phase 1 draws from (M::kPhase1Stream) and takes the words
// (M::phase1_drawn); other models run slot by slot. The counters are the
// ones the model's own phase1 would use, so the results are the same bits
// (the golden digests and the CPU/GPU parity tests check it).
#include <cstdint>
#include <type_traits>

#include "host/exec/philox_lanes.hpp"
#include "models/engine/path_driver.hpp"

namespace ts {

template <class M, class = void>
struct DrawsPhase1Words : std::false_type {};
template <class M>
struct DrawsPhase1Words<M, std::void_t<decltype(M::kPhase1Stream)>> : std::true_type {};

// Counts the occupied slots of each step it runs (host/exec/occupancy.hpp);
// the executor adds `occupied` to the process's count after each path.
struct LanePhase1 {
  std::int64_t occupied = 0;

  template <class M>
  void phase1(const typename M::Params& p, const PathContext& ctx, std::int32_t t,
                     const typename M::Network& net, typename M::Agent* agents, std::int32_t n,
                     typename M::Sums1& s1) {
    using Status = decltype(agents->status);
    if constexpr (DrawsPhase1Words<M>::value) {
      PhiloxLaneWords words;
      for (std::int32_t i0 = 0; i0 < n; i0 += kPhiloxLanes) {
        const int m = n - i0 < kPhiloxLanes ? static_cast<int>(n - i0) : kPhiloxLanes;
        // A run of vacant slots (entrants fill the lowest, so vacancies
        // gather at the top) takes no words: its slots run as they would
        // alone, which for a vacant slot draws nothing.
        int in_use = 0;
        for (int j = 0; j < m; ++j) in_use += agents[i0 + j].status != Status::vacant ? 1 : 0;
        occupied += in_use;
        if (in_use == 0) {
          for (int j = 0; j < m; ++j) M::phase1(p, ctx, t, net, agents[i0 + j], i0 + j, s1);
          continue;
        }
        draw_words_lanes(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(i0),
                         M::kPhase1Stream, m, words);
        for (int j = 0; j < m; ++j) {
          M::phase1_drawn(p, ctx, t, net, agents[i0 + j], i0 + j, words.at(j), s1);
        }
      }
    } else {
      for (std::int32_t i = 0; i < n; ++i) {
        occupied += agents[i].status != Status::vacant ? 1 : 0;
        M::phase1(p, ctx, t, net, agents[i], i, s1);
      }
    }
  }
};

}  // namespace ts
