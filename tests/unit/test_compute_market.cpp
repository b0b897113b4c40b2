// Compute-price discovery (MODEL.md 1 "Compute market",
// models/mechanisms/compute_market.hpp): the rent moves once a day with the
// day's utilisation, r *= 1 + k_r (u - u_target), inside [r_min, r_max]
// times the preset's rent, so oversupply and demand shocks reach the rent
// and providers' income; k_r = 0 keeps the preset's rent.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/ionet_params.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/secret_ai_params.hpp"
#include "models/mechanisms/compute_market.hpp"
#include "models/metrics.hpp"
#include "models/protocols/ionet/model.hpp"
#include "models/protocols/secret_ai/model.hpp"
#include "tests/unit/preset_paths.hpp"

namespace {

using ts::Metric;

const ts::RentRule kRule{0.7, 0.05, 0.2, 5.0, 0.5};

TEST(ComputeMarket, DailyUpdateIsTheModelsFormula) {
  ts::RentMarket m = ts::rent_market_open();
  EXPECT_EQ(m.index, 1.0);
  // Two steps of a day: 30 + 20 served of 50 + 50 offered, u = 0.5.
  ts::rent_market_add(m, 30.0, 50.0);
  ts::rent_market_add(m, 20.0, 50.0);
  ts::rent_market_close_day(m, kRule);
  EXPECT_DOUBLE_EQ(m.index, 1.0 + 0.05 * (0.5 - 0.7));
  EXPECT_EQ(m.served_day, 0.0);
  EXPECT_EQ(m.offered_day, 0.0);
  // A full day: up by k_r (1 - u_target).
  const double before = m.index;
  ts::rent_market_add(m, 10.0, 10.0);
  ts::rent_market_close_day(m, kRule);
  EXPECT_DOUBLE_EQ(m.index, before * (1.0 + 0.05 * 0.3));
  // Demand answers with index^-e.
  EXPECT_DOUBLE_EQ(ts::rent_demand_factor(m, kRule), std::pow(m.index, -0.5));
}

TEST(ComputeMarket, BoundsAndDaysWithoutCapacity) {
  ts::RentMarket m = ts::rent_market_open();
  for (int d = 0; d < 1000; ++d) {
    ts::rent_market_add(m, 0.0, 1.0);
    ts::rent_market_close_day(m, kRule);
  }
  EXPECT_EQ(m.index, 0.2);
  for (int d = 0; d < 5000; ++d) {
    ts::rent_market_add(m, 1.0, 1.0);
    ts::rent_market_close_day(m, kRule);
  }
  EXPECT_EQ(m.index, 5.0);
  // Nothing offered: no bids to clear, the rent stays.
  ts::rent_market_close_day(m, kRule);
  EXPECT_EQ(m.index, 5.0);
  // k_r = 0: the preset's rent, exactly.
  ts::RentRule fixed = kRule;
  fixed.k_r = 0.0;
  ts::RentMarket f = ts::rent_market_open();
  ts::rent_market_add(f, 0.0, 1.0);
  ts::rent_market_close_day(f, fixed);
  EXPECT_EQ(f.index, 1.0);
  EXPECT_EQ(ts::rent_demand_factor(f, fixed), 1.0);
}

using ts::test::preset;
using ts::test::with;

template <class Model>
ts::PointPaths run(const typename Model::Params& p, std::int64_t paths) {
  return ts::test::run_preset_paths<Model>(p, paths);
}

double mean_at(const ts::PointPaths& r, std::int32_t t, Metric m) {
  double s = 0.0;
  for (std::int64_t path = 0; path < r.n_paths; ++path) s += r.value(path, t, static_cast<int>(m));
  return s / static_cast<double>(r.n_paths);
}

// Every snapshot of every path inside the bounds; at genesis exactly 1.
void expect_inside_bounds(const ts::PointPaths& r) {
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    EXPECT_EQ(r.value(path, 0, static_cast<int>(Metric::rent_index)), 1.0);
    for (std::int32_t t = 0; t < r.n_time; ++t) {
      const double x = r.value(path, t, static_cast<int>(Metric::rent_index));
      ASSERT_GE(x, 0.2) << "path " << path << " snapshot " << t;
      ASSERT_LE(x, 5.0) << "path " << path << " snapshot " << t;
    }
  }
}

const std::vector<std::string> kIonet90d = {"simulation.horizon=90d", "simulation.snapshot_every=1d"};

