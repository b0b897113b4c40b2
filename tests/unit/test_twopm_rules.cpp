// 2PM.Network rules (MODEL.md 2.8, seed 002): the royalty vault's exponential
// schedules and their 7:3 budgets, the KL-divergence data score on K bins
// with its smoothing and fixed point, the split of the data pool by score
// and its cap, the stake-weighted FHE lottery, the contributors' batches.
// Each of MODEL.md's test vectors is its own test, with the arithmetic shown.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/twopm_params.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/mechanisms/weighted_lottery.hpp"
#include "models/protocols/twopm/data_batch.hpp"
#include "models/protocols/twopm/data_score.hpp"
#include "models/protocols/twopm/royalty_schedule.hpp"

namespace {

namespace tp = ts::twopm;
using ts::Micro;
using tp::Score;
using tp::kScoreOne;

constexpr Micro kToken = ts::kMicroPerToken;

tp::Params preset(const std::vector<std::string>& overrides = {}) {
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/twopm.toml", overrides,
                                            ts::protocol_registry());
  return ts::build_twopm_params(sc, ts::config::expand_sweep(sc).at(0));
}

// ---- MODEL.md 2.8 test vectors: the pools

// The preset's vault: budget 100M royalty tokens split 7:3 (seed) -> 70M for
// compute and 30M for data, exactly.
TEST(TwopmVectors, RoyaltyBudgetSplitsSevenToThree) {
  const auto p = preset();
  EXPECT_EQ(p.compute.budget, 70'000'000 * kToken);
  EXPECT_EQ(p.data.budget, 30'000'000 * kToken);
  EXPECT_EQ(p.compute.budget + p.data.budget, 100'000'000 * kToken);
}

