// The treasury's obligations (MODEL.md 1 "Risk events";
// models/mechanisms/treasury.hpp): operating costs paid daily from its USD,
// then by selling its tokens; treasury_insolvent fires on the first day it
// cannot pay, and a scenario whose treasury has no obligations does not carry
// the event (it could never fire: every treasury only received before).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/hanzo_params.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/registry.hpp"
#include "models/mechanisms/treasury.hpp"
#include "models/metrics.hpp"
#include "models/protocols/hanzo/model.hpp"

namespace {

using ts::Event;
using ts::Metric;

constexpr ts::Micro kToken = ts::kMicroPerToken;

// A pool of 100M tokens against $1M (price $0.01, fee 0.3%).
struct Market {
  ts::NetworkAccounts acc;
  ts::AmmPool pool{};
  Market() {
    acc.amm_tokens = 100'000'000 * kToken;
    pool.usd = 1'000'000.0;
    pool.fee = 0.003;
  }
};

TEST(TreasuryObligations, PaysFromUsdFirstThenSellsTokensForTheRest) {
  Market m;
  m.acc.treasury = 1'000'000 * kToken;
  double usd = 1000.0;
  ts::TreasuryObligations o{};
  const ts::Micro reserve_before = m.acc.amm_tokens;
  EXPECT_FALSE(ts::pay_treasury_day(m.acc, m.pool, usd, 3000.0, o));
  EXPECT_EQ(usd, 0.0);
  // $2,000 out of a $1M pool: x * 2000 / (998,000 * 0.997) tokens.
  const double sold = 100e6 * 2000.0 / (998000.0 * 0.997);
  EXPECT_NEAR(ts::to_tokens(1'000'000 * kToken - m.acc.treasury), sold, 1e-6);
  EXPECT_EQ(m.acc.amm_tokens - reserve_before, 1'000'000 * kToken - m.acc.treasury);   // tokens conserved
  EXPECT_NEAR(o.paid_usd_cum, 3000.0, 1e-6);
  EXPECT_EQ(o.unpaid_usd_cum, 0.0);
  EXPECT_NEAR(m.pool.usd, 998000.0, 1e-6);
}

TEST(TreasuryObligations, ShortOfTokensIsInsolventAndRecordsWhatItCouldNotPay) {
  Market m;
  m.acc.treasury = 1000 * kToken;   // worth ~$10
  double usd = 500.0;
  ts::TreasuryObligations o{};
  EXPECT_TRUE(ts::pay_treasury_day(m.acc, m.pool, usd, 3000.0, o));
  EXPECT_EQ(m.acc.treasury, 0);
  const double fetched = 1'000'000.0 * 1000.0 * 0.997 / (100e6 + 1000.0 * 0.997);
  EXPECT_NEAR(o.paid_usd_cum, 500.0 + fetched, 1e-6);
  EXPECT_NEAR(o.unpaid_usd_cum, 2500.0 - fetched, 1e-6);
  EXPECT_NEAR(o.paid_usd_cum + o.unpaid_usd_cum, 3000.0, 1e-9);
}

TEST(TreasuryObligations, BeyondThePoolsCapIsInsolventWhateverItHolds) {
  Market m;
  m.acc.treasury = 10'000'000'000 * kToken;
  double usd = 0.0;
  ts::TreasuryObligations o{};
  EXPECT_TRUE(ts::pay_treasury_day(m.acc, m.pool, usd, 950'000.0, o));   // > 90% of the pool's USD
  EXPECT_NEAR(o.paid_usd_cum, 900'000.0, 1e-3);
  EXPECT_NEAR(o.unpaid_usd_cum, 50'000.0, 1e-3);
}

TEST(TreasuryObligations, NothingDueIsNeverInsolvent) {
  Market m;
  double usd = 0.0;
  ts::TreasuryObligations o{};
  EXPECT_FALSE(ts::pay_treasury_day(m.acc, m.pool, usd, 0.0, o));
  EXPECT_EQ(o.paid_usd_cum, 0.0);
}

TEST(TreasuryObligations, RunwayIsHoldingsOverTheDailyBurn) {
  EXPECT_DOUBLE_EQ(ts::treasury_runway_days(1.5e6, 3000.0), 500.0);
  EXPECT_DOUBLE_EQ(ts::treasury_runway_days(1.5e6, 0.0), ts::kRunwayCapDays);
  EXPECT_DOUBLE_EQ(ts::treasury_runway_days(-5.0, 3000.0), 0.0);
}

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

ts::config::Scenario scenario(const std::string& file, const std::vector<std::string>& overrides = {}) {
  return ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
}

bool carries(const ts::ProtocolRun& run, Event e) {
  const auto& n = run.events_not_carried();
  return std::none_of(n.begin(), n.end(), [&](const ts::EventNotCarried& x) { return x.event == e; });
}

// Without obligations the event is not carried, and the reason names the key;
// with them (the stress scenario, or a sweep where one point has them) it is.
TEST(TreasuryObligations, EventCarriedOnlyWhereTheTreasuryHasObligations) {
  const auto none = ts::make_protocol_run(scenario("hanzo.toml"));
  ASSERT_FALSE(carries(*none, Event::treasury_insolvent));
  for (const auto& n : none->events_not_carried())
    if (n.event == Event::treasury_insolvent) EXPECT_NE(n.reason.find("treasury.burn_usd_per_day"), std::string::npos);
  EXPECT_TRUE(carries(*ts::make_protocol_run(scenario("hanzo-treasury-runway.toml")), Event::treasury_insolvent));
  const std::string sweep = ::testing::TempDir() + "treasury_sweep.toml";
  {
    std::ofstream f(sweep);
    f << "extends = \"" << config("ionet.toml") << "\"\nname = \"burn-sweep\"\n"
      << "[sweep]\n\"treasury.burn_usd_per_day\" = [0.0, 10.0]\n";
  }
  EXPECT_TRUE(carries(*ts::make_protocol_run(ts::config::load_scenario(sweep, {}, ts::protocol_registry())),
                      Event::treasury_insolvent));
  std::remove(sweep.c_str());
}

// The shipped stress: $3,000 a day out of a $1.5M treasury is 500 days at the
// genesis price (the runway at snapshot 0 says so), but each sale lowers the
// price of the next, so every path is insolvent well before day 500, and what
// it could not pay from then on is recorded.
TEST(TreasuryObligations, HanzoTreasuryRunsOutBeforeItsGenesisRunway) {
  const auto sc = scenario("hanzo-treasury-runway.toml", {"simulation.horizon=500d", "simulation.snapshot_every=1d"});
  const auto p = ts::build_hanzo_params(sc, ts::config::expand_sweep(sc).front());
  ts::PointPaths r;
  ts::CpuOptions opt;
  opt.threads = 2;
  ts::run_paths_cpu<ts::hanzo::HanzoModel>(p, 20261203, 0, 4, opt, nullptr, r);
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    const double treasury0 = r.value(path, 0, static_cast<int>(Metric::treasury));
    EXPECT_NEAR(treasury0, 150e6 * 0.01, 1e-3);
    EXPECT_DOUBLE_EQ(r.value(path, 0, static_cast<int>(Metric::treasury_runway_days)), treasury0 / 3000.0);
    const std::int32_t first = r.event_step[path * ts::kEventCount + static_cast<int>(Event::treasury_insolvent)];
    ASSERT_NE(first, ts::kNeverReached) << "path " << path;
    const double day = static_cast<double>(first) / p.steps_per_day;
    EXPECT_LT(day, 400.0) << "path " << path;
    EXPECT_GT(day, 30.0) << "path " << path;
    EXPECT_GT(r.value(path, r.n_time - 1, static_cast<int>(Metric::treasury_unpaid_usd_cum)), 0.0);
    EXPECT_EQ(r.value(path, r.n_time - 1, static_cast<int>(Metric::ledger_residual)), 0.0);
  }
}

}  // namespace
