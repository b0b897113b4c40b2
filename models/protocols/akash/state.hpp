#pragma once
// Mutable state of one Akash path.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/metrics.hpp"
#include "models/protocols/akash/params.hpp"

namespace ts::akash {

enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2 };

struct Provider {
  ProviderAccounts acc;            // liquid only: Akash providers hold no bonded stake here
  Status status;
  std::uint8_t provider_class;
  std::uint8_t self_leaser;        // attacks by leasing its own capacity (self_lease)
  std::int32_t bucket;             // price bucket of its bid
  std::int32_t capacity;           // units offered
  std::int32_t leased;             // units under lease
  double bid_usd;                  // per unit-hour: cost * (1 + markup)
  double cost_usd;                 // per unit-hour
  double capex_usd;
  double sell_fraction;
  std::int32_t joined_step;
  TrailingIncome income;
  Micro day_tokens_earned;
  Micro rewards_cum;               // subsidies and AKT lease income (Gini)
  std::uint32_t draw;              // uniform word of the step (lease ends, clearing share)
  MicroUsd revenue_akt_usd;        // this step's lease value paid in AKT (self-leases included)
  std::int32_t self_leased;        // units it leases to itself this step (one-step leases)
  MicroUsd self_lease_usd;         // what it pays itself for them, in AKT, as the tenant
  double profit_usd;               // a self-leaser's net USD: -capex, income at receipt, -running, -self-leases
  double twin_profit_usd;          // its honest twin's, the same way (attack_gain.hpp)
};

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;             // treasury = public goods fund
  Micro bonded;                    // staked AKT
  UnbondingRing<kStakeUnbondingDays> unbonding;
  AmmPool amm;
  Micro minted_cum, emitted_cum, pool_cum;
  double inflation, price, inv_price, demand_x, demand_units, leased_units, capacity_units;
  double fees_usd_cum, treasury_usd, lease_revenue_usd;
  MeritClearing clearing;
  // the step's pool, bought and minted, paid out in phase 3 and end_step
  Micro pool_inflation, staker_provisions;
  Micro clearing_for_providers;    // AKT bought by tenants for providers
  MicroUsd akt_revenue_total;
  Micro subsidy_total;
  std::int64_t leased_total;
  double staker_reward_day;        // tokens to stakers today (for the APY)
  double staking_apy;
  std::int32_t initial_providers;
  std::int64_t self_leased_total;  // units self-leased this step (in leased_total, not in leased_units)
  MicroUsd self_lease_usd_cum;     // what self-leasers paid themselves so far
  AttackLedger attack;             // the attack's profit against honest play
  double attacker_profit_gone;     // net profit of self-leasers that have left
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

struct Sums1 {
  std::int64_t offers[kMeritBuckets] = {};   // free units per price bucket
  std::int64_t leased = 0;         // units still leased after this step's expiries
  std::int64_t capacity = 0;
  Micro entry_cost = 0;            // unused: providers join without a token stake
  TS_HD_INLINE void add(const Sums1& o) {
    for (int b = 0; b < kMeritBuckets; ++b) offers[b] += o.offers[b];
    leased += o.leased;
    capacity += o.capacity;
    entry_cost += o.entry_cost;
  }
};

struct Sums2 {
  std::int64_t leased = 0;         // leased to tenants
  std::int64_t self_leased = 0;    // leased by self-leasers to themselves
  MicroUsd self_lease_usd = 0;
  MicroUsd revenue_akt = 0;        // lease value paid in AKT (micro-USD), self-leases included
  MicroUsd revenue_usdc = 0;       // lease value paid in USDC
  MicroUsd revenue_usd_weighted = 0;   // sum of leased units x bid (for the mean price), micro-USD
  TS_HD_INLINE void add(const Sums2& o) {
    leased += o.leased;
    self_leased += o.self_leased;
    self_lease_usd += o.self_lease_usd;
    revenue_akt += o.revenue_akt;
    revenue_usdc += o.revenue_usdc;
    revenue_usd_weighted += o.revenue_usd_weighted;
  }
};

struct Sums3 {
  Micro clearing_taken = 0;        // AKT lease payments taken by providers
  Micro subsidy_taken = 0;
  Micro sold = 0;
  Micro providers_total = 0;
  MicroUsd income_ema_sum = 0, capex_sum = 0;
  MicroUsd profit_gone = 0;        // net profit of self-leasers leaving this step
  AttackSums attack;
  std::int32_t active = 0;
  TS_HD_INLINE void add(const Sums3& o) {
    profit_gone += o.profit_gone;
    attack.add(o.attack);
    clearing_taken += o.clearing_taken;
    subsidy_taken += o.subsidy_taken;
    sold += o.sold;
    providers_total += o.providers_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    active += o.active;
  }
};

}  // namespace ts::akash
