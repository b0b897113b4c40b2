#pragma once
// Immutable parameters of one Phala point (MODEL.md 2.6, seed 001), built and
// checked once on the host (host/protocols/phala_params.cpp), then copied to
// the device (DESIGN.md principle 2). Probabilities are u32 thresholds,
// shares of integer amounts are Fraction32, rates per step precomputed.
//
// The seed is an AMA about the "Phala Network Economic Paper Preview"; the
// figures of that paper (Phala wiki, "Understand Phala Tokenomics") are
// ASSUMPTIONS of the preset, cited there, since the seed itself gives rules
// and the 0.8 / 0.7 confidence factors but no amounts.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/period_schedule.hpp"
#include "models/mechanisms/shocks.hpp"

namespace ts::phala {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kTiers = 5;             // confidence levels 1..5 (seed: "Confidence Level Tier 1/2/3")
inline constexpr int kMaxShocks = 8;
inline constexpr int kMaxCooldownDays = 14;  // the cooldown ring holds up to this
inline constexpr int kMaxSplitMiners = 64;   // k of the stake-split probe

// Which weight picks miners for the reward split and the contract lottery
// (MODEL.md 2.6): the old rule, sqrt(stake) of each worker (seed: "stake
// amount being under square root in picking miner equation"), or the new
// rule, each worker's share sqrt(V^2 + (w P c)^2).
enum class Selection : std::uint8_t { sqrt_stake = 0, share = 1 };

// A miner's hardware (one worker = one SGX machine): benchmark score P,
// its cost and running cost, and the minimum stake k sqrt(P) it implies.
struct HardwareClass {
  double score;                 // performance test score P
  double capex_usd;             // per worker
  double opex_usd_per_step;     // per worker online; the CPU is fully used Idle or Active (seed)
  Micro min_stake;              // k sqrt(P) per worker
  std::uint64_t cum_threshold;  // draw: first class with u32 < cum_threshold
};

// A confidence level: its factor c (share and initial V) and its frequency.
struct Tier {
  double factor;
  std::uint64_t cum_threshold;
};

// A deterministic shock (MODEL.md 1): contract demand multiplied over
// [start, end), the price moved once at `start`.
using Shock = MarketShock;

struct Params {
  // --- time (dt = 1 h, MODEL.md 2.6)
  std::int32_t dt_hours;
  std::int32_t n_steps;
  std::int32_t snapshot_every;
  std::int32_t steps_per_day;

  // --- population: agents are cohorts of identical workers (MODEL.md 1 "Scale")
  std::int32_t max_miners;          // agent slots per path
  std::int32_t initial_miners;      // background agents at genesis
  std::int32_t workers_per_agent;   // cohort size of background agents and entrants

  // --- benchmark_inflation attackers (MODEL.md 2.6, ASSUMPTION: the seed names none)
  std::uint64_t attacker_threshold; // P(an entering cohort attacks) as u32 threshold
  double benchmark_factor;          // its reported P = factor x the real P
  std::int32_t rebench_steps;       // a periodic re-benchmark every this many steps since it joined
  std::uint64_t detect_threshold;   // P(a re-benchmark catches it) as u32 threshold
  Fraction32 slash_share;           // of its stake, slashed when caught (slash_level 1-4)

  // --- the stake-split probe (MODEL.md 2.6 stress): a whale worker with
  // stake k s (slot 0) and k workers with stake s (slots 1..k), otherwise alike
  std::int32_t split_k;             // 0: no probe
  Micro split_stake;                // s
  std::int32_t split_hardware;
  std::int32_t split_tier;          // 0-based
  double split_p_up;                // the reliability Beta's mean, for all of them

  // --- supply (PHA)
  Micro genesis;
  Micro genesis_treasury;
  Micro mining_budget;              // subsidy budget, in the reward reserve at genesis

  // --- subsidy budget: per-hour rate halving by a discount every period
  PeriodSchedule subsidy;
  Fraction32 treasury_share;        // of each step's budget, to the treasury

  // --- mining (paper: Value Promise V, Minimum Stake, Cost, Payout, Slash)
  Selection selection;
  double stake_multiplier;          // R^e: V^e = (1 + conf (R^e - 1)) (S + C)
  double rig_cost_usd_per_score;    // C = 0.3 P / price
  double value_growth_per_step;     // (rho^m)^dt - 1: V grows while mining
  Micro value_max;                  // V_max: V never grows past it, V^e is capped at it
  Fraction32 offline_slash_per_step;// share of V lost per step a worker misses its heartbeats
  double share_performance_weight;  // w in share = sqrt(V^2 + (w P c)^2)
  double stake_multiple_lo, stake_multiple_hi;   // entrants stake U[lo, hi] x the minimum
  std::int32_t cooldown_days;       // CoolingDown before the stake is released
  Fraction32 stake_bought_share;    // of an entrant's stake, bought on the AMM (the rest it holds)

  // --- contracts (developers' gas)
  Micro gas_per_contract_step;      // PHA a contract pays its worker per step
  double restricted_share;          // share of contracts that require tiers 1..max_restricted_tier
  std::int32_t max_restricted_tier; // 1-based (seed: "Tier 1/2/3 only")
  std::int32_t max_contracts_per_worker;

  // --- market (PHA/USD AMM)
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  // --- demand (MODEL.md 1): contracts wanting to run per step
  double contracts0;
  double growth_per_step;
  double ou_decay;
  double ou_sd;
  double jump_lambda_per_step;
  double jump_mu;
  double jump_sigma;
  double diurnal[24];
  double elasticity;                // to the gas price in USD against its genesis value

  // --- miners (MODEL.md 1 "Agents")
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;
  double p_up_alpha, p_up_beta;
  std::int32_t n_hardware;
  HardwareClass hardware[kMaxHardwareClasses];
  Tier tiers[kTiers];

  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];

  // --- risk-event thresholds
  double collapse_fraction;
  double crash_fraction;
  double treasury_burn_usd_per_day;   // the treasury's obligations (treasury.hpp)
};

}  // namespace ts::phala
