#pragma once
// Hanzo's formulas (MODEL.md 2.4, seed 004), each a small function so that
// the tests check them against the seed's numbers one by one:
//   earnings_per_job  = base_rate * quality_multiplier * tier_bonus
//   availability      = stake * utilization_rate * network_factor, scaled to the emission of the step
//   staking_power     = amount * duration_mult * tier_mult * (1 + rep / 1000)
//   update_price      = p * (1 + elasticity * (D - S) / S), bounded
//   fees              = 0.3% of a job's payment, split 40/30/20/10; unstaking 0.1% burned
//   voting_power      = sqrt(balance) + 2 * sqrt(staked)
// Shares that meet integer amounts are parts per million, so that the seed's
// test vectors (a 1,000 AI job -> 3 AI fee -> 1.2 / 0.9 / 0.6 / 0.3) are exact
// to the micro-token.
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts::hanzo {

inline constexpr int kTiers = 5;                  // privacy tiers 0..4 (seed: open .. TEE-I/O)
inline constexpr std::int64_t kPpm = 1000000;     // parts per million
inline constexpr double kMaxReputation = 1000.0;  // seed: reputationScore 0-1000

// ---- jobs (seed "Active Earnings")

// quality_multiplier = 0.8-1.5 "based on SLA performance": linear in the
// provider's SLA performance s in [0, 1] (assumption: linear).
TS_HD_INLINE double quality_multiplier(double sla_performance, double q_min, double q_max) {
  const double s = sla_performance < 0.0 ? 0.0 : (sla_performance > 1.0 ? 1.0 : sla_performance);
  return q_min + (q_max - q_min) * s;
}

// earnings_per_job = base_rate * quality_multiplier * tier_bonus, for a job
// of `tokens` inference tokens at `base_rate` AI per token.
TS_HD_INLINE double job_earnings(double tokens, double base_rate, double quality, double tier_bonus) {
  return tokens * base_rate * quality * tier_bonus;
}

// ---- staking power (seed "calculateStakingPower")

// durationMultiplier(duration): the seed leaves it open; assumption: grows
// linearly with the lock period, 1 + bonus_per_year * years, capped.
TS_HD_INLINE double duration_multiplier(double lock_days, double bonus_per_year, double mult_max) {
  const double m = 1.0 + bonus_per_year * lock_days / 365.25;
  return m < mult_max ? m : mult_max;
}

// amount * durationMultiplier * tierMultiplier * (1 + rep / 1000). The seed's
// Solidity divides integers (rep / 1000 is 0 below 1000); MODEL.md reads it as
// the real ratio, rep in 0..1000, which is what this computes.
TS_HD_INLINE double staking_power(double amount, double duration_mult, double tier_mult, double reputation) {
  return amount * duration_mult * tier_mult * (1.0 + reputation / kMaxReputation);
}

// ---- availability (seed "Passive Earnings")

// network_factor = global demand / supply (0 when nothing is offered).
TS_HD_INLINE double network_factor(double demand, double supply) { return supply > 0.0 ? demand / supply : 0.0; }

// The availability weight of a provider: stake * utilization_rate, with the
// utilization rate the share of its nodes available this step. Exact integer.
TS_HD_INLINE Micro availability_weight(Micro stake, std::int64_t nodes_available, std::int64_t nodes) {
  if (stake <= 0 || nodes_available <= 0 || nodes <= 0) return 0;
  return mul_div_floor(stake, nodes_available, nodes);
}

// A provider's availability claim: stake * utilization * network_factor,
// scaled so that the claims of the whole network at network_factor 1 are the
// step's scheduled emission: claim = emission * nf * weight / total_weight.
TS_HD_INLINE Micro availability_claim(Micro step_emission, double nf, Micro weight, Micro total_weight) {
  if (weight <= 0 || total_weight <= 0 || !(nf > 0.0)) return 0;
  return to_micro_floor(to_tokens(step_emission) * nf * (static_cast<double>(weight) / static_cast<double>(total_weight)));
}

// ---- inference price (seed "update_price")

// update_price(p, D, S, elasticity) = p * (1 + elasticity * (D - S) / S),
// bounded to [min_price, max_price]. With no supply the seed's formula divides
// by zero; the price then goes to the bound demand points at (max if there is
// demand, unchanged if not).
TS_HD_INLINE double update_price(double price, double demand, double supply, double elasticity, double min_price,
                                 double max_price) {
  double next;
  if (supply > 0.0) next = price * (1.0 + elasticity * (demand - supply) / supply);
  else next = demand > 0.0 ? max_price : price;
  return next < min_price ? min_price : (next > max_price ? max_price : next);
}

// The daily price update (MODEL.md 2.4, cadence): update_price on the day's
// mean demand and supply, then at most `max_move` away from the day's price
// either way, inside the seed's bounds. Hourly updates of the seed's rule
// drove the price to its floor within hours whenever demand < supply.
TS_HD_INLINE double daily_price(double price, double demand, double supply, double elasticity, double min_price,
                                double max_price, double max_move) {
  double next = update_price(price, demand, supply, elasticity, min_price, max_price);
  const double lo = price * (1.0 - max_move), hi = price * (1.0 + max_move);
  next = next < lo ? lo : (next > hi ? hi : next);
  return next < min_price ? min_price : (next > max_price ? max_price : next);
}

// ---- fees (seed "Fee Structure")

// A fee of `ppm` parts per million of `amount`, rounded down.
TS_HD_INLINE Micro fee_of(Micro amount, std::int64_t ppm) { return amount > 0 ? mul_div_floor(amount, ppm, kPpm) : 0; }

// The fee distribution: burned, provider rewards pool, DAO treasury,
// liquidity incentives (ppm shares summing to 1e6); the rounding remainder is
// dust (MODEL.md 1: remainders of pro-rata splits go to dust, never lost).
struct FeeSplit {
  Micro burned = 0;
  Micro provider_pool = 0;
  Micro treasury = 0;
  Micro liquidity = 0;
  Micro dust = 0;
};

struct FeeShares {
  std::int64_t burn_ppm;
  std::int64_t provider_pool_ppm;
  std::int64_t treasury_ppm;
  std::int64_t liquidity_ppm;
};

TS_HD_INLINE FeeSplit split_fee(Micro fee, const FeeShares& s) {
  FeeSplit out;
  if (fee <= 0) return out;
  out.burned = mul_div_floor(fee, s.burn_ppm, kPpm);
  out.provider_pool = mul_div_floor(fee, s.provider_pool_ppm, kPpm);
  out.treasury = mul_div_floor(fee, s.treasury_ppm, kPpm);
  out.liquidity = mul_div_floor(fee, s.liquidity_ppm, kPpm);
  out.dust = fee - out.burned - out.provider_pool - out.treasury - out.liquidity;
  return out;
}

// ---- slashing (seed "Slashing Conditions")

// SLA violation: 1-5% of stake, linear in the violation's severity in [0, 1].
TS_HD_INLINE double sla_slash_fraction(double severity, double lo, double hi) {
  const double s = severity < 0.0 ? 0.0 : (severity > 1.0 ? 1.0 : severity);
  return lo + (hi - lo) * s;
}

// ---- governance (seed "Voting Power")

// voting_power = sqrt(AI_balance) + 2 * sqrt(AI_staked), in whole tokens.
TS_HD_INLINE double voting_power(double balance_tokens, double staked_tokens) {
  const double b = balance_tokens > 0.0 ? balance_tokens : 0.0;
  const double s = staked_tokens > 0.0 ? staked_tokens : 0.0;
  return sqrt(b) + 2.0 * sqrt(s);
}

}  // namespace ts::hanzo
