// The Bittensor scenario schema (MODEL.md 2.3, seed 003). Ranges reject
// values the model cannot run, not values an analyst might want to explore.
#include "host/protocols/bittensor_schema.hpp"

#include "host/protocols/schema_keys.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "bittensor";
  s.description =
      "Bittensor: one subnet per path, Yuma consensus per tempo in fixed point (64 validators x 192 miners), "
      "18/41/41 split, delegation take, registration with immunity and pruning, halving (seed 003)";
  add_simulation_keys(s, /*with_dt_hours=*/false);
  s.keys.insert(s.keys.end(), {
      // chain (a step is one tempo)
      integer("chain.block_seconds", 1, 3600, "seconds per block"),
      integer("chain.tempo_blocks", 1, 7200, "blocks per tempo (one step; must divide a day)"),
      integer("chain.immunity_blocks", 0, 1e8, "blocks a newly registered miner cannot be pruned"),
      // emission
      positive("emission.block_reward", kInf, "token", "TAO per block before any halving"),
      number("emission.issued", 0, kInf, "token", "TAO issued network-wide at the start"),
      positive("emission.max_supply", kInf, "token", "supply cap; halvings at 1/2, 3/4, 7/8, ... of it"),
      share("emission.subnet_share", "share of each block's emission the root network gives this subnet"),
      // Yuma
      number("yuma.kappa", 0.01, 0.99, "1", "stake share whose weight sets a miner's consensus (below 1: shares are rounded down)"),
      number("yuma.bond_alpha", 0.0001, 1.0, "1", "bond EMA rate per tempo"),
      number("yuma.score_noise", 0, 10, "1", "honest validators' relative scoring error (sd)"),
      // validators
      integer("validators.count", 1, 64, "validator UIDs (permits)"),
      positive("validators.total_stake", kInf, "token", "stake on the subnet's validators (self + nominators)"),
      number("validators.stake_zipf", 0, 5, "1", "honest validators' stake ~ 1 / rank^s"),
      share("validators.self_share", "share of each validator's stake its owner holds (the rest is nominated)"),
      share("validators.take", "delegate take: share of nominators' rewards a validator keeps"),
      number("validators.network_stake", 0, kInf, "token",
             "TAO staked on the whole network at the start (shares the other subnets' dividends)"),
      number("stakers.hurdle_apy", 0, 10, "1/yr", "nominators add stake while their yield beats this, else withdraw"),
      share("stakers.restake_rate", "share of a validator's nominated stake that moves in a day"),
      // collusion (MODEL.md 1 attacker strategy `collusion`)
      number("attack.collusion_stake_share", 0, 0.95, "1", "colluding validators' share of validator stake"),
      integer("attack.colluding_validators", 0, 64, "validators in the cartel (when the stake share is above 0)"),
      integer("attack.colluding_miners", 0, 1024, "miner UIDs the cartel keeps registered"),
      share("attack.colluder_quality", "true quality of the cartel's miners"),
      // miners
      integer("miners.max", 1, 1024, "miner UIDs (agent slots)"),
      integer("miners.initial", 0, 1024, "miners registered at the start"),
      number("miners.registration_usd", 0, kInf, "USD", "registration cost, burned in TAO"),
      number("miners.capex_usd", 0, kInf, "USD", "a miner's hardware"),
      number("miners.opex_usd_per_hour", 0, kInf, "USD/h", "a miner's running cost"),
      positive("miners.quality_alpha", 1e4, "1", "honest miners' quality Beta(a, b): a"),
      positive("miners.quality_beta", 1e4, "1", "honest miners' quality Beta(a, b): b"),
  });
  add_market_keys(s);
  add_provider_lifecycle_keys(s);
  add_event_keys(s);
  s.arrays = {shock_array()};
  return s;
}

}  // namespace

const config::Schema& bittensor_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
