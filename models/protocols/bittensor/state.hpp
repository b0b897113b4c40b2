#pragma once
// Mutable state of one Bittensor path (MODEL.md 2.3): the subnet's
// validators live in the network state (64 UIDs, a few numbers each), the
// miners are the agent slots. A miner keeps its own column of the weight
// matrix (the validators' u16 weights on it) and of the bond matrix, so
// every Yuma quantity but two normalisations is local to one slot: on the
// GPU one thread works through one miner's column (64 x 192 weights per
// path per tempo spread over a block's threads), on the CPU one loop.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/mechanisms/attack_gain.hpp"
#include "models/mechanisms/ledger.hpp"
#include "models/mechanisms/provider_lifecycle.hpp"
#include "models/mechanisms/yuma.hpp"
#include "models/metrics.hpp"
#include "models/protocols/bittensor/params.hpp"

namespace ts::bittensor {

enum class MinerStatus : std::uint8_t { vacant = 0, active = 1 };

struct Miner {
  MinerStatus status;
  std::uint8_t colluding;           // owned by the colluding validators' cartel
  std::int32_t registered_step;     // immunity from pruning runs from here
  double quality;                   // true quality q_j in [0, 1] that honest validators measure
  double sell_fraction;             // share of liquid TAO sold each day
  double capex_usd;                 // hardware + registration burn
  Micro liquid;                     // wallet: incentive received, not yet sold
  Micro rewards_cum;
  double profit_usd;                // cash: capex, opex, sales
  TrailingIncome income;            // trailing net USD income (MODEL.md 1 exit rule)
  yuma::Fixed rank;                 // R_j of this tempo
  yuma::Fixed incentive;            // I_j of this tempo (pruning score)
  std::uint16_t weight[kMaxValidators];   // W_ij as set by validator i this tempo (u16, like the chain)
  std::uint32_t bond[kMaxValidators];     // B_ij in units of 2^-32 (always below 1)
};

struct Network {
  NetworkAccounts acc;              // reward_reserve: the subnet's emission of the tempo until paid
  Micro owner_wallet;               // the subnet owner's 18%
  Micro validator_self[kMaxValidators];       // hotkey owners' stake (their emission is staked)
  Micro validator_delegated[kMaxValidators];  // nominators' stake (their emission is staked)
  Micro nominator_day[kMaxValidators];        // nominators' rewards of the day so far (their yield)
  Micro issued;                     // TAO issued network-wide (all subnets)
  Micro minted_cum;                 // since the start of the simulation
  Micro block_reward;               // of the last block of the tempo
  Micro miners_budget;              // this tempo's 41% to miners
  Micro validators_budget;          // this tempo's 41% to validators
  yuma::Unit stake_share[kMaxValidators];    // S_i, normalised, this tempo
  std::uint64_t row_recip[kMaxValidators];   // 2^64 / sum_j w_ij (row normalisation)
  std::uint64_t rank_recip;         // 2^64 / sum_j R_j (incentive normalisation)
  AmmPool amm;
  double price;
  // Cumulative figures.
  Micro emitted_cum;                // rewards paid out: owner, validators, miners
  double registration_usd_cum;      // USD spent on registration burns
  std::int32_t registrations_cum;
  std::int32_t pruned_cum;
  double cartel_dividends_usd;      // colluding validators' owners' rewards above an honest stake's, USD at receipt
  double cartel_gone_usd;           // mark-to-market profit of the cartel's miners that left
  double cartel_profit_usd;         // the cartel's excess dividends + its miners' mark-to-market profit
  double cartel_excess_incentive_usd;  // cartel miners' incentive above their share of true quality, USD at receipt
  AttackLedger attack;              // the attack's profit against honest play (attack_gain.hpp)
  // Last tempo's Yuma figures.
  double clip_share;                // stake-weighted weight removed by clipping
  double colluder_incentive_share;
  double colluder_quality_share;    // what honest noiseless scoring would give them
  double colluder_dividend_share;
  double colluder_stake_share;
  double nominator_apy;             // nominators' reward of the last day (subnet + outside), annualised
  Micro outside_dividends_cum;      // dividends from the other subnets' emission
  double reward_scale;              // share of the miners' budget paid this tempo
  std::int32_t initial_miners;
  std::int32_t miners_ranked;       // miners with rank > 0 this tempo
  Micro residual_max_abs;
  std::int32_t event_first[kEventCount];
};

// P1 sums: the validators' row sums of raw weights, and true quality.
struct WeightSums {
  std::uint64_t row_sum[kMaxValidators] = {};
  std::int64_t quality_micro = 0;           // active miners' sum of q_j, micro-units
  std::int64_t quality_colluding_micro = 0;

  TS_HD_INLINE void add(const WeightSums& o) {
    for (int i = 0; i < kMaxValidators; ++i) row_sum[i] += o.row_sum[i];
    quality_micro += o.quality_micro;
    quality_colluding_micro += o.quality_colluding_micro;
  }
};

// P2 sums: ranks (clipped support) and unclipped support.
struct RankSums {
  yuma::Fixed rank = 0;
  yuma::Fixed rank_colluding = 0;
  yuma::Fixed unclipped = 0;                // sum_ij S_i W_ij
  std::int32_t ranked = 0;

  TS_HD_INLINE void add(const RankSums& o) {
    rank += o.rank;
    rank_colluding += o.rank_colluding;
    unclipped += o.unclipped;
    ranked += o.ranked;
  }
};

// P3 sums: dividends' numerators, payments, sales, the entry signal.
struct PaySums {
  yuma::Fixed dividend[kMaxValidators] = {};  // sum_j B_ij I_j
  Micro miners_paid = 0;
  Micro sold = 0;
  Micro leaving = 0;                          // wallets of miners that deregister (to holders)
  Micro miners_total = 0;                     // all miner accounts after the step
  MicroUsd income_ema_sum = 0;                // active miners, for the entry signal
  MicroUsd capex_sum = 0;
  MicroUsd cartel_gone = 0;                   // mark-to-market profit of cartel miners leaving
  MicroUsd cartel_value = 0;                  // mark-to-market profit of the cartel's active miners
  std::int32_t active = 0;
  std::int32_t cartel_active = 0;
  std::int32_t cartel_in_profit = 0;          // active cartel miners with mark-to-market profit above 0

  TS_HD_INLINE void add(const PaySums& o) {
    for (int i = 0; i < kMaxValidators; ++i) dividend[i] += o.dividend[i];
    miners_paid += o.miners_paid;
    sold += o.sold;
    leaving += o.leaving;
    miners_total += o.miners_total;
    income_ema_sum += o.income_ema_sum;
    capex_sum += o.capex_sum;
    cartel_gone += o.cartel_gone;
    cartel_value += o.cartel_value;
    active += o.active;
    cartel_active += o.cartel_active;
    cartel_in_profit += o.cartel_in_profit;
  }
};

}  // namespace ts::bittensor
