#include "host/protocols/phala_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/phala_params.hpp"
#include "models/protocols/phala/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_phala_run(const config::Scenario& sc) {
  // The common metrics that apply to Phala (MODEL.md 1; nothing minted or
  // burned, no attackers) and its own (2.6).
  std::vector<Metric> metrics = {
      Metric::providers_active,   Metric::providers_online,   Metric::nodes_online,
      Metric::stake_total,        Metric::staked_ratio,       Metric::supply_total,
      Metric::supply_circulating, Metric::emitted_cum,        Metric::reward_reserve,
      Metric::reward_scale,       Metric::slashed_cum,        Metric::treasury,
      Metric::treasury_runway_days, Metric::treasury_unpaid_usd_cum,
      Metric::price_usd,          Metric::market_cap_usd, Metric::outside_unfilled_usd_cum,     Metric::demand_units,
      Metric::served_units,       Metric::utilization,        Metric::fees_usd_cum,
      Metric::provider_income_usd_median,                     Metric::provider_payback_days_median,
      Metric::reward_gini,        Metric::nakamoto_coefficient, Metric::ledger_residual,
      Metric::whale_return_ratio, Metric::reward_nakamoto,    Metric::mining_value_median,
      Metric::workers_active_share, Metric::workers_cooling_down,
      Metric::attackers_active,   Metric::attacker_profit_usd, Metric::attack_gain_usd,
      Metric::attackers_in_profit_share,
  };
  return with_treasury_obligations(std::make_unique<ModelRun<phala::PhalaModel>>(
      sc, &build_phala_params, [](const phala::Params& p) { return p.dt_hours; }, std::move(metrics)));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::phala::PhalaModel)
