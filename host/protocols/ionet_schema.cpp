// The IO.net scenario schema. Ranges reject values the model cannot run
// (negative rates, shares above one), not values an analyst might want to
// explore: stress scenarios go far from the seed's figures on purpose.
#include "host/protocols/ionet_schema.hpp"

#include "host/protocols/schema_keys.hpp"

namespace ts {
namespace {

using namespace schema;

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "ionet";
  s.description = "IO.net: USD-pegged hourly availability rewards from a 20-year emission, fee buy-and-burn (seed 003)";
  add_simulation_keys(s);
  s.keys.insert(s.keys.end(), {
      // network
      integer("network.max_providers", 1, 4096, "provider agent slots per path"),
      integer("network.initial_providers", 0, 4096, "provider agents active at genesis"),
      integer("network.nodes_per_agent", 1, 1e6, "nodes per provider agent (cohort size)"),
      share("network.attacker_share", "share of entrants that attack"),
      choice("network.attacker_strategy", {"fake_uptime", "sybil", "price_manipulation"}, "attack strategy of attackers"),
      number("network.manipulation_usd_per_node", 0, 1e6, "USD",
             "price_manipulation: tokens worth this much per node sold before each step's pricing, bought back after"),
      integer("network.sybil_identities_per_node", 1, 1000, "sybil: identities registered per real node"),
      share("network.attacker_real_uptime", "fake_uptime: share of hours an attacker's nodes are really online"),
      // supply
      positive("supply.max_supply", kInf, "token", "hard cap"),
      positive("supply.genesis", kInf, "token", "supply at launch"),
      share("supply.allocation.community", "genesis share: community"),
      share("supply.allocation.seed_investors", "genesis share: seed investors"),
      share("supply.allocation.series_a", "genesis share: series A investors"),
      share("supply.allocation.core_contributors", "genesis share: core contributors"),
      share("supply.allocation.rnd_ecosystem", "genesis share: R&D and ecosystem"),
      // vesting
      integer("vesting.investor_cliff_months", 0, 240, "investors: months locked"),
      integer("vesting.investor_unlock_months", 1, 240, "investors: equal monthly unlocks after the cliff"),
      integer("vesting.contributor_cliff_months", 0, 240, "contributors and R&D: months locked"),
      integer("vesting.contributor_unlock_months", 1, 240, "contributors and R&D: equal monthly unlocks"),
      integer("vesting.community_release_months", 1, 240, "community allocation released evenly over these months"),
      share("vesting.unlock_sell_share", "share of each unlock sold"),
      duration("vesting.unlock_sell_days", 0, 8766, "window over which an unlock's sold share is sold"),
      share("vesting.unlock_dump_share", "unlock_dump: share of each unlock whose holders sell it all at once"),
      // emission
      share("emission.year1_rate", "year-1 emission as a share of genesis"),
      share("emission.monthly_decay", "monthly decline of the emission"),
      integer("emission.months", 1, 252, "months of emission"),
      positive("emission.budget", kInf, "token", "total emission budget"),
      // availability reward
      positive("availability.payback_months", 1200, "month", "capex payback of the baseline reward"),
      share("availability.supplier_share", "supplier share of the availability reward (rest to stakers)"),
      number("availability.min_stake_per_node", 0, kInf, "token", "minimum stake per node to earn"),
      number("availability.stake_boost", 0, 100, "1", "reward boost at max stake"),
      duration("availability.cooldown", 0, 8766, "no reward after a pause or a (re)join"),
      // staking
      duration("staking.unbonding", 0, 15 * 24, "unstaking delay (at most 15 days)"),
      duration("staking.collateral_lock", 0, 8766, "collateral lock after joining"),
      number("staking.initial_delegation_ratio", 0, 100, "1", "genesis delegated stake per bonded stake"),
      number("staking.staker_hurdle_apy", 0, 100, "1/yr", "stakers add stake above this APY, withdraw below"),
      share("staking.restake_rate", "share of delegation that moves per day"),
      share("staking.stake_fill", "entrants' stake between minimum (0) and maximum (1)"),
      number("staking.modifier_max", 0, 1, "1", "each max-stake modifier lies in [0, modifier_max]"),
      number("staking.job_hours_modifier", 0, 1, "1", "job-hours modifier of the max stake"),
      // slashing
      choice("slashing.downtime_slash_to", {"burned", "insurance"}, "where downtime slashes go"),
      share("slashing.detect_prob", "probability per step that an attacker is caught"),
      // fees
      share("fees.reservation_fee_renter", "reservation fee charged to the renter"),
      share("fees.reservation_fee_supplier", "reservation fee charged to the supplier"),
      share("fees.payment_fee_usdc", "payment fee on each side when paid in USDC"),
      share("fees.payment_fee_token", "payment fee on each side when paid in tokens"),
      share("fees.pay_in_token_share", "share of rentals paid in tokens"),
      share("fees.buyback_share", "share of fee revenue that buys and burns tokens"),
  });
  add_market_keys(s);
  s.keys.push_back(duration("market.oracle_window", 1, 48, "USD rewards convert at the AMM's TWAP over this window (1h: spot)"));
  s.keys.insert(s.keys.end(), {
      number("demand.base_utilization", 0, 100, "1", "D0 as a share of genesis capacity"),
      positive("demand.rental_price_usd", kInf, "USD/unit-h", "rental price per compute unit-hour"),
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
  hw.doc = "hardware classes of providers (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = 8;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "hardware cost per node"),
      integer("capacity_units", 1, 1e6, "compute units per node"),
      number("opex_usd_per_hour", 0, kInf, "USD/h", "running cost per node online"),
      number("max_equity", 0, kInf, "token", "device_max_equity per node"),
      positive("weight", kInf, "1", "relative frequency among entrants"),
  };
  s.arrays = {hw, shock_array()};
  return s;
}

}  // namespace

const config::Schema& ionet_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
