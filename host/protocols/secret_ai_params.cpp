#include "host/protocols/secret_ai_params.hpp"

#include <cmath>
#include <string>

#include <vector>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"

namespace ts {
namespace {

void build_time(const PointValues& v, const Clock& c, secret_ai::Params& p) {
  apply_clock(p, c);
  const double epoch = v.num("payments.epoch");
  if (std::fmod(epoch, 24.0) != 0.0) v.fail("payments.epoch", "the epoch must be a whole number of days");
  p.epoch_steps = static_cast<std::int32_t>(epoch / p.dt_hours);
}

void build_population(const PointValues& v, secret_ai::Params& p) {
  p.max_workers = static_cast<std::int32_t>(v.integer("network.max_workers"));
  p.initial_workers = static_cast<std::int32_t>(v.integer("network.initial_workers"));
  if (p.initial_workers > p.max_workers)
    v.fail("network.initial_workers", "initial_workers exceeds network.max_workers");
  p.nodes_per_agent = static_cast<std::int32_t>(v.integer("network.nodes_per_agent"));
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  p.attacker_strategy = v.text("network.attacker_strategy") == "sybil" ? secret_ai::Strategy::sybil
                                                                        : secret_ai::Strategy::self_dealing;
  p.fake_work_share = fraction(v.num("attack.fake_work_share"));
  p.detect_threshold = probability_threshold(v.num("attack.detect_prob"));
}

void build_staking(const PointValues& v, secret_ai::Params& p) {
  p.min_stake = to_micro_floor(v.num("staking.min_stake"));
  p.stake_per_node = to_micro_floor(v.num("staking.stake_per_node"));
  if (p.min_stake <= 0) v.fail("staking.min_stake", "the minimum stake must be at least one micro-SCRT");
  if (p.stake_per_node < p.min_stake)
    v.fail("staking.stake_per_node", "workers must stake at least staking.min_stake per node");
  // A sybil splits the stake of a node into minimum-stake identities.
  const std::int64_t k = p.stake_per_node / p.min_stake;
  if (k * p.nodes_per_agent > 1000000)
    v.fail("staking.min_stake", "stake_per_node / min_stake x nodes_per_agent exceeds 1e6 sybil identities");
  p.sybil_identities_per_node = static_cast<std::int32_t>(k);
  const double unbonding = v.num("staking.unbonding");
  if (std::fmod(unbonding, 24.0) != 0.0) v.fail("staking.unbonding", "the unbonding period must be whole days");
  p.unbonding_days = static_cast<std::int32_t>(unbonding / 24.0);
  if (p.unbonding_days > secret_ai::kMaxUnbondingDays)
    v.fail("staking.unbonding",
           "the unbonding queue holds at most " + std::to_string(secret_ai::kMaxUnbondingDays) + " days");
  p.min_uptime = fraction(v.num("slashing.min_uptime"));
  p.downtime_fraction = fraction(v.num("slashing.downtime_fraction"));
  p.fraud_fraction = fraction(v.num("slashing.fraud_fraction"));
}

void build_supply(const PointValues& v, secret_ai::Params& p) {
  p.genesis = to_micro_floor(v.num("supply.genesis"));
  p.genesis_treasury = to_micro_floor(v.num("supply.treasury"));
  p.genesis_chain_staked = to_micro_floor(v.num("supply.genesis") * v.num("supply.chain_staked_ratio"));
  p.subsidy_budget = to_micro_floor(v.num("subsidy.budget"));
  p.subsidy_per_epoch = to_micro_floor(v.num("subsidy.per_epoch"));
  p.subsidy_end_step = steps_of(v, "subsidy.end", p.dt_hours);
  if (p.subsidy_budget > p.genesis_treasury)
    v.fail("subsidy.budget", "the subsidy budget exceeds the community pool (supply.treasury)");
  const Micro amm_tokens = to_micro_floor(v.num("market.amm_usd") / v.num("market.p0"));
  const Micro workers = p.stake_per_node * p.nodes_per_agent * p.initial_workers;
  const double claimed = static_cast<double>(p.genesis_treasury) + static_cast<double>(p.genesis_chain_staked) +
                         static_cast<double>(amm_tokens) + static_cast<double>(workers);
  if (claimed > static_cast<double>(p.genesis))
    v.fail("supply.genesis",
           "community pool + chain stake + AMM seed (amm_usd / p0) + initial workers' stake exceed the supply");
}

void build_payments(const PointValues& v, const config::Scenario& sc, secret_ai::Params& p) {
  const double fee = v.num("fees.protocol_fee");
  p.protocol_fee = fraction(fee);
  p.fee_in_scrt = fraction(v.num("fees.fee_in_scrt"));
  p.subscription_share = v.num("payments.subscription_share");
  p.payg_fraction = fraction(1.0 - p.subscription_share);
  // Services may add the fee to their price; users see P_c = P_ref (1 + fee
  // passthrough), which moves demand through the elasticity (MODEL.md 1).
  const double price_mult = 1.0 + fee * v.num("fees.fee_passthrough");
  p.price_factor = std::pow(price_mult, -v.num("demand.elasticity"));
  p.rent_rule = read_rent_rule(v);

  const auto& rows = sc.arrays.at("service");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(secret_ai::kMaxServices))
    v.fail("service", "between 1 and " + std::to_string(secret_ai::kMaxServices) + " [[service]] rows are needed");
  double total = 0.0;
  for (const auto& row : rows) total += row.at("demand_weight").number;
  p.n_services = static_cast<std::int32_t>(rows.size());
  double cum = 0.0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    secret_ai::Service& s = p.services[i];
    // Integer micro-USD per kW (1,000 weighted tokens): exact for prices in
    // steps of $0.001 per million W; rounded to the nearest step otherwise.
    const double per_kw = row.at("price_usd_per_mw").number * 1000.0 * price_mult;
    s.price_per_kw = static_cast<MicroUsd>(std::llround(per_kw));
    if (s.price_per_kw < 1)
      v.fail("service", "[[service]] " + row.at("name").text + ": price_usd_per_mw below $0.001 per million W");
    s.demand_weight = row.at("demand_weight").number / total;
    cum += s.demand_weight;
    s.cum_weight = i + 1 == rows.size() ? 1.0 : cum;
    const double r = row.at("output_ratio").number;
    s.output_w_share = fraction(static_cast<double>(secret_ai::kOutputTokenWeight) * r /
                                (1.0 + static_cast<double>(secret_ai::kOutputTokenWeight) * r));
  }
}

