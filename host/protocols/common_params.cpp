#include "host/protocols/common_params.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <mutex>
#include <set>

#include "models/mechanisms/schedule.hpp"

namespace ts {

double PointValues::num(const std::string& key) const {
  const auto it = p_.values.find(key);
  return it != p_.values.end() ? it->second : s_.number(key);
}

void PointValues::fail(const std::string& key, const std::string& message) const {
  const auto it = s_.values.find(key);
  const config::Source where = it != s_.values.end() ? it->second.where : config::Source{s_.file, 0, 0};
  throw config::ConfigError(where, key, message);
}

std::uint64_t probability_threshold(double p) {
  const double two32 = 4294967296.0;
  const double t = std::floor(p * two32);
  return t >= two32 ? kThresholdOne : static_cast<std::uint64_t>(t);
}

std::int32_t steps_of(const PointValues& v, const std::string& key, std::int32_t dt) {
  return static_cast<std::int32_t>(std::ceil(v.num(key) / dt - 1e-9));
}

Clock clock_with_step(const PointValues& v, std::int64_t step_seconds, const std::string& step_key) {
  Clock c{};
  c.step_seconds = step_seconds;
  c.step_hours = static_cast<double>(step_seconds) / 3600.0;
  c.dt_hours = step_seconds % 3600 == 0 ? static_cast<std::int32_t>(step_seconds / 3600) : 0;
  if (step_seconds <= 0 || 86400 % step_seconds != 0)
    v.fail(step_key, "a step must divide a day (" + std::to_string(step_seconds) + " s does not)");
  c.steps_per_day = static_cast<std::int32_t>(86400 / step_seconds);
  // Durations are whole seconds in the model's clock; compare in integers so
  // that a 1.2 h step (Bittensor's tempo) divides a day exactly.
  const auto seconds = [](double hours) { return static_cast<std::int64_t>(std::llround(hours * 3600.0)); };
  const std::int64_t horizon = seconds(v.num("simulation.horizon"));
  const std::int64_t snap = seconds(v.num("simulation.snapshot_every"));
  if (snap % step_seconds != 0) v.fail("simulation.snapshot_every", "snapshot_every must be a whole number of steps");
  if (snap > horizon) v.fail("simulation.snapshot_every", "snapshot_every is longer than the horizon");
  c.n_steps = static_cast<std::int32_t>(horizon / step_seconds);
  c.snapshot_every = static_cast<std::int32_t>(snap / step_seconds);
  c.dt_years = c.step_hours / kHoursPerYear;
  return c;
}

Clock read_clock(const PointValues& v) {
  const auto dt = static_cast<std::int32_t>(v.integer("simulation.dt_hours"));
  if (24 % dt != 0) v.fail("simulation.dt_hours", "dt_hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24)");
  return clock_with_step(v, std::int64_t{dt} * 3600, "simulation.dt_hours");
}

MarketSettings read_market(const PointValues& v, const Clock& c) {
  MarketSettings m{};
  m.p0 = v.num("market.p0");
  m.amm_usd0 = v.num("market.amm_usd");
  // Both reserves are held in micro-units (int64): the token side, amm_usd
  // / p0, must be at least one token (p0 = 1e300 seeded an empty pool and
  // gave a price of 5e-8 without a word) and both must fit in int64
  // micro-units with room for the flows (below 1e12 of either).
  const double tokens = m.amm_usd0 / m.p0;
  if (!(tokens >= 1.0) || !(tokens <= 1e12))
    v.fail("market.p0", fmt::format("market.amm_usd / market.p0 = {:.6g} tokens in the AMM; the pool needs 1 to "
                                    "1e12 tokens (change market.p0 or market.amm_usd)",
                                    tokens));
  if (!(m.amm_usd0 <= 1e12))
    v.fail("market.amm_usd", fmt::format("market.amm_usd = {:.6g} USD in the AMM; at most 1e12", m.amm_usd0));
  m.amm_fee = v.num("market.amm_fee");
  m.flow_mu_dt = v.num("market.flow_mu") * c.dt_years;
  m.flow_sigma_sqrt_dt = v.num("market.flow_sigma") * std::sqrt(c.dt_years);
  m.outside_float = v.num("market.outside_float");
  return m;
}

DemandProcess read_demand_process(const PointValues& v, const Clock& c) {
  DemandProcess d{};
  d.growth_per_step = v.num("demand.growth") * c.dt_years;
  // Exact OU transition over one step: decay exp(-theta dt) and the
  // stationary increment's sd sigma sqrt((1 - exp(-2 theta dt)) / (2 theta)).
  const double theta = v.num("demand.ou_theta");
  d.ou_decay = std::exp(-theta * c.dt_years);
  d.ou_sd = v.num("demand.ou_sigma") * std::sqrt((1.0 - std::exp(-2.0 * theta * c.dt_years)) / (2.0 * theta));
  d.jump_lambda_per_step = v.num("demand.jump_rate") * c.dt_years;
  d.jump_mu = v.num("demand.jump_mu");
  d.jump_sigma = v.num("demand.jump_sigma");
  const double a = v.num("demand.diurnal_amplitude");
  for (int h = 0; h < 24; ++h) d.diurnal[h] = 1.0 + a * std::sin(2.0 * M_PI * h / 24.0);
  return d;
}

Lifecycle read_lifecycle(const PointValues& v) {
  Lifecycle l{};
  l.exit_ema_alpha = 24.0 / v.num("providers.exit_window");
  l.patience_days = static_cast<std::int32_t>(v.integer("providers.patience_days"));
  l.lambda_entry = v.num("providers.lambda_entry");
  l.entry_hurdle = v.num("providers.entry_hurdle");
  l.sell_fraction_lo = v.num("providers.sell_fraction_min");
  l.sell_fraction_hi = v.num("providers.sell_fraction_max");
  if (l.sell_fraction_lo > l.sell_fraction_hi)
    v.fail("providers.sell_fraction_min", "sell_fraction_min exceeds providers.sell_fraction_max");
  return l;
}

// A shock that starts at or after the horizon never fires: legal (a sweep of
// the horizon may reach it), but almost always a slip. Said once per row,
// however many points read it.
void warn_shock_after_horizon(const config::Row& row) {
  static std::mutex lock;
  static std::set<std::pair<std::string, int>> said;
  const auto at = row.find("at");
  const config::Source where = at != row.end() ? at->second.where : config::Source{};
  std::lock_guard<std::mutex> guard(lock);
  if (!said.insert({where.file, where.line}).second) return;
  std::cerr << fmt::format("{}:{}: warning: this [[shock]] starts at or after simulation.horizon and never fires\n",
                           where.file.empty() ? "<scenario>" : where.file, where.line);
}

std::vector<ShockRow> read_shocks(const PointValues& v, const Clock& c, std::size_t max_rows) {
  std::vector<ShockRow> out;
  const auto& arrays = v.scenario().arrays;
  const auto it = arrays.find("shock");
  if (it == arrays.end()) return out;
  if (it->second.size() > max_rows) v.fail("shock", "at most " + std::to_string(max_rows) + " [[shock]] rows");
  for (const auto& row : it->second) {
    const auto get = [&](const char* k, double dflt) {
      const auto f = row.find(k);
      return f == row.end() || std::isnan(f->second.number) ? dflt : f->second.number;
    };
    ShockRow s{};
    const auto at = static_cast<std::int64_t>(std::llround(get("at", 0.0) * 3600.0));
    const auto duration = static_cast<std::int64_t>(std::llround(get("duration", 0.0) * 3600.0));
    s.start_step = static_cast<std::int32_t>(at / c.step_seconds);
    s.end_step = s.start_step + static_cast<std::int32_t>((duration + c.step_seconds - 1) / c.step_seconds);
    s.demand_mult = get("demand_mult", 1.0);
    s.price_mult = get("price_mult", 1.0);
    if (s.start_step >= c.n_steps) warn_shock_after_horizon(row);
    out.push_back(s);
  }
  return out;
}

EventThresholds read_event_thresholds(const PointValues& v) {
  return EventThresholds{v.num("events.collapse_fraction"), v.num("events.crash_fraction")};
}

double read_treasury_burn(const PointValues& v) { return v.num("treasury.burn_usd_per_day"); }

RentRule read_rent_rule(const PointValues& v) {
  return RentRule{v.num("compute_market.u_target"), v.num("compute_market.k_r"), v.num("compute_market.rent_min"),
                  v.num("compute_market.rent_max"), v.num("demand.elasticity")};
}

std::vector<std::uint64_t> class_thresholds(const std::vector<config::Row>& rows, const std::string& weight_field) {
  double total = 0.0;
  for (const auto& row : rows) total += row.at(weight_field).number;
  std::vector<std::uint64_t> out;
  double cum = 0.0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    cum += rows[i].at(weight_field).number;
    out.push_back(i + 1 == rows.size() ? kThresholdOne : probability_threshold(cum / total));
  }
  return out;
}

}  // namespace ts
