// Akash (MODEL.md 2.2): the seed's fee formulas and supply figures, the
// Cosmos inflation rule, the reverse auction, and whole-path properties.
#include <gtest/gtest.h>

#include "tests/unit/shipped_scenarios.hpp"

#include <string>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/akash_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/mechanisms/fees.hpp"
#include "models/mechanisms/inflation.hpp"
#include "models/mechanisms/merit_order.hpp"
#include "models/protocols/akash/model.hpp"

namespace {


ts::akash::Params preset(const std::string& file, const std::vector<std::string>& overrides, std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/" + file, overrides,
                                            ts::protocol_registry());
  return ts::build_akash_params(sc, ts::config::expand_sweep(sc)[point]);
}

ts::PointPaths run(const ts::akash::Params& p, std::int64_t paths) {
  ts::PointPaths out;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<ts::akash::AkashModel>(p, 7, 0, paths, opt, nullptr, out);
  return out;
}

double metric(const ts::PointPaths& r, std::int64_t path, std::int32_t t, ts::Metric m) {
  return r.value(path, t, static_cast<int>(m));
}

// ---- MODEL.md 2.2 test vector: F0 = 100, R_t = 0.04, R_m = 0.02, R_d = 0.5
TEST(AkashVectors, TakeFee) { EXPECT_NEAR(ts::take_make_fees(100, 0.04, 0.02, 0.5).take, 2.0, 1e-12); }
TEST(AkashVectors, MakeFee) { EXPECT_NEAR(ts::take_make_fees(100, 0.04, 0.02, 0.5).make, 1.0, 1e-12); }
TEST(AkashVectors, NetworkIncome) { EXPECT_NEAR(ts::take_make_fees(100, 0.04, 0.02, 0.5).network, 3.0, 1e-12); }
TEST(AkashVectors, ProviderOrderValue) {
  const auto f = ts::take_make_fees(100, 0.04, 0.02, 0.5);
  EXPECT_NEAR(f.provider_order, 98.0, 1e-12);   // F_p = F0 - F_t
  EXPECT_NEAR(f.provider_net, 97.0, 1e-12);     // F_p - F_m
}
TEST(AkashVectors, FullDiscountChargesNoFee) {
  EXPECT_EQ(ts::take_make_fees(100, 0.2, 0.1, 1.0).network, 0.0);   // seed: R_d = 100% charges AKT users nothing
}

TEST(AkashVectors, MaxSupplyIsAbout3Point89M0) {
  const auto p = preset("akash.toml", {});
  EXPECT_NEAR(ts::to_tokens(p.max_supply) / 1e8, 3.89, 0.005);
  EXPECT_EQ(p.genesis, static_cast<ts::Micro>(239310076) * ts::kMicroPerToken);   // seed, 2024-06-05
}

// ---- Cosmos x/mint: the rate moves toward the bonded goal, within its bounds
TEST(AkashInflation, RisesBelowTheGoalAndFallsAbove) {
  const double dt = 1.0 / 8766.0;
  EXPECT_GT(ts::next_inflation(0.10, 0.40, 0.67, 0.13, dt, 0.07, 0.20), 0.10);
  EXPECT_LT(ts::next_inflation(0.10, 0.90, 0.67, 0.13, dt, 0.07, 0.20), 0.10);
  EXPECT_DOUBLE_EQ(ts::next_inflation(0.10, 0.67, 0.67, 0.13, dt, 0.07, 0.20), 0.10);
  EXPECT_EQ(ts::next_inflation(0.20, 0.0, 0.67, 0.13, 1.0, 0.07, 0.20), 0.20);   // clamped at the maximum
  EXPECT_EQ(ts::next_inflation(0.07, 1.0, 0.67, 0.13, 1.0, 0.07, 0.20), 0.07);   // and the minimum
}

TEST(AkashInflation, MaximumHalvesEveryHalfLife) {
  EXPECT_NEAR(ts::inflation_max(0.20, 2.0, 2.0), 0.10, 1e-15);
  EXPECT_NEAR(ts::inflation_max(0.20, 2.0, 4.0), 0.05, 1e-15);
}

TEST(AkashInflation, ProvisionsNeverPassTheMaximumSupply) {
  const ts::Micro max = 1000 * ts::kMicroPerToken;
  EXPECT_EQ(ts::provisions(0.5, 999 * ts::kMicroPerToken, 999 * ts::kMicroPerToken, 1.0, max), 1 * ts::kMicroPerToken);
  EXPECT_EQ(ts::provisions(0.5, max, max, 1.0, max), 0);
  // Burned tokens do not make room: the cap is on what was ever issued.
  EXPECT_EQ(ts::provisions(0.5, 500 * ts::kMicroPerToken, max, 1.0, max), 0);
}

