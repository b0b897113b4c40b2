// The Secret AI scenario schema (MODEL.md 2.5, seed 000). Ranges reject
// values the model cannot run (negative rates, shares above one), not values
// an analyst might want to explore.
#include "host/protocols/secret_ai_schema.hpp"

#include "host/protocols/schema_keys.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "secret_ai";
  s.description =
      "Secret AI: user payments split by work (W = in + 4 out) each 7-day epoch, SCRT subsidy by uptime, "
      "worker stake, protocol fee to SCRT stakers (seed 000)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // network
      integer("network.max_workers", 1, 4096, "worker agent slots per path"),
      integer("network.initial_workers", 1, 4096, "worker agents active at genesis"),
      integer("network.nodes_per_agent", 1, 1e6, "GPU nodes per worker agent (cohort size)"),
      share("network.attacker_share", "share of workers (genesis and entrants) that attack"),
      choice("network.attacker_strategy", {"self_dealing", "sybil"}, "attack strategy of attackers"),
      // attacks
      share("attack.fake_work_share", "self_dealing: share of idle capacity filled with fake jobs it pays for"),
      share("attack.detect_prob", "probability per epoch that an attacker is caught"),
      // supply (SCRT)
      positive("supply.genesis", kInf, "token", "SCRT supply simulated"),
      number("supply.treasury", 0, kInf, "token", "Secret community pool at genesis (funds the subsidy)"),
      share("supply.chain_staked_ratio", "share of the supply staked on the chain (shares the protocol fee)"),
      // protocol rewards
      number("subsidy.budget", 0, kInf, "token", "SCRT set aside from the community pool for protocol rewards"),
      number("subsidy.per_epoch", 0, kInf, "token", "SCRT of protocol rewards per epoch, split by uptime"),
      duration("subsidy.end", 0, 21 * 8766.0, "no protocol rewards for epochs that start at or after this time"),
      // staking
      positive("staking.min_stake", kInf, "token", "minimum SCRT stake per worker identity"),
      positive("staking.stake_per_node", kInf, "token", "SCRT a worker stakes per node (a sybil splits it)"),
      duration("staking.unbonding", 0, 21 * 24.0, "unstaking delay (whole days, at most 21)"),
      // slashing
      share("slashing.min_uptime", "an epoch with uptime below this share of identity-hours is slashed"),
      share("slashing.downtime_fraction", "share of bonded stake slashed for an epoch below min_uptime"),
      share("slashing.fraud_fraction", "share of bonded stake slashed when an attacker is caught"),
      // payments
      duration("payments.epoch", 24, 8766, "epoch: user payments and protocol rewards are settled at its end"),
      share("payments.subscription_share", "share of usage paid by flat subscriptions (rest pay-as-you-go)"),
      // protocol fee
      share("fees.protocol_fee", "protocol fee on user payments, paid to SCRT stakers"),
      share("fees.fee_in_scrt", "share of the fee swapped to SCRT before it is paid to stakers"),
      share("fees.fee_passthrough", "share of the fee services add to the user price"),
  });
  add_market_keys(s);
  s.keys.insert(s.keys.end(), {
      number("demand.base_utilization", 0, 100, "1", "D0 as a share of genesis capacity"),
  });
  add_demand_process_keys(s);
  add_compute_market_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      positive("providers.p_up_alpha", 1e4, "1", "reliability Beta(a, b): a"),
      positive("providers.p_up_beta", 1e4, "1", "reliability Beta(a, b): b"),
  });
  add_event_keys(s);
  add_treasury_keys(s);

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "GPU classes of workers (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = 8;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "hardware cost per node"),
      positive("throughput_mw_per_hour", kInf, "MW/h", "million weighted tokens (in + 4 out) a node serves per hour"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "running cost per node online"),
      positive("weight", kInf, "1", "relative frequency among workers"),
  };
  config::TableArraySpec service;
  service.name = "service";
  service.doc = "services users pay for; each splits its epoch payments among its own workers";
  service.min_rows = 1;
  service.max_rows = 4;
  service.fields = {
      choice("name", {}, "service name"),
      positive("price_usd_per_mw", kInf, "USD/MW", "user price per million weighted tokens (in + 4 out)"),
      positive("demand_weight", kInf, "1", "relative share of demand"),
      number("output_ratio", 0, 1000, "1", "output tokens per input token"),
  };
  s.arrays = {hw, service, shock_array()};
  return s;
}

}  // namespace

const config::Schema& secret_ai_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
