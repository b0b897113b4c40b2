#include "host/protocols/clore_params.hpp"

#include <cmath>
#include <string>

#include "host/config/errors.hpp"

namespace ts {
namespace {

constexpr double kTwoTo32 = 4294967296.0;

// Values of one point: a swept key's point value, else the scenario's.
class PointValues {
 public:
  PointValues(const config::Scenario& s, const config::Point& p) : s_(s), p_(p) {}
  double num(const std::string& key) const {
    const auto it = p_.values.find(key);
    return it != p_.values.end() ? it->second : s_.number(key);
  }
  std::int64_t integer(const std::string& key) const { return static_cast<std::int64_t>(num(key)); }
  const std::string& text(const std::string& key) const { return s_.text(key); }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    const auto it = s_.values.find(key);
    const config::Source where = it != s_.values.end() ? it->second.where : config::Source{s_.file, 0, 0};
    throw config::ConfigError(where, key, message);
  }

 private:
  const config::Scenario& s_;
  const config::Point& p_;
};

std::uint64_t probability_threshold(double p) {
  const double t = std::floor(p * kTwoTo32);
  return t >= kTwoTo32 ? static_cast<std::uint64_t>(kTwoTo32) : static_cast<std::uint64_t>(t);
}

void build_time(const PointValues& v, clore::Params& p) {
  p.dt_hours = static_cast<std::int32_t>(v.integer("simulation.dt_hours"));
  if (24 % p.dt_hours != 0) v.fail("simulation.dt_hours", "dt_hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24)");
  p.steps_per_day = 24 / p.dt_hours;
  const double horizon = v.num("simulation.horizon");
  const double snap = v.num("simulation.snapshot_every");
  if (std::fmod(snap, p.dt_hours) != 0.0)
    v.fail("simulation.snapshot_every", "snapshot_every must be a whole number of steps");
  if (snap > horizon) v.fail("simulation.snapshot_every", "snapshot_every is longer than the horizon");
  p.n_steps = static_cast<std::int32_t>(horizon / p.dt_hours);
  p.snapshot_every = static_cast<std::int32_t>(snap / p.dt_hours);
}

// Block emission (assumption): E_month(m) = initial_per_day * 730.5 / 24 *
// (1 - annual_decay)^(m / 12) for m < months, cut where genesis plus
// everything minted would pass the max supply: never beyond the cap.
void build_emission(const PointValues& v, clore::Params& p) {
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  p.max_supply = to_micro_floor(v.num("supply.max_supply"));
  if (p.genesis > p.max_supply) v.fail("supply.genesis", "genesis supply exceeds supply.max_supply");
  const std::int64_t months = v.integer("emission.months");
  const double first = v.num("emission.initial_per_day") * kHoursPerMonth / 24.0;
  const double monthly = std::pow(1.0 - v.num("emission.annual_decay"), 1.0 / 12.0);
  const Micro room = p.max_supply - p.genesis;
  MonthlySchedule& s = p.emission;
  s.months = static_cast<std::int32_t>(months);
  s.cum_before[0] = 0;
  for (int m = 0; m < kMaxMonths; ++m) {
    Micro e = m < months ? to_micro_floor(first * std::pow(monthly, m)) : 0;
    if (s.cum_before[m] + e > room) e = room - s.cum_before[m];
    s.amount[m] = e;
    s.cum_before[m + 1] = s.cum_before[m] + e;
  }
  const double miner = v.num("emission.miner_share"), dev = v.num("emission.dev_share");
  if (miner + dev > 1.0 + 1e-12)
    v.fail("emission.dev_share", "emission.miner_share + emission.dev_share exceed 1 (the rest is the marketplace pool)");
  p.miner_share = probability_threshold(miner);
  p.dev_share = probability_threshold(dev);
  if (p.miner_share + p.dev_share > kFractionOne) p.dev_share = kFractionOne - p.miner_share;
  p.miner_sell_share = probability_threshold(v.num("emission.miner_sell_share"));
}

void build_fees(const PointValues& v, clore::Params& p) {
  p.fee_rate[clore::kSpot] = v.num("fees.spot");
  p.fee_rate[clore::kOnDemandBtc] = v.num("fees.on_demand_btc");
  p.fee_rate[clore::kOnDemandClore] = v.num("fees.on_demand_clore");
  p.fee_rate[clore::kOnDemandUsd] = v.num("fees.on_demand_usd");
  p.mode_share[clore::kSpot] = v.num("rental.spot_share");
  p.mode_share[clore::kOnDemandBtc] = v.num("rental.on_demand_btc_share");
  p.mode_share[clore::kOnDemandClore] = v.num("rental.on_demand_clore_share");
  p.mode_share[clore::kOnDemandUsd] = v.num("rental.on_demand_usd_share");
  const double sum = p.mode_share[0] + p.mode_share[1] + p.mode_share[2] + p.mode_share[3];
  if (std::fabs(sum - 1.0) > 1e-9)
    v.fail("rental.spot_share", "the rental.*_share of spot and on-demand orders sum to " + std::to_string(sum) +
                                    ", not 1");
  p.spot_price_ratio = v.num("rental.spot_price_ratio");
  p.spot_clore_share = v.num("rental.spot_clore_share");
  p.host_fee_share = v.num("fees.host_share");
  p.usd_order_fee = v.num("fees.usd_order_fee");
  p.mean_order_hours = v.num("rental.mean_order_hours");
  p.mix = clore::make_fee_mix(p.fee_rate, p.mode_share, p.spot_price_ratio, p.spot_clore_share, p.host_fee_share,
                              v.num("poh.renter_fee_reduction"));
  if (!(p.mix.host_net > 0.0))
    v.fail("rental.spot_price_ratio", "hosts receive nothing from a rental under these fees and order shares");
  p.buyback_share = v.num("fees.buyback_share");
  p.revenue_burned = v.text("fees.revenue_to") == "burned";
}

void build_market_and_demand(const PointValues& v, clore::Params& p) {
  const double dt_years = p.dt_hours / kHoursPerYear;
  p.p0 = v.num("market.p0");
  p.amm_usd0 = v.num("market.amm_usd");
  p.amm_fee = v.num("market.amm_fee");
  p.flow_mu_dt = v.num("market.flow_mu") * dt_years;
  p.flow_sigma_sqrt_dt = v.num("market.flow_sigma") * std::sqrt(dt_years);
  if (to_micro_floor(p.amm_usd0 / p.p0) >= p.genesis)
    v.fail("market.amm_usd", "the AMM seed (amm_usd / p0 tokens) does not fit in the genesis supply");

  // Genesis demand: the seed's rented machines as a share of those online.
  const std::int64_t rented = v.integer("demand.initial_rented_machines");
  if (rented > p.initial_machines)
    v.fail("demand.initial_rented_machines", "more machines rented than network.initial_machines online");
  p.initial_rented_share =
      p.initial_machines > 0 ? static_cast<double>(rented) / static_cast<double>(p.initial_machines) : 0.0;
  p.growth_per_step = v.num("demand.growth") * dt_years;
  const double theta = v.num("demand.ou_theta");
  p.ou_decay = std::exp(-theta * dt_years);
  p.ou_sd = v.num("demand.ou_sigma") * std::sqrt((1.0 - std::exp(-2.0 * theta * dt_years)) / (2.0 * theta));
  p.jump_lambda_per_step = v.num("demand.jump_rate") * dt_years;
  p.jump_mu = v.num("demand.jump_mu");
  p.jump_sigma = v.num("demand.jump_sigma");
  const double a = v.num("demand.diurnal_amplitude");
  for (int h = 0; h < 24; ++h) p.diurnal[h] = 1.0 + a * std::sin(2.0 * M_PI * h / 24.0);
  p.elasticity = v.num("demand.elasticity");
  // Ask grid: kMeritBuckets geometric buckets below renters' maximum price.
  const double top = v.num("rental.max_price_usd");
  const double octaves = v.num("rental.price_grid_octaves");
  for (int b = 0; b <= kMeritBuckets; ++b)
    p.price_edge[b] = b == kMeritBuckets ? top : top * std::pow(2.0, -octaves * (kMeritBuckets - b) / kMeritBuckets);

  // Outside option: mining income.
  p.mining0 = v.num("mining.income_usd");
  p.mining_growth_per_step = v.num("mining.growth") * dt_years;
  const double mtheta = v.num("mining.ou_theta");
  p.mining_ou_decay = std::exp(-mtheta * dt_years);
  p.mining_ou_sd = v.num("mining.ou_sigma") * std::sqrt((1.0 - std::exp(-2.0 * mtheta * dt_years)) / (2.0 * mtheta));
  p.mining_jump_lambda = v.num("mining.jump_rate") * dt_years;
  p.mining_jump_mu = v.num("mining.jump_mu");
  p.mining_jump_sigma = v.num("mining.jump_sigma");
  p.idle_power_share = v.num("mining.idle_power_share");
}

void build_hardware(const PointValues& v, const config::Scenario& sc, clore::Params& p) {
  const auto& rows = sc.arrays.at("hardware");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(clore::kMaxHardwareClasses))
    v.fail("hardware", "between 1 and 8 [[hardware]] classes are needed");
  double total = 0.0;
  for (const auto& row : rows) total += row.at("weight").number;
  double cum = 0.0;
  std::int64_t max_units = 0;
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  p.capex_per_machine_mean = 0.0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    clore::HardwareClass& h = p.hardware[i];
    h.capex_usd = row.at("capex_usd").number;
    h.capacity_units = static_cast<std::int32_t>(row.at("capacity_units").number);
    h.power_usd_per_unit_hour = row.at("opex_usd_per_hour").number / h.capacity_units;
    h.mining_factor = row.at("mining_factor").number;
    cum += row.at("weight").number;
    h.cum_threshold = i + 1 == rows.size() ? static_cast<std::uint64_t>(kTwoTo32) : probability_threshold(cum / total);
    p.hw_weight[i] = row.at("weight").number / total;
    p.capex_per_machine_mean += p.hw_weight[i] * h.capex_usd;
    if (h.capacity_units > max_units) max_units = h.capacity_units;
  }
  // A path's capacity is summed in 32-bit integers per price bucket.
  const std::int64_t most_machines =
      std::max<std::int64_t>(p.machines_per_agent, (p.initial_machines + std::max(p.initial_providers, 1) - 1) /
                                                       std::max(p.initial_providers, 1));
  if (static_cast<double>(p.max_providers) * static_cast<double>(most_machines) * static_cast<double>(max_units) > 2e9)
    v.fail("network.machines_per_agent", "max_providers x machines per agent x capacity_units exceeds 2e9 units per path");
}

