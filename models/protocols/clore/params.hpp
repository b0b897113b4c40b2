#pragma once
// Immutable parameters of one Clore.ai point (MODEL.md 2.7), built and
// checked once on the host (host/protocols/clore_params.cpp), then copied to
// the device (DESIGN.md principle 2). Probabilities are integer thresholds,
// shares of integer amounts are fixed point, derived figures precomputed.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/protocols/clore/rules.hpp"

namespace ts::clore {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kMaxShocks = 8;

// A machine class (the seed gives no hardware table: every field an assumption).
struct HardwareClass {
  double capex_usd;               // per machine
  std::int32_t capacity_units;    // GPU-equivalent units per machine (the unit demand is counted in)
  double power_usd_per_unit_hour; // opex_usd_per_hour / capacity_units, while rented or mining
  double mining_factor;           // mining income per unit relative to the reference rig
  std::uint64_t cum_threshold;    // draw: first class with u32 < cum_threshold
};

// A deterministic shock (MODEL.md 1): demand and mining income multiplied
// over [start, end), the price moved once at `start`.
struct Shock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;
  double price_mult;
  double mining_mult;
};

struct Params {
  // --- time
  std::int32_t dt_hours;
  std::int32_t n_steps;
  std::int32_t snapshot_every;
  std::int32_t steps_per_day;

  // --- population (seed, 2024-06-05: 4,797 machines online)
  std::int32_t max_providers;       // agent slots per path
  std::int32_t initial_providers;
  std::int32_t initial_machines;    // spread evenly over the initial providers
  std::int32_t machines_per_agent;  // cohort size of an entrant
  // self_rent attackers (MODEL.md 1 "Attackers"): a share of hosts rent their
  // own idle machines to farm the hosting reward paid by rented unit-hours.
  std::uint64_t attacker_threshold;  // P(host attacks) as u32 threshold
  Fraction32 self_rent_share;        // share of its unrented machines an attacker rents itself each step
  double self_rent_fee;              // platform fee per dollar of listed value of a spot order paid in BTC

  // --- supply (seed: 360M CLORE at $0.1651)
  Micro genesis;
  Micro max_supply;

  // --- block emission (assumption): monthly schedule, split per step
  MonthlySchedule emission;
  Fraction32 miner_share;           // to PoW miners (holders)
  Fraction32 dev_share;             // to the developer wallet (treasury)
  Fraction32 miner_sell_share;      // of the miners' share, sold on the AMM as mined
  // the rest is the marketplace pool: hosting rewards of rented machines

  // --- marketplace fees (seed) and payment mix (assumption)
  double fee_rate[kPayModes];
  double mode_share[kPayModes];
  double spot_price_ratio;
  double spot_clore_share;
  double host_fee_share;
  double usd_order_fee;             // per order, USD (seed: below $0.01)
  double mean_order_hours;
  FeeMix mix;                       // per dollar of listed value
  double buyback_share;             // of non-CLORE fee revenue, buys CLORE
  bool revenue_burned;              // fee tokens and buybacks: burned (else treasury)

  // --- Proof of Holding (assumption curve)
  double poh_bonus_max;
  Micro poh_full_holding;           // per machine
  std::uint64_t poh_holder_threshold;  // P(provider holds) as u32 threshold
  double poh_holding_median;        // tokens per machine, lognormal median
  double poh_holding_sigma;

  // --- outside option: mining income per unit-hour, log-OU with jumps
  double mining0;                   // USD per unit-hour, reference rig
  double mining_growth_per_step;
  double mining_ou_decay;
  double mining_ou_sd;
  double mining_jump_lambda;
  double mining_jump_mu;
  double mining_jump_sigma;
  double idle_power_share;

  // --- token market (MODEL.md 1)
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  // --- demand (MODEL.md 1), in capacity units per hour
  double initial_rented_share;      // seed: 3,058 / 4,797 of the genesis machines rented
  double growth_per_step;
  double ou_decay;
  double ou_sd;
  double jump_lambda_per_step;
  double jump_mu;
  double jump_sigma;
  double diurnal[24];
  double elasticity;
  double price_edge[kMeritBuckets + 1];   // ask grid, USD per unit-hour; the top edge is renters' maximum

  // --- providers (MODEL.md 1 "Agents")
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;
  double markup_lo, markup_hi;
  double markup_step;               // daily relative markup change (0: fixed markups)
  std::int32_t n_hardware;
  HardwareClass hardware[kMaxHardwareClasses];
  double hw_weight[kMaxHardwareClasses];  // entry shares, for the mining return of the entry signal
  double capex_per_machine_mean;         // weighted, for the mining return

  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];

  // --- risk-event thresholds
  double collapse_fraction;
  double crash_fraction;
  double treasury_burn_usd_per_day;   // the treasury's obligations (treasury.hpp)
};

}  // namespace ts::clore
