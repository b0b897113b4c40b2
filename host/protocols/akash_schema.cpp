// The Akash scenario schema (MODEL.md 2.2).
#include "host/protocols/akash_schema.hpp"

#include "host/protocols/schema_keys.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "akash";
  s.description = "Akash: Cosmos inflation toward a bonded goal, take/make fees by currency, incentive pool, reverse-auction leases (seed 003)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      integer("network.max_providers", 1, 4096, "provider agent slots per path"),
      integer("network.initial_providers", 0, 4096, "providers at the start"),
      share("network.attacker_share", "share of providers that attack"),
      choice("network.attacker_strategy", {"self_lease"}, "attack strategy of attackers"),
      share("network.self_lease_share", "self_lease: share of its free capacity an attacker leases to itself each step"),
      positive("supply.genesis", kInf, "token", "supply at the start"),
      positive("supply.max_supply", kInf, "token", "maximum supply M_max"),
      share("supply.bonded_ratio", "share of the supply staked at the start"),
      number("supply.community_pool", 0, kInf, "token", "community pool at the start"),
      share("inflation.initial", "annual inflation rate at the start"),
      share("inflation.min", "floor of the annual rate"),
      share("inflation.max", "ceiling of the annual rate at the start (decays)"),
      duration("inflation.max_half_life", 24, 100 * 8766.0, "half-life of the ceiling"),
      number("inflation.rate_change", 0, 10, "1/yr", "largest change of the rate per year"),
      positive("inflation.goal_bonded", 1, "1", "bonded ratio the rate steers toward"),
      share("fees.take_rate", "take fee rate R_t (charged on the tenant's order)"),
      share("fees.make_rate", "make fee rate R_m (charged to the provider)"),
      share("fees.discount_akt", "fee discount R_d when paid in AKT"),
      share("fees.discount_usdc", "fee discount R_d when paid in USDC"),
      share("fees.pay_in_akt_share", "share of leases paid in AKT"),
      share("pool.inflation_share", "share of inflation provisions into the incentive pool"),
      share("pool.provider_subsidy", "pool share paid to providers by leased capacity"),
      share("pool.stakers", "pool share paid to stakers"),
      share("pool.public_goods", "pool share to the public goods fund"),
      share("pool.community", "pool share to the community pool (the rest is burned)"),
      number("staking.hurdle_apy", 0, 100, "1/yr", "stakers bond above this APY, unbond below"),
      share("staking.restake_rate", "share that bonds or unbonds per day"),
      duration("staking.unbonding", 0, 31 * 24, "unbonding period (at most 31 days)"),
  });
  add_market_keys(s);
  s.keys.insert(s.keys.end(), {
      number("demand.base_utilization", 0, 100, "1", "leased capacity wanted at t = 0, share of capacity"),
      positive("demand.reference_price_usd", kInf, "USD/unit-h", "lease price at which the elasticity factor is 1"),
      duration("demand.lease_duration", 1, 21 * 8766.0, "mean lease duration (exponential)"),
  });
  add_demand_process_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      number("providers.markup_min", 0, 100, "1", "bid markup over cost: lower bound"),
      number("providers.markup_max", 0, 100, "1", "bid markup over cost: upper bound"),
      duration("providers.amortization", 24, 100 * 8766.0, "capex amortisation in the bid floor"),
  });
  add_event_keys(s);
  add_treasury_keys(s);
  config::TableArraySpec classes;
  classes.name = "provider_class";
  classes.doc = "provider classes (drawn by weight)";
  classes.min_rows = 1;
  classes.max_rows = 8;
  classes.fields = {
      choice("name", {}, "class name"),
      integer("capacity_units", 1, 1e6, "compute units offered"),
      positive("capex_usd", kInf, "USD", "hardware cost of the provider"),
      number("opex_usd_per_unit_hour", 0, kInf, "USD/unit-h", "running cost"),
      positive("weight", kInf, "1", "relative frequency among providers"),
  };
  s.arrays = {classes, shock_array()};
  return s;
}

}  // namespace

const config::Schema& akash_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
