#pragma once
// Mutable state of one Hanzo path: the network (one per path) and the
// provider agent slots. Plain structs: host memory on the CPU, one slot per
// thread on the GPU (the network lives in shared memory there, so it stays
// small: per-holder balances are not state, see governance.hpp).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/variates.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/unlock_dump.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/metrics.hpp"
#include "models/protocols/hanzo/params.hpp"

namespace ts::hanzo {

enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2, exiting = 3 };

// One provider agent: a cohort of `nodes` identical nodes (MODEL.md 1 "Scale").
struct Provider {
  ProviderAccounts acc;             // liquid, bonded, delegated, unbonding_own, unbonding_delegated
  UnbondingQueue own_queue;         // its total is acc.unbonding_own
  UnbondingQueue delegated_queue;   // its total is acc.unbonding_delegated
  Status status;
  Strategy strategy;
  std::uint8_t hardware;
  std::uint8_t tier;                // privacy tier it claims (attested)
  std::int32_t nodes;
  double p_up;                      // reliability, Beta(a, b) at entry
  BinomialTable online_draw;        // nodes really online per step
  double sla;                       // SLA performance in [0, 1], Beta at entry
  double job_rate_mult;             // quality_multiplier * tier_bonus
  double duration_mult;             // of its lock period (staking power)
  double reputation;                // 0..1000
  std::uint64_t violation_threshold;   // P(random SLA violation per day), u32
  double sell_fraction;
  double capex_usd;                 // hardware of the cohort
  double profit_usd;                // realised net USD (capex, stake bought, sales, opex)
  double twin_profit_usd;           // an attacker's honest twin: the same, income at receipt (attack_gain.hpp)
  std::int32_t joined_step;
  std::int32_t lock_until;          // no unstaking before this step
  TrailingIncome income;
  Micro day_stake_reward;           // availability reward of its whole stake today (for the APY)
  Micro delegation_request;         // asked of holders, settled next step
  Micro rewards_cum;                // availability rewards + job income (for the Gini)
  // The day's SLA record: jobs routed and failed, worst random violation.
  double day_routed;
  double day_failed;
  double day_severity;              // < 0: no random violation today
  // Per-step scratch, written in one phase and read in the next.
  std::int32_t claimed_online;      // nodes reported available
  std::int32_t real_online;         // nodes really running
  Micro route_weight;               // staking power of its available nodes (micro units)
  Micro avail_weight;               // stake * utilization (micro-tokens)
  std::int64_t capacity;            // tokens it offers this step (claimed)
  std::int64_t real_capacity;       // tokens it can really serve this step
  std::int64_t routed;              // first-round allocation (claimed capacity)
  std::int64_t delivered;           // tokens served so far this step
  std::int64_t spare;               // claimed capacity left after the first round
  Micro job_pay;                    // first-round payment
  Micro spare_pay;                  // payment its spare capacity would earn
  Micro claim;                      // availability claim of this step
};

TS_HD_INLINE bool is_attacker(const Provider& v) { return v.strategy != Strategy::honest; }

// The tokens a provider owns: never its delegators' (MODEL.md 1 "Attackers").
TS_HD_INLINE Micro own_tokens(const Provider& v) { return v.acc.liquid + v.acc.bonded + v.acc.unbonding_own; }

// Net profit marked to market on the tokens it owns.
TS_HD_INLINE double mark_to_market(const Provider& v, double price) {
  return v.profit_usd + to_tokens(own_tokens(v)) * price;
}

// The attack's profit against honest play (attack_gain.hpp): the twin holds
// the attacker's stake; its income counts at the price it was received.
TS_HD_INLINE double attack_gain_of(const Provider& v, double price) {
  return v.profit_usd + to_tokens(v.acc.liquid) * price - v.twin_profit_usd;
}

