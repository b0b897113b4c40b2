#pragma once
// Mutable state of one Clore.ai path: the network (one per path) and the
// provider agent slots (hosts; each a cohort of identical machines).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/metrics.hpp"
#include "models/protocols/clore/params.hpp"

namespace ts::clore {

enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2 };

// One host agent: `machines` identical machines of one hardware class
// (MODEL.md 1 "Scale"). Its CLORE sits in acc.liquid: Proof of Holding
// locks nothing, so there is no bonded stake and nothing to slash.
struct Provider {
  ProviderAccounts acc;
  Status status;
  std::uint8_t hardware;
  std::uint8_t self_renter;         // attacks by renting its own idle machines (self_rent)
  std::int16_t bucket;              // price bucket of this step's ask; -1: above renters' maximum
  std::int32_t machines;
  std::int32_t units_per_machine;
  double markup;                    // ask = (1 + markup) x reservation price (drawn at entry, adjusted daily)
  double sell_fraction;             // daily share of holdings above target sold
  Micro target_holding;             // PoH: CLORE the host keeps (whole cohort)
  double capex_usd;                 // whole cohort
  std::int32_t joined_step;
  TrailingIncome income;            // trailing net USD income (exit rule)
  std::int64_t rented_hours_day;    // machine-hours rented in the day so far
  Micro reward_day;                 // hosting rewards of the day so far
  Micro bonus_day;                  // their PoH part
  Micro reward_trailing;            // integer EMAs of daily rewards and PoH bonuses
  Micro bonus_trailing;             //   (window = providers.exit_window)
  Micro bonus_cum;
  // Per-step scratch, written in one phase and read in the next (and by tests).
  double ask;                       // USD per unit-hour
  double outside;                   // outside option per unit-hour, net of power
  double bonus_rate;                // PoH bonus rate of this step
  std::int32_t rented;              // machines rented this step
  std::int64_t weight;              // hosting-reward weight (base + bonus)
  std::int64_t bonus_weight;        // its PoH part
  MicroUsd clore_host_usd;          // host's CLORE-paid receipts this step
  Micro sold_step;                  // tokens this host sold this step
  std::int32_t self_rented;         // machines it rents itself this step
  std::int64_t twin_weight;         // its weight without them (the honest twin's)
  double self_rent_fee_usd;         // the fee it pays on them this step
  double profit_usd;                // a self-renter's net USD: -capex, cash, tokens at receipt, -fees
  double twin_profit_usd;           // its honest twin's, the same way (attack_gain.hpp)
};

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;
  AmmPool amm;
  Micro minted_cum;
  Micro emitted_cum;                // emission paid out: miners, developers, hosting rewards
  double treasury_usd;
  double fees_usd_cum;
  double price;
  double demand_x;                  // log-OU state of demand
  double mining_x;                  // log-OU state of mining income
  double demand0;                   // genesis demand: initial_rented_share x genesis capacity
  double ref_cost;                  // renters' cost per unit-hour at genesis (the elasticity's P_ref)
  double last_cost;                 // renters' mean cost per unit-hour in the last step with rentals
  double demand_units;
  double served_units;
  double online_units;
  double offered_units;
  double mining_units;
  double utilization;
  double lease_price;               // mean ask paid per unit-hour
  double mining_income;             // outside income per unit-hour of the reference rig
  double mining_ema;                // its daily EMA (entry signal)
  MeritClearing clearing;
  Micro step_pool;                  // marketplace pool minted this step
  Micro host_budget;                // hosting rewards paid this step
  std::int64_t weight_total;
  Micro clore_for_hosts;            // tokens bought by renters owed to hosts
  MicroUsd clore_host_total;
  std::int32_t machines_online;
  std::int32_t machines_rented;
  std::int32_t providers_online;
  std::uint8_t entry_cancelled;
  std::int32_t initial_providers;
  double self_rent_usd_cum;         // listed value self-renters paid themselves so far
  AttackLedger attack;              // the attack's profit against honest play
  double attacker_profit_gone;      // net profit of self-renters that have left
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// P1: offers. Capacity units per price bucket of the shared merit order
// (models/mechanisms/merit_order.hpp) and integer population sums.
struct OfferSums {
  std::int64_t offers[kMeritBuckets] = {};
  std::int64_t online_units = 0;
  std::int32_t machines = 0;
  std::int32_t providers = 0;
  Micro entry_tokens = 0;           // PoH holdings entrants buy

  TS_HD_INLINE void add(const OfferSums& o) {
    for (int b = 0; b < kMeritBuckets; ++b) offers[b] += o.offers[b];
    online_units += o.online_units;
    machines += o.machines;
    providers += o.providers;
    entry_tokens += o.entry_tokens;
  }
};

// P2: rentals and payments (micro-USD).
struct RentalSums {
  std::int64_t weight = 0;
  std::int64_t rented_units = 0;
  std::int64_t mining_units = 0;
  std::int32_t rented_machines = 0;
  MicroUsd listed_value = 0;        // asks x unit-hours rented
  MicroUsd renter_cost = 0;         // what renters paid, fees included
  MicroUsd platform_fee = 0;
  MicroUsd clore_renter = 0;        // renters' CLORE-paid part (bought on the AMM)
  MicroUsd clore_host = 0;          // hosts' CLORE-paid receipts
  MicroUsd self_rent_listed = 0;    // self-rentals' listed value

  TS_HD_INLINE void add(const RentalSums& o) {
    self_rent_listed += o.self_rent_listed;
    weight += o.weight;
    rented_units += o.rented_units;
    mining_units += o.mining_units;
    rented_machines += o.rented_machines;
    listed_value += o.listed_value;
    renter_cost += o.renter_cost;
    platform_fee += o.platform_fee;
    clore_renter += o.clore_renter;
    clore_host += o.clore_host;
  }
};

// P3: settlement and daily decisions.
struct SettleSums {
  Micro reward_paid = 0;            // reserve -> hosts
  Micro clore_taken = 0;            // clearing -> hosts
  Micro sold = 0;                   // hosts -> AMM
  Micro providers_total = 0;
  MicroUsd income_ema_sum = 0;      // active hosts, for the entry signal
  MicroUsd capex_sum = 0;
  MicroUsd profit_gone = 0;         // net profit of self-renters leaving this step
  AttackSums attack;
  std::int32_t active = 0;

  TS_HD_INLINE void add(const SettleSums& o) {
    profit_gone += o.profit_gone;
    attack.add(o.attack);
    reward_paid += o.reward_paid;
    clore_taken += o.clore_taken;
    sold += o.sold;
    providers_total += o.providers_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    active += o.active;
  }
};

}  // namespace ts::clore