void build_shocks(const PointValues& v, const config::Scenario& sc, clore::Params& p) {
  p.n_shocks = 0;
  const auto it = sc.arrays.find("shock");
  if (it == sc.arrays.end()) return;
  if (it->second.size() > static_cast<std::size_t>(clore::kMaxShocks)) v.fail("shock", "at most 8 [[shock]] rows");
  for (const auto& row : it->second) {
    clore::Shock& s = p.shocks[p.n_shocks++];
    const auto get = [&](const char* k, double dflt) {
      const auto f = row.find(k);
      return f == row.end() || std::isnan(f->second.number) ? dflt : f->second.number;
    };
    s.start_step = static_cast<std::int32_t>(get("at", 0.0) / p.dt_hours);
    s.end_step = s.start_step + static_cast<std::int32_t>(std::ceil(get("duration", 0.0) / p.dt_hours));
    s.demand_mult = get("demand_mult", 1.0);
    s.price_mult = get("price_mult", 1.0);
    s.mining_mult = get("mining_mult", 1.0);
  }
}

}  // namespace

clore::Params build_clore_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  clore::Params p{};
  build_time(v, p);
  // population
  p.max_providers = static_cast<std::int32_t>(v.integer("network.max_providers"));
  p.initial_providers = static_cast<std::int32_t>(v.integer("network.initial_providers"));
  if (p.initial_providers > p.max_providers)
    v.fail("network.initial_providers", "initial_providers exceeds network.max_providers");
  p.initial_machines = static_cast<std::int32_t>(v.integer("network.initial_machines"));
  if (p.initial_machines < p.initial_providers)
    v.fail("network.initial_machines", "fewer machines than network.initial_providers: every host needs one");
  if (p.initial_providers == 0 && p.initial_machines > 0)
    v.fail("network.initial_machines", "machines online at genesis need network.initial_providers > 0");
  p.machines_per_agent = static_cast<std::int32_t>(v.integer("network.machines_per_agent"));

  build_emission(v, p);
  build_fees(v, p);
  // proof of holding
  p.poh_bonus_max = v.num("poh.bonus_max");
  p.poh_full_holding = to_micro_floor(v.num("poh.full_bonus_holding"));
  p.poh_holder_threshold = probability_threshold(v.num("poh.holder_share"));
  p.poh_holding_median = v.num("poh.holding_median");
  p.poh_holding_sigma = v.num("poh.holding_sigma");

  build_market_and_demand(v, p);
  build_hardware(v, sc, p);
  build_shocks(v, sc, p);

  // providers
  p.exit_ema_alpha = 24.0 / v.num("providers.exit_window");
  p.patience_days = static_cast<std::int32_t>(v.integer("providers.patience_days"));
  p.lambda_entry = v.num("providers.lambda_entry");
  p.entry_hurdle = v.num("providers.entry_hurdle");
  p.sell_fraction_lo = v.num("providers.sell_fraction_min");
  p.sell_fraction_hi = v.num("providers.sell_fraction_max");
  if (p.sell_fraction_lo > p.sell_fraction_hi)
    v.fail("providers.sell_fraction_min", "sell_fraction_min exceeds providers.sell_fraction_max");
  p.markup_lo = v.num("providers.markup_min");
  p.markup_hi = v.num("providers.markup_max");
  if (p.markup_lo > p.markup_hi) v.fail("providers.markup_min", "markup_min exceeds providers.markup_max");
  // events
  p.collapse_fraction = v.num("events.collapse_fraction");
  p.crash_fraction = v.num("events.crash_fraction");
  p.treasury_floor_usd = v.num("events.treasury_floor_usd");
  return p;
}

}  // namespace ts
