#pragma once
// Reading the key groups every protocol shares (schema_keys.hpp) into the
// numbers models need: the clock, the AMM market, the demand process, the
// provider lifecycle, shocks and risk-event thresholds. Each protocol's
// builder copies them into its own Params.
#include <cstdint>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/scenario.hpp"
#include "models/core/amount.hpp"
#include "models/mechanisms/compute_market.hpp"

namespace ts {

// Values of one point: a swept key's point value, else the scenario's.
class PointValues {
 public:
  PointValues(const config::Scenario& s, const config::Point& p) : s_(s), p_(p) {}
  double num(const std::string& key) const;
  std::int64_t integer(const std::string& key) const { return static_cast<std::int64_t>(num(key)); }
  const std::string& text(const std::string& key) const { return s_.text(key); }
  const config::Scenario& scenario() const { return s_; }
  // A ConfigError naming the key and where its value was written.
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  const config::Scenario& s_;
  const config::Point& p_;
};

// A probability or share as a u32 threshold / 32-bit fixed-point fraction.
std::uint64_t probability_threshold(double p);
inline Fraction32 fraction(double f) { return probability_threshold(f); }
inline constexpr std::uint64_t kThresholdOne = std::uint64_t{1} << 32;

// Steps covering a duration key (rounded up).
std::int32_t steps_of(const PointValues& v, const std::string& key, std::int32_t dt_hours);

struct Clock {
  std::int32_t dt_hours;      // whole hours per step (0 when a step is not a whole number of hours)
  std::int32_t steps_per_day, n_steps, snapshot_every;
  double dt_years;
  double step_hours;
  std::int64_t step_seconds;
};
// simulation.dt_hours steps.
Clock read_clock(const PointValues& v);
// Steps of `step_seconds` (which must divide a day; `step_key` names the key
// that set it): horizon and snapshot interval from simulation.*.
Clock clock_with_step(const PointValues& v, std::int64_t step_seconds, const std::string& step_key);

struct MarketSettings {
  double p0, amm_usd0, amm_fee, flow_mu_dt, flow_sigma_sqrt_dt, outside_float;
};
MarketSettings read_market(const PointValues& v, const Clock& c);

// The log-OU demand process with jumps and a diurnal cycle, per step.
struct DemandProcess {
  double growth_per_step, ou_decay, ou_sd, jump_lambda_per_step, jump_mu, jump_sigma;
  double diurnal[24];
};
DemandProcess read_demand_process(const PointValues& v, const Clock& c);

struct Lifecycle {
  double exit_ema_alpha;   // 1 / exit window in days
  std::int32_t patience_days;
  double lambda_entry, entry_hurdle, sell_fraction_lo, sell_fraction_hi;
};
Lifecycle read_lifecycle(const PointValues& v);

struct ShockRow {
  std::int32_t start_step, end_step;
  double demand_mult, price_mult;
};
std::vector<ShockRow> read_shocks(const PointValues& v, const Clock& c, std::size_t max_rows);

struct EventThresholds {
  double collapse_fraction, crash_fraction;
};
EventThresholds read_event_thresholds(const PointValues& v);
// treasury.burn_usd_per_day, USD per day
double read_treasury_burn(const PointValues& v);

// compute_market.* and demand.elasticity (models/mechanisms/compute_market.hpp)
RentRule read_rent_rule(const PointValues& v);

// Weighted draw thresholds for a table of classes: first class with u32 < threshold.
std::vector<std::uint64_t> class_thresholds(const std::vector<config::Row>& rows, const std::string& weight_field);

// Copy a shared group into a protocol's Params (every protocol names these
// fields alike), so each builder says what it reads, not how to copy it.
template <class P>
void apply_clock(P& p, const Clock& c) {
  p.dt_hours = c.dt_hours;
  p.steps_per_day = c.steps_per_day;
  p.n_steps = c.n_steps;
  p.snapshot_every = c.snapshot_every;
}
template <class P>
void apply_market(P& p, const MarketSettings& m) {
  p.p0 = m.p0;
  p.amm_usd0 = m.amm_usd0;
  p.amm_fee = m.amm_fee;
  p.flow_mu_dt = m.flow_mu_dt;
  p.flow_sigma_sqrt_dt = m.flow_sigma_sqrt_dt;
  p.outside_float = m.outside_float;
}
template <class P>
void apply_demand_process(P& p, const DemandProcess& d) {
  p.growth_per_step = d.growth_per_step;
  p.ou_decay = d.ou_decay;
  p.ou_sd = d.ou_sd;
  p.jump_lambda_per_step = d.jump_lambda_per_step;
  p.jump_mu = d.jump_mu;
  p.jump_sigma = d.jump_sigma;
  for (int h = 0; h < 24; ++h) p.diurnal[h] = d.diurnal[h];
}
template <class P>
void apply_lifecycle(P& p, const Lifecycle& l) {
  p.exit_ema_alpha = l.exit_ema_alpha;
  p.patience_days = l.patience_days;
  p.lambda_entry = l.lambda_entry;
  p.entry_hurdle = l.entry_hurdle;
  p.sell_fraction_lo = l.sell_fraction_lo;
  p.sell_fraction_hi = l.sell_fraction_hi;
}
// [[shock]] rows into a Params whose Shock is {start_step, end_step,
// demand_mult, price_mult} (models/mechanisms/shocks.hpp's MarketShock).
template <class P>
void apply_market_shocks(P& p, const std::vector<ShockRow>& rows) {
  p.n_shocks = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    p.shocks[i] = {rows[i].start_step, rows[i].end_step, rows[i].demand_mult, rows[i].price_mult};
}
template <class P>
void apply_event_thresholds(P& p, const EventThresholds& e) {
  p.collapse_fraction = e.collapse_fraction;
  p.crash_fraction = e.crash_fraction;
}

}  // namespace ts
