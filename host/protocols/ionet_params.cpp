#include "host/protocols/ionet_params.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"
#include "models/mechanisms/oracle.hpp"
#include "models/mechanisms/availability.hpp"
#include "models/mechanisms/unbonding.hpp"

namespace ts {
namespace {

// Equal monthly unlocks of `amount` after `cliff` months (unlock k at the
// start of month cliff + k, k = 1..n), exact to the micro-token.
void add_tranche(const PointValues& v, const std::string& key, Micro amount, std::int64_t cliff, std::int64_t n,
                 Micro (&unlock)[kMaxMonths]) {
  if (cliff + n >= kMaxMonths) v.fail(key, "cliff plus unlock months must stay below " + std::to_string(kMaxMonths));
  for (std::int64_t k = 1; k <= n; ++k)
    unlock[cliff + k] += mul_div_floor(amount, k, n) - mul_div_floor(amount, k - 1, n);
}

void build_supply(const PointValues& v, ionet::Params& p) {
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  p.max_supply = to_micro_floor(v.num("supply.max_supply"));
  if (p.genesis > p.max_supply) v.fail("supply.genesis", "genesis supply exceeds supply.max_supply");
  const double shares[] = {v.num("supply.allocation.community"), v.num("supply.allocation.seed_investors"),
                           v.num("supply.allocation.series_a"), v.num("supply.allocation.core_contributors"),
                           v.num("supply.allocation.rnd_ecosystem")};
  const double sum = shares[0] + shares[1] + shares[2] + shares[3] + shares[4];
  if (std::fabs(sum - 1.0) > 1e-9)
    v.fail("supply.allocation.community", "allocation shares sum to " + std::to_string(sum) + ", not 1");
  const double genesis_tokens = v.num("supply.genesis");
  const Micro seed_inv = to_micro_floor(genesis_tokens * shares[1]);
  const Micro series_a = to_micro_floor(genesis_tokens * shares[2]);
  const Micro core = to_micro_floor(genesis_tokens * shares[3]);
  const Micro rnd = to_micro_floor(genesis_tokens * shares[4]);
  p.genesis_locked_vesting = seed_inv + series_a + core + rnd;
  p.genesis_community_pool = p.genesis - p.genesis_locked_vesting;

  for (auto& x : p.vesting_unlock) x = 0;
  for (auto& x : p.unlock_sold) x = 0;
  const std::int64_t ic = v.integer("vesting.investor_cliff_months");
  const std::int64_t iu = v.integer("vesting.investor_unlock_months");
  const std::int64_t cc = v.integer("vesting.contributor_cliff_months");
  const std::int64_t cu = v.integer("vesting.contributor_unlock_months");
  add_tranche(v, "vesting.investor_unlock_months", seed_inv, ic, iu, p.vesting_unlock);
  add_tranche(v, "vesting.investor_unlock_months", series_a, ic, iu, p.vesting_unlock);
  add_tranche(v, "vesting.contributor_unlock_months", core, cc, cu, p.vesting_unlock);
  add_tranche(v, "vesting.contributor_unlock_months", rnd, cc, cu, p.vesting_unlock);
  const double sell_share = v.num("vesting.unlock_sell_share");
  for (int m = 0; m < kMaxMonths; ++m) p.unlock_sold[m] = to_micro_floor(to_tokens(p.vesting_unlock[m]) * sell_share);
  p.unlock_months = kMaxMonths;
  p.unlock_sell_hours = static_cast<std::int32_t>(v.num("vesting.unlock_sell_days"));
  p.unlock_dump_share = fraction(v.num("vesting.unlock_dump_share"));
  p.community_release_months = static_cast<std::int32_t>(v.integer("vesting.community_release_months"));
}

// Emission (seed 003): E_month(m) = (year1_rate * genesis / 12) (1 - decay)^m
// for m < months, never past the emission budget nor the max supply.
void build_emission(const PointValues& v, ionet::Params& p) {
  const std::int64_t months = v.integer("emission.months");
  const double first = v.num("emission.year1_rate") * v.num("supply.genesis") / 12.0;
  const double decay = v.num("emission.monthly_decay");
  const Micro budget = to_micro_floor(v.num("emission.budget"));
  if (p.genesis + budget > p.max_supply)
    v.fail("emission.budget", "genesis plus the emission budget exceeds supply.max_supply");
  MonthlySchedule& s = p.emission;
  s.months = static_cast<std::int32_t>(months);
  s.cum_before[0] = 0;
  for (int m = 0; m < kMaxMonths; ++m) {
    Micro e = m < months ? to_micro_floor(first * std::pow(1.0 - decay, m)) : 0;
    if (s.cum_before[m] + e > budget) e = budget - s.cum_before[m];
    s.amount[m] = e;
    s.cum_before[m + 1] = s.cum_before[m] + e;
  }
}

void build_market_and_demand(const PointValues& v, const config::Scenario& sc, const Clock& c, ionet::Params& p) {
  const MarketSettings m = read_market(v, c);
  apply_market(p, m);
  p.oracle_window_steps = steps_of(v, "market.oracle_window", c.dt_hours);
  if (p.oracle_window_steps > kMaxOracleSteps)
    v.fail("market.oracle_window", "the oracle's window holds at most " + std::to_string(kMaxOracleSteps) + " steps");
  if (to_micro_floor(p.amm_usd0 / p.p0) >= p.genesis_community_pool)
    v.fail("market.amm_usd", "the AMM seed (amm_usd / p0 tokens) does not fit in the community allocation");

  // Mean capacity of an entrant, weighted by the hardware table.
  const auto& hw = sc.arrays.at("hardware");
  double wsum = 0.0, units = 0.0;
  for (const auto& row : hw) {
    wsum += row.at("weight").number;
    units += row.at("weight").number * row.at("capacity_units").number;
  }
  const double nodes = static_cast<double>(p.initial_providers) * p.nodes_per_agent;
  p.demand0 = v.num("demand.base_utilization") * nodes * (units / wsum);
  const DemandProcess d = read_demand_process(v, c);
  apply_demand_process(p, d);
  // Renters see the rental price with their fees (P_c); P_ref is the bare
  // rental price, so a fee proposal moves demand through the elasticity.
  const double renter_mult = 1.0 + p.reservation_fee_renter + (1.0 - p.pay_in_token_share) * p.payment_fee_usdc +
                             p.pay_in_token_share * p.payment_fee_token;
  p.price_factor = std::pow(renter_mult, -v.num("demand.elasticity"));
  p.rental_price_usd = v.num("demand.rental_price_usd");
  p.rent_rule = read_rent_rule(v);
}

void build_hardware(const PointValues& v, const config::Scenario& sc, ionet::Params& p) {
  const auto& rows = sc.arrays.at("hardware");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(ionet::kMaxHardwareClasses))
    v.fail("hardware", "between 1 and 8 [[hardware]] classes are needed");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ionet::HardwareClass& h = p.hardware[i];
    h.capex_usd = row.at("capex_usd").number;
    h.capacity_units = static_cast<std::int32_t>(row.at("capacity_units").number);
    h.opex_usd_per_hour = row.at("opex_usd_per_hour").number;
    h.max_equity = to_micro_floor(row.at("max_equity").number);
    h.cum_threshold = thresholds[i];
  }
}

