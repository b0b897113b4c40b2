// Secret AI's rules against the seed's test vectors (MODEL.md 2.5), the
// integer evaluators the model uses (models/protocols/secret_ai/payments.hpp)
// and the preset read through the real configs/secret_ai.toml.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/secret_ai_params.hpp"
#include "models/protocols/secret_ai/payments.hpp"

namespace {

using ts::Micro;
using ts::MicroUsd;
namespace sai = ts::secret_ai;
constexpr MicroUsd kUsd = 1000000;   // one USD in micro-USD

std::string config(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

sai::Params preset(const std::vector<std::string>& overrides = {}) {
  const auto sc = ts::config::load_scenario(config("secret_ai.toml"), overrides, ts::protocol_registry());
  return ts::build_secret_ai_params(sc, ts::config::expand_sweep(sc).front());
}

// ---- MODEL.md 2.5 test vectors: W_i = input + 4 * output

TEST(SecretAiVectors, WorkerAThousandInFiveHundredOutWeighsThreeThousand) {
  EXPECT_EQ(sai::work_weight(1000, 500), 3000);
}

TEST(SecretAiVectors, WorkerBTwoThousandInNoOutWeighsTwoThousand) {
  EXPECT_EQ(sai::work_weight(2000, 0), 2000);
}

TEST(SecretAiVectors, FiveHundredDollarEpochPaysAThreeHundredAndBTwoHundred) {
  const std::int64_t wa = sai::work_weight(1000, 500), wb = sai::work_weight(2000, 0);
  const MicroUsd pool = 500 * kUsd;
  EXPECT_EQ(sai::work_payout(pool, wa, wa + wb), 300 * kUsd);
  EXPECT_EQ(sai::work_payout(pool, wb, wa + wb), 200 * kUsd);
}

// ---- the evaluators behind the step

TEST(SecretAiRules, SplitWorkKeepsTheWeightExact) {
  // For any amount of work and any output share, input + 4 * output == work.
  for (double share : {0.0, 0.1, 0.5, 0.7058823529, 0.999, 1.0}) {
    const ts::Fraction32 f = static_cast<ts::Fraction32>(share * 4294967296.0);
    for (std::int64_t work : std::vector<std::int64_t>{0, 1, 3, 4, 5, 999, 20000, 123456789}) {
      const sai::TokenSplit s = sai::split_work(work, f);
      EXPECT_GE(s.input, 0);
      EXPECT_GE(s.output, 0);
      EXPECT_EQ(sai::work_weight(s.input, s.output), work) << "share " << share << " work " << work;
    }
  }
}

TEST(SecretAiRules, PayoutsNeverExceedThePool) {
  // Floor of each share: the sum stays within the pool, the remainder is
  // smaller than the number of workers.
  const std::int64_t work[] = {7, 11, 13, 1000003, 5};
  std::int64_t total = 0;
  for (auto w : work) total += w;
  for (MicroUsd pool : std::vector<MicroUsd>{1, 999, 123456789, 987654321987}) {
    MicroUsd paid = 0;
    for (auto w : work) paid += sai::work_payout(pool, w, total);
    EXPECT_LE(paid, pool);
    EXPECT_LT(pool - paid, 5);
  }
}

TEST(SecretAiRules, ProtocolFeeRoundsUpAndIsZeroByDefault) {
  const ts::Fraction32 one_percent = static_cast<ts::Fraction32>(0.01 * 4294967296.0);
  EXPECT_EQ(sai::protocol_fee_of(100 * kUsd, 0), 0);
  EXPECT_EQ(sai::protocol_fee_of(101, one_percent), 2);   // 1.01 micro-USD rounds up: workers get at most 99%
  const MicroUsd fee = sai::protocol_fee_of(500 * kUsd, one_percent);
  EXPECT_GE(fee, 5 * kUsd);
  EXPECT_LE(fee, 5 * kUsd + 1);
}

TEST(SecretAiRules, UptimeRewardIsProportionalToUptime) {
  const Micro budget = 20000 * ts::kMicroPerToken;
  // Three workers online 168, 84 and 168 x 5 identity-hours of an epoch.
  const std::int64_t u[] = {168, 84, 840};
  const std::int64_t total = 168 + 84 + 840;
  // Shares are floors: proportional to within one micro-token per share.
  EXPECT_NEAR(sai::uptime_reward(budget, u[0], total), 2 * sai::uptime_reward(budget, u[1], total), 2);
  EXPECT_NEAR(sai::uptime_reward(budget, u[2], total), 5 * sai::uptime_reward(budget, u[0], total), 5);
  EXPECT_EQ(sai::uptime_reward(budget, u[0], total), budget * 168 / total);
  EXPECT_EQ(sai::uptime_reward(budget, 0, total), 0);
  EXPECT_EQ(sai::uptime_reward(budget, 5, 0), 0);
}

TEST(SecretAiRules, IdentitiesCountOnlyWithTheMinimumStakeEach) {
  const Micro min = 1000 * ts::kMicroPerToken;
  EXPECT_EQ(sai::staked_identities(5, 5000 * ts::kMicroPerToken, min), 5);
  EXPECT_EQ(sai::staked_identities(5, 4999 * ts::kMicroPerToken, min), 4);
  EXPECT_EQ(sai::staked_identities(5, 999 * ts::kMicroPerToken, min), 0);
  EXPECT_EQ(sai::staked_identities(2, 5000 * ts::kMicroPerToken, min), 2);   // never more than online
}

// Self-dealing in one epoch, by hand: a service at $0.20 per million W
// (200 micro-USD per kW), honest users 10,000 kW, the self-dealer serves
// 2,000 kW of them plus 3,000 kW of fake jobs it pays 600,000 micro-USD for.
TEST(SecretAiRules, SelfDealingGainIsExactlyZeroAtZeroFeeWithPayAsYouGo) {
  const MicroUsd c = 200;
  const sai::ServiceEpoch epoch{c * (10000 + 3000), 10000 + 3000};
  // Paid 200 * 5,000 = 1,000,000 with the fake jobs and 200 * 2,000 without.
  EXPECT_EQ(sai::self_dealing_gain(epoch, 0, 5000, 3000, c * 3000, 0, 0, 0), 0);
}

TEST(SecretAiRules, SelfDealingLosesTheFeeOnItsFakeJobs) {
  const MicroUsd c = 200;
  const ts::Fraction32 fee = static_cast<ts::Fraction32>(0.05 * 4294967296.0);
  const sai::ServiceEpoch epoch{c * 13000, 13000};
  const MicroUsd fee_total = sai::protocol_fee_of(epoch.pool, fee);
  // -fee * c * W_fake = -0.05 * 600,000 = -30,000, less the stake share of
  // it that comes back (1/4 of all stake here: +7,500), within rounding.
  const MicroUsd gain = sai::self_dealing_gain(epoch, fee, 5000, 3000, c * 3000, fee_total, 1, 4);
  EXPECT_NEAR(static_cast<double>(gain), -22500.0, 3.0);
  EXPECT_LT(gain, 0);
}

TEST(SecretAiRules, SelfDealingPaysWhenSubscriptionsOverpayTheWork) {
  // The premise of the property is pool = c W. Flat subscriptions that pay
  // for more usage than was served make the pool per unit of W exceed c:
  // here 10,000 kW served but 20,000 kW paid for, so fake jobs at c capture
  // part of the subscribers' money.
  const MicroUsd c = 200;
  const sai::ServiceEpoch epoch{c * 20000 + c * 3000, 13000};
  EXPECT_GT(sai::self_dealing_gain(epoch, 0, 5000, 3000, c * 3000, 0, 0, 0), 0);
}

// ---- the preset (configs/secret_ai.toml)

TEST(SecretAiPreset, HourlyStepsAndSevenDayEpochs) {
  const auto p = preset();
  EXPECT_EQ(p.dt_hours, 1);
  EXPECT_EQ(p.epoch_steps, 168);
  EXPECT_EQ(p.steps_per_day, 24);
  EXPECT_EQ(p.n_steps, 17532);   // 2 years of 365.25 days
}

TEST(SecretAiPreset, ProtocolFeeIsOffByDefault) {
  EXPECT_EQ(preset().protocol_fee, 0u);
}

TEST(SecretAiPreset, PricesAreExactMicroUsdPerThousandWeightedTokens) {
  const auto p = preset();
  ASSERT_EQ(p.n_services, 3);
  EXPECT_EQ(p.services[0].price_per_kw, 200);   // $0.20 per million W
  EXPECT_EQ(p.services[1].price_per_kw, 300);
  EXPECT_EQ(p.services[2].price_per_kw, 500);
  EXPECT_DOUBLE_EQ(p.services[2].cum_weight, 1.0);
  // Chat: 0.6 output tokens per input token, so output is 4*0.6/(1+4*0.6) of W.
  EXPECT_NEAR(static_cast<double>(p.services[0].output_w_share) / 4294967296.0, 2.4 / 3.4, 1e-9);
}

TEST(SecretAiPreset, SybilIdentitiesFollowFromTheMinimumStake) {
  EXPECT_EQ(preset().sybil_identities_per_node, 5);   // 5,000 / 1,000
  EXPECT_EQ(preset({"staking.min_stake=2500"}).sybil_identities_per_node, 2);
  EXPECT_EQ(preset({"staking.min_stake=5000"}).sybil_identities_per_node, 1);
}

TEST(SecretAiPreset, FeePassedOnRaisesThePriceAndLowersDemand) {
  const auto p = preset({"fees.protocol_fee=0.1", "fees.fee_passthrough=1"});
  EXPECT_EQ(p.services[0].price_per_kw, 220);
  EXPECT_NEAR(p.price_factor, std::pow(1.1, -0.5), 1e-12);
}

void expect_config_error(const std::vector<std::string>& overrides, const std::string& key) {
  try {
    preset(overrides);
    ADD_FAILURE() << "no error for " << overrides.front();
  } catch (const ts::config::ConfigError& e) {
    EXPECT_EQ(e.key, key) << e.what();
  }
}

TEST(SecretAiPreset, CrossKeyChecksNameTheKey) {
  expect_config_error({"subsidy.budget=6000000"}, "subsidy.budget");
  expect_config_error({"staking.stake_per_node=500"}, "staking.stake_per_node");
  expect_config_error({"staking.unbonding=22d"}, "staking.unbonding");     // the queue holds 21 days
  expect_config_error({"staking.unbonding=36h"}, "staking.unbonding");     // whole days
  expect_config_error({"payments.epoch=36h"}, "payments.epoch");
  expect_config_error({"network.initial_workers=500"}, "network.initial_workers");
}

}  // namespace
