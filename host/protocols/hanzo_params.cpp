#include "host/protocols/hanzo_params.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/protocols/common_params.hpp"
#include "models/mechanisms/unbonding.hpp"

namespace ts {
namespace {

std::int64_t ppm(double share) { return static_cast<std::int64_t>(std::llround(share * 1e6)); }

// Allocation of the fixed supply (seed: 30 / 25 / 20 / 15 / 10).
void build_supply(const PointValues& v, hanzo::Params& p) {
  const double total = v.num("supply.total");
  p.genesis = to_micro_floor(total);
  p.max_supply = p.genesis;
  const char* keys[] = {"supply.allocation.community", "supply.allocation.mining_rewards", "supply.allocation.team",
                        "supply.allocation.dao_treasury", "supply.allocation.initial_liquidity"};
  std::int64_t parts[5];
  std::int64_t sum = 0;
  for (int i = 0; i < 5; ++i) sum += parts[i] = ppm(v.num(keys[i]));
  if (sum != hanzo::kPpm)
    v.fail(keys[0], "allocation shares sum to " + std::to_string(static_cast<double>(sum) / 1e6) + ", not 1");
  p.genesis_mining_pool = mul_div_floor(p.genesis, parts[1], hanzo::kPpm);
  p.genesis_team = mul_div_floor(p.genesis, parts[2], hanzo::kPpm);
  p.genesis_treasury = mul_div_floor(p.genesis, parts[3], hanzo::kPpm);
  const Micro liquidity = mul_div_floor(p.genesis, parts[4], hanzo::kPpm);
  // The community takes the rounding remainder, so the parts sum to genesis.
  p.genesis_community = p.genesis - p.genesis_mining_pool - p.genesis_team - p.genesis_treasury - liquidity;

  // The AMM's token side is amm_usd / p0 tokens of the liquidity allocation;
  // any rest of it goes to holders (liquidity providers' own tokens).
  p.p0 = v.num("market.p0");
  p.amm_usd0 = v.num("market.amm_usd");
  p.genesis_amm_tokens = to_micro_floor(p.amm_usd0 / p.p0);
  if (p.genesis_amm_tokens > liquidity)
    v.fail("market.amm_usd", "the AMM seed (amm_usd / p0 tokens) exceeds the initial liquidity allocation");
  if (p.genesis_amm_tokens <= 0) v.fail("market.amm_usd", "the AMM seed holds no tokens");
  p.genesis_liquidity_rest = liquidity - p.genesis_amm_tokens;

  // Team vesting: the cliff's share unlocks at the start of month `cliff`,
  // then equal monthly parts until month `months` (seed: 4-year vesting).
  for (auto& x : p.team_unlock) x = 0;
  for (auto& x : p.team_unlock_sold) x = 0;
  const std::int64_t cliff = v.integer("vesting.team_cliff_months");
  const std::int64_t months = v.integer("vesting.team_months");
  if (cliff > months) v.fail("vesting.team_cliff_months", "the cliff is longer than vesting.team_months");
  if (months >= kMaxMonths) v.fail("vesting.team_months", "vesting must end before month " + std::to_string(kMaxMonths));
  const std::int64_t first = cliff > 0 ? cliff : 1;
  for (std::int64_t m = first; m <= months; ++m)
    p.team_unlock[m] = mul_div_floor(p.genesis_team, m, months) - mul_div_floor(p.genesis_team, m == first ? 0 : m - 1, months);
  const double sell = v.num("vesting.unlock_sell_share");
  for (int m = 0; m < kMaxMonths; ++m) p.team_unlock_sold[m] = to_micro_floor(to_tokens(p.team_unlock[m]) * sell);
  p.unlock_sell_hours = static_cast<std::int32_t>(v.num("vesting.unlock_sell_days"));
  p.unlock_dump_share = fraction(v.num("vesting.unlock_dump_share"));
  p.community_release_months = static_cast<std::int32_t>(v.integer("vesting.community_release_months"));
}

// Emission (seed): annual_emission(year) = base * decay^year, each year paid
// in 12 equal monthly parts (exact to the micro-token), for `years` years.
// The schedule is not capped: the model pays it only while the mining pool
// lasts, and the pool is what bounds the supply (nothing is minted).
void build_emission(const PointValues& v, hanzo::Params& p) {
  const double base = v.num("emission.base");
  const double decay = v.num("emission.decay");
  const std::int64_t years = v.integer("emission.years");
  MonthlySchedule& s = p.emission;
  s.months = static_cast<std::int32_t>(years * 12);
  s.cum_before[0] = 0;
  for (int m = 0; m < kMaxMonths; ++m) {
    Micro e = 0;
    if (m < s.months) {
      const Micro year_total = to_micro_floor(base * std::pow(decay, m / 12));
      e = mul_div_floor(year_total, m % 12 + 1, 12) - mul_div_floor(year_total, m % 12, 12);
    }
    s.amount[m] = e;
    s.cum_before[m + 1] = s.cum_before[m] + e;
  }
}

void build_market_and_demand(const PointValues& v, const Clock& c, hanzo::Params& p) {
  const MarketSettings m = read_market(v, c);
  p.amm_fee = m.amm_fee;
  p.flow_mu_dt = m.flow_mu_dt;
  p.flow_sigma_sqrt_dt = m.flow_sigma_sqrt_dt;
  p.outside_float = m.outside_float;
  // D0: demand at the genesis price, a share of the genesis capacity (mean
  // tokens per hour of an entrant, weighted by the hardware table).
  const auto& hw = v.scenario().arrays.at("hardware");
  double wsum = 0.0, tokens = 0.0;
  for (const auto& row : hw) {
    wsum += row.at("weight").number;
    tokens += row.at("weight").number * row.at("tokens_per_hour").number;
  }
  const double nodes = static_cast<double>(p.initial_providers) * p.nodes_per_agent;
  p.demand0 = v.num("demand.base_utilization") * nodes * (tokens / wsum);
  p.reference_usd_per_token = p.initial_inference_price * p.p0;
  p.demand_elasticity = v.num("demand.elasticity");
  const DemandProcess d = read_demand_process(v, c);
  apply_demand_process(p, d);
}

void build_tiers(const PointValues& v, hanzo::Params& p) {
  const auto& rows = v.scenario().arrays.at("tier");
  if (rows.size() != static_cast<std::size_t>(hanzo::kTiers)) v.fail("tier", "exactly 5 [[tier]] rows (tiers 0..4)");
  for (int i = 0; i < hanzo::kTiers; ++i) {
    p.tier_bonus[i] = rows[i].at("bonus").number;
    p.tier_mult[i] = rows[i].at("staking_mult").number;
  }
}

void build_hardware(const PointValues& v, hanzo::Params& p) {
  const auto& rows = v.scenario().arrays.at("hardware");
  if (rows.empty() || rows.size() > static_cast<std::size_t>(hanzo::kMaxHardwareClasses))
    v.fail("hardware", "between 1 and 8 [[hardware]] classes are needed");
  const std::vector<std::uint64_t> thresholds = class_thresholds(rows, "weight");
  p.n_hardware = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    hanzo::HardwareClass& h = p.hardware[i];
    h.capex_usd = row.at("capex_usd").number;
    h.tokens_per_hour = row.at("tokens_per_hour").number;
    h.opex_usd_per_hour = row.at("opex_usd_per_hour").number;
    h.max_tier = static_cast<std::uint8_t>(row.at("max_tier").number);
    h.cum_threshold = thresholds[i];
  }
}

void build_shocks(const PointValues& v, const Clock& c, hanzo::Params& p) {
  const std::vector<ShockRow> rows = read_shocks(v, c, hanzo::kMaxShocks);
  p.n_shocks = static_cast<std::int32_t>(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    p.shocks[i] = hanzo::Shock{rows[i].start_step, rows[i].end_step, rows[i].demand_mult, rows[i].price_mult};
}

// Holders as ranked accounts (MODEL.md 2.4 "Governance", assumption): holder
// k = 1..H holds a share proportional to k^-exponent of `holders` and of the
// delegated stake. Only the square roots of the shares enter voting power.
void build_governance(const PointValues& v, hanzo::Params& p) {
  p.quorum[0] = v.num("governance.quorum_parameter");
  p.quorum[1] = v.num("governance.quorum_treasury");
  p.quorum[2] = v.num("governance.quorum_upgrade");
  if (!(p.quorum[0] <= p.quorum[1] && p.quorum[1] <= p.quorum[2]))
    v.fail("governance.quorum_treasury", "quorums must be in ascending order: parameter <= treasury <= upgrade");
  p.n_holder_accounts = static_cast<std::int32_t>(v.integer("governance.holder_accounts"));
  const double exponent = v.num("governance.holder_zipf_exponent");
  double sum = 0.0;
  for (int k = 0; k < p.n_holder_accounts; ++k) sum += std::pow(k + 1.0, -exponent);
  for (int k = 0; k < hanzo::kMaxHolderAccounts; ++k)
    p.holder_sqrt_weight[k] = k < p.n_holder_accounts ? std::sqrt(std::pow(k + 1.0, -exponent) / sum) : 0.0;
  p.team_members = static_cast<std::int32_t>(v.integer("governance.team_members"));
}

}  // namespace

hanzo::Params build_hanzo_params(const config::Scenario& sc, const config::Point& point) {
  const PointValues v(sc, point);
  hanzo::Params p{};
  const Clock c = read_clock(v);
  apply_clock(p, c);
  // population
  p.max_providers = static_cast<std::int32_t>(v.integer("network.max_providers"));
  p.initial_providers = static_cast<std::int32_t>(v.integer("network.initial_providers"));
  if (p.initial_providers > p.max_providers)
    v.fail("network.initial_providers", "initial_providers exceeds network.max_providers");
  p.nodes_per_agent = static_cast<std::int32_t>(v.integer("network.nodes_per_agent"));
  p.attacker_threshold = probability_threshold(v.num("network.attacker_share"));
  p.attacker_strategy = v.text("network.attacker_strategy") == "fake_uptime" ? hanzo::Strategy::fake_uptime
                                                                             : hanzo::Strategy::fake_attestation;
  p.attacker_real_uptime = v.num("network.attacker_real_uptime");

  build_supply(v, p);
  build_emission(v, p);

  // jobs and pricing
  p.quality_min = v.num("jobs.quality_min");
  p.quality_max = v.num("jobs.quality_max");
  if (p.quality_min > p.quality_max) v.fail("jobs.quality_min", "quality_min exceeds jobs.quality_max");
  p.holder_pay_fraction = probability_threshold(v.num("jobs.holder_pay_share"));
  p.initial_inference_price = v.num("pricing.initial_price");
  p.min_inference_price = v.num("pricing.min_price");
  p.max_inference_price = v.num("pricing.max_price");
  if (p.min_inference_price > p.max_inference_price) v.fail("pricing.min_price", "min_price exceeds pricing.max_price");
  if (p.initial_inference_price < p.min_inference_price || p.initial_inference_price > p.max_inference_price)
    v.fail("pricing.initial_price", "initial_price lies outside [pricing.min_price, pricing.max_price]");
  p.price_update_elasticity = v.num("pricing.update_elasticity");
  p.price_max_daily_move = v.num("pricing.max_daily_move");
  build_tiers(v, p);

  // availability
  p.gate_by_network_factor = v.text("availability.network_factor") == "gate_emission";
  p.commission_share = v.num("availability.commission");
  p.commission = probability_threshold(p.commission_share);

  // staking
  p.min_stake_per_node = to_micro_floor(v.num("staking.min_stake_per_node"));
  p.stake_per_node_lo = v.num("staking.stake_per_node_min");
  p.stake_per_node_hi = v.num("staking.stake_per_node_max");
  if (p.stake_per_node_lo > p.stake_per_node_hi)
    v.fail("staking.stake_per_node_min", "staking.stake_per_node_min exceeds staking.stake_per_node_max");
  p.lock_days_lo = v.num("staking.lock_min") / 24.0;
  p.lock_days_hi = v.num("staking.lock_max") / 24.0;
  if (p.lock_days_lo > p.lock_days_hi) v.fail("staking.lock_min", "lock_min exceeds staking.lock_max");
  p.duration_bonus_per_year = v.num("staking.duration_bonus_per_year");
  p.duration_mult_max = v.num("staking.duration_mult_max");
  const double unbonding_h = v.num("staking.unbonding");
  if (std::fmod(unbonding_h, 24.0) != 0.0) v.fail("staking.unbonding", "the unbonding period must be whole days");
  p.unbonding_days = static_cast<std::int32_t>(unbonding_h / 24.0);
  if (p.unbonding_days + 1 >= kUnbondingDays)
    v.fail("staking.unbonding", "the unbonding period must be below " + std::to_string(kUnbondingDays - 1) + " days");
  p.unstake_fee_ppm = ppm(v.num("staking.unstake_fee"));
  p.initial_delegation_ratio = v.num("staking.initial_delegation_ratio");
  p.staker_hurdle_apy = v.num("staking.staker_hurdle_apy");
  p.restake_rate = v.num("staking.restake_rate");
  // reputation
  p.initial_reputation = v.num("reputation.initial");
  p.reputation_alpha = v.num("reputation.daily_pull");
  p.reputation_penalty = v.num("reputation.penalty");
  // slashing
  p.sla_slash_lo = v.num("slashing.sla_min");
  p.sla_slash_hi = v.num("slashing.sla_max");
  if (p.sla_slash_lo > p.sla_slash_hi) v.fail("slashing.sla_min", "sla_min exceeds slashing.sla_max");
  p.attestation_slash = v.num("slashing.attestation");
  p.malicious_slash = v.num("slashing.malicious");
  p.violation_prob_at_zero = v.num("slashing.violation_prob_at_zero");
  p.attestation_fail_threshold = probability_threshold(v.num("slashing.attestation_fail_prob"));
  p.detect_threshold = probability_threshold(v.num("slashing.detect_prob"));
  p.slash_sink = v.text("slashing.slash_to") == "treasury" ? hanzo::SlashSink::treasury : hanzo::SlashSink::burned;
  // fees: the provider rewards pool takes what burn, treasury and liquidity leave
  p.job_fee_ppm = ppm(v.num("fees.job_fee"));
  p.fee_shares.burn_ppm = ppm(v.num("fees.burn_share"));
  p.fee_shares.treasury_ppm = ppm(v.num("fees.treasury_share"));
  p.fee_shares.liquidity_ppm = ppm(v.num("fees.liquidity_share"));
  p.fee_shares.provider_pool_ppm =
      hanzo::kPpm - p.fee_shares.burn_ppm - p.fee_shares.treasury_ppm - p.fee_shares.liquidity_ppm;
  if (p.fee_shares.provider_pool_ppm < 0)
    v.fail("fees.burn_share", "burn, treasury and liquidity shares exceed 1 (the provider rewards pool takes the rest)");

  build_market_and_demand(v, c, p);
  build_hardware(v, p);
  build_shocks(v, c, p);
  build_governance(v, p);

  // providers
  const Lifecycle l = read_lifecycle(v);
  apply_lifecycle(p, l);
  p.p_up_alpha = v.num("providers.p_up_alpha");
  p.p_up_beta = v.num("providers.p_up_beta");
  p.sla_alpha = v.num("providers.sla_alpha");
  p.sla_beta = v.num("providers.sla_beta");
  // events
  const EventThresholds e = read_event_thresholds(v);
  apply_event_thresholds(p, e);
  p.treasury_burn_usd_per_day = read_treasury_burn(v);
  return p;
}

}  // namespace ts
