// Phala's rules against MODEL.md 2.6's figures (the confidence factors, the
// share, the sqrt(stake) rule, the 7-day CoolingDown) and the paper's
// formulas the preset cites, with the arithmetic shown; the shared pieces
// the model added to models/ (the period schedule, statistics over cohorts'
// members, the keyed sort); the preset read through configs/phala.toml and
// its cross-key checks.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/protocols/phala_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/core/population_stats.hpp"
#include "models/core/sort.hpp"
#include "models/mechanisms/period_schedule.hpp"
#include "models/mechanisms/unbonding.hpp"
#include "models/protocols/phala/rules.hpp"

namespace {

namespace fs = std::filesystem;
namespace ph = ts::phala;
using ts::Micro;
constexpr Micro kPha = ts::kMicroPerToken;

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

ph::Params preset(const std::vector<std::string>& overrides = {}, const std::string& file = "phala.toml",
                  std::size_t point = 0) {
  const auto sc = ts::config::load_scenario(config(file), overrides, ts::protocol_registry());
  return ts::build_phala_params(sc, ts::config::expand_sweep(sc).at(point));
}

// ---- MODEL.md 2.6 figures

// Confidence factor c: 1.0 for tiers 1-3, 0.8 for tier 4, 0.7 for tier 5
// (the seed's "0.7 / 0.8 factor"), as the preset reads them.
TEST(PhalaVectors, ConfidenceFactorsOneForTiersOneToThreeThenPointEightAndPointSeven) {
  const auto p = preset();
  EXPECT_EQ(p.tiers[0].factor, 1.0);
  EXPECT_EQ(p.tiers[1].factor, 1.0);
  EXPECT_EQ(p.tiers[2].factor, 1.0);
  EXPECT_EQ(p.tiers[3].factor, 0.8);
  EXPECT_EQ(p.tiers[4].factor, 0.7);
}

// share = sqrt(V^2 + (2 P c)^2): V = 3,000 and P = 2,000 at tier 1 give
// sqrt(3,000^2 + 4,000^2) = 5,000 (a 3-4-5 triangle); at tier 5 the
// performance term is 2 x 2,000 x 0.7 = 2,800 and the share
// sqrt(9,000,000 + 7,840,000) = sqrt(16,840,000) = 4,103.6569 (4,103,656
// thousandths, rounded down).
TEST(PhalaVectors, ShareMixesValueAndPerformanceByTheConfidenceFactor) {
  EXPECT_EQ(ph::share_weight(3000 * kPha, 2.0 * 2000.0 * 1.0), 5000 * 1000);   // 1/1000 units
  EXPECT_EQ(ph::share_weight(3000 * kPha, 2.0 * 2000.0 * 0.7), 4103656);
  // V = 0: the share is the performance term alone; P = 0: V alone.
  EXPECT_EQ(ph::share_weight(0, 4000.0), 4000 * 1000);
  EXPECT_EQ(ph::share_weight(3000 * kPha, 0.0), 3000 * 1000);
}

// The old rule: a miner's weight is sqrt(stake). One miner with k s weighs
// sqrt(k) times one with s, so k miners with s weigh sqrt(k) times the one
// with k s: with s = 2,500 and k = 16, sqrt(40,000) = 200 against
// 16 x sqrt(2,500) = 16 x 50 = 800; per staked PHA the whale earns
// (200 / 40,000) / (50 / 2,500) = 0.005 / 0.02 = 1/4 = 1/sqrt(16).
TEST(PhalaVectors, SqrtStakeRuleRewardsKSmallMinersOverOneWithKTimesTheStake) {
  EXPECT_EQ(ph::sqrt_stake_weight(2500 * kPha), 50 * 1000);
  EXPECT_EQ(ph::sqrt_stake_weight(40000 * kPha), 200 * 1000);
  for (int k : {1, 2, 4, 8, 16}) {
    const double whale = static_cast<double>(ph::sqrt_stake_weight(k * 2500 * kPha)) / (k * 2500.0);
    const double small = static_cast<double>(ph::sqrt_stake_weight(2500 * kPha)) / 2500.0;
    EXPECT_NEAR(whale / small, 1.0 / std::sqrt(static_cast<double>(k)), 1e-5) << "k = " << k;   // thousandths
  }
  // The selection rule picks the weight.
  EXPECT_EQ(ph::selection_weight(ph::Selection::sqrt_stake, 3000 * kPha, 4000.0, 2500 * kPha), 50 * 1000);
  EXPECT_EQ(ph::selection_weight(ph::Selection::share, 3000 * kPha, 4000.0, 2500 * kPha), 5000 * 1000);
}

// CoolingDown (MODEL.md 2.6 assumption: 7 days): stake queued on day d is
// released at the start of day d + 1 + 7 = d + 8, not before.
TEST(PhalaVectors, CoolingDownReleasesTheStakeSevenDaysAfterTheDayOfExit) {
  const auto p = preset();
  EXPECT_EQ(p.cooldown_days, 7);
  ts::UnbondingRing<ph::kMaxCooldownDays + 1> ring;
  ring.enqueue(2500 * kPha, 10, p.cooldown_days);
  for (int day = 11; day < 18; ++day) EXPECT_EQ(ring.release(day), 0) << "day " << day;
  EXPECT_EQ(ring.release(18), 2500 * kPha);
  EXPECT_EQ(ring.total, 0);
}

// ---- the paper's formulas (ASSUMPTIONS of the preset, Khala column)

// S_min = k sqrt(P) = 50 sqrt(2,000) = 50 x 44.7214 = 2,236.07 PHA for the i5.
TEST(PhalaPaper, MinimumStakeIsKTimesTheSquareRootOfTheScore) {
  EXPECT_NEAR(ph::minimum_stake_tokens(50.0, 2000.0), 2236.068, 1e-3);
  const auto p = preset();
  EXPECT_EQ(p.hardware[1].min_stake, ts::to_micro_floor(50.0 * std::sqrt(2000.0)));
  EXPECT_EQ(p.hardware[0].min_stake, ts::to_micro_floor(50.0 * std::sqrt(450.0)));   // 1,060.66 PHA
}

// V^e = (1 + c (R^e - 1)) (S + C), C = 0.3 P / price: the i5 at $0.5 has
// C = 0.3 x 2,000 / 0.5 = 1,200 PHA; with S = 2,500 at tier 1 (c = 1),
// V^e = 1.5 x 3,700 = 5,550; at tier 5, 1 + 0.7 x 0.5 = 1.35 and
// V^e = 1.35 x 3,700 = 4,995. A whale with 16 x 2,500 would have
// 1.5 x 41,200 = 61,800, capped at V_max = 30,000.
TEST(PhalaPaper, InitialValueFromStakeAndRigCost) {
  const Micro v_max = 30000 * kPha;
  EXPECT_DOUBLE_EQ(ph::rig_cost_tokens(0.3, 2000.0, 0.5), 1200.0);
  EXPECT_DOUBLE_EQ(ph::confidence_multiplier(1.5, 1.0), 1.5);
  EXPECT_DOUBLE_EQ(ph::confidence_multiplier(1.5, 0.7), 1.35);
  EXPECT_EQ(ph::initial_value(2500 * kPha, 1200.0, 1.5, v_max), 5550 * kPha);
  EXPECT_EQ(ph::initial_value(2500 * kPha, 1200.0, 1.35, v_max), 4995 * kPha);
  EXPECT_EQ(ph::initial_value(40000 * kPha, 1200.0, 1.5, v_max), v_max);
}

// dV = (rho - 1) V + c: V = 10,000 at rho = 1.0002 grows 2 PHA an hour plus
// the running cost, $0.0196 / $0.5 = 0.0392 PHA; offline, it loses 0.1% =
// 10 PHA an hour (the fraction in 32-bit fixed point, floor(0.001 x 2^32) =
// 4,294,967 / 2^32 = 0.000999999977, takes 1 micro-PHA less).
TEST(PhalaPaper, ValueGrowsWhileMiningAndIsSlashedOffline) {
  EXPECT_EQ(ph::value_growth(10000 * kPha, 0.0002, 39200), 2039200);
  const auto p = preset();
  EXPECT_EQ(p.offline_slash_per_step, 4294967u);
  EXPECT_EQ(ph::offline_slash(10000 * kPha, p.offline_slash_per_step), 10 * kPha - 1);
  // A single worker online: V and the accrual take the growth.
  Micro v = 10000 * kPha, accrued = 0;
  ph::mine_step(v, accrued, 1, 1, 2039200, 10 * kPha, 30000 * kPha);
  EXPECT_EQ(v, 10000 * kPha + 2039200);
  EXPECT_EQ(accrued, 2039200);
  // Offline: both lose the slash; the accrual goes negative.
  ph::mine_step(v, accrued, 0, 1, 2039200, 10 * kPha, 30000 * kPha);
  EXPECT_EQ(v, 10000 * kPha + 2039200 - 10 * kPha);
  EXPECT_EQ(accrued, 2039200 - 10 * kPha);
  // A cohort of 64 with 62 online: 62/64 of the growth, 2/64 of the slash.
  Micro vc = 10000 * kPha, ac = 0;
  ph::mine_step(vc, ac, 62, 64, 64 * kPha, 64 * kPha, 30000 * kPha);
  EXPECT_EQ(ac, 62 * kPha - 2 * kPha);
}

// V stops at V_max, but the accrual since the last payout is not clipped, so
// a worker pinned at V_max is still paid what it regrows.
TEST(PhalaPaper, ValueMaxCapsTheValueNotTheAccrual) {
  const Micro v_max = 30000 * kPha;
  Micro v = v_max, accrued = 0;
  ph::mine_step(v, accrued, 1, 1, 6 * kPha, 0, v_max);
  EXPECT_EQ(v, v_max);
  EXPECT_EQ(accrued, 6 * kPha);
  EXPECT_EQ(ph::pay_cohort(4 * kPha, 1, v, accrued), 4 * kPha);
  EXPECT_EQ(v, v_max - 4 * kPha);
  EXPECT_EQ(accrued, 0);
  ph::mine_step(v, accrued, 1, 1, 6 * kPha, 0, v_max);   // regrows 4 of 6 to V_max
  EXPECT_EQ(v, v_max);
  EXPECT_EQ(ph::pay_cohort(5 * kPha, 1, v, accrued), 5 * kPha);   // a larger claim is paid in full
}

// w = min(B share / sum share, V - V_last): the claim 5 against an accrual
// of 2.0392 pays 2.0392; the claim 1 pays 1 (the rest of the accrual stays in
// V but is not carried to the next payout); nothing while the accrual is
// negative after missed heartbeats.
TEST(PhalaPaper, PayoutIsTheClaimCappedAtWhatVAccruedSinceTheLastPayout) {
  EXPECT_EQ(ph::capped_payout(5 * kPha, 2039200), 2039200);
  EXPECT_EQ(ph::capped_payout(1 * kPha, 2039200), 1 * kPha);
  EXPECT_EQ(ph::capped_payout(5 * kPha, -3 * kPha), 0);
  EXPECT_EQ(ph::capped_payout(0, 2039200), 0);
  // A cohort of 64: the claim is spread over its workers, each capped.
  Micro v = 10000 * kPha, accrued = 2 * kPha;
  EXPECT_EQ(ph::pay_cohort(64 * kPha, 64, v, accrued), 64 * kPha);   // 1 PHA each, below the accrual
  EXPECT_EQ(v, 9999 * kPha);
  accrued = kPha / 2;
  EXPECT_EQ(ph::pay_cohort(64 * kPha, 64, v, accrued), 32 * kPha);   // capped at 0.5 each
  EXPECT_EQ(accrued, 0);
}

// Final payout min(V / V^e, 1) S: V = 4,000 against V^e = 5,000 returns
// 4/5 of a 2,500 stake = 2,000; V above V^e returns all of it.
TEST(PhalaPaper, FinalPayoutReturnsTheStakeScaledByVOverItsInitialValue) {
  EXPECT_EQ(ph::final_payout(2500 * kPha, 4000 * kPha, 5000 * kPha), 2000 * kPha);
  EXPECT_EQ(ph::final_payout(2500 * kPha, 6000 * kPha, 5000 * kPha), 2500 * kPha);
  EXPECT_EQ(ph::final_payout(2500 * kPha, 0, 5000 * kPha), 0);
}

// Khala's budget: 1.8M PHA the first month = 1,800,000 / 730.5 = 2,464.0657
// PHA an hour; the first 45 days (1,080 h) pay 2,661,191.0 PHA; then 75% of
// that rate. The sum over all periods, 2,661,191 / 0.25 = 10.64M, exceeds the
// 10M pool: the pool, not the schedule, ends the subsidy. Cumulated: 2.66M,
// 4.66M, 6.15M, 7.28M, 8.12M, 8.75M, 9.22M, 9.58M, 9.85M, 10.05M: in the
// tenth period (j = 9, days 405-450).
TEST(PhalaPaper, SubsidyBudgetHalvesByAQuarterEveryFortyFiveDays) {
  const auto p = preset();
  const ts::PeriodSchedule& s = p.subsidy;
  EXPECT_EQ(s.period_hours, 1080);
  EXPECT_EQ(s.per_hour[0], ts::to_micro_floor(1800000.0 / 730.5));
  EXPECT_NEAR(ts::to_tokens(s.per_hour[0]), 2464.0657, 1e-4);
  EXPECT_NEAR(ts::to_tokens(ts::period_scheduled_between(s, 0, 1080)), 2661191.0, 1.0);
  EXPECT_EQ(s.per_hour[1], ts::to_micro_floor(1800000.0 / 730.5 * 0.75));
  EXPECT_EQ(ts::period_scheduled_between(s, 1079, 1081), s.per_hour[0] + s.per_hour[1]);   // across the boundary
  double total = 0.0;
  int exhausted = -1;
  for (int j = 0; j < s.periods; ++j) {
    total += ts::to_tokens(s.per_hour[j]) * 1080.0;
    if (exhausted < 0 && total > 10e6) exhausted = j;
  }
  EXPECT_EQ(exhausted, 9);
  EXPECT_EQ(p.treasury_share, static_cast<ts::Fraction32>(0.2 * 4294967296.0));
}

// ---- statistics over the members of cohorts (models/core/population_stats.hpp)

// Each group statistic equals the plain statistic of the list with every
// member written out, on random populations.
TEST(PhalaStatistics, GroupStatisticsEqualThoseOfTheExpandedPopulation) {
  std::srand(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + std::rand() % 12;
    std::vector<Micro> x(n), m(n), expanded;
    std::vector<double> xd(n), expanded_d;
    for (int i = 0; i < n; ++i) {
      x[i] = std::rand() % 5 == 0 ? 0 : 1 + std::rand() % 1000;   // some zeros and ties
      m[i] = 1 + std::rand() % 5;
    }
    ts::heap_sort_by_key(x.data(), m.data(), n);
    for (int i = 0; i < n; ++i) {
      xd[i] = static_cast<double>(x[i]);
      for (Micro k = 0; k < m[i]; ++k) expanded.push_back(x[i]);
    }
    for (Micro e : expanded) expanded_d.push_back(static_cast<double>(e));
    const int total = static_cast<int>(expanded.size());
    EXPECT_NEAR(ts::gini_of_sorted_groups(x.data(), m.data(), n), ts::gini_of_sorted(expanded.data(), total), 1e-12);
    EXPECT_EQ(ts::nakamoto_of_sorted_groups(x.data(), m.data(), n), ts::nakamoto_of_sorted(expanded.data(), total));
    EXPECT_EQ(ts::median_of_sorted_groups(xd.data(), m.data(), n), ts::sorted_median(expanded_d.data(), total));
  }
}

// The keyed sort carries each value with its key.
TEST(PhalaStatistics, KeyedSortKeepsPairsTogether) {
  Micro key[] = {5, 1, 4, 1, 3, 9, 2};
  Micro value[] = {50, 10, 40, 10, 30, 90, 20};
  ts::heap_sort_by_key(key, value, 7);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(value[i], 10 * key[i]);
    if (i > 0) {
      EXPECT_LE(key[i - 1], key[i]);
    }
  }
}

