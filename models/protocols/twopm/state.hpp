#pragma once
// Mutable state of one 2PM.Network path: the network (one per path) and the
// participant slots. Slots [0, max_nodes) are compute nodes (they enter,
// stake, serve FHE and federated-learning tasks, exit); the slots after them
// are data contributors, honest first, then poison (a fixed population).
//
// Royalty tokens move only by ledger transfers (micro-tokens): the two vaults
// (compute and data) pay the rounds' pools to participants' wallets; nodes
// stake from their wallets; slashes are burned; sales go to the AMM.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/mechanisms/weighted_lottery.hpp"
#include "models/metrics.hpp"
#include "models/protocols/twopm/data_score.hpp"
#include "models/protocols/twopm/params.hpp"

namespace ts::twopm {

enum class Kind : std::uint8_t { node = 0, honest = 1, poison = 2 };
// Nodes go vacant -> entering -> active -> exiting -> vacant; contributors
// are active from genesis to the horizon.
enum class Status : std::uint8_t { vacant = 0, entering = 1, active = 2, exiting = 3 };

struct Participant {
  ProviderAccounts acc;             // liquid: royalty tokens held; bonded: a node's stake
  UnbondingQueue unbonding;         // a leaving node's stake, by release day
  Status status;
  Kind kind;
  std::uint8_t hardware;
  std::uint8_t committed;           // node: staked at least min_stake at the round's start
  std::uint8_t online;              // node: delivered its round
  std::uint8_t submitted;           // contributor: submitted a batch this round
  double p_up;                      // node: P(delivering a round)
  double sell_fraction;             // share of the wallet sold each day
  double capex_usd;
  Micro target_stake;               // node: what it stakes (and tops back up to)
  std::int32_t joined_step;
  TrailingIncome income;            // node: net USD (exit rule); contributor: USD received
  Micro reward_cum;                 // royalty tokens received so far
  double received_usd_cum;          // ... valued at the price of each round
  double cond[kMaxBins];            // contributor: its data source, conditional bin probabilities
  // Per-round scratch, written in phase 1 and read in phase 2 (and by tests).
  std::int64_t work;                // node: federated-learning work delivered this round
  Score score;                      // contributor: the batch's score after the cap
  Score raw_score;                  // ... before the cap
  Micro paid_round;                 // royalty tokens received this round
};

struct Network {
  NetworkAccounts acc;              // reward_reserve stays 0: the vaults are below
  Micro compute_vault;              // royalty tokens for compute, not yet paid
  Micro data_vault;                 // royalty tokens for data, not yet paid
  AmmPool amm;
  double price;
  // This round (set in begin_step and after phase 1).
  Micro compute_scheduled;          // the schedule's pools of the round (before the vault's limit)
  Micro data_scheduled;
  Micro compute_pool;               // what the vaults pay this round
  Micro data_pool;
  Micro task_pool;                  // each task's equal share of the compute pool
  Micro fl_pool;                    // the federated-learning tasks' shares together
  std::int32_t n_fhe;
  std::uint8_t task_is_fhe[kMaxTasks];
  std::int32_t fhe_winner[kMaxTasks];   // slot drawn by the stake-weighted lottery, -1: none
  std::int64_t fl_work;             // work delivered by online committed nodes
  Score score_total;                // sum of capped scores of the round's batches
  std::uint8_t entry_cancelled;
  // The last round's figures (metrics).
  Micro compute_paid_round;
  Micro data_paid_round;
  Micro poison_paid_round;
  Micro honest_paid_round;
  std::int32_t batches_honest;
  std::int32_t batches_poison;
  std::int32_t honest_capped;
  Score raw_score_honest;           // sums of raw scores (fixed point)
  Score raw_score_poison;
  double reward_scale;              // paid / scheduled, both pools
  std::int32_t nodes_online;
  // Cumulative figures.
  Micro compute_paid_cum;
  Micro data_paid_cum;
  Micro poison_paid_cum;
  double poison_excess_usd_cum;     // poison payouts above their honest twins', USD at receipt
  AttackLedger attack;              // the attack's profit against honest play (attack_gain.hpp)
  Micro honest_paid_cum;
  std::int64_t batches_honest_cum;
  std::int64_t batches_poison_cum;
  Micro slashed_cum;
  std::int32_t fhe_failed_cum;      // FHE tasks whose node did not deliver
  std::int32_t initial_nodes;
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// Phase 1: the round's lotteries, work and scores (integers and an order-free
// minimum, DESIGN.md principle 4).
struct RoundSums {
  LotteryTicket fhe[kMaxTasks];
  std::int64_t fl_work = 0;
  Micro entry_stake = 0;            // stake entrants buy
  Score score_total = 0;
  Score raw_score_honest = 0;
  Score raw_score_poison = 0;
  std::int32_t batches_honest = 0;
  std::int32_t batches_poison = 0;
  std::int32_t honest_capped = 0;
  std::int32_t nodes_online = 0;

  TS_HD_INLINE void add(const RoundSums& o) {
    for (int k = 0; k < kMaxTasks; ++k) fhe[k].add(o.fhe[k]);
    fl_work += o.fl_work;
    entry_stake += o.entry_stake;
    score_total += o.score_total;
    raw_score_honest += o.raw_score_honest;
    raw_score_poison += o.raw_score_poison;
    batches_honest += o.batches_honest;
    batches_poison += o.batches_poison;
    honest_capped += o.honest_capped;
    nodes_online += o.nodes_online;
  }
};

// Phase 2: royalty payouts and slashes.
struct PayoutSums {
  Micro fhe_paid = 0;
  Micro fl_paid = 0;
  Micro data_paid_honest = 0;
  Micro data_paid_poison = 0;
  Micro slashed = 0;
  std::int32_t fhe_failed = 0;

  TS_HD_INLINE void add(const PayoutSums& o) {
    fhe_paid += o.fhe_paid;
    fl_paid += o.fl_paid;
    data_paid_honest += o.data_paid_honest;
    data_paid_poison += o.data_paid_poison;
    slashed += o.slashed;
    fhe_failed += o.fhe_failed;
  }
};

// Phase 3: daily decisions and the population's totals.
struct SettleSums {
  Micro sold = 0;                   // participants -> AMM
  Micro participants_total = 0;     // all participants' accounts after the step
  MicroUsd income_ema_sum = 0;      // active nodes, for the entry signal
  MicroUsd capex_sum = 0;
  std::int32_t active = 0;
  std::int32_t poison_in_profit = 0;   // poison contributors paid anything so far (their junk costs nothing)

  TS_HD_INLINE void add(const SettleSums& o) {
    sold += o.sold;
    poison_in_profit += o.poison_in_profit;
    participants_total += o.participants_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    active += o.active;
  }
};

}  // namespace ts::twopm
