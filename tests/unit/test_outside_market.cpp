// The outside market (MODEL.md 1, "Token market"): exogenous traders trade
// from their own account, a sell they cannot fund is counted, not dropped,
// and with every endogenous flow off the log-price is the flow's GBM, in
// every protocol.
// (The flow used to sell out of `holders`, which in the IO.net presets
// start at 0: month 1's 1% price quantile sat exactly on the floor that
// balance allowed and the day-364 mean log-price was +8.9 standard errors off.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/ionet_params.hpp"
#include "host/protocols/akash_params.hpp"
#include "host/protocols/bittensor_params.hpp"
#include "host/protocols/clore_params.hpp"
#include "host/protocols/hanzo_params.hpp"
#include "host/protocols/phala_params.hpp"
#include "host/protocols/secret_ai_params.hpp"
#include "host/protocols/twopm_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/mechanisms/amm.hpp"
#include "models/metrics.hpp"
#include "models/protocols/akash/model.hpp"
#include "models/protocols/bittensor/model.hpp"
#include "models/protocols/clore/model.hpp"
#include "models/protocols/hanzo/model.hpp"
#include "models/protocols/ionet/model.hpp"
#include "models/protocols/phala/model.hpp"
#include "models/protocols/secret_ai/model.hpp"
#include "models/protocols/twopm/model.hpp"

namespace {

TEST(OutsideMarket, ASellBeyondTheFloatIsCountedNotDropped) {
  ts::AmmPool pool{1e6, 0.0};
  ts::Micro reserve = ts::to_micro_floor(1e6), outside = ts::to_micro_floor(1000.0);
  // Selling 50,000 USD needs ~52,600 tokens; the float has 1,000.
  ts::amm_exogenous_flow(pool, reserve, outside, -0.05, 0.0, 0.0);
  EXPECT_EQ(outside, 0);
  const double got = 1e6 - pool.usd;
  EXPECT_GT(got, 990.0);
  EXPECT_NEAR(pool.outside_unfilled_usd_cum, 50000.0 - got, 1e-6);
  // A buy fills the float again and leaves the count alone.
  ts::amm_exogenous_flow(pool, reserve, outside, 0.01, 0.0, 0.0);
  EXPECT_GT(outside, 0);
  EXPECT_NEAR(pool.outside_unfilled_usd_cum, 50000.0 - got, 1e-6);
}

TEST(OutsideMarket, TheFloatComesFromHoldersThenTheCommunityPool) {
  ts::NetworkAccounts a;
  a.amm_tokens = 100;
  a.holders = 30;
  a.community_pool = 500;
  const ts::Micro before = a.sum_except_burned();
  ts::seed_outside_market(a, 2.0);
  EXPECT_EQ(a.outside_market, 200);
  EXPECT_EQ(a.holders, 0);
  EXPECT_EQ(a.community_pool, 330);
  EXPECT_EQ(a.sum_except_burned(), before);
}

// Kolmogorov-Smirnov distance of a sample to the normal law N(mean, sd^2).
double ks_to_normal(std::vector<double> x, double mean, double sd) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = 0.5 * std::erfc(-(x[i] - mean) / (sd * std::sqrt(2.0)));
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// IO.net with every endogenous trade off (no buyback, no provider or unlock
// sells, renters pay in USDC) and a fee-free pool: each step's flow
// f = usd (mu dt + s Z) moves a constant-product pool's price by
// (1 + f / usd)^2, so log(p_T / p_0) = 2 sum log(1 + mu dt + s Z_i), whose
// law over n steps is N(2 n (mu dt - s^2 / 2), 4 n s^2) to O(s^4) (the
// normal's error here is below 1e-6 in the CDF). 1,000 paths: the KS
// critical distance for a false-failure rate of 1e-4 is
// sqrt(ln(2 / 1e-4) / (2 n)) = 0.0704; the seed is fixed, so the outcome
// is deterministic and a failure is a real change.
TEST(OutsideMarket, IonetLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  const std::vector<std::string> off = {
      "simulation.horizon=182d", "simulation.snapshot_every=7d", "network.initial_providers=8",
      "network.max_providers=16", "fees.buyback_share=0", "fees.pay_in_token_share=0",
      "providers.sell_fraction_min=0", "providers.sell_fraction_max=0", "vesting.unlock_sell_share=0",
      "market.amm_fee=0", "market.outside_float=20"};
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/ionet.toml", off,
                                            ts::protocol_registry());
  const ts::ionet::Params p = ts::build_ionet_params(sc, ts::config::expand_sweep(sc).front());
  constexpr std::int64_t kPaths = 1000;
  ts::PointPaths r;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<ts::ionet::IonetModel>(p, 5, 0, kPaths, opt, nullptr, r);

  const std::int32_t last = static_cast<std::int32_t>(r.n_time) - 1;
  const double steps = static_cast<double>(p.n_steps);
  const double mu_dt = p.flow_mu_dt, s = p.flow_sigma_sqrt_dt;
  const double mean = 2.0 * steps * (mu_dt - 0.5 * s * s), sd = 2.0 * s * std::sqrt(steps);
  std::vector<double> log_return;
  for (std::int64_t i = 0; i < kPaths; ++i) {
    log_return.push_back(std::log(r.value(i, last, static_cast<int>(ts::Metric::price_usd)) / p.p0));
    EXPECT_EQ(r.value(i, last, static_cast<int>(ts::Metric::outside_unfilled_usd_cum)), 0.0) << "path " << i;
  }
  const double d = ks_to_normal(log_return, mean, sd);
  EXPECT_LT(d, 0.0704) << "KS distance of log(p_T/p0) to N(" << mean << ", " << sd << "^2)";
}

