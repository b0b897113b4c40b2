// unlock_dump (MODEL.md 1 "Attackers", models/mechanisms/unlock_dump.hpp):
// holders of a share of each vesting unlock sell it all at once instead of
// following the preset's rule. The mechanism's accounting, and the IO.net
// stress scenario's outcome: against the same path's honest rule (a marginal
// twin, marked at the price the dump depressed) the dump looks profitable;
// against the baseline point with common random numbers, the holders of
// unlocked allocations lose, in every path.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/protocols/hanzo_params.hpp"
#include "host/protocols/ionet_params.hpp"
#include "models/mechanisms/unlock_dump.hpp"
#include "models/protocols/hanzo/model.hpp"
#include "models/protocols/ionet/model.hpp"
#include "tests/unit/preset_paths.hpp"

namespace {

using ts::Metric;
using ts::test::metric_at;

struct Market {
  ts::AmmPool pool;
  ts::Micro amm = 0, holders = 0, source = 0;
  Market() {
    source = ts::to_micro_floor(1e9);
    ts::amm_open(pool, amm, source, 1e6, 1.0, 0.0);   // 1M tokens against $1M, no fee
    holders = ts::to_micro_floor(5000.0);
  }
};

TEST(UnlockDump, WithoutDumpersTheRuleSells) {
  Market m;
  ts::UnlockDumpLedger u{};
  const ts::Micro sold = ts::unlock_trades_step(u, 0, m.pool, m.amm, m.holders, ts::to_micro_floor(1000.0),
                                                ts::to_micro_floor(300.0));
  EXPECT_EQ(sold, ts::to_micro_floor(300.0));
  EXPECT_EQ(u.dumped_usd, 0.0);
  EXPECT_EQ(u.twin_held, 0);
  EXPECT_EQ(u.holders_held, ts::to_micro_floor(700.0));
  // x y = k without a fee: 300 tokens into 1M fetch 1e6 - 1e12 / 1,000,300.
  EXPECT_NEAR(u.holders_sold_usd, 1e6 - 1e12 / 1000300.0, 1e-6);
  EXPECT_EQ(ts::unlock_dump_gain_usd(u, 1.0), 0.0);
}

TEST(UnlockDump, DumpersSellTheirShareAtOnceAgainstTheRule) {
  Market m;
  ts::UnlockDumpLedger u{};
  const ts::Fraction32 half = ts::kFractionOne / 2;
  const ts::Micro sold = ts::unlock_trades_step(u, half, m.pool, m.amm, m.holders, ts::to_micro_floor(1000.0),
                                                ts::to_micro_floor(300.0));
  // Dumpers: 500 at once; the others: their 150 of the rule's 300.
  EXPECT_EQ(sold, ts::to_micro_floor(650.0));
  EXPECT_NEAR(u.dumped_usd, 1e6 - 1e12 / 1000500.0, 1e-6);
  // The twin sells its 150 at the spot before the trades ($1) and holds 350.
  EXPECT_DOUBLE_EQ(u.twin_sold_usd, 150.0);
  EXPECT_EQ(u.twin_held, ts::to_micro_floor(350.0));
  EXPECT_EQ(u.holders_held, ts::to_micro_floor(350.0));
  // At a price of $1 the dump lost its slippage; at $0.5 it gained.
  const double slippage = 500.0 - u.dumped_usd;
  EXPECT_NEAR(ts::unlock_dump_gain_usd(u, 1.0), -slippage - 0.0, 1e-6);
  EXPECT_NEAR(ts::unlock_dump_gain_usd(u, 0.5), u.dumped_usd - 150.0 - 175.0, 1e-6);
  EXPECT_NEAR(ts::unlock_holders_value_usd(u, 0.5), u.holders_sold_usd + 175.0, 1e-6);
}

// configs/ionet-unlock-dump.toml: point 0 the baseline (no dumpers), point 2
// every unlock dumped. Nothing unlocks before the month-12 cliff; after it the
// dump lowers the price in every path and the unlock holders' value with it.
TEST(UnlockDump, IonetCliffDumpCostsTheUnlockHoldersInEveryPath) {
  const std::vector<std::string> o = {"simulation.horizon=450d", "simulation.snapshot_every=30d"};
  const auto base = ts::test::run_preset_paths<ts::ionet::IonetModel>(
      ts::test::preset<ts::ionet::Params>("ionet-unlock-dump.toml", o, &ts::build_ionet_params, 0), 8);
  const auto dump = ts::test::run_preset_paths<ts::ionet::IonetModel>(
      ts::test::preset<ts::ionet::Params>("ionet-unlock-dump.toml", o, &ts::build_ionet_params, 2), 8);
  const std::int32_t cliff = 12, last = dump.n_time - 1;   // snapshot 12: day 360, before month 12's unlock
  for (std::int64_t path = 0; path < 8; ++path) {
    EXPECT_EQ(metric_at(dump, path, cliff, Metric::unlock_dump_usd_cum), 0.0);
    EXPECT_EQ(metric_at(dump, path, cliff, Metric::price_usd), metric_at(base, path, cliff, Metric::price_usd));
    EXPECT_GT(metric_at(dump, path, last, Metric::unlock_dump_usd_cum), 0.0);
    EXPECT_EQ(metric_at(base, path, last, Metric::unlock_dump_usd_cum), 0.0);
    EXPECT_EQ(metric_at(base, path, last, Metric::attack_gain_usd), 0.0);
    EXPECT_LT(metric_at(dump, path, last, Metric::price_usd), metric_at(base, path, last, Metric::price_usd));
    EXPECT_LT(metric_at(dump, path, last, Metric::unlock_holders_value_usd),
              metric_at(base, path, last, Metric::unlock_holders_value_usd));
    EXPECT_EQ(metric_at(dump, path, last, Metric::ledger_residual), 0.0);
  }
}

// Hanzo's team unlocks: the dump leaves the team's holdings, and the ledger holds.
TEST(UnlockDump, HanzoTeamDumpAfterTheCliff) {
  const std::vector<std::string> o = {"simulation.horizon=400d", "simulation.snapshot_every=10d"};
  const auto base = ts::test::run_preset_paths<ts::hanzo::HanzoModel>(
      ts::test::preset<ts::hanzo::Params>("hanzo.toml", o, &ts::build_hanzo_params), 3);
  const auto dump = ts::test::run_preset_paths<ts::hanzo::HanzoModel>(
      ts::test::preset<ts::hanzo::Params>("hanzo.toml", ts::test::with(o, {"vesting.unlock_dump_share=1"}),
                                          &ts::build_hanzo_params),
      3);
  const std::int32_t last = dump.n_time - 1;
  for (std::int64_t path = 0; path < 3; ++path) {
    EXPECT_EQ(metric_at(dump, path, 36, Metric::unlock_dump_usd_cum), 0.0);   // day 360: before the cliff
    EXPECT_GT(metric_at(dump, path, last, Metric::unlock_dump_usd_cum), 0.0);
    EXPECT_LT(metric_at(dump, path, last, Metric::price_usd), metric_at(base, path, last, Metric::price_usd));
    EXPECT_EQ(metric_at(dump, path, last, Metric::ledger_residual), 0.0);
  }
}

}  // namespace
