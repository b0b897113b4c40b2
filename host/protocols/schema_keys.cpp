#include "host/protocols/schema_keys.hpp"

namespace ts::schema {

using config::Kind;
using config::KeySpec;

KeySpec number(const char* key, double lo, double hi, const char* units, const char* doc) {
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
  KeySpec k = number(key, 0.0, hi, units, doc);
  k.min_exclusive = true;
  return k;
}
KeySpec share(const char* key, const char* doc) { return number(key, 0.0, 1.0, "1", doc); }
KeySpec integer(const char* key, double lo, double hi, const char* doc) {
  KeySpec k = number(key, lo, hi, "1", doc);
  k.kind = Kind::integer;
  return k;
}
KeySpec duration(const char* key, double min_hours, double max_hours, const char* doc) {
  KeySpec k = number(key, min_hours, max_hours, "h", doc);
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

void add_simulation_keys(config::Schema& s, bool with_dt_hours) {
  s.keys.insert(s.keys.end(), {
      duration("simulation.horizon", 1, 21 * 8766.0, "simulated time"),
      duration("simulation.snapshot_every", 1, 21 * 8766.0, "time between snapshots"),
  });
  if (with_dt_hours) s.keys.push_back(integer("simulation.dt_hours", 1, 24, "hours per step (must divide 24)"));
  s.keys.insert(s.keys.end(), {
      integer("simulation.paths", 1, 1e9, "Monte Carlo paths per point"),
      integer("simulation.seed", 0, 9.007199254740992e15, "Philox key (64-bit; path k of every point shares random numbers)"),
      integer("simulation.keep_paths", 0, 1000, "trajectories of the first paths kept in the output"),
      integer("simulation.batch_paths", 1, 1e7, "paths held in memory at once (results do not depend on it)"),
      // How the statistics are formed (DESIGN.md "Statistics").
      integer("stats.exact_paths", 1, 1e9,
              "paths per point up to which quantiles are the sorted values' (beyond: counts per IEEE bucket)"),
      integer("stats.bucket_bits", 1, 20, "mantissa bits of a quantile bucket: relative width 2^-bits"),
      integer("stats.final_values_max", 0, 1e9, "paths whose per-path final_* and first_* values are kept"),
  });
}

void add_market_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      positive("market.p0", kInf, "USD", "initial token price"),
      positive("market.amm_usd", kInf, "USD", "initial USD depth of the AMM"),
      number("market.amm_fee", 0, 0.5, "1", "AMM swap fee"),
      number("market.flow_mu", -100, 100, "1/yr", "drift of exogenous net flow"),
      number("market.flow_sigma", 0, 100, "1/sqrt(yr)", "volatility of exogenous net flow"),
      number("market.outside_float", 0, 1000, "1",
             "outside traders' token float at genesis, in multiples of the AMM's token reserve"),
  });
}

void add_demand_process_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      number("demand.growth", -10, 10, "1/yr", "trend growth g"),
      positive("demand.ou_theta", 1000, "1/yr", "mean reversion of log demand"),
      number("demand.ou_sigma", 0, 100, "1/sqrt(yr)", "volatility of log demand"),
      number("demand.jump_rate", 0, 1000, "1/yr", "Poisson jump rate"),
      number("demand.jump_mu", -10, 10, "1", "mean log jump"),
      number("demand.jump_sigma", 0, 10, "1", "sd of log jump"),
      share("demand.diurnal_amplitude", "amplitude a of 1 + a sin(2 pi hour / 24)"),
      number("demand.elasticity", 0, 10, "1", "price elasticity of demand"),
  });
}

void add_provider_lifecycle_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      duration("providers.exit_window", 24, 8766, "trailing income window"),
      integer("providers.patience_days", 1, 3650, "days of negative trailing income before exit"),
      number("providers.lambda_entry", 0, 1e4, "1/day", "entry intensity"),
      positive("providers.entry_hurdle", 100, "1/yr", "return on capex that attracts entry"),
      share("providers.sell_fraction_min", "daily share of tokens sold: lower bound"),
      share("providers.sell_fraction_max", "daily share of tokens sold: upper bound"),
  });
}

void add_event_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      share("events.collapse_fraction", "provider_collapse: active below this share of initial"),
      share("events.crash_fraction", "price_crash: price below this share of p0"),
  });
}

void add_treasury_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      number("treasury.burn_usd_per_day", 0, 1e12, "USD/day",
             "the treasury's operating costs, paid daily (0: no obligations, treasury_insolvent not carried)"),
  });
}

void add_compute_market_keys(config::Schema& s) {
  s.keys.insert(s.keys.end(), {
      share("compute_market.u_target", "utilisation the daily rent update steers to (MODEL.md 1 'Compute market')"),
      number("compute_market.k_r", 0, 1, "1/day",
             "rent response: r *= 1 + k_r (u - u_target) once a day (0: the rent stays the preset's)"),
      number("compute_market.rent_min", 0.01, 1, "1", "lowest rent, as a multiple of the preset's rent"),
      number("compute_market.rent_max", 1, 100, "1", "highest rent, as a multiple of the preset's rent"),
  });
}

config::TableArraySpec shock_array() {
  config::TableArraySpec shock;
  shock.name = "shock";
  shock.doc = "deterministic shocks";
  shock.min_rows = 0;
  shock.max_rows = 8;
  shock.fields = {
      duration("at", 0, 21 * 8766.0, "start"),
      duration("duration", 0, 21 * 8766.0, "length of the demand multiplier"),
      number("demand_mult", 0, 1000, "1", "demand multiplier while the shock lasts"),
      positive("price_mult", 1000, "1", "price multiplied once at the start"),
  };
  shock.optional = {"duration", "demand_mult", "price_mult"};
  return shock;
}

}  // namespace ts::schema
