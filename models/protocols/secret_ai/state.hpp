#pragma once
// Mutable state of one Secret AI path: the network (one per path) and the
// worker agent slots (max_workers per path). Plain structs: the CPU executor
// keeps them in host memory, the CUDA executor spreads the slots over a
// block's threads.
//
// Tokens (SCRT) are micro-token ledger accounts. User payments are USD
// (fiat converted to stablecoins, seed 000) and stay outside the token
// ledger, like the AMM's USD side, but they are integers (micro-USD) too, so
// that their own conservation is exact: user payments = worker payouts +
// protocol fees + rounding dust + pools not yet settled.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/variates.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/metrics.hpp"
#include "models/protocols/secret_ai/params.hpp"

namespace ts::secret_ai {

enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2, exiting = 3 };

// One worker agent: a cohort of `nodes` identical GPU nodes serving one
// service (MODEL.md 1 "Scale"). A sybil registers `identities` > nodes.
struct Worker {
  ProviderAccounts acc;             // liquid, bonded; unbonding_own mirrors `unbonding`
  UnbondingRing<kMaxUnbondingDays + 1> unbonding;   // when the unbonding stake is released (daily ring)
  Status status;
  Strategy strategy;
  std::uint8_t hardware;
  std::uint8_t service;
  std::uint8_t fee_eligible;        // counted in the stake total of this step (phase 1)
  std::int32_t nodes;
  std::int32_t identities;
  double p_up;
  BinomialTable online_draw;        // nodes online per step, prepared at entry
  double sell_fraction;             // share of liquid SCRT sold each day
  double capex_usd;                 // hardware of the cohort
  std::int32_t joined_step;
  TrailingIncome income;            // trailing net USD income (MODEL.md 1 exit rule)
  double profit_usd;                // realised cash: capex, stake bought, payouts, opex, fake jobs, sales
  MicroUsd attack_gain;             // the attack's own profit so far (0 for honest workers)
  MicroUsd income_cum;              // payouts + rewards + fee shares received (USD at receipt)
  // Epoch accumulators, settled and cleared at the epoch's end.
  std::int64_t epoch_input;         // input tokens served, kilo-tokens (fake jobs included)
  std::int64_t epoch_output;        // output tokens served, kilo-tokens (fake jobs included)
  std::int64_t epoch_fake;          // W of fake jobs (self_dealing), kW
  MicroUsd epoch_fake_paid;         // what the fake jobs cost, micro-USD
  std::int64_t epoch_uptime;        // identity-steps online with the minimum stake
  std::int64_t epoch_slots;         // identity-steps active (the uptime it could have had)
  // Per-step scratch, written in one phase and read in the next.
  std::int32_t online_nodes;
  std::int64_t capacity;            // kW this step
};

