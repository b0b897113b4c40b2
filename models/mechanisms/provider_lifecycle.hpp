#pragma once
// Provider entry and exit (MODEL.md 1, "Agents"), shared by every protocol
// with providers:
// - trailing net USD income as an exponential moving average with the exit
//   window as time constant (alpha = 1 / window_days, updated daily);
// - exit after `patience_days` consecutive days of negative trailing income;
// - entry each day ~ Poisson(lambda_entry * clamp((R - hurdle) / hurdle, 0, 3))
//   with R the trailing annualised return on capex of active providers;
// - entrants buy the tokens they bring on the AMM, or the day's entry is
//   called off; they take the lowest vacant slots.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/mechanisms/amm.hpp"

namespace ts {

struct TrailingIncome {
  double ema_usd_per_day = 0.0;     // trailing net income
  double today_usd = 0.0;           // net income of the day so far
  std::int32_t negative_days = 0;   // consecutive days with ema < 0
};

// Close the day: fold today's income into the trailing figure. Returns true
// when the provider has been under water for `patience_days` days.
TS_HD_INLINE bool close_day(TrailingIncome& income, double alpha, std::int32_t patience_days) {
  income.ema_usd_per_day += alpha * (income.today_usd - income.ema_usd_per_day);
  income.today_usd = 0.0;
  income.negative_days = income.ema_usd_per_day < 0.0 ? income.negative_days + 1 : 0;
  return income.negative_days >= patience_days;
}

// The entry intensity's pull, clamp((R - hurdle) / hurdle, 0, 3), from the
// population sums of trailing income and capex (micro-USD integers, so the
// sums are the same on every backend).
TS_HD_INLINE double entry_pull(MicroUsd income_ema_sum_per_day, MicroUsd capex_sum, double hurdle) {
  const double capex = static_cast<double>(capex_sum);
  const double r = capex > 0.0 ? static_cast<double>(income_ema_sum_per_day) * 365.0 / capex : 0.0;
  const double pull = (r - hurdle) / hurdle;
  return pull < 0.0 ? 0.0 : (pull > 3.0 ? 3.0 : pull);
}

// The day's entrants: Poisson(lambda_entry * pull) from one uniform.
TS_HD_INLINE std::int32_t daily_entrants(double lambda_entry, double pull, double u) {
  return poisson(lambda_entry * pull, u);
}

// The same with the network's entry draw of step t (Stream::kEntryCount).
TS_HD_INLINE std::int32_t draw_daily_entrants(RandomKey key, std::uint32_t path, std::int32_t t, double lambda_entry,
                                              double pull) {
  const RandomWords w = draw_words(key, path, static_cast<std::uint32_t>(t), kNetworkAgent, Stream::kEntryCount);
  return daily_entrants(lambda_entry, pull, uniform_open32(w.w[0]));
}

// The day ending with step t: its entrants, from the network's entry-count
// draw of that step.
TS_HD_INLINE std::int32_t draw_daily_entrants(RandomKey key, std::uint32_t path, std::int32_t t, double lambda_entry,
                                              MicroUsd income_ema_sum_per_day, MicroUsd capex_sum, double hurdle) {
  return draw_daily_entrants(key, path, t, lambda_entry, entry_pull(income_ema_sum_per_day, capex_sum, hurdle));
}

// An entrant's stake is credited provisionally in the agent phase and added
// to the day's entry sum; the network phase then buys the sum on the AMM
// (buy_entrants_tokens) or calls the day off, and the next agent phase
// activates or clears the slot. `Agent` has `status` (with `entering`) and
// `acc.bonded`.
template <class Agent>
TS_HD_INLINE void credit_entrant_stake(Agent& v, Micro stake, Micro& entry_stake_sum) {
  v.status = decltype(v.status)::entering;
  v.acc.bonded = stake;
  entry_stake_sum += stake;
}

// Entrants buy the `tokens` they bring (stake, holdings) on the AMM into
// `clearing`, which pays the provisional balances they were credited; a day
// whose entrants would take half the pool's tokens or more is called off
// (all of its entrants). Returns 1 when the day's entry is called off.
TS_HD_INLINE std::uint8_t buy_entrants_tokens(AmmPool& amm, Micro& amm_tokens, Micro& clearing, Micro tokens) {
  if (tokens <= 0) return 0;
  if (tokens * 2 >= amm_tokens) return 1;
  amm_buy_exact(amm, amm_tokens, clearing, tokens);
  clearing -= tokens;
  return 0;
}

// Entrants take the lowest vacant slots in slot order (the same on every
// backend). `is_vacant(slot)` and `take(slot)` are the protocol's.
template <class Agent, class IsVacant, class Take>
TS_HD_INLINE void place_entrants(Agent* slots, std::int32_t n_slots, std::int32_t entrants, IsVacant is_vacant,
                                 Take take) {
  for (std::int32_t i = 0; i < n_slots && entrants > 0; ++i) {
    if (is_vacant(slots[i])) {
      take(slots[i]);
      --entrants;
    }
  }
}

// The usual case: a slot is vacant or entering by its `status` (an enum
// with members `vacant` and `entering`); entrants are marked entering.
template <class Agent>
TS_HD_INLINE void admit_entrants(Agent* slots, std::int32_t n_slots, std::int32_t entrants) {
  using Status = decltype(slots->status);
  place_entrants(
      slots, n_slots, entrants, [](const Agent& v) { return v.status == Status::vacant; },
      [](Agent& v) { v.status = Status::entering; });
}

}  // namespace ts
