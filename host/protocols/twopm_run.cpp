#include "host/protocols/twopm_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/twopm_params.hpp"
#include "models/protocols/twopm/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_twopm_run(const config::Scenario& sc) {
  // The common metrics that apply to 2PM.Network (MODEL.md 1: nothing is
  // minted, no treasury, no demand process or fees in the seed's rules) and
  // its own (2.8).
  std::vector<Metric> metrics = {
      Metric::providers_active,   Metric::providers_online,   Metric::nodes_online,
      Metric::attackers_active,   Metric::stake_total,        Metric::staked_ratio,
      Metric::supply_total,       Metric::supply_circulating, Metric::emitted_cum,
      Metric::reward_reserve,     Metric::reward_scale,       Metric::burned_cum,
      Metric::slashed_cum,        Metric::price_usd,          Metric::market_cap_usd, Metric::outside_unfilled_usd_cum,
      Metric::provider_income_usd_median,                     Metric::provider_payback_days_median,
      Metric::attacker_profit_usd,        Metric::attack_gain_usd,    Metric::attackers_in_profit_share,
      Metric::attacker_income_edge_usd,
      Metric::reward_gini,        Metric::nakamoto_coefficient, Metric::ledger_residual,
      Metric::compute_pool_paid,  Metric::data_pool_paid,     Metric::compute_vault,
      Metric::data_vault,         Metric::poison_data_share,  Metric::poison_data_share_cum,
      Metric::poison_pay_ratio,   Metric::kl_score_honest_mean, Metric::kl_score_poison_mean,
      Metric::honest_capped_share, Metric::honest_contributor_income,
  };
  return std::make_unique<ModelRun<twopm::TwopmModel>>(
      sc, &build_twopm_params, [](const twopm::Params& p) { return p.dt_hours; }, std::move(metrics),
      EventsNotCarried{{Event::treasury_insolvent, "2PM.Network has no treasury in the seed's rules"}});
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::twopm::TwopmModel)
