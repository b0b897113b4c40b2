// The Clore.ai scenario schema (MODEL.md 2.7). Ranges reject values the
// model cannot run, not values an analyst might want to explore.
#include "host/protocols/clore_schema.hpp"

#include "host/protocols/schema_keys.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "clore";
  s.description =
      "Clore.ai: GPU marketplace priced by hosts against mining, spot/on-demand fees, Proof-of-Holding bonus (seed 003)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // network
      integer("network.max_providers", 1, 4096, "host agent slots per path"),
      integer("network.initial_providers", 0, 4096, "host agents active at genesis"),
      integer("network.initial_machines", 0, 1e7, "machines online at genesis, spread over the initial hosts"),
      integer("network.machines_per_agent", 1, 1e5, "machines per entering host agent (cohort size)"),
      share("network.attacker_share", "share of hosts that attack"),
      choice("network.attacker_strategy", {"self_rent"}, "attack strategy of attackers"),
      share("network.self_rent_share", "self_rent: share of its unrented machines an attacker rents itself each step"),
      // supply
      positive("supply.genesis", kInf, "token", "supply at the start"),
      positive("supply.max_supply", kInf, "token", "hard cap: emission stops there"),
      // block emission
      number("emission.initial_per_day", 0, kInf, "token/day", "block emission per day at the start"),
      share("emission.annual_decay", "yearly decline of the block emission"),
      integer("emission.months", 0, 256, "months of emission (then none)"),
      share("emission.miner_share", "share of emission to PoW miners"),
      share("emission.dev_share", "share of emission to the developer wallet (treasury)"),
      share("emission.miner_sell_share", "share of the miners' emission sold as mined"),
      // fees
      share("fees.spot", "platform fee on spot orders"),
      share("fees.on_demand_btc", "platform fee on on-demand orders paid in BTC"),
      share("fees.on_demand_clore", "platform fee on on-demand orders paid in CLORE"),
      share("fees.on_demand_usd", "platform fee on on-demand orders paid in USD"),
      number("fees.usd_order_fee", 0, 100, "USD", "order-creation fee of a USD order"),
      share("fees.host_share", "share of the platform fee deducted from the host (the renter pays the rest)"),
      share("fees.buyback_share", "share of BTC and USD fee revenue that buys CLORE"),
      choice("fees.revenue_to", {"treasury", "burned"}, "where CLORE fee revenue and buybacks go"),
      // rental market
      share("rental.spot_share", "share of rented capacity on spot orders"),
      share("rental.on_demand_btc_share", "share of rented capacity on on-demand orders paid in BTC"),
      share("rental.on_demand_clore_share", "share of rented capacity on on-demand orders paid in CLORE"),
      share("rental.on_demand_usd_share", "share of rented capacity on on-demand orders paid in USD"),
      share("rental.spot_price_ratio", "spot price as a share of the host's ask"),
      share("rental.spot_clore_share", "share of spot orders paid in CLORE (else BTC)"),
      positive("rental.mean_order_hours", 1e5, "h", "machine-hours per order (for the order fee)"),
      positive("rental.max_price_usd", kInf, "USD/unit-h", "renters' maximum price; the top of the ask grid"),
      number("rental.price_grid_octaves", 1, 20, "1", "the ask grid spans max_price / 2^octaves .. max_price"),
      // proof of holding
      number("poh.bonus_max", 0, 100, "1", "hosting-reward bonus at the full holding"),
      positive("poh.full_bonus_holding", kInf, "token", "CLORE per machine that earns the full bonus"),
      share("poh.holder_share", "share of hosts that hold CLORE for PoH"),
      number("poh.holding_median", 0, kInf, "token", "median PoH holding per machine of a holding host"),
      number("poh.holding_sigma", 0, 5, "1", "log-sd of PoH holdings per machine"),
      share("poh.renter_fee_reduction", "mean reduction of renters' fee share by their PoH holdings"),
      // mining (outside option)
      number("mining.income_usd", 0, kInf, "USD/unit-h", "mining income of an idle unit of the reference rig"),
      number("mining.growth", -10, 10, "1/yr", "trend of mining income"),
      positive("mining.ou_theta", 1000, "1/yr", "mean reversion of log mining income"),
      number("mining.ou_sigma", 0, 100, "1/sqrt(yr)", "volatility of log mining income"),
      number("mining.jump_rate", 0, 1000, "1/yr", "Poisson jump rate of mining income"),
      number("mining.jump_mu", -10, 10, "1", "mean log jump of mining income"),
      number("mining.jump_sigma", 0, 10, "1", "sd of log jump of mining income"),
      share("mining.idle_power_share", "power an idle (not mining) rig draws, as a share of full power"),
  });
  add_market_keys(s);
  s.keys.insert(s.keys.end(), {
      integer("demand.initial_rented_machines", 0, 1e7, "machines rented at genesis (sets D0)"),
  });
  add_demand_process_keys(s);
  add_provider_lifecycle_keys(s);
  s.keys.insert(s.keys.end(), {
      number("providers.markup_min", 0, 100, "1", "hosts' markup over the reservation price: lower bound"),
      number("providers.markup_max", 0, 100, "1", "hosts' markup over the reservation price: upper bound"),
      share("providers.markup_step", "daily relative markup change: up when fully rented, down when under half rented"),
  });
  add_event_keys(s);
  add_treasury_keys(s);

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "machine classes of hosts (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = 8;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "cost of one machine"),
      integer("capacity_units", 1, 1e4, "GPU-equivalent units per machine"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "power per machine while rented or mining"),
      number("mining_factor", 0, 100, "1", "mining income per unit relative to the reference rig"),
      positive("weight", kInf, "1", "relative frequency among hosts"),
  };
  config::TableArraySpec shock = shock_array();
  shock.fields.push_back(number("mining_mult", 0, 1000, "1", "mining income multiplier while the shock lasts"));
  shock.optional.push_back("mining_mult");
  s.arrays = {hw, shock};
  return s;
}

}  // namespace

const config::Schema& clore_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