// IO.net's preset starts at 35% utilisation against a 70% target: the rent
// falls (by about 1.75% a day at first) and providers' rental income with
// it; with the rent fixed (k_r = 0) the index stays 1 and income is higher.
// A demand shock that fills the network drives the rent up instead.
TEST(IonetComputeMarket, OversupplyLowersTheRentAndIncomeAShockRaisesIt) {
  const std::int64_t n = 4;
  const auto moving = run<ts::ionet::IonetModel>(
      preset<ts::ionet::Params>("ionet-small-network.toml", kIonet90d, &ts::build_ionet_params), n);
  const auto fixed = run<ts::ionet::IonetModel>(
      preset<ts::ionet::Params>("ionet-small-network.toml", with(kIonet90d, {"compute_market.k_r=0"}),
                                &ts::build_ionet_params),
      n);
  expect_inside_bounds(moving);
  const std::int32_t d30 = 30, last = moving.n_time - 1;
  // Day 1 at u ~ 0.35: the first update is 1 + 0.05 (u - 0.7) < 0.99.
  EXPECT_LT(mean_at(moving, 2, Metric::rent_index), 0.995);
  EXPECT_LT(mean_at(moving, d30, Metric::rent_index), 0.8);
  for (std::int64_t path = 0; path < n; ++path)
    for (std::int32_t t = 0; t < fixed.n_time; ++t)
      ASSERT_EQ(fixed.value(path, t, static_cast<int>(Metric::rent_index)), 1.0);
  // Lower rent, more demand served (elasticity 0.5), but less income per node.
  EXPECT_GT(mean_at(moving, last, Metric::served_units), mean_at(fixed, last, Metric::served_units));
  EXPECT_LT(mean_at(moving, last, Metric::provider_income_usd_median),
            mean_at(fixed, last, Metric::provider_income_usd_median));

  // Demand x4 from day 10: utilisation near 1, the rent rises above 1.
  auto demand_x4 = preset<ts::ionet::Params>("ionet-small-network.toml", kIonet90d, &ts::build_ionet_params);
  demand_x4.n_shocks = 1;
  demand_x4.shocks[0] = ts::ionet::Shock{10 * 24, 90 * 24, 4.0, 1.0};
  const auto shocked = run<ts::ionet::IonetModel>(demand_x4, n);
  expect_inside_bounds(shocked);
  EXPECT_GT(mean_at(shocked, last, Metric::rent_index), 1.1);
  EXPECT_GT(mean_at(shocked, last, Metric::rent_index), mean_at(moving, last, Metric::rent_index) * 1.5);
}

// Secret AI's services each have their price moved by their own utilisation.
TEST(SecretAiComputeMarket, ServicePricesFollowUtilisation) {
  const std::vector<std::string> base = {"simulation.horizon=60d", "simulation.snapshot_every=1d"};
  const std::int64_t n = 3;
  const auto calm = run<ts::secret_ai::SecretAiModel>(
      preset<ts::secret_ai::Params>("secret_ai.toml", base, &ts::build_secret_ai_params), n);
  auto demand_x5 = preset<ts::secret_ai::Params>("secret_ai.toml", base, &ts::build_secret_ai_params);
  demand_x5.n_shocks = 1;
  demand_x5.shocks[0] = ts::secret_ai::Shock{5 * 24, 60 * 24, 5.0, 1.0};
  const auto busy = run<ts::secret_ai::SecretAiModel>(demand_x5, n);
  const auto fixed = run<ts::secret_ai::SecretAiModel>(
      preset<ts::secret_ai::Params>("secret_ai.toml", with(base, {"compute_market.k_r=0"}), &ts::build_secret_ai_params),
      n);
  expect_inside_bounds(calm);
  expect_inside_bounds(busy);
  const std::int32_t last = calm.n_time - 1;
  EXPECT_LT(mean_at(calm, last, Metric::rent_index), 0.95);   // 40% utilisation against 70%
  EXPECT_GT(mean_at(busy, last, Metric::rent_index), 1.1);
  EXPECT_EQ(mean_at(fixed, last, Metric::rent_index), 1.0);
  // Lower prices bring more usage (elasticity 0.5) but less revenue.
  EXPECT_LT(mean_at(calm, last, Metric::user_payments_usd_cum), mean_at(fixed, last, Metric::user_payments_usd_cum));
}

}  // namespace