// Round 0: pool = budget * lambda * e^0.
//   compute: 70,000,000 * 0.001 = 70,000 tokens
//   data:    30,000,000 * 0.01  = 300,000 tokens
// (data pays more than compute in the first rounds: lambda_data is 10x larger)
TEST(TwopmVectors, PoolsOfRoundZero) {
  const auto p = preset();
  EXPECT_EQ(tp::scheduled_pool(p.compute, 0), 70'000 * kToken);
  EXPECT_EQ(tp::scheduled_pool(p.data, 0), 300'000 * kToken);
}

// Round x = 100:
//   compute: 70,000 * e^(-0.1) = 70,000 * 0.904837418 = 63,338.619262 tokens
//   data:   300,000 * e^(-1)   = 300,000 * 0.367879441 = 110,363.832351 tokens
// Round x = 365:
//   compute: 70,000 * e^(-0.365) = 48,593.765561 tokens
//   data:   300,000 * e^(-3.65)  = 7,797.338633 tokens
// (rounded down to the micro-token).
TEST(TwopmVectors, PoolsOfRoundX) {
  const auto p = preset();
  EXPECT_EQ(tp::scheduled_pool(p.compute, 100), 63'338'619'262);
  EXPECT_EQ(tp::scheduled_pool(p.data, 100), 110'363'832'351);
  EXPECT_EQ(tp::scheduled_pool(p.compute, 365), 48'593'765'561);
  EXPECT_EQ(tp::scheduled_pool(p.data, 365), 7'797'338'633);
}

// Crossover: compute pays more than data from the round where
// 70,000 e^(-0.001 x) > 300,000 e^(-0.01 x), x > ln(300/70) / 0.009 = 161.7.
TEST(TwopmVectors, ComputeOvertakesDataAfterRound161) {
  const auto p = preset();
  EXPECT_LT(tp::scheduled_pool(p.compute, 161), tp::scheduled_pool(p.data, 161));
  EXPECT_GT(tp::scheduled_pool(p.compute, 162), tp::scheduled_pool(p.data, 162));
}

// ---- the budget binds: the discrete series promises more than the vault holds

// sum_{x>=0} B lambda e^(-lambda x) = B lambda / (1 - e^(-lambda)):
//   lambda = 0.01:  30M * 1.0050083 = 30,150,250 tokens (0.5% over the budget)
//   lambda = 0.001: 70M * 1.0005001 = 70,035,006 tokens
// The vault pays min(pool, what it holds): the cumulative paid is exactly the
// budget after the dry round n (lambda (1 - e^(-lambda n)) / (1 - e^(-lambda))
// reaches 1 in round 530 for 0.01, 7601 for 0.001) and never above it.
TEST(TwopmRules, DiscreteSeriesExceedsTheBudgetAndTheVaultNeverPaysMore) {
  const auto p = preset();
  struct Case {
    tp::VaultSchedule v;
    std::int32_t dry_round;
  };
  for (const Case c : {Case{p.data, 530}, Case{p.compute, 7601}}) {
    long double promised = 0;
    Micro vault = c.v.budget, paid = 0;
    std::int32_t dry = -1;
    for (std::int32_t x = 0; x < 40'000; ++x) {
      const Micro pool = tp::scheduled_pool(c.v, x);
      promised += pool;
      const Micro pay = tp::pool_payable(pool, vault);
      ASSERT_LE(pay, pool);
      vault -= pay;
      paid += pay;
      ASSERT_GE(vault, 0);
      ASSERT_LE(paid, c.v.budget) << "round " << x;
      if (dry < 0 && vault == 0) dry = x;
    }
    const double series = static_cast<double>(c.v.budget) * c.v.lambda / (1.0 - std::exp(-c.v.lambda));
    // The floors lose < 1 micro-token a round; the tail after 40,000 rounds is negligible.
    EXPECT_NEAR(static_cast<double>(promised), series, 4e4 + series * 1e-12);
    EXPECT_GT(static_cast<double>(promised), static_cast<double>(c.v.budget) * (1.0 + 0.4 * c.v.lambda));
    EXPECT_EQ(paid, c.v.budget);
    EXPECT_EQ(dry, c.dry_round);
  }
}

// With equal decay rates every round splits exactly 7:3 (to the micro-token).
TEST(TwopmRules, EqualDecayRatesSplitEveryRoundSevenToThree) {
  const auto p = preset({"royalty.lambda_compute=0.004", "royalty.lambda_data=0.004"});
  for (std::int32_t x : {0, 1, 17, 250, 1000}) {
    const Micro c = tp::scheduled_pool(p.compute, x), d = tp::scheduled_pool(p.data, x);
    EXPECT_LE(std::llabs(3 * c - 7 * d), 10) << "round " << x;
  }
}

// Each task of a round gets floor(pool / tasks); the remainder is < tasks.
TEST(TwopmRules, TasksShareTheComputePoolEqually) {
  EXPECT_EQ(tp::task_share(70'000 * kToken, 4), 17'500 * kToken);
  EXPECT_EQ(tp::task_share(10, 4), 2);   // 2 micro-tokens to dust
  EXPECT_EQ(tp::task_share(0, 4), 0);
}

// ---- MODEL.md 2.8 test vectors: the KL score

// K = 4, Q uniform (0.25 each), a batch of 100 records (40, 30, 20, 10),
// no smoothing:
//   D = 0.4 ln(0.4/0.25) + 0.3 ln(0.3/0.25) + 0.2 ln(0.2/0.25) + 0.1 ln(0.1/0.25)
//     = 0.4 (0.470004) + 0.3 (0.182322) + 0.2 (-0.223144) + 0.1 (-0.916291)
//     = 0.188001 + 0.054696 - 0.044629 - 0.091629 = 0.106440 nat
// In fixed point: floor(0.10644013528622318 * 2^32) = 457,156,900.
TEST(TwopmVectors, KlScoreOfFourBins) {
  const std::int64_t counts[4] = {40, 30, 20, 10};
  double log_q[4];
  for (double& l : log_q) l = ts::pmath::log(0.25);
  const double kl = tp::kl_divergence(counts, 100, log_q, 4, 0.0);
  EXPECT_NEAR(kl, 0.106440135, 1e-9);
  EXPECT_EQ(tp::quantise_score(0.10644013528622318), 457'156'900);
  // The batch equal to the reference scores 0.
  const std::int64_t same[4] = {25, 25, 25, 25};
  EXPECT_EQ(tp::kl_divergence(same, 100, log_q, 4, 0.0), 0.0);
}

// Smoothing keeps empty bins finite. K = 4, eps = 0.02, Q uniform, a batch
// (50, 50, 0, 0):
//   P' = 0.98 P + 0.02/4:  0.495, 0.495, 0.005, 0.005;  Q' = 0.98 * 0.25 + 0.005 = 0.25
//   D = 2 * 0.495 ln(0.495/0.25) + 2 * 0.005 ln(0.005/0.25)
//     = 0.99 * 0.683097 + 0.01 * (-3.912023) = 0.676266 - 0.039120 = 0.637146 nat
TEST(TwopmVectors, KlScoreWithSmoothedEmptyBins) {
  const double eps = 0.02;
  double log_q[4];
  for (double& l : log_q) l = ts::pmath::log(tp::smoothed(0.25, eps, 4));
  const std::int64_t counts[4] = {50, 50, 0, 0};
  EXPECT_NEAR(tp::kl_divergence(counts, 100, log_q, 4, eps), 0.637145646, 1e-9);
}

// The split of a 300,000-token data pool by scores 0.125, 0.375 and 4 nat
// (exact in fixed point), total 4.5:
//   300,000 * 0.125 / 4.5 =   8,333.333333 (rounded down)
//   300,000 * 0.375 / 4.5 =  25,000
//   300,000 * 4     / 4.5 = 266,666.666666 (rounded down)
//   dust = 300,000,000,000 - 299,999,999,999 = 1 micro-token
// With a cap of 0.25 nat the scores are 0.125, 0.25, 0.25 (total 0.625):
//   60,000, 120,000, 120,000 tokens and no dust.
TEST(TwopmVectors, DataPoolSplitByScoreAndCap) {
  const Micro pool = 300'000 * kToken;
  const Score s[3] = {kScoreOne / 8, 3 * kScoreOne / 8, 4 * kScoreOne};
  const Score total = s[0] + s[1] + s[2];
  EXPECT_EQ(tp::data_payout(pool, s[0], total), 8'333'333'333);
  EXPECT_EQ(tp::data_payout(pool, s[1], total), 25'000 * kToken);
  EXPECT_EQ(tp::data_payout(pool, s[2], total), 266'666'666'666);
  const Score cap = kScoreOne / 4;
  const Score c[3] = {tp::capped_score(s[0], cap), tp::capped_score(s[1], cap), tp::capped_score(s[2], cap)};
  EXPECT_EQ(c[0], s[0]);
  EXPECT_EQ(c[1], cap);
  EXPECT_EQ(c[2], cap);
  const Score capped_total = c[0] + c[1] + c[2];
  EXPECT_EQ(tp::data_payout(pool, c[0], capped_total), 60'000 * kToken);
  EXPECT_EQ(tp::data_payout(pool, c[1], capped_total), 120'000 * kToken);
  EXPECT_EQ(tp::data_payout(pool, c[2], capped_total), 120'000 * kToken);
  EXPECT_EQ(tp::capped_score(s[2], 0), s[2]);   // cap 0: none
}

// Property: for any scores, the shares never exceed the pool and lose less
// than one micro-token per contributor to dust.
TEST(TwopmRules, DataSplitNeverExceedsThePool) {
  for (std::uint32_t trial = 0; trial < 200; ++trial) {
    const ts::RandomWords w = ts::draw_words(ts::RandomKey{9}, trial, 0, 0, ts::Stream::kScores);
    const int n = 1 + static_cast<int>(w.w[0] % 300);
    const Micro pool = 1 + static_cast<Micro>(w.w[1]) * 1000;
    std::vector<Score> scores(n);
    Score total = 0;
    for (int i = 0; i < n; ++i) {
      const ts::RandomWords v = ts::draw_words(ts::RandomKey{9}, trial, 1, i, ts::Stream::kScores);
      scores[i] = static_cast<Score>(v.w[0]) * (v.w[1] % 16);   // up to ~15 nat
      total += scores[i];
    }
    Micro paid = 0;
    for (Score s : scores) paid += tp::data_payout(pool, s, total);
    if (total == 0) {
      EXPECT_EQ(paid, 0);
      continue;
    }
    EXPECT_LE(paid, pool);
    EXPECT_LT(pool - paid, n);
  }
}

// ---- the stake-weighted FHE lottery

// Three nodes with stakes 1 : 2 : 5 draw 40,000 lotteries (exponential race):
// each wins with probability stake / 8, within 4.5 standard errors.
TEST(TwopmRules, FheLotteryWinsInProportionToStake) {
  const double stake[3] = {50'000.0, 100'000.0, 250'000.0};
  int wins[3] = {0, 0, 0};
  const int n = 40'000;
  for (int draw = 0; draw < n; ++draw) {
    ts::LotteryTicket forward, backward;
    for (int i = 0; i < 3; ++i) {
      const ts::RandomWords w =
          ts::draw_words(ts::RandomKey{77}, 0, static_cast<std::uint32_t>(draw), i, ts::Stream::kJobs);
      forward.enter(ts::lottery_key(stake[i], ts::uniform_open53(w.w[0], w.w[1])), i);
    }
    // The same tickets reduced in the other order pick the same node.
    for (int i = 2; i >= 0; --i) {
      const ts::RandomWords w =
          ts::draw_words(ts::RandomKey{77}, 0, static_cast<std::uint32_t>(draw), i, ts::Stream::kJobs);
      backward.enter(ts::lottery_key(stake[i], ts::uniform_open53(w.w[0], w.w[1])), i);
    }
    ASSERT_EQ(forward.slot, backward.slot);
    ++wins[forward.slot];
  }
  for (int i = 0; i < 3; ++i) {
    const double p = stake[i] / 400'000.0;
    EXPECT_NEAR(wins[i] / static_cast<double>(n), p, 4.5 * std::sqrt(p * (1 - p) / n)) << "node " << i;
  }
  // Nobody entered: no winner; a tie of keys goes to the lower slot.
  ts::LotteryTicket none;
  EXPECT_EQ(none.slot, -1);
  ts::LotteryTicket tie;
  tie.enter(1.5, 7);
  tie.enter(1.5, 3);
  EXPECT_EQ(tie.slot, 3);
}

// ---- contributors' batches

// A poison batch (junk_share 1) puts all its records in Q's least likely bin
// (b0, 2%) and scores the largest possible divergence:
//   Q'(b0) = 0.999 * 0.02 + 0.001 / 8 = 0.020105;  P'(b0) = 0.999125; other P' = 0.000125
//   D = 0.999125 ln(0.999125 / 0.020105) + sum_k 0.000125 ln(0.000125 / Q'(k)) = 3.8966 nat
TEST(TwopmRules, PoisonBatchScoresTheLargestDivergence) {
  const auto p = preset();
  ASSERT_EQ(p.junk_bin, 0);
  double cond[tp::kMaxBins];
  tp::poison_source(p, cond);
  std::int64_t counts[tp::kMaxBins];
  tp::draw_batch(p, ts::PathContext{ts::RandomKey{1}, 0}, 5, 300, cond, counts);
  EXPECT_EQ(counts[0], p.samples_per_batch);
  const double kl = tp::kl_divergence(counts, p.samples_per_batch, p.log_reference, p.bins, p.smoothing);
  EXPECT_NEAR(kl, 3.89663, 1e-4);
}

// Honest batches: Dirichlet(50 Q) sources and 1,000-record batches score
// about (K - 1) / (2 alpha) + (K - 1) / (2 n) = 0.07 + 0.0035 nat on average
// (0.069 by simulation of the same model in numpy), far below the junk.
TEST(TwopmRules, HonestBatchesScoreNearTheirSamplingAndSourceNoise) {
  const auto p = preset();
  double sum = 0.0;
  const int n = 800;
  for (int slot = 0; slot < n; ++slot) {
    const ts::PathContext ctx{ts::RandomKey{3}, static_cast<std::uint32_t>(slot / 100)};
    double cond[tp::kMaxBins];
    tp::honest_source(p, ctx, p.max_nodes + slot % 100, cond);
    std::int64_t counts[tp::kMaxBins];
    tp::draw_batch(p, ctx, 1, p.max_nodes + slot % 100, cond, counts);
    std::int64_t total = 0;
    for (int k = 0; k < p.bins; ++k) {
      ASSERT_GE(counts[k], 0);
      total += counts[k];
    }
    ASSERT_EQ(total, p.samples_per_batch);
    sum += tp::kl_divergence(counts, total, p.log_reference, p.bins, p.smoothing);
  }
  EXPECT_NEAR(sum / n, 0.069, 0.01);
}

// A batch drawn bin by bin is a multinomial sample of its source: mean
// counts n p_k, within 5 standard errors over 2,000 batches.
TEST(TwopmRules, BatchesAreMultinomialSamplesOfTheirSource) {
  const auto p = preset();
  double cond[tp::kMaxBins];
  tp::conditional_bins(p.reference, p.bins, cond);
  double mean[tp::kMaxBins] = {};
  const int n = 2000;
  for (int b = 0; b < n; ++b) {
    std::int64_t counts[tp::kMaxBins];
    tp::draw_batch(p, ts::PathContext{ts::RandomKey{5}, 0}, b, 1000, cond, counts);
    for (int k = 0; k < p.bins; ++k) mean[k] += static_cast<double>(counts[k]) / n;
  }
  for (int k = 0; k < p.bins; ++k) {
    const double q = p.reference[k], m = 1000.0 * q;
    EXPECT_NEAR(mean[k], m, 5.0 * std::sqrt(1000.0 * q * (1 - q) / n)) << "bin " << k;
  }
}

// ---- bad input: cross-key checks name the key

void expect_config_error(const std::vector<std::string>& overrides, const std::string& key) {
  try {
    preset(overrides);
    ADD_FAILURE() << "no error for " << overrides.front();
  } catch (const ts::config::ConfigError& e) {
    EXPECT_EQ(e.key, key) << e.what();
  }
}

TEST(TwopmPreset, CrossKeyChecksNameTheKey) {
  expect_config_error({"network.initial_nodes=200"}, "network.initial_nodes");      // above max_nodes = 96
  expect_config_error({"staking.max_stake=1000"}, "staking.max_stake");             // below min_stake
  expect_config_error({"royalty.lambda_compute=0.02"}, "royalty.lambda_compute");   // above lambda_data (seed)
  expect_config_error({"contributors.honest=0"}, "contributors.honest");            // nobody to pay
  expect_config_error({"contributors.honest=4000", "contributors.poison=200"}, "contributors.poison");
  expect_config_error({"royalty.budget=999000000"}, "supply.genesis");              // budget + AMM + stake > supply
  expect_config_error({"staking.unbonding=36h"}, "staking.unbonding");              // whole days
  expect_config_error({"staking.unbonding=16d"}, "staking.unbonding");              // the ring holds 15 days
}

// The command line answers a cross-key error with exit code 2, the key, and no file.
TEST(TwopmPreset, CommandLineExitsTwoOnACrossKeyError) {
  const std::string out = std::string(TS_BINARY_DIR) + "/twopm_never.h5";
  const std::string log = std::string(TS_BINARY_DIR) + "/twopm_bad_input.log";
  std::remove(out.c_str());
  const std::string cmd = std::string(TS_BINARY_DIR) + "/tokenstress run " + TS_SOURCE_DIR +
                          "/configs/twopm.toml --quiet --set royalty.lambda_compute=0.5 -o " + out + " 2> " + log;
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::FILE* f = std::fopen(log.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[4096] = {};
  const std::size_t got = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  EXPECT_NE(std::string(buf, got).find("royalty.lambda_compute"), std::string::npos) << buf;
  EXPECT_FALSE(std::filesystem::exists(out)) << "an output file was written";
}

}  // namespace
