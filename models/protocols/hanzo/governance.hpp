#pragma once
// Governance concentration (MODEL.md 2.4 "Governance"): the smallest
// coalition of holders whose voting power reaches a quorum (51%, 60%, 75% of
// all voting power; seed: parameter changes, treasury allocation, protocol
// upgrades). The smallest coalition takes the largest voters first, so it is
// a walk down the voters sorted by voting power.
//
// Voters are three groups, each already in order, so the walk is a merge and
// needs no array beyond the snapshot scratch:
//   - provider agents: voting powers sorted ascending (snapshot scratch);
//   - synthetic holder accounts: a fixed, descending distribution of the
//     `holders` balance and of the delegated stake (Params); every account's
//     power is sqrt(w_k) * (sqrt(holders) + 2 sqrt(delegated)), so only the
//     sqrt weights are stored and the order never changes;
//   - team members: equal holders of the unlocked team allocation.
// Sums run in one fixed order, so both backends give the same bits.
#include <cstdint>

#include "models/core/macros.hpp"

namespace ts::hanzo {

inline constexpr int kQuorums = 3;

struct VoterGroups {
  const double* provider_power_asc;   // ascending
  std::int32_t n_providers;
  const double* holder_sqrt_weight_desc;   // descending, sqrt of each account's share
  std::int32_t n_holders;
  double holder_scale;                // sqrt(holders) + 2 sqrt(delegated): power of an account with share 1
  std::int32_t n_team;
  double team_power;                  // power of one team member
};

// Fewest voters whose summed power reaches quorum[q] * total, for quorums in
// ascending order; 0 when nobody holds voting power.
TS_HD_INLINE void smallest_coalitions(const VoterGroups& g, const double (&quorum)[kQuorums],
                                      double (&out)[kQuorums]) {
  double total = 0.0;
  for (std::int32_t i = 0; i < g.n_providers; ++i) total += g.provider_power_asc[i];
  for (std::int32_t j = 0; j < g.n_holders; ++j) total += g.holder_scale * g.holder_sqrt_weight_desc[j];
  for (std::int32_t k = 0; k < g.n_team; ++k) total += g.team_power;
  for (int q = 0; q < kQuorums; ++q) out[q] = 0.0;
  if (!(total > 0.0)) return;

  std::int32_t i = g.n_providers - 1;   // next provider (largest first)
  std::int32_t j = 0;                   // next holder account
  std::int32_t k = 0;                   // team members taken
  double held = 0.0;
  std::int32_t members = 0;
  int next_quorum = 0;
  while (next_quorum < kQuorums) {
    const double vp = i >= 0 ? g.provider_power_asc[i] : -1.0;
    const double vh = j < g.n_holders ? g.holder_scale * g.holder_sqrt_weight_desc[j] : -1.0;
    const double vt = k < g.n_team ? g.team_power : -1.0;
    double take;
    if (vp >= vh && vp >= vt) {
      if (i < 0) break;   // every group exhausted
      take = vp;
      --i;
    } else if (vh >= vt) {
      take = vh;
      ++j;
    } else {
      take = vt;
      ++k;
    }
    held += take;
    ++members;
    while (next_quorum < kQuorums && held >= quorum[next_quorum] * total) out[next_quorum++] = members;
  }
  // Rounding can leave the last quorum a hair short after everyone is
  // counted: then it takes every voter.
  for (; next_quorum < kQuorums; ++next_quorum) out[next_quorum] = members;
}

}  // namespace ts::hanzo
