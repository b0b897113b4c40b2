#include "host/protocols/clore_params.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"

namespace ts {
namespace {

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
  // A self-rental: a spot order paid in BTC at the host's ask (the lowest fee).
  p.self_rent_fee = clore::rental_split(1.0, p.fee_rate[clore::kSpot], p.host_fee_share,
                                        v.num("poh.renter_fee_reduction"), 0.0, 0.0).platform_fee;
  if (!(p.mix.host_net > 0.0))
    v.fail("rental.spot_price_ratio", "hosts receive nothing from a rental under these fees and order shares");
  p.buyback_share = v.num("fees.buyback_share");
  p.revenue_burned = v.text("fees.revenue_to") == "burned";
}

void build_market_and_demand(const PointValues& v, const Clock& c, clore::Params& p) {
  const double dt_years = c.dt_years;   // the mining process below
  const MarketSettings m = read_market(v, c);
  apply_market(p, m);
  if (to_micro_floor(p.amm_usd0 / p.p0) >= p.genesis)
    v.fail("market.amm_usd", "the AMM seed (amm_usd / p0 tokens) does not fit in the genesis supply");

  // Genesis demand: the seed's rented machines as a share of those online
  // (init_path turns it into the capacity the genesis merit order rents).
  const std::int64_t rented = v.integer("demand.initial_rented_machines");
  if (rented > p.initial_machines)
    v.fail("demand.initial_rented_machines", "more machines rented than network.initial_machines online");
  p.initial_rented_share =
      p.initial_machines > 0 ? static_cast<double>(rented) / static_cast<double>(p.initial_machines) : 0.0;
  const DemandProcess d = read_demand_process(v, c);
  apply_demand_process(p, d);
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
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
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
    h.cum_threshold = thresholds[i];
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

// The common [[shock]] rows, plus this protocol's mining-income multiplier.
void build_shocks(const PointValues& v, const config::Scenario& sc, const Clock& c, clore::Params& p) {
  const std::vector<ShockRow> rows = read_shocks(v, c, clore::kMaxShocks);
  p.n_shocks = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    clore::Shock& s = p.shocks[i];
    s.start_step = rows[i].start_step;
    s.end_step = rows[i].end_step;
    s.demand_mult = rows[i].demand_mult;
    s.price_mult = rows[i].price_mult;
    const auto& row = sc.arrays.at("shock")[i];
    const auto f = row.find("mining_mult");
    s.mining_mult = f == row.end() || std::isnan(f->second.number) ? 1.0 : f->second.number;
  }
}

}  // namespace

clore::Params build_clore_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  clore::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
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
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  p.self_rent_share = fraction(v.num("network.self_rent_share"));

  build_emission(v, p);
  build_fees(v, p);
  // proof of holding
  p.poh_bonus_max = v.num("poh.bonus_max");
  p.poh_full_holding = to_micro_floor(v.num("poh.full_bonus_holding"));
  p.poh_holder_threshold = probability_threshold(v.num("poh.holder_share"));
  p.poh_holding_median = v.num("poh.holding_median");
  p.poh_holding_sigma = v.num("poh.holding_sigma");

  build_market_and_demand(v, c, p);
  build_hardware(v, sc, p);
  build_shocks(v, sc, c, p);

  // providers
  const Lifecycle l = read_lifecycle(v);
  apply_lifecycle(p, l);
  p.markup_lo = v.num("providers.markup_min");
  p.markup_hi = v.num("providers.markup_max");
  if (p.markup_lo > p.markup_hi) v.fail("providers.markup_min", "markup_min exceeds providers.markup_max");
  p.markup_step = v.num("providers.markup_step");
  // events
  const EventThresholds e = read_event_thresholds(v);
  apply_event_thresholds(p, e);
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}

}  // namespace ts
