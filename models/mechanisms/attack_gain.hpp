#pragma once
// The attack's profit against honest play (MODEL.md 1 "Attackers"): the
// attackers' aggregate net profit minus what the same agents would have
// earned playing honestly on the same path. `attack_profitable` fires when
// that aggregate (attackers still in the network and those gone) is above 0;
// the share of attackers individually in profit is a separate metric (a run
// of Hanzo had P = 0.75 of "some attacker above 0" while the attackers
// together lost $1.56M).
//
// Each protocol states its honest twin next to its attackers: an agent with
// the attacker's hardware, nodes, reliability, capital and stakers, paid by
// the same step's market (rented share, pro-rata budget, price). The twin is
// marginal: one agent among many, it does not move the network's shares; it
// lives as long as the attacker does.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/macros.hpp"

namespace ts {

// Per-step sums over agent slots: integers, so that the order of the sum
// cannot matter (DESIGN.md principle 4).
struct AttackSums {
  MicroUsd gain_live = 0;        // attack gain of attackers still in the network
  MicroUsd gain_gone = 0;        // attack gain of attackers that left this step
  std::int32_t attackers = 0;    // active attackers
  std::int32_t in_profit = 0;    // of them, own mark-to-market profit above 0

  TS_HD_INLINE void add(const AttackSums& o) {
    gain_live += o.gain_live;
    gain_gone += o.gain_gone;
    attackers += o.attackers;
    in_profit += o.in_profit;
  }
};

// An attacker still in the network at the end of a step: its gain counts;
// an active one (not leaving) also counts toward the share in profit.
TS_HD_INLINE void count_live_attacker(AttackSums& s, MicroUsd gain, bool active, double mark_to_market_usd) {
  s.gain_live += gain;
  if (!active) return;
  s.attackers += 1;
  if (mark_to_market_usd > 0.0) s.in_profit += 1;
}

// Per path: the attack's profit so far and the share of attackers in profit.
struct AttackLedger {
  MicroUsd gain_gone_cum;        // attack gain of attackers gone (caught, exited)
  MicroUsd gain_total;           // gone + live at the end of the last step
  double in_profit_share;        // of the active attackers at the end of the last step
};

// Folds a step's sums into the ledger; returns true when the attack as a
// whole is profitable against honest play.
TS_HD_INLINE bool close_attack_step(AttackLedger& a, const AttackSums& s) {
  a.gain_gone_cum += s.gain_gone;
  a.gain_total = a.gain_gone_cum + s.gain_live;
  a.in_profit_share = s.attackers > 0 ? static_cast<double>(s.in_profit) / static_cast<double>(s.attackers) : 0.0;
  return a.gain_total > 0;
}

// What an attacker's twin has when the attacker is caught and slashed: its
// realised USD and the stake it still owns, never slashed, at `price`.
TS_HD_INLINE double twin_keeping_stake_usd(double twin_profit_usd, Micro stake_owned, double price) {
  return twin_profit_usd + to_tokens(stake_owned) * price;
}

TS_HD_INLINE double attack_gain_usd(const AttackLedger& a) { return static_cast<double>(a.gain_total) * 1e-6; }

}  // namespace ts