// Nakamoto by hand: workers with 10 x 3 and 30 x 1 (total 60): the 30 alone
// holds exactly 1/2 > 1/3: one worker; 10 x 6 (total 60) needs 3 (30 > 20).
TEST(PhalaStatistics, NakamotoOverWorkersByHand) {
  Micro x1[] = {10, 30}, m1[] = {3, 1};
  EXPECT_EQ(ts::nakamoto_of_sorted_groups(x1, m1, 2), 1.0);
  Micro x2[] = {10}, m2[] = {6};
  EXPECT_EQ(ts::nakamoto_of_sorted_groups(x2, m2, 1), 3.0);
}

// ---- the preset and its cross-key checks

TEST(PhalaPreset, HourlyStepsTwoYearsAndTheNetworkSize) {
  const auto p = preset();
  EXPECT_EQ(p.dt_hours, 1);
  EXPECT_EQ(p.n_steps, 17532);
  EXPECT_EQ(p.initial_miners * p.workers_per_agent, 8192);
  EXPECT_EQ(p.selection, ph::Selection::share);
  EXPECT_EQ(p.max_restricted_tier, 3);   // seed: "Tier 1/2/3 only"
  EXPECT_EQ(p.split_k, 0);
}

TEST(PhalaPreset, StakeSplitScenarioSweepsKAndBothRules) {
  const auto sc = ts::config::load_scenario(config("phala-stake-split.toml"), {}, ts::protocol_registry());
  const auto points = ts::config::expand_sweep(sc);
  ASSERT_EQ(points.size(), 10u);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto p = ts::build_phala_params(sc, points[i]);
    const int k[] = {1, 2, 4, 8, 16};
    EXPECT_EQ(p.split_k, k[i / 2]);
    EXPECT_EQ(p.selection, i % 2 == 0 ? ph::Selection::sqrt_stake : ph::Selection::share);
    EXPECT_EQ(p.split_stake, 2500 * kPha);
  }
  ASSERT_TRUE(sc.baseline_point.has_value());
  EXPECT_EQ(*sc.baseline_point, 0u);
}

