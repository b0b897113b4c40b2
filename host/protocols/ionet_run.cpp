#include "host/protocols/ionet_run.hpp"

#include "cuda/instantiate.hpp"
#include "host/protocols/ionet_params.hpp"
#include "models/protocols/ionet/model.hpp"

namespace ts {

std::unique_ptr<ProtocolRun> make_ionet_run(const config::Scenario& sc) {
  // IO.net fills every metric of the common list (MODEL.md 1) and its rent.
  std::vector<Metric> metrics;
  for (int m = 0; m < kCommonMetricCount; ++m) metrics.push_back(static_cast<Metric>(m));
  metrics.push_back(Metric::rent_index);
  metrics.push_back(Metric::unlock_dump_usd_cum);
  metrics.push_back(Metric::unlock_holders_value_usd);
  return with_treasury_obligations(std::make_unique<ModelRun<ionet::IonetModel>>(
      sc, &build_ionet_params, [](const ionet::Params& p) { return p.dt_hours; }, std::move(metrics)));
}

}  // namespace ts

TS_INSTANTIATE_CUDA_EXECUTOR(ts::ionet::IonetModel)
