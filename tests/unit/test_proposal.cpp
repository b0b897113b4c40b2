// The governance proposal workflow: a sweep with a [baseline] gives, for
// every other point, the path-by-path difference to the baseline; paths
// share their random numbers, so the difference is the proposal's effect.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "host/config/loader.hpp"
#include "host/exec/run_scenario.hpp"
#include "host/protocols/registry.hpp"

namespace {

ts::RunResult run_fee_sweep(std::int64_t paths) {
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/ionet-fee-sweep.toml",
                                            {"simulation.horizon=30d", "simulation.snapshot_every=1d"},
                                            ts::protocol_registry());
  ts::RunOptions opt;
  opt.paths = paths;
  opt.backend = ts::Backend::cpu;
  opt.progress = false;
  return ts::run_scenario(sc, "", opt).result;
}

const ts::MetricStats& metric(const ts::RunResult& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.name == name) return m;
  throw std::runtime_error("no metric " + name);
}

TEST(Proposal, BaselineIsThePointWithTheSeedsFees) {
  const auto r = run_fee_sweep(4);
  ASSERT_TRUE(r.has_baseline);
  // Axes in file order: buyback [0, 0.5, 1], USDC fee [0.01, 0.02, 0.04], renter fee [0.0025, 0.01].
  EXPECT_EQ(r.baseline_point, (2 * 3 + 1) * 2 + 0);
  EXPECT_EQ(r.param_values[0][r.baseline_point], 1.0);
  EXPECT_EQ(r.param_values[1][r.baseline_point], 0.02);
  EXPECT_EQ(r.param_values[2][r.baseline_point], 0.0025);
}

TEST(Proposal, BaselineDiffersFromItselfByExactlyZero) {
  const auto r = run_fee_sweep(4);
  const std::size_t nt = r.n_time(), b = r.baseline_point;
  for (const auto& m : r.metrics)
    for (std::size_t t = 0; t < nt; ++t) {
      EXPECT_EQ(m.diff_mean[b * nt + t], 0.0) << m.name;
      EXPECT_EQ(m.diff_lo[b * nt + t], 0.0) << m.name;
    }
  for (const auto& e : r.events)
    for (std::size_t t = 0; t < nt; ++t) EXPECT_EQ(e.p_diff[b * nt + t], 0.0) << e.name;
}

TEST(Proposal, MeanDifferenceIsTheDifferenceOfMeansAndTheIntervalIsPaired) {
  const auto r = run_fee_sweep(12);
  const std::size_t nt = r.n_time(), last = nt - 1, b = r.baseline_point;
  const std::size_t no_burn = (0 * 3 + 1) * 2 + 0;   // buyback 0, other fees as the baseline
  const auto& burned = metric(r, "burned_cum");
  const double d = burned.diff_mean[no_burn * nt + last];
  EXPECT_NEAR(d, burned.mean[no_burn * nt + last] - burned.mean[b * nt + last], 1e-9 * std::fabs(d) + 1e-9);
  EXPECT_LT(d, 0.0);   // no buyback, less burned
  EXPECT_LT(burned.diff_hi[no_burn * nt + last], 0.0);
  // Common random numbers: the paired interval of the price change is far
  // narrower than the price's own spread across paths.
  const auto& price = metric(r, "price_usd");
  const double paired_width = price.diff_hi[no_burn * nt + last] - price.diff_lo[no_burn * nt + last];
  const double unpaired_width = 2 * 1.959963984540054 *
                                std::sqrt(std::pow(price.sem[no_burn * nt + last], 2) + std::pow(price.sem[b * nt + last], 2));
  EXPECT_LT(paired_width, 0.5 * unpaired_width);
}

TEST(Proposal, EventProbabilityChangesAreBounded) {
  const auto r = run_fee_sweep(6);
  for (const auto& e : r.events)
    for (std::size_t i = 0; i < e.p_diff.size(); ++i) {
      EXPECT_GE(e.p_diff[i], -1.0);
      EXPECT_LE(e.p_diff[i], 1.0);
    }
}

TEST(Proposal, PerPathFinalsAreKeptForCompare) {
  const auto r = run_fee_sweep(5);
  EXPECT_EQ(r.samples, 5u);
  const auto& price = metric(r, "price_usd");
  ASSERT_EQ(price.final_values.size(), r.n_points() * 5);
  double mean = 0;
  for (int i = 0; i < 5; ++i) mean += price.final_values[i];
  EXPECT_NEAR(mean / 5, price.mean[r.n_time() - 1], 1e-12);
}

}  // namespace
