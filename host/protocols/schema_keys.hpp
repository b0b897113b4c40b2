#pragma once
// Building blocks of protocol schemas: one line per key, and the key groups
// every protocol shares (simulation, market, provider lifecycle, events).
#include <limits>
#include <string>
#include <vector>

#include "host/config/schema.hpp"

namespace ts::schema {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

config::KeySpec number(const char* key, double lo, double hi, const char* units, const char* doc);
config::KeySpec positive(const char* key, double hi, const char* units, const char* doc);   // > 0
config::KeySpec share(const char* key, const char* doc);                                    // [0, 1]
config::KeySpec integer(const char* key, double lo, double hi, const char* doc);
config::KeySpec duration(const char* key, double min_hours, double max_hours, const char* doc);
config::KeySpec choice(const char* key, std::vector<std::string> choices, const char* doc);

// simulation.{horizon, snapshot_every, dt_hours, paths, seed, keep_paths, batch_paths} and
// stats.{exact_paths, bucket_bits, final_values_max}; a protocol whose step is fixed by
// its chain (Bittensor's tempo) leaves dt_hours out.
void add_simulation_keys(config::Schema& s, bool with_dt_hours = true);
// market.{p0, amm_usd, amm_fee, flow_mu, flow_sigma}: the constant-product AMM
void add_market_keys(config::Schema& s);
// demand.{growth, ou_theta, ou_sigma, jump_rate, jump_mu, jump_sigma, diurnal_amplitude, elasticity}
void add_demand_process_keys(config::Schema& s);
// providers.{exit_window, patience_days, lambda_entry, entry_hurdle, sell_fraction_min, sell_fraction_max}
void add_provider_lifecycle_keys(config::Schema& s);
// events.{collapse_fraction, crash_fraction}
void add_event_keys(config::Schema& s);
// treasury.burn_usd_per_day: the treasury's obligations (MODEL.md 1 "Risk events")
void add_treasury_keys(config::Schema& s);
// compute_market.{u_target, k_r, rent_min, rent_max}: rent discovery (MODEL.md 1 "Compute market")
void add_compute_market_keys(config::Schema& s);
// [[shock]] rows: at, duration, demand_mult, price_mult
config::TableArraySpec shock_array();

}  // namespace ts::schema
