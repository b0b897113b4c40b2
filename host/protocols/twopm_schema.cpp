// The 2PM.Network scenario schema (MODEL.md 2.8, seed 002). Ranges reject
// values the model cannot run (negative rates, shares above one), not values
// an analyst might want to explore.
#include "host/protocols/twopm_schema.hpp"

#include "host/protocols/schema_keys.hpp"
#include "models/protocols/twopm/params.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "twopm";
  s.description =
      "2PM.Network: royalty vault paid per round on exponential schedules, 7:3 compute/data, FHE and federated "
      "tasks, data scored by KL divergence on K bins (seed 002)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // compute nodes
      integer("network.max_nodes", 1, 1024, "compute-node slots per path"),
      integer("network.initial_nodes", 0, 1024, "compute nodes active at genesis"),
      // royalty tokens
      positive("supply.genesis", kInf, "token", "royalty-token supply of the subnet"),
      positive("royalty.budget", kInf, "token", "royalty tokens in the vault for compute and data contributions"),
      share("royalty.compute_share", "share of the royalty budget for computing power (the rest for data)"),
      positive("royalty.lambda_compute", 1, "1/round", "decay rate of the compute pool per round"),
      positive("royalty.lambda_data", 1, "1/round", "decay rate of the data pool per round"),
      // tasks
      integer("tasks.per_round", 1, twopm::kMaxTasks, "tasks per round; the compute pool is shared equally by them"),
      share("tasks.fhe_share", "probability that a task is FHE (one node takes its pool), else federated learning"),
      // staking and slashing
      positive("staking.min_stake", kInf, "token", "stake a node needs to be committed to a round's tasks"),
      positive("staking.max_stake", kInf, "token", "a node stakes uniformly between min_stake and this"),
      duration("staking.unbonding", 0, twopm::kMaxUnbondingDays * 24.0, "unstaking delay (whole days)"),
      share("slashing.failed_round", "share of bonded stake slashed when a committed node fails its round"),
      // data contributors
      integer("contributors.honest", 0, 4096, "honest data contributors"),
      integer("contributors.poison", 0, 4096, "poison data contributors (junk far from the reference)"),
      share("contributors.submit_prob", "probability that a contributor submits a batch in a round"),
      integer("contributors.samples_per_batch", 1, 1e9, "records in a batch, binned into the K bins"),
      positive("contributors.dirichlet_alpha", 1e9, "1", "honest data sources ~ Dirichlet(alpha * Q)"),
      share("contributors.sell_fraction", "share of a contributor's royalty tokens sold each day"),
      share("attack.junk_share", "poison: share of a batch's records put in the reference's least likely bin"),
      // data score
      number("score.smoothing", 1e-12, 0.5, "1", "epsilon: histograms mixed with the uniform, P' = (1-eps) P + eps/K"),
      number("score.cap", 0, 1000, "nat", "cap on each contributor's KL score (0: no cap)"),
  });
  add_market_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      positive("providers.p_up_alpha", 1e4, "1", "reliability per round ~ Beta(a, b): a"),
      positive("providers.p_up_beta", 1e4, "1", "reliability per round ~ Beta(a, b): b"),
      share("events.collapse_fraction", "provider_collapse: active nodes below this share of initial"),
      share("events.crash_fraction", "price_crash: price below this share of p0"),
  });

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "compute-node classes (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = twopm::kMaxHardwareClasses;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "hardware cost per node"),
      positive("work_per_hour", kInf, "unit/h", "federated-learning work units a node delivers per hour"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "running cost of an active node"),
      positive("weight", kInf, "1", "relative frequency among nodes"),
  };
  config::TableArraySpec bin;
  bin.name = "data_bin";
  bin.doc = "the K bins of the subnet's data schema and the reference histogram Q";
  bin.min_rows = 2;
  bin.max_rows = twopm::kMaxBins;
  bin.fields = {
      choice("name", {}, "bin name"),
      number("reference", 0, kInf, "1", "relative mass of the bin in the reference Q"),
  };
  s.arrays = {hw, bin};
  return s;
}

}  // namespace

const config::Schema& twopm_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