void expect_config_error(const std::vector<std::string>& overrides, const std::string& key,
                         const std::string& file = "phala.toml") {
  try {
    preset(overrides, file);
    ADD_FAILURE() << "no error for " << overrides.front();
  } catch (const ts::config::ConfigError& e) {
    EXPECT_EQ(e.key, key) << e.what();
  }
}

TEST(PhalaPreset, CrossKeyChecksNameTheKey) {
  // The probe's stake below the i5's minimum 50 sqrt(2000) = 2,236.07 PHA.
  expect_config_error({"split.k=2", "split.stake=2000"}, "split.stake");
  expect_config_error({"split.hardware=xeon"}, "split.hardware");
  expect_config_error({"split.k=64", "network.max_miners=128"}, "network.initial_miners");
  expect_config_error({"mining.stake_multiple_min=4"}, "mining.stake_multiple_min");
  expect_config_error({"mining.cooldown=36h"}, "mining.cooldown");
  expect_config_error({"subsidy.halving_period=24h", "simulation.horizon=1y"}, "subsidy.halving_period");
  expect_config_error({"supply.genesis=50000000"}, "supply.genesis");
  expect_config_error({"subsidy.halving_period=36.5h"}, "subsidy.halving_period");
}

// A confidence level written twice is named with its table.
TEST(PhalaPreset, EveryConfidenceLevelOnce) {
  const fs::path dir = fs::temp_directory_path() / "phala_bad_tier";
  fs::create_directories(dir);
  const fs::path file = dir / "twice.toml";
  std::FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f, "extends = \"%s\"\n[[confidence_tier]]\nlevel = 1\nfactor = 1.0\nweight = 1.0\n"
                  "[[confidence_tier]]\nlevel = 1\nfactor = 1.0\nweight = 1.0\n[[confidence_tier]]\nlevel = 3\n"
                  "factor = 1.0\nweight = 1.0\n[[confidence_tier]]\nlevel = 4\nfactor = 0.8\nweight = 1.0\n"
                  "[[confidence_tier]]\nlevel = 5\nfactor = 0.7\nweight = 1.0\n",
               config("phala.toml").c_str());
  std::fclose(f);
  try {
    const auto sc = ts::config::load_scenario(file.string(), {}, ts::protocol_registry());
    ts::build_phala_params(sc, ts::config::expand_sweep(sc).front());
    ADD_FAILURE() << "no error for a level given twice";
  } catch (const ts::config::ConfigError& e) {
    EXPECT_EQ(e.key, "confidence_tier") << e.what();
    EXPECT_NE(std::string(e.what()).find("level 1 is given twice"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// Through the command line: a cross-key error exits 2, names the key, and
// writes no output file (DESIGN.md principle 7).
TEST(PhalaPreset, CommandLineExitsTwoOnACrossKeyError) {
  const fs::path binary = fs::path(TS_BINARY_DIR) / "tokenstress";
  if (!fs::exists(binary)) GTEST_SKIP() << "no tokenstress binary at " << binary;
  const fs::path out = fs::temp_directory_path() / "phala_never.h5";
  const fs::path err = fs::temp_directory_path() / "phala_never.err";
  fs::remove(out);
  const std::string cmd = binary.string() + " run " + config("phala.toml") +
                          " --quiet --set split.k=2 --set split.stake=2000 -o " + out.string() + " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_FALSE(fs::exists(out));
  std::FILE* f = std::fopen(err.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buffer[4096] = {};
  const std::size_t n = std::fread(buffer, 1, sizeof(buffer) - 1, f);
  std::fclose(f);
  EXPECT_NE(std::string(buffer, n).find("split.stake"), std::string::npos) << buffer;
  fs::remove(err);
}

}  // namespace
