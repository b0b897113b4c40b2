#pragma once
// Immutable parameters of one IO.net point (MODEL.md 2.1), built and checked
// once on the host, then copied to the device (DESIGN.md principle 2).
// Probabilities are integer thresholds and fractions are fixed point where
// they meet integer amounts; everything a step needs is precomputed here.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/compute_market.hpp"
#include "models/mechanisms/schedule.hpp"

namespace ts::ionet {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kMaxShocks = 8;

enum class Strategy : std::uint8_t { honest = 0, fake_uptime = 1, sybil = 2, price_manipulation = 3 };

struct HardwareClass {
  double capex_usd;               // per node
  std::int32_t capacity_units;    // compute units per node
  double opex_usd_per_hour;       // per node online
  Micro max_equity;               // device_max_equity, micro-tokens per node
  std::uint64_t cum_threshold;    // draw: first class with u32 < cum_threshold
};

// A deterministic shock: demand multiplied over [start, end), and the price
// moved once at `start` (MODEL.md 1, "Stress scenarios add deterministic shocks").
struct Shock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;
  double price_mult;
};

struct Params {
  // --- time
  std::int32_t dt_hours;
  std::int32_t n_steps;
  std::int32_t snapshot_every;      // steps
  std::int32_t steps_per_day;       // 24 / dt_hours

  // --- population
  std::int32_t max_providers;       // agent slots per path
  std::int32_t initial_providers;
  std::int32_t nodes_per_agent;     // cohort size
  std::uint64_t attacker_threshold; // P(entrant is an attacker) as u32 threshold
  Strategy attacker_strategy;
  std::int32_t sybil_identities_per_node;
  double attacker_real_uptime;      // fake_uptime: share of hours really online

  // --- supply (MODEL.md 2.1 "Supply", "Vesting")
  Micro genesis;
  Micro max_supply;
  Micro genesis_community_pool;     // community allocation left after AMM seed and stakes
  Micro genesis_locked_vesting;
  Micro vesting_unlock[kMaxMonths];    // locked_vesting -> holders at month start
  Micro unlock_sold[kMaxMonths];       // part of vesting_unlock sold over the window
  std::int32_t unlock_months;
  std::int32_t unlock_sell_hours;
  Fraction32 unlock_dump_share;        // share of each unlock whose holders dump it at once (unlock_dump.hpp)
  std::int32_t community_release_months;  // community_pool -> holders, evenly

  // --- emission (MODEL.md 2.1 "Emission")
  MonthlySchedule emission;

  // --- availability reward (MODEL.md 2.1)
  double payback_hours;             // H18 = 18 * 730.5
  Fraction32 supplier_share;        // 0.95
  Micro min_stake_per_node;
  double stake_boost;
  std::int32_t cooldown_steps;

  // --- staking
  std::int32_t unbonding_steps;     // own stake at exit
  std::int32_t unbonding_days;      // stakers' withdrawals (daily ring, < kUnbondingDays)
  std::int32_t collateral_lock_steps;
  double initial_delegation_ratio;
  double staker_hurdle_apy;
  double restake_rate;              // per day
  double stake_fill;                // entrant's stake between min (0) and max (1)
  double modifier_max;              // each max-stake modifier in [0, modifier_max]
  double job_hours_modifier;

  // --- slashing
  bool downtime_slash_to_insurance;
  std::uint64_t detect_threshold;   // P(attacker caught per step) as u32 threshold

  // --- fees and burn (MODEL.md 2.1 "Fees", "Burn")
  double reservation_fee_renter;
  double reservation_fee_supplier;
  double payment_fee_usdc;          // each side, when paid in USDC
  double payment_fee_token;         // each side, when paid in IO
  double pay_in_token_share;
  Fraction32 buyback_share;

  // --- market
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;                // mu * dt (dt in years)
  double flow_sigma_sqrt_dt;        // sigma * sqrt(dt)
  double outside_float;             // outside traders' float, x the AMM's token reserve
  std::int32_t oracle_window_steps; // USD rewards convert at the TWAP of this many steps (1: spot; oracle.hpp)
  double manipulation_usd_per_node; // price_manipulation: capital per node, held in tokens bought at entry

  // --- demand (MODEL.md 1 "Demand")
  double demand0;                   // units per hour at t = 0, before diurnal factor
  double growth_per_step;           // g * dt
  double ou_decay;                  // exp(-theta dt)
  double ou_sd;                     // sigma sqrt((1 - exp(-2 theta dt)) / (2 theta))
  double jump_lambda_per_step;
  double jump_mu;
  double jump_sigma;
  double diurnal[24];               // 1 + a sin(2 pi hour / 24), built on the host
  double price_factor;              // (P_c / P_ref)^(-elasticity), P_c with renter fees
  double rental_price_usd;          // per unit-hour at genesis, paid to suppliers before fees
  RentRule rent_rule;               // the rent moves with utilisation, daily (compute_market.hpp)

  // --- providers (MODEL.md 1 "Agents")
  double exit_ema_alpha;            // 1 / exit_window_days
  std::int32_t patience_days;
  double lambda_entry;              // per day
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;
  double p_up_alpha, p_up_beta;
  std::int32_t n_hardware;
  HardwareClass hardware[kMaxHardwareClasses];

  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];

  // --- risk-event thresholds
  double collapse_fraction;
  double crash_fraction;
  double treasury_burn_usd_per_day;   // the treasury's obligations (treasury.hpp)
};

}  // namespace ts::ionet
