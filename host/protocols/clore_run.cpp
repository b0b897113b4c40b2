#include "host/protocols/clore_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/clore_params.hpp"
#include "models/protocols/clore/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_clore_run(const config::Scenario& sc) {
  // The common metrics that apply to Clore.ai (MODEL.md 1; no stake, no
  // slashing, no pro-rata claim scaling; Nakamoto over hosts' holdings), the
  // self_rent attackers' figures, and its own (2.7).
  std::vector<Metric> metrics = {
      Metric::providers_active,   Metric::providers_online,   Metric::nodes_online,
      Metric::supply_total,       Metric::supply_circulating, Metric::minted_cum,
      Metric::emitted_cum,        Metric::reward_reserve,     Metric::burned_cum,
      Metric::treasury,           Metric::price_usd,          Metric::market_cap_usd, Metric::outside_unfilled_usd_cum,
      Metric::treasury_runway_days, Metric::treasury_unpaid_usd_cum,
      Metric::demand_units,       Metric::served_units,       Metric::utilization,
      Metric::fees_usd_cum,       Metric::provider_income_usd_median,
      Metric::provider_payback_days_median,                   Metric::reward_gini,
      Metric::nakamoto_coefficient,
      Metric::ledger_residual,    Metric::lease_price_usd,    Metric::outside_income_usd,
      Metric::holding_bonus_gini, Metric::machines_rented,    Metric::offered_units,
      Metric::mining_units,
      Metric::attackers_active,   Metric::attacker_profit_usd, Metric::attack_gain_usd,
      Metric::attackers_in_profit_share, Metric::self_dealt_usd_cum,
  };
  return with_treasury_obligations(std::make_unique<ModelRun<clore::CloreModel>>(
      sc, &build_clore_params, [](const clore::Params& p) { return p.dt_hours; }, std::move(metrics)));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::clore::CloreModel)