struct Network {
  TreasuryObligations treasury_obligations;   // paid and unpaid so far (treasury.hpp)
  NetworkAccounts acc;
  AmmPool amm;
  // The provider rewards pool (30% of fees): an account of the path beside
  // NetworkAccounts (the ledger check counts it), so that `reward_reserve`
  // is the 25% mining allocation alone and reaches exactly 0 when it is spent.
  Micro provider_pool;
  Micro emission_due_cum;           // what the schedule asked for so far
  Micro emitted_cum;                // availability rewards paid out of the mining pool so far
  Micro fee_rewards_paid_cum;       // ... and out of the fee-funded provider rewards pool
  Micro slashed_cum;
  Micro job_payments_cum;
  Micro team_unlocked;              // part of `holders` held by team members
  double fees_usd_cum;
  double price;                     // AMM token price (USD)
  double inference_price;           // AI per inference token (the step's base_rate)
  double demand_x;                  // log-OU state of demand
  double demand_units;              // inference tokens requested per hour
  double capacity_units;            // offered per hour
  double day_demand_units;          // sums over the day's steps, for the daily price update
  double day_capacity_units;
  double served_units;              // served per hour
  double utilization;
  double nf;                        // network_factor = demand / supply
  double claim_nf;                  // the factor availability claims carry (nf, or 1 when it cancels)
  double route_per_weight;          // tokens routed per unit of staking power
  Micro due;                        // emission scheduled this step
  Micro total_avail_weight;
  Micro mining_budget;              // min(due, reward_reserve): the emission the reserve can pay
  Micro budget;                     // availability budget of this step
  Fraction32 pay_fraction;          // share of each availability claim paid
  double reward_scale;
  Fraction32 fill;                  // share of spare capacity filled by re-routed jobs
  std::uint8_t jobs_cancelled;      // the AMM could not supply the users' tokens
  std::uint8_t entry_cancelled;
  Fraction32 delegation_fill;
  Micro delegation_requested;
  std::int32_t initial_providers;
  std::int32_t providers_online;
  std::int32_t nodes_online;
  double attacker_realized_usd;     // profit of attackers already caught
  AttackLedger attack;              // the attack's profit against honest play
  UnlockDumpLedger unlock_dump;     // unlock_dump holders against the honest sale rule
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// Per-step population sums: integers only, so any summation order gives the
// same result (DESIGN.md principle 4).
struct OnlineSums {
  std::int64_t capacity = 0;        // tokens offered
  Micro route_weight = 0;
  Micro avail_weight = 0;
  Micro entry_stake = 0;
  Micro released_to_holders = 0;    // delegators' stake out of unbonding
  Micro delegation_settled = 0;
  std::int32_t providers_online = 0;
  std::int32_t nodes_online = 0;

  TS_HD_INLINE void add(const OnlineSums& o) {
    capacity += o.capacity;
    route_weight += o.route_weight;
    avail_weight += o.avail_weight;
    entry_stake += o.entry_stake;
    released_to_holders += o.released_to_holders;
    delegation_settled += o.delegation_settled;
    providers_online += o.providers_online;
    nodes_online += o.nodes_online;
  }
};

struct MarketSums {
  std::int64_t overflow = 0;        // routed beyond claimed capacity
  std::int64_t spare = 0;           // claimed capacity left
  Micro job_pay = 0;                // first round
  Micro spare_pay = 0;
  Micro claims = 0;

  TS_HD_INLINE void add(const MarketSums& o) {
    overflow += o.overflow;
    spare += o.spare;
    job_pay += o.job_pay;
    spare_pay += o.spare_pay;
    claims += o.claims;
  }
};

struct SettleSums {
  Micro job_paid = 0;               // gross payments providers received (before fee)
  Micro job_fee = 0;
  std::int64_t served = 0;          // tokens served
  Micro reward_paid = 0;            // availability rewards out of the reserve
  Micro slashed = 0;
  Micro unstake_burned = 0;
  Micro sold = 0;                   // providers -> AMM
  Micro returned_to_holders = 0;    // delegators' stake left after a malicious slash
  Micro delegation_requests = 0;
  Micro providers_total = 0;
  MicroUsd income_ema_sum = 0;
  MicroUsd capex_sum = 0;
  MicroUsd caught_attacker_profit = 0;
  AttackSums attack;
  std::int32_t active = 0;

  TS_HD_INLINE void add(const SettleSums& o) {
    job_paid += o.job_paid;
    job_fee += o.job_fee;
    served += o.served;
    reward_paid += o.reward_paid;
    slashed += o.slashed;
    unstake_burned += o.unstake_burned;
    sold += o.sold;
    returned_to_holders += o.returned_to_holders;
    delegation_requests += o.delegation_requests;
    providers_total += o.providers_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    caught_attacker_profit += o.caught_attacker_profit;
    attack.add(o.attack);
    active += o.active;
  }
};

}  // namespace ts::hanzo
