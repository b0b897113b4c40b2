#include "host/protocols/akash_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/akash_params.hpp"
#include "models/protocols/akash/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_akash_run(const config::Scenario& sc) {
  // The common metrics that apply to Akash (no per-node uptime, no pro-rata
  // budget, no stake held by providers), and its own (MODEL.md 2.2).
  std::vector<Metric> metrics = {
      Metric::providers_active,   Metric::providers_online,     Metric::stake_total,
      Metric::staked_ratio,       Metric::supply_total,         Metric::supply_circulating,
      Metric::minted_cum,         Metric::emitted_cum,          Metric::reward_reserve,
      Metric::burned_cum,         Metric::treasury,             Metric::price_usd,
      Metric::treasury_runway_days, Metric::treasury_unpaid_usd_cum,
      Metric::market_cap_usd, Metric::outside_unfilled_usd_cum,     Metric::demand_units,         Metric::served_units,
      Metric::utilization,        Metric::fees_usd_cum,         Metric::provider_income_usd_median,
      Metric::provider_payback_days_median, Metric::reward_gini, Metric::ledger_residual,
      Metric::inflation_rate,     Metric::staking_apy,          Metric::security_budget_usd,
      Metric::lease_price_usd,    Metric::incentive_pool_cum,
      Metric::attackers_active,   Metric::attacker_profit_usd,  Metric::attack_gain_usd,
      Metric::attackers_in_profit_share, Metric::self_dealt_usd_cum};
  auto run = std::make_unique<ModelRun<akash::AkashModel>>(
      sc, &build_akash_params, [](const akash::Params& p) { return p.dt_hours; }, std::move(metrics));
  // Concentration over operators (MODEL.md 1 "Operators") needs the stake
  // they control: Akash's AKT is bonded to validators, which the model
  // keeps as one network account, not as agents; providers hold none.
  run->not_carried(Metric::nakamoto_coefficient,
                   "Akash providers hold no stake; AKT is bonded to validators, which the model does not have as agents");
  return with_treasury_obligations(std::move(run));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::akash::AkashModel)
