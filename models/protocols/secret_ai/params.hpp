#pragma once
// Immutable parameters of one Secret AI point (MODEL.md 2.5, seed 000),
// built and checked once on the host (host/protocols/secret_ai_params.cpp),
// then copied to the device (DESIGN.md principle 2). Probabilities are u32
// thresholds, fractions applied to integer amounts are Fraction32, prices are
// integer micro-USD per unit of work so that user payments and their split
// are exact integers.
//
// Units of work: W = input_tokens + 4 * output_tokens (seed 000), counted in
// kW = 1,000 weighted tokens. Capacity, demand and payments are in kW.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/compute_market.hpp"

namespace ts::secret_ai {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kMaxServices = 4;
inline constexpr int kMaxShocks = 8;
// Secret Network unbonds staked SCRT in 21 days; the workers' queue holds up
// to that (a daily ring of kMaxUnbondingDays + 1 buckets).
inline constexpr int kMaxUnbondingDays = 21;

// Seed 000: W_i = InputTokensReceived + 4 * OutputTokensServed. A formula of
// the seed, not an assumption, so it is a constant rather than a key.
inline constexpr std::int64_t kOutputTokenWeight = 4;

enum class Strategy : std::uint8_t { honest = 0, self_dealing = 1, sybil = 2 };

struct HardwareClass {
  double capex_usd;                   // per node
  std::int64_t capacity_kw_per_step;  // weighted tokens (kW) a node serves per step
  double opex_usd_per_step;           // per node online
  std::uint64_t cum_threshold;        // draw: first class with u32 < cum_threshold
};

// A service (e.g. a chat model, an API): its users pay per unit of work; its
// epoch payments are split among its workers by W (seed 000).
struct Service {
  MicroUsd price_per_kw;      // user price, micro-USD per kW (= USD per million W x 1000)
  double demand_weight;       // share of total demand (the weights sum to 1)
  double cum_weight;          // running sum of the weights (genesis assignment, first entrants)
  Fraction32 output_w_share;  // share of W that is output tokens: 4 r / (1 + 4 r), r = out / in
};

// A deterministic shock (MODEL.md 1): demand usage multiplied over
// [start, end), the price moved once at `start`.
struct Shock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;
  double price_mult;
};

struct Params {
  // --- time (dt = 1 h, epoch 7 d: seed 000)
  std::int32_t dt_hours;
  std::int32_t n_steps;
  std::int32_t snapshot_every;      // steps
  std::int32_t steps_per_day;
  std::int32_t epoch_steps;         // payments and protocol rewards are settled at each epoch's end

  // --- population
  std::int32_t max_workers;         // agent slots per path
  std::int32_t initial_workers;
  std::int32_t nodes_per_agent;     // cohort size (MODEL.md 1 "Scale")
  std::uint64_t attacker_threshold; // P(worker is an attacker) as u32 threshold
  Strategy attacker_strategy;
  Fraction32 fake_work_share;       // self_dealing: share of idle capacity filled with fake jobs
  std::uint64_t detect_threshold;   // P(attacker caught per epoch) as u32 threshold

  // --- supply (SCRT)
  Micro genesis;                    // SCRT supply simulated
  Micro genesis_treasury;           // community pool (funds the subsidy)
  Micro genesis_chain_staked;       // SCRT staked on the chain (receives the protocol fee)

  // --- protocol rewards (a subsidy voted by SCRT stakers, seed 000)
  Micro subsidy_budget;             // moved from the community pool into the reward reserve at genesis
  Micro subsidy_per_epoch;          // SCRT per epoch, split by uptime
  std::int32_t subsidy_end_step;    // no subsidy for epochs starting at or after this step

  // --- worker staking (seed 000: workers stake SCRT; amounts are assumptions)
  Micro min_stake;                  // per identity (per node of an honest worker)
  Micro stake_per_node;             // what a worker stakes per node
  std::int32_t sybil_identities_per_node;   // floor(stake_per_node / min_stake)
  std::int32_t unbonding_days;

  // --- slashing (assumptions)
  Fraction32 min_uptime;            // an epoch below this uptime share is slashed
  Fraction32 downtime_fraction;     // of bonded stake
  Fraction32 fraud_fraction;        // of bonded stake, when an attacker is caught

  // --- payments and fee
  double subscription_share;        // share of usage paid by flat subscriptions
  Fraction32 payg_fraction;         // 1 - subscription_share, applied to pay-as-you-go revenue
  Fraction32 protocol_fee;          // on user payments, to SCRT stakers (seed: governance, default 0)
  Fraction32 fee_in_scrt;           // share of the fee swapped to SCRT before it is paid to stakers
  std::int32_t n_services;
  Service services[kMaxServices];

  // --- market (SCRT/USD AMM)
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  // --- demand (MODEL.md 1), kW per step
  double demand0;
  double growth_per_step;
  double ou_decay;
  double ou_sd;
  double jump_lambda_per_step;
  double jump_mu;
  double jump_sigma;
  double diurnal[24];
  double price_factor;              // (P_c / P_ref)^(-elasticity): the fee passed on to users
  RentRule rent_rule;               // each service's price moves with its utilisation, daily (compute_market.hpp)

  // --- workers (MODEL.md 1 "Agents")
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
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

}  // namespace ts::secret_ai
