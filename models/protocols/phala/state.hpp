#pragma once
// Mutable state of one Phala path: the network (one per path) and the miner
// agent slots. A miner agent is a cohort of identical workers (SGX machines,
// MODEL.md 1 "Scale") of one hardware class and confidence tier, each with
// the same stake; the stake-split probe's workers are cohorts of one.
//
// Miner states (seed 001: "Idle (online), Active (assigned computation task),
// CoolingDown, Stop"): a `mining` cohort's online workers are Active while
// they run a contract and Idle otherwise (the CPU is fully used either way,
// so their costs are equal); `cooling_down` waits for the stake's release;
// Stop is the slot left vacant.
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
#include "models/protocols/phala/params.hpp"

namespace ts::phala {

enum class Status : std::uint8_t { vacant = 0, entering = 1, mining = 2, cooling_down = 3 };

// The stake-split probe's roles (MODEL.md 2.6 stress).
enum class Probe : std::uint8_t { none = 0, whale = 1, small = 2 };

struct Miner {
  ProviderAccounts acc;             // liquid (rewards, gas), bonded (stake), unbonding_own (cooling down)
  UnbondingRing<kMaxCooldownDays + 1> cooldown;   // when the stake is released (daily ring)
  Status status;
  Probe probe;
  std::uint8_t hardware;
  std::uint8_t tier;                // 0-based: confidence level tier + 1
  std::int32_t workers;
  double p_up;
  BinomialTable online_draw;        // workers online per step, prepared at entry
  double sell_fraction;             // share of liquid PHA sold each day
  double capex_usd;                 // all workers
  double perf_term;                 // w P conf of the share
  Micro stake_per_worker;
  Micro value;                      // V per worker (cohort mean)
  Micro accrued;                    // V - V_last: V's change since the last payout (cohort mean)
  Micro value_initial;              // V^e per worker
  std::int32_t joined_step;
  TrailingIncome income;            // trailing net USD income (MODEL.md 1 exit rule)
  Micro reward_cum;                 // subsidy payouts + gas received (PHA)
  // benchmark_inflation (MODEL.md 2.6): an attacker reports an inflated P
  // until a re-benchmark catches it; its honest twin (attack_gain.hpp)
  // reports the real P, with V, payouts and contracts of its own.
  std::uint8_t attacker;            // joined as an attacker (its twin is tracked until it stops)
  std::uint8_t inflating;           // still reporting the inflated P
  std::uint8_t caught;              // caught by this step's re-benchmark (slashed in P3)
  double twin_perf_term;            // w P conf at the real P
  Micro twin_value, twin_accrued, twin_value_initial;
  Micro twin_stake;                 // the stake it entered with (the twin is never slashed)
  std::int64_t twin_weight;
  std::int32_t twin_contracts;
  double profit_usd;                // an attacker's net USD: -capex, -stake bought, -opex, income at receipt
  double twin_profit_usd;
  // Per-step scratch, written in one phase and read in the next.
  std::int32_t online;
  std::int32_t contracts;           // contract-hours run this step
  std::int64_t weight;              // selection weight of its online workers
};

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;              // reward_reserve = the mining subsidy pool
  AmmPool amm;
  double price;
  double demand_x;                  // log-OU state of contract demand
  double demand_units;              // contracts wanting to run this step, per hour
  double served_units;              // contract-hours run this step, per hour
  double contracts_open;            // expected contracts to place among all tiers
  double contracts_restricted;      // among the tiers allowed by restricted contracts
  Micro budget_step;                // miners' part of this step's subsidy budget
  Micro gas_per_contract;           // PHA a contract paid this step (0 when gas could not be bought)
  std::int64_t weight_total;        // online workers' selection weights
  std::int64_t weight_restricted;   // of those in tiers 1..max_restricted_tier
  Micro emitted_cum;                // paid out of the reserve: payouts and the treasury's share
  Micro slashed_cum;                // stake withheld at final payouts
  double fees_usd_cum;              // developers' gas, at the price paid
  double reward_scale;              // payouts / miners' budget of the step
  std::uint8_t entry_cancelled;
  std::int32_t initial_miners;
  std::int32_t providers_online;
  std::int32_t workers_online;
  std::int32_t workers_active;      // online workers running a contract
  AttackLedger attack;              // the attack's profit against honest play
  double attacker_profit_gone;      // of attackers that stopped mining
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// P1: heartbeats and selection weights (integers: any order gives the same sums).
struct OnlineSums {
  std::int64_t weight_total = 0;
  std::int64_t weight_restricted = 0;
  Micro entry_stake = 0;            // tokens entrants buy
  std::int32_t workers_online = 0;
  std::int32_t providers_online = 0;

  TS_HD_INLINE void add(const OnlineSums& o) {
    weight_total += o.weight_total;
    weight_restricted += o.weight_restricted;
    entry_stake += o.entry_stake;
    workers_online += o.workers_online;
    providers_online += o.providers_online;
  }
};

// P2: payouts and contracts.
struct WorkSums {
  Micro reward_paid = 0;            // reserve -> miners
  std::int64_t contract_hours = 0;
  std::int32_t workers_active = 0;

  TS_HD_INLINE void add(const WorkSums& o) {
    reward_paid += o.reward_paid;
    contract_hours += o.contract_hours;
    workers_active += o.workers_active;
  }
};

// P3: gas, daily decisions, exits.
struct SettleSums {
  Micro gas_taken = 0;              // clearing -> miners
  Micro withheld = 0;               // stake withheld at final payouts -> treasury
  Micro sold = 0;                   // miners -> AMM
  Micro miners_total = 0;           // all miner accounts after the step
  MicroUsd income_ema_sum = 0;      // mining cohorts, for the entry signal
  MicroUsd capex_sum = 0;
  MicroUsd profit_gone = 0;         // attackers that stopped mining this step
  AttackSums attack;
  std::int32_t mining = 0;          // mining cohorts

  TS_HD_INLINE void add(const SettleSums& o) {
    profit_gone += o.profit_gone;
    attack.add(o.attack);
    gas_taken += o.gas_taken;
    withheld += o.withheld;
    sold += o.sold;
    miners_total += o.miners_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    mining += o.mining;
  }
};

}  // namespace ts::phala