void build_hardware(const PointValues& v, const config::Scenario& sc, secret_ai::Params& p) {
  const auto& rows = sc.arrays.at("hardware");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(secret_ai::kMaxHardwareClasses))
    v.fail("hardware", "between 1 and 8 [[hardware]] classes are needed");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    secret_ai::HardwareClass& h = p.hardware[i];
    h.capex_usd = row.at("capex_usd").number;
    // MW per hour -> kW per step.
    h.capacity_kw_per_step =
        static_cast<std::int64_t>(std::floor(row.at("throughput_mw_per_hour").number * 1000.0 * p.dt_hours));
    if (h.capacity_kw_per_step < 1)
      v.fail("hardware", "[[hardware]] " + row.at("name").text + ": throughput below 1,000 weighted tokens per step");
    h.opex_usd_per_step = row.at("opex_usd_per_hour").number * p.dt_hours;
    h.cum_threshold = thresholds[i];
  }
}

void build_market_and_demand(const PointValues& v, const config::Scenario& sc, const Clock& c,
                             secret_ai::Params& p) {
  const MarketSettings m = read_market(v, c);
  apply_market(p, m);
  // D0: base_utilization of the genesis capacity (mean capacity of the
  // hardware table), in kW per step.
  double wsum = 0.0, capacity = 0.0;
  const auto& rows = sc.arrays.at("hardware");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    wsum += rows[i].at("weight").number;
    capacity += rows[i].at("weight").number * static_cast<double>(p.hardware[i].capacity_kw_per_step);
  }
  const double nodes = static_cast<double>(p.initial_workers) * p.nodes_per_agent;
  p.demand0 = v.num("demand.base_utilization") * nodes * (capacity / wsum);
  const DemandProcess d = read_demand_process(v, c);
  apply_demand_process(p, d);
}

void build_shocks(const PointValues& v, const Clock& c, secret_ai::Params& p) {
  const std::vector<ShockRow> rows = read_shocks(v, c, secret_ai::kMaxShocks);
  p.n_shocks = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    p.shocks[i] = secret_ai::Shock{rows[i].start_step, rows[i].end_step, rows[i].demand_mult, rows[i].price_mult};
}

}  // namespace

secret_ai::Params build_secret_ai_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  secret_ai::Params p{};
  const Clock c = read_clock(v);
  build_time(v, c, p);
  build_population(v, p);
  build_staking(v, p);
  build_supply(v, p);
  build_payments(v, sc, p);
  build_hardware(v, sc, p);
  build_market_and_demand(v, sc, c, p);
  build_shocks(v, c, p);
  const Lifecycle l = read_lifecycle(v);
  apply_lifecycle(p, l);
  p.p_up_alpha = v.num("providers.p_up_alpha");
  p.p_up_beta = v.num("providers.p_up_beta");
  const EventThresholds e = read_event_thresholds(v);
  apply_event_thresholds(p, e);
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}

}  // namespace ts
