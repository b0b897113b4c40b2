#include "host/protocols/bittensor_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/bittensor_params.hpp"
#include "models/protocols/bittensor/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_bittensor_run(const config::Scenario& sc) {
  // The common metrics of MODEL.md 1 (no compute market: demand, served and
  // utilization are not filled; no slashing, no treasury), plus Yuma's and
  // the collusion figures.
  std::vector<Metric> metrics;
  for (int m = 0; m < kCommonMetricCount; ++m) {
    const auto id = static_cast<Metric>(m);
    if (id == Metric::demand_units || id == Metric::served_units || id == Metric::utilization ||
        id == Metric::slashed_cum || id == Metric::treasury || id == Metric::treasury_runway_days ||
        id == Metric::treasury_unpaid_usd_cum)
      continue;
    metrics.push_back(id);
  }
  for (Metric m : {Metric::staking_apy, Metric::security_budget_usd, Metric::consensus_clip_share,
                   Metric::colluder_incentive_share, Metric::colluder_excess_share, Metric::colluder_dividend_share,
                   Metric::colluder_stake_share, Metric::block_reward, Metric::miners_pruned_cum,
                   Metric::registrations_cum})
    metrics.push_back(m);
  return std::make_unique<ModelRun<bittensor::BittensorModel>>(
      sc, &build_bittensor_params, [](const bittensor::Params& p) { return p.step_hours; }, std::move(metrics),
      EventsNotCarried{{Event::treasury_insolvent, "the subnet has no treasury"}});
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::bittensor::BittensorModel)