// The same check for the other protocols: each case names its preset and
// the overrides that turn its endogenous trades off (the shared ones: a
// fee-free pool with a large outside float, no sales, no entry, no exits
// within the horizon), and the run's step count and flow come from its
// Params. 500 paths: the KS critical distance for a false-failure rate of
// 1e-4 is sqrt(ln(2 / 1e-4) / 1000) = 0.0995 (fixed seed: deterministic).
template <class Model>
void expect_flow_gbm(const typename Model::Params& p, double p0) {
  constexpr std::int64_t kPaths = 500;
  ts::PointPaths r;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<Model>(p, 11, 0, kPaths, opt, nullptr, r);
  const std::int32_t last = static_cast<std::int32_t>(r.n_time) - 1;
  const double steps = static_cast<double>(Model::n_steps(p));
  const double mu_dt = p.flow_mu_dt, s = p.flow_sigma_sqrt_dt;
  const double mean = 2.0 * steps * (mu_dt - 0.5 * s * s), sd = 2.0 * s * std::sqrt(steps);
  std::vector<double> log_return;
  for (std::int64_t i = 0; i < kPaths; ++i) {
    log_return.push_back(std::log(r.value(i, last, static_cast<int>(ts::Metric::price_usd)) / p0));
    ASSERT_EQ(r.value(i, last, static_cast<int>(ts::Metric::outside_unfilled_usd_cum)), 0.0) << "path " << i;
  }
  const double d = ks_to_normal(log_return, mean, sd);
  EXPECT_LT(d, 0.0995) << "KS distance of log(p_T/p0) to N(" << mean << ", " << sd << "^2)";
}

std::vector<std::string> quiet(std::vector<std::string> extra, const std::string& horizon = "60d") {
  std::vector<std::string> off = {"simulation.horizon=" + horizon, "simulation.snapshot_every=" + horizon,
                                  "market.amm_fee=0",            "market.outside_float=20",
                                  "providers.sell_fraction_min=0", "providers.sell_fraction_max=0",
                                  "providers.lambda_entry=0",    "providers.patience_days=3650"};
  off.insert(off.end(), extra.begin(), extra.end());
  return off;
}

template <class Params>
Params load_quiet(const std::string& file, const std::vector<std::string>& off,
                  Params (*build)(const ts::config::Scenario&, const ts::config::Point&)) {
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/" + file, off, ts::protocol_registry());
  return build(sc, ts::config::expand_sweep(sc).front());
}

TEST(OutsideMarket, AkashLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  // Tenants pay in USDC, no fees to swap, no pool tokens to providers.
  const auto p = load_quiet<ts::akash::Params>(
      "akash.toml",
      quiet({"fees.pay_in_akt_share=0", "fees.take_rate=0", "fees.make_rate=0", "pool.inflation_share=0"}),
      &ts::build_akash_params);
  expect_flow_gbm<ts::akash::AkashModel>(p, p.p0);
}

TEST(OutsideMarket, HanzoLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  // No inference jobs (users would buy AI to pay them), no team unlock sold.
  const auto p = load_quiet<ts::hanzo::Params>(
      "hanzo.toml", quiet({"demand.base_utilization=0", "vesting.unlock_sell_share=0"}), &ts::build_hanzo_params);
  expect_flow_gbm<ts::hanzo::HanzoModel>(p, p.p0);
}

TEST(OutsideMarket, SecretAiLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  const auto p = load_quiet<ts::secret_ai::Params>("secret_ai.toml", quiet({"fees.protocol_fee=0"}),
                                                   &ts::build_secret_ai_params);
  expect_flow_gbm<ts::secret_ai::SecretAiModel>(p, p.p0);
}

TEST(OutsideMarket, CloreLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  // Miners sell nothing they mine, no rental is paid in CLORE, no buyback.
  const auto p = load_quiet<ts::clore::Params>(
      "clore.toml",
      quiet({"emission.miner_sell_share=0", "rental.spot_clore_share=0", "rental.on_demand_btc_share=0.65",
             "rental.on_demand_clore_share=0", "fees.buyback_share=0"}),
      &ts::build_clore_params);
  expect_flow_gbm<ts::clore::CloreModel>(p, p.p0);
}

TEST(OutsideMarket, BittensorLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  const auto p = load_quiet<ts::bittensor::Params>("bittensor.toml", quiet({"miners.registration_usd=0"}, "12d"),
                                                   &ts::build_bittensor_params);
  expect_flow_gbm<ts::bittensor::BittensorModel>(p, p.p0);
}

TEST(OutsideMarket, PhalaLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  const auto p = load_quiet<ts::phala::Params>("phala.toml", quiet({"contracts.gas_per_contract_hour=0"}),
                                               &ts::build_phala_params);
  expect_flow_gbm<ts::phala::PhalaModel>(p, p.p0);
}

TEST(OutsideMarket, TwopmLogPriceIsTheFlowsGbmWhenNothingElseTrades) {
  const auto p = load_quiet<ts::twopm::Params>("twopm.toml", quiet({"contributors.sell_fraction=0"}),
                                               &ts::build_twopm_params);
  expect_flow_gbm<ts::twopm::TwopmModel>(p, p.p0);
}

}  // namespace
