#pragma once
// Phala's mining rules as small evaluators (MODEL.md 2.6; seed 001 is an AMA
// about the "Phala Network Economic Paper Preview", whose formulas these are;
// the paper is public on the Phala wiki, "Understand Phala Tokenomics", and
// its parameters reached the Khala runtime's TokenomicParameters). The step
// and the tests share them.
//
//   minimum stake      S_min = k sqrt(P)                     P: benchmark score
//   rig cost           C = 0.3 P / price                     (PHA)
//   initial value      V^e = (1 + conf (R^e - 1)) (S + C), at most V_max
//   growth (online)    dV = (rho - 1) V + c                  c: running cost in PHA
//   slash (offline)    dV = -0.1% V per hour                 missed heartbeats
//   share              sqrt(V^2 + (2 P conf)^2)
//   payout             w = min(B share / sum share, V - V_last)
//   final payout       min(V / V^e, 1) S                     after the cooldown
//
// conf is the confidence factor of the miner's tier: 1 for tiers 1-3, 0.8
// for tier 4 and 0.7 for tier 5 (the seed's "0.7 / 0.8 factor"). The old
// selection rule weighs a worker by sqrt(S) instead of its share.
#include <cmath>
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/protocols/phala/params.hpp"

namespace ts::phala {

// Selection weights (shares, sqrt(stake)) are integers in 1/1000 units, so
// that their sums over workers are exact in any order (DESIGN.md principle
// 4). A share of 30,000 x 1e5 workers is 3e12: far inside int64.
inline constexpr double kWeightScale = 1000.0;

// ---------------------------------------------------------------- entry

// S_min = k sqrt(P), tokens (paper "Minimum Stake"; Khala k = 50).
TS_HD_INLINE double minimum_stake_tokens(double k, double score) { return k * sqrt(score); }

// C = rig_k P / price: the rig's cost in PHA estimated from its score
// (paper "Cost": C = 0.3 P / phi, phi the PHA/USD quote).
TS_HD_INLINE double rig_cost_tokens(double usd_per_score, double score, double price) {
  return price > 0.0 ? usd_per_score * score / price : 0.0;
}

// f(R^e, conf) = 1 + conf (R^e - 1) (paper "Initial V").
TS_HD_INLINE double confidence_multiplier(double stake_multiplier, double conf) {
  return 1.0 + conf * (stake_multiplier - 1.0);
}

// V^e = f (S + C), in micro-PHA, at most v_max (the chain refuses a stake
// whose V^e exceeds V_max; the model caps it, so that a probe with more
// stake than V_max rewards shows what the extra stake earns: nothing).
TS_HD_INLINE Micro initial_value(Micro stake, double rig_cost, double multiplier, Micro v_max) {
  const Micro v = to_micro_floor(multiplier * (to_tokens(stake) + rig_cost));
  return v < v_max ? v : v_max;
}

// ---------------------------------------------------------------- mining value

// V's growth over a step of mining (paper "Update of V": dV = k_p ((rho^m -
// 1) V + c(s)), with k_p = 1 when the instant score equals the benchmark):
// `growth` is rho^dt - 1, `running_cost` c in micro-PHA per step.
TS_HD_INLINE Micro value_growth(Micro v, double growth, Micro running_cost) {
  return trunc_to<Micro>(static_cast<double>(v) * growth) + running_cost;
}

// V lost over a step of missed heartbeats (paper "Slash rules", Level 1:
// "Worker offline: 0.1% V per hour").
TS_HD_INLINE Micro offline_slash(Micro v, Fraction32 rate) { return v > 0 ? apply_fraction(v, rate) : 0; }

// A cohort's step of mining, for its representative worker (V and the
// accrual are means over its workers, exact for a single worker): online
// workers grow V, offline ones are slashed. The accrual since the last
// payout, V - V_last in the paper, takes the same change; V itself never
// leaves [0, V_max]. (V_max caps the value promise, not the accrual: a worker
// pinned at V_max still accrues what it regrows, so its payouts can follow
// a rising claim.)
TS_HD_INLINE void mine_step(Micro& v, Micro& accrued, std::int64_t online, std::int64_t workers, Micro growth,
                            Micro slash, Micro v_max) {
  const Micro delta = mul_div_floor(growth, online, workers) - mul_div_floor(slash, workers - online, workers);
  accrued += delta;
  const Micro next = v + delta;
  v = next > v_max ? v_max : (next > 0 ? next : 0);
}

// ---------------------------------------------------------------- selection

// A worker's share sqrt(V^2 + (w P conf)^2) (MODEL.md 2.6; the paper's
// share_Khala with w = 2), in 1/1000 units; perf_term = w P conf.
TS_HD_INLINE std::int64_t share_weight(Micro v, double perf_term) {
  const double vt = to_tokens(v > 0 ? v : 0);
  return trunc_to<std::int64_t>(sqrt(vt * vt + perf_term * perf_term) * kWeightScale);
}

// The old rule's weight of a worker: sqrt of its stake in PHA (seed: "stake
// amount being under square root in picking miner equation"), 1/1000 units.
TS_HD_INLINE std::int64_t sqrt_stake_weight(Micro stake) {
  return trunc_to<std::int64_t>(sqrt(to_tokens(stake > 0 ? stake : 0)) * kWeightScale);
}

// The weight one online worker carries in the reward split and the contract
// lottery under the selection rule in force.
TS_HD_INLINE std::int64_t selection_weight(Selection rule, Micro v, double perf_term, Micro stake) {
  return rule == Selection::share ? share_weight(v, perf_term) : sqrt_stake_weight(stake);
}

// ---------------------------------------------------------------- payout

// w = min(claim, V - V_last) (paper "Payout Event": the payout never takes V
// below its value at the last payout, so a miner is paid what it accrued
// since then at most); 0 while the accrual is negative (after missed
// heartbeats, until V has grown back).
TS_HD_INLINE Micro capped_payout(Micro claim, Micro accrued) {
  if (claim <= 0 || accrued <= 0) return 0;
  return claim < accrued ? claim : accrued;
}

// A cohort's payout of a step: the claim of its online workers spread over
// all of them (outages averaged, as in mine_step), each worker's part capped
// at its accrual; a payout lowers V by it and starts a new accrual (V_last
// becomes the new V, so an accrual the budget did not pay is not carried).
TS_HD_INLINE Micro pay_cohort(Micro claim, std::int64_t workers, Micro& v, Micro& accrued) {
  if (workers <= 0) return 0;
  const Micro per_worker = capped_payout(claim / workers, accrued);
  if (per_worker <= 0) return 0;
  v = v > per_worker ? v - per_worker : 0;
  accrued = 0;
  return per_worker * workers;
}

// The stake returned after the cooldown: min(V / V^e, 1) S (paper "Final
// payout"); the rest is the punishment for a V that fell below V^e.
TS_HD_INLINE Micro final_payout(Micro stake, Micro v, Micro v_initial) {
  if (stake <= 0 || v <= 0 || v_initial <= 0) return 0;
  if (v >= v_initial) return stake;
  return mul_div_floor(stake, v, v_initial);
}

}  // namespace ts::phala
