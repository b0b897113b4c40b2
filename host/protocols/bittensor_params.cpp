#include "host/protocols/bittensor_params.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"

namespace ts {
namespace {

yuma::Fixed to_fixed(double x) { return static_cast<yuma::Fixed>(std::floor(x * 4294967296.0)); }

// A step is one tempo: tempo_blocks x block_seconds (seed 003: 360 x 12 s = 1.2 h).
Clock build_time(const PointValues& v, bittensor::Params& p) {
  const std::int64_t block_seconds = v.integer("chain.block_seconds");
  p.tempo_blocks = static_cast<std::int32_t>(v.integer("chain.tempo_blocks"));
  const Clock c = clock_with_step(v, block_seconds * p.tempo_blocks, "chain.tempo_blocks");
  p.step_hours = c.step_hours;
  p.n_steps = c.n_steps;
  p.snapshot_every = c.snapshot_every;
  p.steps_per_day = c.steps_per_day;
  const std::int64_t immunity_blocks = v.integer("chain.immunity_blocks");
  p.immunity_steps = static_cast<std::int32_t>((immunity_blocks + p.tempo_blocks - 1) / p.tempo_blocks);
  return c;
}

void build_emission(const PointValues& v, bittensor::Params& p) {
  p.block_reward = to_micro_floor(v.num("emission.block_reward"));
  p.issuance0 = to_micro_floor(v.num("emission.issued"));
  p.max_supply = to_micro_floor(v.num("emission.max_supply"));
  if (p.issuance0 > p.max_supply) v.fail("emission.issued", "issuance at the start exceeds emission.max_supply");
  p.subnet_share = fraction(v.num("emission.subnet_share"));
  p.kappa = to_fixed(v.num("yuma.kappa"));
  p.bond_alpha = yuma::to_unit(to_fixed(v.num("yuma.bond_alpha")));
  p.score_noise = v.num("yuma.score_noise");
}

// Genesis stakes: the cartel holds exactly collusion_stake_share, split
// evenly; honest validators share the rest ~ 1 / rank^s (ASSUMPTION: stake
// is concentrated on a few large delegates). Each validator's owner holds
// self_share, nominators the rest.
void build_validators(const PointValues& v, bittensor::Params& p) {
  p.n_validators = static_cast<std::int32_t>(v.integer("validators.count"));
  const double f = v.num("attack.collusion_stake_share");
  std::int32_t colluding = f > 0.0 ? static_cast<std::int32_t>(v.integer("attack.colluding_validators")) : 0;
  if (f > 0.0 && colluding < 1)
    v.fail("attack.colluding_validators", "a colluding stake share above 0 needs at least one colluding validator");
  if (colluding >= p.n_validators)
    v.fail("attack.colluding_validators", "the cartel must leave at least one honest validator (validators.count)");
  const double total = v.num("validators.total_stake");
  const double zipf = v.num("validators.stake_zipf");
  const double self_share = v.num("validators.self_share");
  const std::int32_t honest = p.n_validators - colluding;
  double weight_sum = 0.0;
  for (std::int32_t r = 0; r < honest; ++r) weight_sum += std::pow(r + 1.0, -zipf);
  for (std::int32_t i = 0; i < p.n_validators; ++i) {
    const bool cartel = i >= honest;   // the cartel takes the last UIDs
    const double stake = cartel ? total * f / colluding : total * (1.0 - f) * std::pow(i + 1.0, -zipf) / weight_sum;
    p.validator_self[i] = to_micro_floor(stake * self_share);
    p.validator_delegated[i] = to_micro_floor(stake) - p.validator_self[i];
    p.validator_colluding[i] = cartel ? 1 : 0;
  }
  p.validator_take = fraction(v.num("validators.take"));
  Micro ours = 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) ours += p.validator_self[i] + p.validator_delegated[i];
  const Micro network = to_micro_floor(v.num("validators.network_stake"));
  if (network < ours)
    v.fail("validators.network_stake", "the network's stake must include this subnet's (validators.total_stake)");
  p.outside_stake = network - ours;
  p.staker_hurdle_apy = v.num("stakers.hurdle_apy");
  p.restake_rate = fraction(v.num("stakers.restake_rate"));
}

void build_miners(const PointValues& v, bittensor::Params& p) {
  p.max_miners = static_cast<std::int32_t>(v.integer("miners.max"));
  p.initial_miners = static_cast<std::int32_t>(v.integer("miners.initial"));
  if (p.initial_miners > p.max_miners) v.fail("miners.initial", "initial miners exceed miners.max");
  if (p.max_miners < p.n_validators)
    v.fail("miners.max", "miners.max must be at least validators.count (the snapshot sorts validators in miner scratch)");
  p.colluding_miners = static_cast<std::int32_t>(v.integer("attack.colluding_miners"));
  if (p.colluding_miners > p.initial_miners)
    v.fail("attack.colluding_miners", "the cartel's miners must be among the initial miners (miners.initial)");
  p.registration_usd = v.num("miners.registration_usd");
  p.miner_capex_usd = v.num("miners.capex_usd");
  p.miner_opex_usd_per_step = v.num("miners.opex_usd_per_hour") * p.step_hours;
  p.quality_alpha = v.num("miners.quality_alpha");
  p.quality_beta = v.num("miners.quality_beta");
  p.colluder_quality = v.num("attack.colluder_quality");
}

void build_market(const PointValues& v, const Clock& c, bittensor::Params& p) {
  apply_market(p, read_market(v, c));
  const Micro amm_tokens = to_micro_floor(p.amm_usd0 / p.p0);   // what amm_open takes from holders
  double staked = 0.0;
  for (std::int32_t i = 0; i < p.n_validators; ++i)
    staked += static_cast<double>(p.validator_self[i] + p.validator_delegated[i]);
  if (staked + static_cast<double>(amm_tokens) > static_cast<double>(p.issuance0))
    v.fail("validators.total_stake", "validator stake + AMM reserve (market.amm_usd / market.p0) exceed emission.issued");
  const std::vector<ShockRow> rows = read_shocks(v, c, bittensor::kMaxShocks);
  p.n_shocks = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    p.shocks[i] = bittensor::Shock{rows[i].start_step, rows[i].end_step, rows[i].demand_mult, rows[i].price_mult};
}

}  // namespace

bittensor::Params build_bittensor_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  bittensor::Params p{};
  const Clock c = build_time(v, p);
  build_emission(v, p);
  build_validators(v, p);
  build_miners(v, p);
  build_market(v, c, p);
  apply_lifecycle(p, read_lifecycle(v));
  apply_event_thresholds(p, read_event_thresholds(v));
  return p;
}

}  // namespace ts