// A worker's net profit marked to market: realised USD plus every token it
// holds (a worker has no delegators; MODEL.md 1 "Attackers").
TS_HD_INLINE double mark_to_market(const Worker& v, double price) { return v.profit_usd + to_tokens(v.acc.total()) * price; }

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;              // treasury = Secret's community pool
  Micro chain_staked;               // SCRT staked on the chain (outside Secret AI): the fee's other stakers
  AmmPool amm;
  double price;
  double demand_x;                  // log-OU state of demand
  // This step, per service (kW per step).
  double usage[kMaxServices];       // requested by users
  double subscribed[kMaxServices];  // what subscribers pay for (trend demand, no noise)
  Fraction32 utilization[kMaxServices];   // served / capacity
  // Each service's price, moved daily by its utilisation (compute_market.hpp).
  RentMarket rent[kMaxServices];
  MicroUsd price_per_kw[kMaxServices];   // today's: the preset's price x rent index, whole micro-USD
  double demand_factor[kMaxServices];    // index^-e: users' answer to today's price
  // The epoch so far, per service.
  MicroUsd pool[kMaxServices];      // user payments not yet settled
  std::int64_t epoch_work[kMaxServices];
  std::int64_t epoch_capacity[kMaxServices];
  std::int64_t epoch_uptime;        // all workers' identity-steps with the minimum stake
  // The settlement of the epoch ending in this step (read by phase 3).
  std::uint8_t settling;
  MicroUsd fee[kMaxServices];
  MicroUsd fee_total;
  MicroUsd fee_usd;                 // paid to stakers in stablecoins
  Micro fee_scrt;                   // bought with the rest of the fee, in clearing
  Micro stake_total;                // chain stake + eligible workers' bonded stake
  Micro subsidy;                    // protocol rewards of the epoch
  double service_yield[kMaxServices];   // last epoch: payout per unit of capacity (entrants' choice)
  std::uint8_t have_yield;
  Micro stake_for_fee;              // eligible workers' bonded stake this step
  // Cumulative figures.
  MicroUsd user_payments_cum;       // fake jobs included
  MicroUsd self_dealt_cum;          // fake jobs' payments
  MicroUsd payouts_cum;
  MicroUsd fees_cum;
  MicroUsd usd_dust;                // rounding remainders of the payment splits
  Micro emitted_cum;                // subsidy paid
  Micro slashed_cum;
  double subsidy_usd_cum;
  double subsidy_dependence;        // subsidy / (subsidy + payouts) of the last epoch
  double reward_scale;              // paid / voted subsidy of the last epoch
  AttackLedger attack;              // the attack's profit against honest play (attack_gain.hpp)
  double attacker_profit_gone;      // mark-to-market profit of attackers that have left
  std::uint8_t entry_cancelled;
  std::int32_t initial_workers;
  std::int32_t providers_online;
  std::int32_t identities_online;
  double demand_units;              // million W per hour
  double served_units;
  double capacity_units;
  double utilization_all;
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// Per-step population sums: integers only, so any summation order gives the
// same result (DESIGN.md principle 4). Executors add these across slots.
struct OnlineSums {
  std::int64_t capacity[kMaxServices] = {};
  std::int64_t uptime = 0;          // identity-steps with the minimum stake
  Micro entry_stake = 0;            // tokens entrants buy
  Micro stake_for_fee = 0;          // bonded stake of active workers
  std::int32_t providers_online = 0;
  std::int32_t identities_online = 0;

  TS_HD_INLINE void add(const OnlineSums& o) {
    for (int s = 0; s < kMaxServices; ++s) capacity[s] += o.capacity[s];
    uptime += o.uptime;
    entry_stake += o.entry_stake;
    stake_for_fee += o.stake_for_fee;
    providers_online += o.providers_online;
    identities_online += o.identities_online;
  }
};

struct MarketSums {
  std::int64_t served[kMaxServices] = {};    // real users' work, kW
  std::int64_t fake[kMaxServices] = {};      // self-dealers' fake jobs, kW
  MicroUsd fake_paid[kMaxServices] = {};

  TS_HD_INLINE void add(const MarketSums& o) {
    for (int s = 0; s < kMaxServices; ++s) {
      served[s] += o.served[s];
      fake[s] += o.fake[s];
      fake_paid[s] += o.fake_paid[s];
    }
  }
};

struct SettleSums {
  MicroUsd payouts = 0;             // epoch payments to workers
  MicroUsd fee_usd_to_workers = 0;
  MicroUsd subsidy_usd = 0;         // value of the subsidy at the price of the step
  Micro reward_paid = 0;            // reserve -> workers
  Micro clearing_taken = 0;         // fee SCRT -> workers
  Micro slashed = 0;                // -> burned
  Micro sold = 0;                   // workers -> AMM
  Micro workers_total = 0;          // all worker accounts after the step
  MicroUsd income_ema_sum = 0;      // active workers, for the entry signal
  MicroUsd capex_sum = 0;
  AttackSums attack;                // attack gains: still in the network, and leaving this step
  MicroUsd profit_gone = 0;         // their mark-to-market profit
  std::int32_t active = 0;

  TS_HD_INLINE void add(const SettleSums& o) {
    payouts += o.payouts;
    fee_usd_to_workers += o.fee_usd_to_workers;
    subsidy_usd += o.subsidy_usd;
    reward_paid += o.reward_paid;
    clearing_taken += o.clearing_taken;
    slashed += o.slashed;
    sold += o.sold;
    workers_total += o.workers_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    attack.add(o.attack);
    profit_gone += o.profit_gone;
    active += o.active;
  }
};

}  // namespace ts::secret_ai
