#include "host/protocols/secret_ai_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/secret_ai_params.hpp"
#include "models/protocols/secret_ai/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_secret_ai_run(const config::Scenario& sc) {
  // Every common metric of MODEL.md 1 applies (minted_cum stays 0: the
  // model mints no SCRT), plus Secret AI's own.
  std::vector<Metric> metrics;
  for (int m = 0; m < kCommonMetricCount; ++m) metrics.push_back(static_cast<Metric>(m));
  for (Metric m : {Metric::rent_index, Metric::subsidy_usd_cum, Metric::worker_income_usd_median, Metric::user_payments_usd_cum,
                   Metric::self_dealt_usd_cum, Metric::subsidy_dependence})
    metrics.push_back(m);
  return with_treasury_obligations(std::make_unique<ModelRun<secret_ai::SecretAiModel>>(
      sc, &build_secret_ai_params, [](const secret_ai::Params& p) { return p.dt_hours; }, std::move(metrics)));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::secret_ai::SecretAiModel)
