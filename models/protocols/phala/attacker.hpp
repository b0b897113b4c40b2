#pragma once
// benchmark_inflation's accounting (MODEL.md 2.6 and 1 "Attackers"): an
// attacker's profit and its honest twin's, marked to market, for the step
// and the snapshot alike.
#include "models/core/amount.hpp"
#include "models/core/macros.hpp"
#include "models/protocols/phala/rules.hpp"
#include "models/protocols/phala/state.hpp"

namespace ts::phala {

// An attacker's profit marked to market: realised USD plus the stake it
// owns; its twin's, with the twin's stake (never slashed) and what the final
// payout would return it (paper "Final payout", min(V / V^e, 1) S).
TS_HD_INLINE double attacker_mark_to_market(const Miner& v, double price) {
  return v.profit_usd + to_tokens(final_payout(v.acc.bonded, v.value, v.value_initial)) * price;
}
TS_HD_INLINE double twin_mark_to_market(const Miner& v, double price) {
  return v.twin_profit_usd +
         to_tokens(final_payout(v.twin_stake, v.twin_value, v.twin_value_initial)) * price;
}
TS_HD_INLINE double attack_gain_of(const Miner& v, double price) {
  return attacker_mark_to_market(v, price) - twin_mark_to_market(v, price);
}

}  // namespace ts::phala