void build_shocks(const PointValues& v, const Clock& c, ionet::Params& p) {
  p.n_shocks = 0;
  for (const ShockRow& row : read_shocks(v, c, ionet::kMaxShocks))
    p.shocks[p.n_shocks++] = ionet::Shock{row.start_step, row.end_step, row.demand_mult, row.price_mult};
}

// The genesis stakes and the AMM seed come out of the community allocation
// (assumption): with the largest stake any initial provider could draw, it
// must fit, or later providers would silently start with less.
void check_genesis_fits(const PointValues& v, const ionet::Params& p) {
  Micro max_equity = 0;
  for (std::int32_t i = 0; i < p.n_hardware; ++i) max_equity = std::max(max_equity, p.hardware[i].max_equity);
  const Micro max_stake = max_stake_per_node(max_equity, 2.0 * p.modifier_max + p.job_hours_modifier, p.min_stake_per_node);
  const double per_identity = to_tokens(p.min_stake_per_node) + p.stake_fill * to_tokens(max_stake - p.min_stake_per_node);
  const double honest = per_identity * p.nodes_per_agent;
  const double sybil = to_tokens(p.min_stake_per_node) * p.nodes_per_agent * p.sybil_identities_per_node;
  const double per_provider = (honest > sybil ? honest : sybil) * (1.0 + p.initial_delegation_ratio);
  const double needed = per_provider * p.initial_providers + p.amm_usd0 / p.p0;
  if (needed > to_tokens(p.genesis_community_pool))
    v.fail("network.initial_providers",
           fmt::format("the genesis stakes (up to {:.6g} tokens with delegation) and the AMM seed do not fit in the "
                       "community allocation ({:.6g} tokens)",
                       needed - p.amm_usd0 / p.p0, to_tokens(p.genesis_community_pool)));
}

}  // namespace

