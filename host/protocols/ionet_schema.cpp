// The IO.net scenario schema. Ranges reject values the model cannot run
// (negative rates, shares above one), not values an analyst might want to
// explore: stress scenarios go far from the seed's figures on purpose.
#include "host/protocols/ionet_schema.hpp"

namespace ts {
namespace {

using config::Kind;
using config::KeySpec;

constexpr double kInf = std::numeric_limits<double>::infinity();

KeySpec num(const char* key, double lo, double hi, const char* units, const char* doc) {
  KeySpec k;
  k.key = key;
  k.kind = Kind::number;
  k.min = lo;
  k.max = hi;
  k.units = units;
  k.doc = doc;
  return k;
}
KeySpec positive(const char* key, double hi, const char* units, const char* doc) {
  KeySpec k = num(key, 0.0, hi, units, doc);
  k.min_exclusive = true;
  return k;
}
KeySpec share(const char* key, const char* doc) { return num(key, 0.0, 1.0, "1", doc); }
KeySpec integer(const char* key, double lo, double hi, const char* doc) {
  KeySpec k = num(key, lo, hi, "1", doc);
  k.kind = Kind::integer;
  return k;
}
KeySpec duration(const char* key, double min_hours, double max_hours, const char* doc) {
  KeySpec k = num(key, min_hours, max_hours, "h", doc);
  k.kind = Kind::duration;
  return k;
}
KeySpec choice(const char* key, std::vector<std::string> choices, const char* doc) {
  KeySpec k;
  k.key = key;
  k.kind = Kind::string;
  k.choices = std::move(choices);
  k.doc = doc;
  return k;
}

config::Schema make_schema() {
  config::Schema s;
  s.protocol = "ionet";
  s.description = "IO.net: USD-pegged hourly availability rewards from a 20-year emission, fee buy-and-burn (seed 003)";
  s.keys = {
      // simulation
      duration("simulation.horizon", 1, 21 * 8766.0, "simulated time"),
      duration("simulation.snapshot_every", 1, 21 * 8766.0, "time between snapshots"),
      integer("simulation.dt_hours", 1, 24, "hours per step (must divide 24)"),
      integer("simulation.paths", 1, 1e9, "Monte Carlo paths per point"),
      integer("simulation.seed", 0, 9.007199254740992e15, "Philox key (64-bit; path k of every point shares random numbers)"),
      integer("simulation.keep_paths", 0, 1000, "trajectories of the first paths kept in the output"),
      integer("simulation.batch_paths", 1, 1e7, "paths held in memory at once (results do not depend on it)"),
      // network
      integer("network.max_providers", 1, 4096, "provider agent slots per path"),
      integer("network.initial_providers", 0, 4096, "provider agents active at genesis"),
      integer("network.nodes_per_agent", 1, 1e6, "nodes per provider agent (cohort size)"),
      share("network.attacker_share", "share of entrants that attack"),
      choice("network.attacker_strategy", {"fake_uptime", "sybil"}, "attack strategy of attackers"),
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
      // emission
      share("emission.year1_rate", "year-1 emission as a share of genesis"),
      share("emission.monthly_decay", "monthly decline of the emission"),
      integer("emission.months", 1, 252, "months of emission"),
      positive("emission.budget", kInf, "token", "total emission budget"),
      // availability reward
      positive("availability.payback_months", 1200, "month", "capex payback of the baseline reward"),
      share("availability.supplier_share", "supplier share of the availability reward (rest to stakers)"),
      num("availability.min_stake_per_node", 0, kInf, "token", "minimum stake per node to earn"),
      num("availability.stake_boost", 0, 100, "1", "reward boost at max stake"),
      duration("availability.cooldown", 0, 8766, "no reward after a pause or a (re)join"),
      // staking
      duration("staking.unbonding", 0, 8766, "unstaking delay"),
      duration("staking.collateral_lock", 0, 8766, "collateral lock after joining"),
      num("staking.initial_delegation_ratio", 0, 100, "1", "genesis delegated stake per bonded stake"),
      num("staking.staker_hurdle_apy", 0, 100, "1/yr", "stakers add stake above this APY, withdraw below"),
      share("staking.restake_rate", "share of delegation that moves per day"),
      share("staking.stake_fill", "entrants' stake between minimum (0) and maximum (1)"),
      num("staking.modifier_max", 0, 1, "1", "each max-stake modifier lies in [0, modifier_max]"),
      num("staking.job_hours_modifier", 0, 1, "1", "job-hours modifier of the max stake"),
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
      // market
      positive("market.p0", kInf, "USD", "initial token price"),
      positive("market.amm_usd", kInf, "USD", "initial USD depth of the AMM"),
      num("market.amm_fee", 0, 0.5, "1", "AMM swap fee"),
      num("market.flow_mu", -100, 100, "1/yr", "drift of exogenous net flow"),
      num("market.flow_sigma", 0, 100, "1/sqrt(yr)", "volatility of exogenous net flow"),
      // demand
      num("demand.base_utilization", 0, 100, "1", "D0 as a share of genesis capacity"),
      num("demand.growth", -10, 10, "1/yr", "trend growth g"),
      positive("demand.ou_theta", 1000, "1/yr", "mean reversion of log demand"),
      num("demand.ou_sigma", 0, 100, "1/sqrt(yr)", "volatility of log demand"),
      num("demand.jump_rate", 0, 1000, "1/yr", "Poisson jump rate"),
      num("demand.jump_mu", -10, 10, "1", "mean log jump"),
      num("demand.jump_sigma", 0, 10, "1", "sd of log jump"),
      share("demand.diurnal_amplitude", "amplitude a of 1 + a sin(2 pi hour / 24)"),
      num("demand.elasticity", 0, 10, "1", "price elasticity of demand"),
      positive("demand.rental_price_usd", kInf, "USD/unit-h", "rental price per compute unit-hour"),
      // providers
      duration("providers.exit_window", 24, 8766, "trailing income window"),
      integer("providers.patience_days", 1, 3650, "days of negative trailing income before exit"),
      num("providers.lambda_entry", 0, 1e4, "1/d", "entry intensity"),
      positive("providers.entry_hurdle", 100, "1/yr", "return on capex that attracts entry"),
      share("providers.sell_fraction_min", "daily share of tokens sold: lower bound"),
      share("providers.sell_fraction_max", "daily share of tokens sold: upper bound"),
      positive("providers.p_up_alpha", 1e4, "1", "reliability Beta(a, b): a"),
      positive("providers.p_up_beta", 1e4, "1", "reliability Beta(a, b): b"),
      // events
      share("events.collapse_fraction", "provider_collapse: active below this share of initial"),
      share("events.crash_fraction", "price_crash: price below this share of p0"),
      num("events.treasury_floor_usd", 0, kInf, "USD", "treasury_insolvent: treasury value below this"),
  };

  config::TableArraySpec hw;
  hw.name = "hardware";
  hw.doc = "hardware classes of providers (drawn by weight)";
  hw.min_rows = 1;
  hw.max_rows = 8;
  hw.fields = {
      choice("name", {}, "class name"),
      positive("capex_usd", kInf, "USD", "hardware cost per node"),
      integer("capacity_units", 1, 1e6, "compute units per node"),
      num("opex_usd_per_hour", 0, kInf, "USD/h", "running cost per node online"),
      num("max_equity", 0, kInf, "token", "device_max_equity per node"),
      positive("weight", kInf, "1", "relative frequency among entrants"),
  };
  config::TableArraySpec shock;
  shock.name = "shock";
  shock.doc = "deterministic shocks";
  shock.min_rows = 0;
  shock.max_rows = 8;
  shock.fields = {
      duration("at", 0, 21 * 8766.0, "start"),
      duration("duration", 0, 21 * 8766.0, "length of the demand multiplier"),
      num("demand_mult", 0, 1000, "1", "demand multiplier while the shock lasts"),
      positive("price_mult", 1000, "1", "price multiplied once at the start"),
  };
  shock.optional = {"duration", "demand_mult", "price_mult"};
  s.arrays = {hw, shock};
  return s;
}

}  // namespace

const config::Schema& ionet_schema() {
  static const config::Schema schema = make_schema();
  return schema;
}

}  // namespace ts
