#include "host/protocols/hanzo_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/hanzo_params.hpp"
#include "models/protocols/hanzo/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_hanzo_run(const config::Scenario& sc) {
  // The common metrics that apply (MODEL.md 1): all but minted_cum (nothing
  // is minted: the 250M mining pool is allocated at genesis and is the
  // reward reserve), plus Hanzo's own (MODEL.md 2.4).
  std::vector<Metric> metrics;
  for (int m = 0; m < kCommonMetricCount; ++m)
    if (static_cast<Metric>(m) != Metric::minted_cum) metrics.push_back(static_cast<Metric>(m));
  for (const Metric m : {Metric::unlock_dump_usd_cum, Metric::unlock_holders_value_usd, Metric::inference_price, Metric::network_factor, Metric::emission_due_cum,
                         Metric::fee_rewards_paid_cum,
                         Metric::quorum_coalition_51, Metric::quorum_coalition_60, Metric::quorum_coalition_75})
    metrics.push_back(m);
  return with_treasury_obligations(std::make_unique<ModelRun<hanzo::HanzoModel>>(
      sc, &build_hanzo_params, [](const hanzo::Params& p) { return p.dt_hours; }, std::move(metrics)));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::hanzo::HanzoModel)
