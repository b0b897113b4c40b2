#include "host/protocols/phala_params.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"
#include "models/mechanisms/schedule.hpp"
#include "models/protocols/phala/rules.hpp"

namespace ts {
namespace {

// Whole days of a duration key.
std::int32_t whole_days(const PointValues& v, const std::string& key) {
  const double hours = v.num(key);
  if (std::fmod(hours, 24.0) != 0.0) v.fail(key, "'" + key + "' must be a whole number of days");
  return static_cast<std::int32_t>(hours / 24.0);
}

void build_hardware(const PointValues& v, const config::Scenario& sc, phala::Params& p) {
  const auto& rows = sc.arrays.at("hardware");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  const double k = v.num("mining.min_stake_k");
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    phala::HardwareClass& h = p.hardware[i];
    h.score = row.at("score").number;
    h.capex_usd = row.at("capex_usd").number;
    h.opex_usd_per_step = row.at("opex_usd_per_hour").number * p.dt_hours;
    h.min_stake = to_micro_floor(phala::minimum_stake_tokens(k, h.score));
    h.cum_threshold = thresholds[i];
  }
}

// The five confidence levels, each given once, in level order.
void build_tiers(const PointValues& v, const config::Scenario& sc, phala::Params& p) {
  const auto& rows = sc.arrays.at("confidence_tier");
  const config::Row* by_level[phala::kTiers] = {};
  for (const auto& row : rows) {
    const int level = static_cast<int>(row.at("level").number);
    if (by_level[level - 1] != nullptr)
      v.fail("confidence_tier", "[[confidence_tier]] level " + std::to_string(level) + " is given twice");
    by_level[level - 1] = &row;
  }
  double total = 0.0;
  for (int l = 0; l < phala::kTiers; ++l) total += by_level[l]->at("weight").number;
  if (!(total > 0.0)) v.fail("confidence_tier", "the [[confidence_tier]] weights must not all be 0");
  double cum = 0.0;
  for (int l = 0; l < phala::kTiers; ++l) {
    cum += by_level[l]->at("weight").number;
    p.tiers[l].factor = by_level[l]->at("factor").number;
    p.tiers[l].cum_threshold = l + 1 == phala::kTiers ? kThresholdOne : probability_threshold(cum / total);
  }
}

void build_population(const PointValues& v, const config::Scenario& sc, phala::Params& p) {
  p.max_miners = static_cast<std::int32_t>(v.integer("network.max_miners"));
  p.initial_miners = static_cast<std::int32_t>(v.integer("network.initial_miners"));
  p.workers_per_agent = static_cast<std::int32_t>(v.integer("network.workers_per_agent"));
  // benchmark_inflation (MODEL.md 2.6): slash levels of the Khala paper.
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  p.benchmark_factor = v.num("attack.benchmark_factor");
  p.rebench_steps = steps_of(v, "attack.rebench_days", p.dt_hours);
  p.detect_threshold = probability_threshold(v.num("attack.detect_prob"));
  constexpr double kSlashLevels[4] = {0.001, 0.01, 0.1, 1.0};
  p.slash_share = fraction(kSlashLevels[v.integer("attack.slash_level") - 1]);
  // The probe: k + 1 single-worker miners in the first slots.
  p.split_k = static_cast<std::int32_t>(v.integer("split.k"));
  p.split_stake = to_micro_floor(v.num("split.stake"));
  p.split_tier = static_cast<std::int32_t>(v.integer("split.tier")) - 1;
  const std::int32_t probes = p.split_k > 0 ? p.split_k + 1 : 0;
  if (probes + p.initial_miners > p.max_miners)
    v.fail("network.initial_miners", "network.initial_miners + the probe's split.k + 1 miners exceed network.max_miners");
  const std::string& name = v.text("split.hardware");
  const auto& rows = sc.arrays.at("hardware");
  p.split_hardware = -1;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].at("name").text == name) p.split_hardware = static_cast<std::int32_t>(i);
  if (p.split_hardware < 0) v.fail("split.hardware", "split.hardware = '" + name + "' is not a [[hardware]] name");
  if (p.split_k > 0 && p.split_stake < p.hardware[p.split_hardware].min_stake)
    v.fail("split.stake", "split.stake, the probe's stake, is below its class's minimum stake mining.min_stake_k x sqrt(score) = " +
                              std::to_string(to_tokens(p.hardware[p.split_hardware].min_stake)) + " PHA");
}