ionet::Params build_ionet_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  ionet::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
  // population
  p.max_providers = static_cast<std::int32_t>(v.integer("network.max_providers"));
  p.initial_providers = static_cast<std::int32_t>(v.integer("network.initial_providers"));
  if (p.initial_providers > p.max_providers)
    v.fail("network.initial_providers", "initial_providers exceeds network.max_providers");
  p.nodes_per_agent = static_cast<std::int32_t>(v.integer("network.nodes_per_agent"));
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  const std::string& strategy = v.text("network.attacker_strategy");
  p.attacker_strategy = strategy == "sybil"                ? ionet::Strategy::sybil
                        : strategy == "price_manipulation" ? ionet::Strategy::price_manipulation
                                                           : ionet::Strategy::fake_uptime;
  p.manipulation_usd_per_node = v.num("network.manipulation_usd_per_node");
  p.sybil_identities_per_node = static_cast<std::int32_t>(v.integer("network.sybil_identities_per_node"));
  if (static_cast<std::int64_t>(p.nodes_per_agent) * p.sybil_identities_per_node > 2000000000)
    v.fail("network.sybil_identities_per_node", "nodes_per_agent x sybil_identities_per_node exceeds 2e9");
  p.attacker_real_uptime = v.num("network.attacker_real_uptime");

  build_supply(v, p);
  build_emission(v, p);

  // availability
  p.payback_hours = v.num("availability.payback_months") * kHoursPerMonth;
  p.supplier_share = fraction(v.num("availability.supplier_share"));
  p.min_stake_per_node = to_micro_floor(v.num("availability.min_stake_per_node"));
  p.stake_boost = v.num("availability.stake_boost");
  p.cooldown_steps = steps_of(v, "availability.cooldown", p.dt_hours);
  // staking
  p.unbonding_steps = steps_of(v, "staking.unbonding", p.dt_hours);
  p.unbonding_days = static_cast<std::int32_t>(std::ceil(v.num("staking.unbonding") / 24.0 - 1e-9));
  if (p.unbonding_days >= kUnbondingDays)
    v.fail("staking.unbonding", "unbonding longer than " + std::to_string(kUnbondingDays - 1) + " days is not supported");
  p.collateral_lock_steps = steps_of(v, "staking.collateral_lock", p.dt_hours);
  p.initial_delegation_ratio = v.num("staking.initial_delegation_ratio");
  p.staker_hurdle_apy = v.num("staking.staker_hurdle_apy");
  p.restake_rate = v.num("staking.restake_rate");
  p.stake_fill = v.num("staking.stake_fill");
  p.modifier_max = v.num("staking.modifier_max");
  p.job_hours_modifier = v.num("staking.job_hours_modifier");
  // slashing
  p.downtime_slash_to_insurance = v.text("slashing.downtime_slash_to") == "insurance";
  p.detect_threshold = probability_threshold(v.num("slashing.detect_prob"));
  // fees
  p.reservation_fee_renter = v.num("fees.reservation_fee_renter");
  p.reservation_fee_supplier = v.num("fees.reservation_fee_supplier");
  p.payment_fee_usdc = v.num("fees.payment_fee_usdc");
  p.payment_fee_token = v.num("fees.payment_fee_token");
  p.pay_in_token_share = v.num("fees.pay_in_token_share");
  p.buyback_share = fraction(v.num("fees.buyback_share"));
  if (p.reservation_fee_supplier + p.payment_fee_usdc >= 1.0 || p.reservation_fee_supplier + p.payment_fee_token >= 1.0)
    v.fail("fees.reservation_fee_supplier", "supplier fees take the whole rent");

  build_market_and_demand(v, sc, c, p);
  build_hardware(v, sc, p);
  build_shocks(v, c, p);

  check_genesis_fits(v, p);

  // providers
  const Lifecycle l = read_lifecycle(v);
  apply_lifecycle(p, l);
  p.p_up_alpha = v.num("providers.p_up_alpha");
  p.p_up_beta = v.num("providers.p_up_beta");
  // events
  const EventThresholds e = read_event_thresholds(v);
  apply_event_thresholds(p, e);
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}


}  // namespace ts
