#pragma once
// Immutable parameters of one Akash point (MODEL.md 2.2), built on the host.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/merit_order.hpp"

namespace ts::akash {

inline constexpr int kMaxProviderClasses = 8;
inline constexpr int kMaxShocks = 8;
inline constexpr int kStakeUnbondingDays = 32;   // network-level ring: up to 31 days (Cosmos: 21)

struct ProviderClass {
  std::int32_t capacity_units;   // compute units a provider offers
  double capex_usd;              // of the whole provider
  double opex_usd_per_unit_hour; // running cost
  double cost_usd_per_unit_hour; // opex plus capex amortisation: the floor of its bids
  std::uint64_t cum_threshold;   // draw: first class with u32 < cum_threshold
};

struct Shock {
  std::int32_t start_step, end_step;
  double demand_mult, price_mult;
};

struct Params {
  // time
  std::int32_t dt_hours, n_steps, snapshot_every, steps_per_day;
  double dt_years;
  // population
  std::int32_t max_providers, initial_providers;
  // self_lease attackers (MODEL.md 1 "Attackers"): a share of entrants that
  // lease their own free capacity to farm the subsidy paid by leased capacity.
  std::uint64_t attacker_threshold;  // P(entrant attacks) as u32 threshold
  Fraction32 self_lease_share;       // share of its free capacity an attacker leases to itself each step
  std::int32_t n_classes;
  ProviderClass classes[kMaxProviderClasses];
  double markup_lo, markup_hi;       // bid = cost * (1 + markup)
  double bid_edges[kMeritBuckets + 1];   // price grid of the reverse auction (ceiling above every bid)
  double lease_end_per_step;         // hazard of a lease ending in a step (dt / mean duration)
  // supply and inflation (Cosmos x/mint)
  Micro genesis, max_supply;
  Micro genesis_bonded;              // staked at t = 0
  Micro genesis_community_pool;
  double inflation0, inflation_min, inflation_max0, inflation_half_life_years;
  double inflation_rate_change, goal_bonded;
  // fees (take/make with the currency's discount)
  double take_rate, make_rate, discount_akt, discount_usdc;
  double pay_in_akt_share;
  // incentive distribution pool
  double inflation_to_pool;          // share of provisions into the pool (the rest to stakers)
  double pool_provider_subsidy, pool_stakers, pool_public_goods, pool_community;   // the rest is burned
  // stakers
  double staker_hurdle_apy, restake_rate;
  std::int32_t unbonding_days;
  // market
  double p0, amm_usd0, amm_fee, flow_mu_dt, flow_sigma_sqrt_dt;
  double outside_float;   // outside traders' float, x the AMM's token reserve
  // demand: leased capacity wanted (units), MODEL.md 1
  double demand0, growth_per_step, ou_decay, ou_sd, jump_lambda_per_step, jump_mu, jump_sigma;
  double diurnal[24];
  double elasticity, reference_price_usd;
  // providers
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry, entry_hurdle, sell_fraction_lo, sell_fraction_hi;
  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];
  // risk events
  double collapse_fraction, crash_fraction;
  double treasury_burn_usd_per_day;   // the treasury's obligations (treasury.hpp)
};

}  // namespace ts::akash