void build_mining(const PointValues& v, phala::Params& p) {
  p.selection = v.integer("selection.by_share") == 1 ? phala::Selection::share : phala::Selection::sqrt_stake;
  p.stake_multiplier = v.num("mining.stake_multiplier");
  p.rig_cost_usd_per_score = v.num("mining.rig_cost_usd_per_score");
  const double dt = static_cast<double>(p.dt_hours);
  // Hourly rates compound over a step of dt hours.
  p.value_growth_per_step = std::pow(1.0 + v.num("mining.value_growth_per_hour"), dt) - 1.0;
  p.offline_slash_per_step = fraction(1.0 - std::pow(1.0 - v.num("mining.offline_slash_per_hour"), dt));
  p.value_max = to_micro_floor(v.num("mining.value_max"));
  p.share_performance_weight = v.num("mining.share_performance_weight");
  p.stake_multiple_lo = v.num("mining.stake_multiple_min");
  p.stake_multiple_hi = v.num("mining.stake_multiple_max");
  if (p.stake_multiple_lo > p.stake_multiple_hi)
    v.fail("mining.stake_multiple_min", "mining.stake_multiple_min exceeds mining.stake_multiple_max");
  p.cooldown_days = whole_days(v, "mining.cooldown");
  p.stake_bought_share = fraction(v.num("mining.stake_bought_share"));
}

void build_contracts(const PointValues& v, phala::Params& p) {
  p.gas_per_contract_step = to_micro_floor(v.num("contracts.gas_per_contract_hour") * p.dt_hours);
  p.restricted_share = v.num("contracts.restricted_share");
  p.max_restricted_tier = static_cast<std::int32_t>(v.integer("contracts.max_restricted_tier"));
  p.max_contracts_per_worker = static_cast<std::int32_t>(v.integer("contracts.max_per_worker"));
  p.contracts0 = v.num("demand.contracts0");
}

// The subsidy schedule of the horizon: the first month's budget per hour,
// cut by the discount at the end of every period.
void build_subsidy(const PointValues& v, phala::Params& p) {
  p.treasury_share = fraction(v.num("subsidy.treasury_share"));
  const double period = v.num("subsidy.halving_period");
  if (std::fmod(period, 1.0) != 0.0) v.fail("subsidy.halving_period", "subsidy.halving_period must be a whole number of hours");
  const std::int64_t horizon_hours = static_cast<std::int64_t>(p.n_steps) * p.dt_hours;
  const std::int64_t period_hours = static_cast<std::int64_t>(period);
  const std::int64_t periods = (horizon_hours + period_hours - 1) / period_hours;
  if (periods > kMaxPeriods)
    v.fail("subsidy.halving_period", "the horizon spans more than " + std::to_string(kMaxPeriods) + " periods of subsidy.halving_period");
  build_period_schedule(p.subsidy, v.num("subsidy.first_month") / kHoursPerMonth, v.num("subsidy.halving_discount"),
                        period_hours, static_cast<std::int32_t>(periods));
}

// What genesis takes from the supply must fit in it: the subsidy pool, the
// treasury, the AMM seed and the most the genesis miners can stake.
void build_supply(const PointValues& v, phala::Params& p) {
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  p.genesis_treasury = to_micro_floor(v.num("supply.treasury"));
  p.mining_budget = to_micro_floor(v.num("subsidy.budget"));
  double stake = 0.0;
  for (std::int32_t i = 0; i < p.n_hardware; ++i)
    stake = std::max(stake, to_tokens(p.hardware[i].min_stake) * p.stake_multiple_hi);
  stake *= static_cast<double>(p.initial_miners) * p.workers_per_agent;
  stake += to_tokens(p.split_stake) * 2.0 * p.split_k;
  const double claimed = to_tokens(p.mining_budget) + to_tokens(p.genesis_treasury) +
                         v.num("market.amm_usd") / v.num("market.p0") + stake;
  if (claimed > to_tokens(p.genesis))
    v.fail("supply.genesis", "subsidy pool + treasury + AMM seed (amm_usd / p0) + the genesis miners' stake exceed "
                             "supply.genesis");
}

}  // namespace

phala::Params build_phala_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  phala::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
  build_mining(v, p);
  build_hardware(v, sc, p);
  build_tiers(v, sc, p);
  build_population(v, sc, p);
  build_contracts(v, p);
  build_subsidy(v, p);
  build_supply(v, p);
  apply_market(p, read_market(v, c));
  apply_demand_process(p, read_demand_process(v, c));
  p.elasticity = v.num("demand.elasticity");
  apply_market_shocks(p, read_shocks(v, c, phala::kMaxShocks));
  apply_lifecycle(p, read_lifecycle(v));
  p.p_up_alpha = v.num("providers.p_up_alpha");
  p.p_up_beta = v.num("providers.p_up_beta");
  p.split_p_up = p.p_up_alpha / (p.p_up_alpha + p.p_up_beta);
  apply_event_thresholds(p, read_event_thresholds(v));
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}

}  // namespace ts
