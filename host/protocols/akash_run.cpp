#include "host/protocols/akash_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/akash_params.hpp"
#include "models/protocols/akash/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_akash_run(const config::Scenario& sc) {
  // The common metrics that apply to Akash (no attackers, no per-node
  // uptime, no pro-rata budget), and its own (MODEL.md 2.2).
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
      Metric::lease_price_usd,    Metric::incentive_pool_cum};
  return with_treasury_obligations(std::make_unique<ModelRun<akash::AkashModel>>(
      sc, &build_akash_params, [](const akash::Params& p) { return p.dt_hours; }, std::move(metrics),
      EventsNotCarried{{Event::attack_profitable, "the Akash model has no attackers"}}));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::akash::AkashModel)
