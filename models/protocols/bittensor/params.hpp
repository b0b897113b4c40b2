#pragma once
// Immutable parameters of one Bittensor point (MODEL.md 2.3, seed 003),
// built and checked on the host (host/protocols/bittensor_params.cpp) and
// copied to the device. One subnet is simulated: 64 validator UIDs held by
// the network state and up to 192 miner UIDs as agent slots (seed 003: 256
// UIDs, at most 64 validators + 192 miners). A step is one tempo: 360 blocks
// of 12 s = 1.2 h.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/yuma.hpp"

namespace ts::bittensor {

inline constexpr int kMaxValidators = 64;   // seed 003: at most 64 validator permits per subnet
inline constexpr int kMaxMiners = 1024;     // seed 003: subnet 1 has 1,024 UIDs, the others 256
inline constexpr int kMaxShocks = 8;

struct Shock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;   // no compute demand in this model: read for the common shock rows, unused
  double price_mult;
};

struct Params {
  // --- time: a step is one tempo
  double step_hours;                 // tempo_blocks * block_seconds / 3600
  std::int32_t n_steps;
  std::int32_t snapshot_every;
  std::int32_t steps_per_day;        // tempos per day (20)
  std::int32_t tempo_blocks;         // 360 (seed 003)

  // --- emission (seed 003: 1 TAO per 12 s block, cap 21M; halvings at
  // 10.5M, 15.75M, ... of issuance, the public schedule)
  Micro block_reward;                // before any halving: 1 TAO
  Micro issuance0;                   // TAO issued at genesis of the simulation (seed: 6,885,398 on 2024-06-05)
  Micro max_supply;                  // 21M
  Fraction32 subnet_share;           // share of each block's emission the root network gives this subnet

  // --- Yuma consensus (fixed point, MODEL.md 2.3)
  yuma::Fixed kappa;                 // 0.5
  yuma::Unit bond_alpha;             // 0.1
  double score_noise;                // honest validators' relative scoring noise (sd of the multiplier)

  // --- validators (network state)
  std::int32_t n_validators;
  Micro validator_self[kMaxValidators];       // genesis self stake (the hotkey owner's)
  Micro validator_delegated[kMaxValidators];  // genesis nominators' stake
  std::uint8_t validator_colluding[kMaxValidators];
  Fraction32 validator_take;         // seed 003: delegates keep 18% of their nominators' rewards
  Micro outside_stake;               // stake elsewhere on the network sharing the other subnets' dividends
  double staker_hurdle_apy;          // nominators stay while their yield beats this
  Fraction32 restake_rate;           // share of a validator's nominated stake that moves in a day

  // --- miners (agent slots)
  std::int32_t max_miners;           // agent slots (UIDs for miners)
  std::int32_t initial_miners;
  std::int32_t colluding_miners;     // the cartel's miners (registered first; re-registered when pruned)
  std::int32_t immunity_steps;       // seed 003: 7 x 7200 blocks
  double registration_usd;           // seed 003: about $2,374 burned to register (2024-05-14)
  double miner_capex_usd;            // hardware of a miner
  double miner_opex_usd_per_step;
  double quality_alpha, quality_beta;  // honest miners' true quality ~ Beta(a, b)
  double colluder_quality;           // the cartel's miners' true quality

  // --- miners' lifecycle (MODEL.md 1)
  double exit_ema_alpha;
  std::int32_t patience_days;
  double lambda_entry;
  double entry_hurdle;
  double sell_fraction_lo, sell_fraction_hi;

  // --- market (TAO/USD AMM)
  double p0;
  double amm_usd0;
  double amm_fee;
  double flow_mu_dt;
  double flow_sigma_sqrt_dt;
  double outside_float;             // outside traders' float, x the AMM's token reserve

  std::int32_t n_shocks;
  Shock shocks[kMaxShocks];

  // --- risk-event thresholds
  double collapse_fraction;
  double crash_fraction;
};

}  // namespace ts::bittensor
