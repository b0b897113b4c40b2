#include "host/protocols/akash_params.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/protocols/common_params.hpp"
#include "models/mechanisms/fees.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/protocols/akash/step.hpp"

namespace ts {

akash::Params build_akash_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  akash::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
  p.dt_years = c.dt_years;

  p.max_providers = static_cast<std::int32_t>(v.integer("network.max_providers"));
  p.initial_providers = static_cast<std::int32_t>(v.integer("network.initial_providers"));
  if (p.initial_providers > p.max_providers)
    v.fail("network.initial_providers", "initial_providers exceeds network.max_providers");
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  p.self_lease_share = fraction(v.num("network.self_lease_share"));

  // Supply: the seed's figures of 2024-06-05 (total 239,310,076 AKT, maximum
  // 388,539,008 = 3.89 M0 with M0 = 1e8).
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  p.max_supply = to_micro_floor(v.num("supply.max_supply"));
  if (p.genesis > p.max_supply) v.fail("supply.genesis", "genesis supply exceeds supply.max_supply");
  p.genesis_bonded = to_micro_floor(v.num("supply.genesis") * v.num("supply.bonded_ratio"));
  p.genesis_community_pool = to_micro_floor(v.num("supply.community_pool"));
  const MarketSettings m = read_market(v, c);
  apply_market(p, m);
  if (p.genesis_bonded + p.genesis_community_pool + to_micro_floor(p.amm_usd0 / p.p0) > p.genesis)
    v.fail("supply.community_pool", "bonded stake, community pool and the AMM seed exceed the genesis supply");

  // Inflation (Cosmos x/mint).
  p.inflation0 = v.num("inflation.initial");
  p.inflation_min = v.num("inflation.min");
  p.inflation_max0 = v.num("inflation.max");
  if (p.inflation_min > p.inflation_max0) v.fail("inflation.min", "inflation.min exceeds inflation.max");
  p.inflation_half_life_years = v.num("inflation.max_half_life") / kHoursPerYear;
  p.inflation_rate_change = v.num("inflation.rate_change");
  p.goal_bonded = v.num("inflation.goal_bonded");

  // Fees and the incentive distribution pool.
  p.take_rate = v.num("fees.take_rate");
  p.make_rate = v.num("fees.make_rate");
  p.discount_akt = v.num("fees.discount_akt");
  p.discount_usdc = v.num("fees.discount_usdc");
  p.pay_in_akt_share = v.num("fees.pay_in_akt_share");
  if (akash::fee_share(p, p.discount_akt) >= 1.0 || akash::fee_share(p, p.discount_usdc) >= 1.0)
    v.fail("fees.take_rate", "take plus make fees take the whole lease");
  p.inflation_to_pool = v.num("pool.inflation_share");
  p.pool_provider_subsidy = v.num("pool.provider_subsidy");
  p.pool_stakers = v.num("pool.stakers");
  p.pool_public_goods = v.num("pool.public_goods");
  p.pool_community = v.num("pool.community");
  if (p.pool_provider_subsidy + p.pool_stakers + p.pool_public_goods + p.pool_community > 1.0 + 1e-12)
    v.fail("pool.provider_subsidy", "the pool's shares add up to more than 1 (the rest of 1 is burned)");

  // Stakers.
  p.staker_hurdle_apy = v.num("staking.hurdle_apy");
  p.restake_rate = v.num("staking.restake_rate");
  p.unbonding_days = static_cast<std::int32_t>(std::ceil(v.num("staking.unbonding") / 24.0 - 1e-9));
  if (p.unbonding_days >= akash::kStakeUnbondingDays)
    v.fail("staking.unbonding", "unbonding longer than 31 days is not supported");

  // Provider classes; bids are cost x (1 + markup) grossed up for the fees,
  // so the auction's price grid spans every bid a provider can make.
  const auto& rows = sc.arrays.at("provider_class");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(akash::kMaxProviderClasses))
    v.fail("provider_class", "between 1 and 8 [[provider_class]] rows are needed");
  p.markup_lo = v.num("providers.markup_min");
  p.markup_hi = v.num("providers.markup_max");
  if (p.markup_lo > p.markup_hi) v.fail("providers.markup_min", "markup_min exceeds providers.markup_max");
  const double amortization_hours = v.num("providers.amortization");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  const double gross_up = 1.0 / (1.0 - akash::mean_fee_share(p));
  double lo = 1e300, hi = 0.0, capacity_mean = 0.0, weight_sum = 0.0;
  p.n_classes = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    akash::ProviderClass& k = p.classes[i];
    k.capacity_units = static_cast<std::int32_t>(rows[i].at("capacity_units").number);
    k.capex_usd = rows[i].at("capex_usd").number;
    k.opex_usd_per_unit_hour = rows[i].at("opex_usd_per_unit_hour").number;
    k.cost_usd_per_unit_hour = k.opex_usd_per_unit_hour + k.capex_usd / k.capacity_units / amortization_hours;
    k.cum_threshold = thresholds[i];
    lo = std::min(lo, k.cost_usd_per_unit_hour * (1.0 + p.markup_lo) * gross_up);
    hi = std::max(hi, k.cost_usd_per_unit_hour * (1.0 + p.markup_hi) * gross_up);
    capacity_mean += rows[i].at("weight").number * k.capacity_units;
    weight_sum += rows[i].at("weight").number;
  }
  // Lease values are summed in integer micro-USD: a step's largest (every
  // slot of the dearest class leased at the highest bid) must stay far
  // inside int64 (kMaxStepLeaseUsd = 1e12 USD, 1e18 micro-USD).
  constexpr double kMaxStepLeaseUsd = 1e12;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const akash::ProviderClass& k = p.classes[i];
    const double step_lease = static_cast<double>(p.max_providers) * k.capacity_units * k.cost_usd_per_unit_hour *
                              (1.0 + p.markup_hi) * gross_up * p.dt_hours;
    if (!(step_lease <= kMaxStepLeaseUsd)) {
      const bool opex = k.opex_usd_per_unit_hour >= k.capex_usd / k.capacity_units / amortization_hours;
      const char* field = opex ? "opex_usd_per_unit_hour" : "capex_usd";
      const std::string key = "provider_class[" + std::to_string(i) + "]." + field;
      throw config::ConfigError(rows[i].at(field).where, key,
                                fmt::format("{}: at providers.markup_max, network.max_providers providers of this class "
                                            "would lease ${:.3g} in a step, beyond the model's range ($1e12)",
                                            key, step_lease));
    }
  }
  linear_merit_edges(lo, hi * 1.0001 + 1e-9, p.bid_edges);   // the ceiling just above every bid
  p.lease_end_per_step = std::min(1.0, p.dt_hours / v.num("demand.lease_duration"));

  // Demand: leased capacity wanted (MODEL.md 1), from the genesis capacity.
  p.demand0 = v.num("demand.base_utilization") * p.initial_providers * capacity_mean / weight_sum;
  const DemandProcess d = read_demand_process(v, c);
  apply_demand_process(p, d);
  p.elasticity = v.num("demand.elasticity");
  p.reference_price_usd = v.num("demand.reference_price_usd");

  const Lifecycle l = read_lifecycle(v);
  apply_lifecycle(p, l);
  p.n_shocks = 0;
  for (const ShockRow& row : read_shocks(v, c, akash::kMaxShocks))
    p.shocks[p.n_shocks++] = akash::Shock{row.start_step, row.end_step, row.demand_mult, row.price_mult};
  const EventThresholds e = read_event_thresholds(v);
  apply_event_thresholds(p, e);
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}

}  // namespace ts