// ---- reverse auction: lowest bids win, the marginal bucket pro rata
TEST(AkashAuction, CheapestOffersWinFirst) {
  std::int64_t offers[ts::kMeritBuckets] = {};
  offers[2] = 10;
  offers[5] = 20;
  offers[9] = 40;
  const auto c = ts::merit_clear(offers, 25);
  EXPECT_EQ(c.bucket, 5);
  EXPECT_EQ(ts::merit_rented(10, 2, c), 10);
  EXPECT_EQ(ts::merit_rented(20, 5, c), 15);     // 15 of the marginal bucket's 20
  EXPECT_EQ(ts::merit_rented(40, 9, c), 0);
}

TEST(AkashAuction, StochasticRoundingIsExactInTheMean) {
  std::int64_t offers[ts::kMeritBuckets] = {};
  offers[0] = 3;
  const auto c = ts::merit_clear(offers, 1);   // fill 1/3 of a 3-unit offer: 1 unit in expectation
  double won = 0;
  const int n = 30000;
  for (int i = 0; i < n; ++i)
    won += static_cast<double>(ts::merit_rented_rounded(3, 0, c, static_cast<std::uint32_t>(i * 143165u)));
  EXPECT_NEAR(won / n, 1.0, 0.01);
}

// ---- whole paths

TEST(AkashConservation, EveryAkashScenarioEveryPathResidualZero) {
  const int scenarios = ts::test::for_each_shipped_point(
      "akash", {"simulation.horizon=60d", "simulation.snapshot_every=1d"},
      [&](const std::string& name, const ts::config::Scenario& sc, std::size_t i, const ts::config::Point& point) {
    const auto r = run(ts::build_akash_params(sc, point), 3);
    ts::test::expect_exact_ledger(r, name + " point " + std::to_string(i));
      });
  EXPECT_GE(scenarios, 3);
}

TEST(AkashPaths, SupplyNeverPassesTheMaximum) {
  // A high inflation over 20 years would pass M_max without the cap.
  const auto p = preset("akash.toml", {"simulation.horizon=20y", "simulation.snapshot_every=26w", "inflation.min=0.3",
                                       "inflation.max=0.5", "inflation.initial=0.4"});
  const auto r = run(p, 2);
  for (std::int32_t t = 0; t < r.n_time; ++t)
    EXPECT_LE(ts::to_tokens(p.genesis) + metric(r, 0, t, ts::Metric::minted_cum), ts::to_tokens(p.max_supply) + 1e-6);
  EXPECT_EQ(r.event_step[static_cast<int>(ts::Event::cap_breach)], ts::kNeverReached);
  EXPECT_NEAR(metric(r, 0, r.n_time - 1, ts::Metric::minted_cum), ts::to_tokens(p.max_supply - p.genesis), 1.0);
}

TEST(AkashPaths, LowerTakeFeeLowersLeasePricesAndRaisesLeasedCapacity) {
  // Providers pass fees on in their bids, so the lease price falls with the
  // take fee and, through the elasticity, more capacity is leased.
  const auto base = run(preset("akash.toml", {"simulation.horizon=30d", "simulation.snapshot_every=1d"}), 4);
  const auto cut =
      run(preset("akash.toml", {"simulation.horizon=30d", "simulation.snapshot_every=1d", "fees.take_rate=0.05"}), 4);
  const std::int32_t last = base.n_time - 1;
  double price_base = 0, price_cut = 0, served_base = 0, served_cut = 0;
  for (std::int64_t i = 0; i < 4; ++i) {
    price_base += metric(base, i, last, ts::Metric::lease_price_usd);
    price_cut += metric(cut, i, last, ts::Metric::lease_price_usd);
    served_base += metric(base, i, last, ts::Metric::served_units);
    served_cut += metric(cut, i, last, ts::Metric::served_units);
  }
  EXPECT_LT(price_cut, price_base);
  EXPECT_GT(served_cut, served_base);
}

TEST(AkashPaths, StakingApySettlesNearTheHurdle) {
  // Stakers bond while the APY beats their hurdle and unbond below it.
  // From 13.7% after one year it settles by the second (0.5% a day moves).
  const auto r = run(preset("akash.toml", {"simulation.horizon=2y", "simulation.snapshot_every=4w"}), 2);
  EXPECT_NEAR(metric(r, 0, r.n_time - 1, ts::Metric::staking_apy), 0.10, 0.02);
}

}  // namespace
