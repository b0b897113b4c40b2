#pragma once
// Immutable parameters of one Hanzo point (MODEL.md 2.4, seed 004), built and
// checked once on the host (host/protocols/hanzo_params.cpp), then copied to
// the device (DESIGN.md principle 2). Probabilities are u32 thresholds and
// shares that meet integer amounts are fixed point or parts per million.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/protocols/hanzo/governance.hpp"
#include "models/protocols/hanzo/rules.hpp"

namespace ts::hanzo {

inline constexpr int kMaxHardwareClasses = 8;
inline constexpr int kMaxShocks = 8;
inline constexpr int kMaxHolderAccounts = 4096;

// Attack strategies that apply to Hanzo (MODEL.md 1 "Attackers", 2.4):
// - fake_attestation: claims privacy tier 4 (TEE-I/O) on hardware that cannot
//   attest it, for the 2.0x tier bonus on every job and the tier multiplier
//   of its staking power (more jobs routed to it);
// - fake_uptime: reports every node available while running only a share of
//   them, for the availability reward (stake * utilization) and lower opex;
//   jobs routed to its absent nodes fail, which the SLA check sees.
// Caught (detect_prob per day), either is malicious behaviour: 100% slash.
enum class Strategy : std::uint8_t { honest = 0, fake_attestation = 1, fake_uptime = 2 };

enum class SlashSink : std::uint8_t { burned = 0, treasury = 1 };

struct HardwareClass {
  double capex_usd;                  // per node
  double tokens_per_hour;            // inference tokens a node serves per hour
  double opex_usd_per_hour;          // per node online
  std::uint8_t max_tier;             // highest privacy tier it can attest
  std::uint64_t cum_threshold;       // draw: first class with u32 < cum_threshold
};

// A deterministic shock: demand multiplied over [start, end), the token price
// moved once at `start` (MODEL.md 1).
struct Shock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;
  double price_mult;
};

struct Params {
  // --- time
  std::int32_t dt_hours;
  std::int32_t n_steps;
  std::int32_t snapshot_every;        // steps
  std::int32_t steps_per_day;

  // --- population
  std::int32_t max_providers;
  std::int32_t initial_providers;
  std::int32_t nodes_per_agent;
  std::uint64_t attacker_threshold;   // P(entrant attacks), u32 threshold
  Strategy attacker_strategy;
  double attacker_real_uptime;        // fake_uptime: share of hours its nodes really run

  // --- supply (MODEL.md 2.4: 1B AI; 30/25/20/15/10)
  Micro genesis;
  Micro max_supply;                   // = genesis: nothing is ever minted
  Micro genesis_community;
  Micro genesis_mining_pool;          // the reward reserve at genesis
  Micro genesis_team;                 // locked, vesting
  Micro genesis_treasury;
  Micro genesis_amm_tokens;           // the AMM's token side, from the liquidity allocation
  Micro genesis_liquidity_rest;       // rest of the liquidity allocation -> holders
  Micro team_unlock[kMaxMonths];      // locked_vesting -> holders (team) at month start
  Micro team_unlock_sold[kMaxMonths]; // part of each unlock sold over the window
  std::int32_t unlock_sell_hours;
  Fraction32 unlock_dump_share;       // share of each team unlock dumped at once (unlock_dump.hpp)
  std::int32_t community_release_months;

  // --- emission (seed: annual_emission(year) = 100M * 0.9^year), uncapped
  // schedule; the model pays it only while the mining pool lasts.
  MonthlySchedule emission;

  // --- jobs and pricing
  double tier_bonus[kTiers];          // seed: 1.0, 1.2, 1.5, 1.8, 2.0
  double quality_min, quality_max;    // seed: 0.8 - 1.5
  double initial_inference_price;     // AI per inference token
  double min_inference_price, max_inference_price;   // seed: 1e-5, 1e-2
  double price_update_elasticity;     // seed: 0.5
  double price_max_daily_move;        // MODEL.md 2.4: at most this relative move per daily update
  Fraction32 holder_pay_fraction;     // share of job payments users pay from AI they hold

  // --- availability
  // network_factor's role (MODEL.md 2.4 "scaled to the emission of the
  // step"): false: the claims stake * utilization * nf are scaled so that
  // they are the step's emission; nf is global, so it cancels and the
  // schedule is paid in full while the pool lasts. true: the claims are the
  // step's emission times nf (gated): below nf = 1 the unclaimed emission
  // stays in the pool, above it the provider rewards pool pays the excess.
  bool gate_by_network_factor;
  Fraction32 commission;              // provider's cut of its delegators' availability reward
  double commission_share;            // the same as a double (delegators' APY)

  // --- staking
  Micro min_stake_per_node;           // seed: 100 AI
  double stake_per_node_lo, stake_per_node_hi;   // entrants' stake, tokens per node
  double lock_days_lo, lock_days_hi;  // entrants' lock period
  double duration_bonus_per_year;
  double duration_mult_max;
  double tier_mult[kTiers];           // staking-power tier multiplier
  double initial_reputation;
  double reputation_alpha;            // daily pull toward 1000 * SLA performance
  double reputation_penalty;          // per slashing event
  std::int32_t unbonding_days;
  std::int64_t unstake_fee_ppm;       // seed: 0.1%, burned
  double initial_delegation_ratio;
  double staker_hurdle_apy;
  double restake_rate;                // per day

  // --- slashing
  double sla_slash_lo, sla_slash_hi;  // seed: 1-5%
  double attestation_slash;           // seed: 10%
  double malicious_slash;             // seed: 100%
  double sla_alpha, sla_beta;         // SLA performance ~ Beta(a, b) per provider
  double violation_prob_at_zero;      // P(SLA violation per day) at SLA performance 0
  std::uint64_t attestation_fail_threshold;   // per day, tiers >= 1
  std::uint64_t detect_threshold;     // per day, attackers
  SlashSink slash_sink;

  // --- fees (seed: job 0.3%; 40/30/20/10)
  std::int64_t job_fee_ppm;
  FeeShares fee_shares;

  // --- market
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  // --- demand (inference tokens per hour)
  double demand0;                     // at the reference USD price, before diurnal factor
  double reference_usd_per_token;     // initial_inference_price * p0
  double demand_elasticity;
  double growth_per_step;
  double ou_decay;
  double ou_sd;
  double jump_lambda_per_step;
  double jump_mu;
  double jump_sigma;
  double diurnal[24];

  // --- providers
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;
  double p_up_alpha, p_up_beta;
  std::int32_t n_hardware;
  HardwareClass hardware[kMaxHardwareClasses];

  // --- governance (holders as ranked accounts)
  double quorum[kQuorums];            // seed: 0.51, 0.60, 0.75
  std::int32_t n_holder_accounts;
  double holder_sqrt_weight[kMaxHolderAccounts];   // descending
  std::int32_t team_members;

  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];

  // --- risk-event thresholds
  double collapse_fraction;
  double crash_fraction;
  double treasury_burn_usd_per_day;   // the treasury's obligations (treasury.hpp)
};

}  // namespace ts::hanzo
