// Hanzo's formulas against the seed's numbers (MODEL.md 2.4 test vectors,
// seed 004), one named test each, read through the real configs/hanzo.toml
// where the value is a preset parameter.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/protocols/hanzo_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/protocols/hanzo/governance.hpp"
#include "models/protocols/hanzo/rules.hpp"

namespace {

using ts::Micro;
constexpr Micro kAi = ts::kMicroPerToken;   // one AI in micro-tokens
constexpr Micro kMAi = 1000000 * kAi;       // one million AI

const ts::hanzo::Params& preset() {
  static const ts::hanzo::Params p = [] {
    const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/hanzo.toml", {},
                                              ts::protocol_registry());
    return ts::build_hanzo_params(sc, ts::config::expand_sweep(sc).front());
  }();
  return p;
}

Micro emission_of_year(const ts::hanzo::Params& p, int year) {
  return p.emission.cum_before[12 * (year + 1)] - p.emission.cum_before[12 * year];
}

// ---- supply and emission

TEST(HanzoVectors, AllocationOfTheBillion) {
  const auto& p = preset();
  EXPECT_EQ(p.genesis, 1000 * kMAi);
  EXPECT_EQ(p.max_supply, p.genesis);   // fixed supply: nothing is ever minted
  EXPECT_EQ(p.genesis_community, 300 * kMAi);
  EXPECT_EQ(p.genesis_mining_pool, 250 * kMAi);
  EXPECT_EQ(p.genesis_team, 200 * kMAi);
  EXPECT_EQ(p.genesis_treasury, 150 * kMAi);
  EXPECT_EQ(p.genesis_amm_tokens + p.genesis_liquidity_rest, 100 * kMAi);
}

TEST(HanzoVectors, EmissionYearZeroIs100M) { EXPECT_EQ(emission_of_year(preset(), 0), 100 * kMAi); }
TEST(HanzoVectors, EmissionYearOneIs90M) { EXPECT_EQ(emission_of_year(preset(), 1), 90 * kMAi); }
TEST(HanzoVectors, EmissionYearTwoIs81M) { EXPECT_EQ(emission_of_year(preset(), 2), 81 * kMAi); }

TEST(HanzoVectors, ScheduleNeeds271MInThreeYearsButThePoolHolds250M) {
  const auto& p = preset();
  EXPECT_EQ(p.emission.cum_before[36], 271 * kMAi);
  EXPECT_GT(p.emission.cum_before[36], p.genesis_mining_pool);
  // The schedule passes 250M in month 32 (190M after two years, then 6.75M a
  // month): the pool cannot last past year 3 even if every claim is paid.
  int month = 0;
  while (p.emission.cum_before[month + 1] < p.genesis_mining_pool) ++month;
  EXPECT_EQ(month, 32);
  EXPECT_EQ(p.emission.cum_before[24], 190 * kMAi);
}

TEST(HanzoVectors, TeamVestsOverFourYearsAfterAOneYearCliff) {
  const auto& p = preset();
  for (int m = 0; m < 12; ++m) EXPECT_EQ(p.team_unlock[m], 0) << "month " << m;
  EXPECT_EQ(p.team_unlock[12], 50 * kMAi);                 // 12/48 of 200M at the cliff
  EXPECT_NEAR(static_cast<double>(p.team_unlock[13]), static_cast<double>(p.genesis_team) / 48.0, 1.0);   // 1/48 a month
  Micro total = 0;
  for (int m = 0; m < ts::kMaxMonths; ++m) total += p.team_unlock[m];
  EXPECT_EQ(total, p.genesis_team);
  EXPECT_GT(p.team_unlock[48], 0);
  EXPECT_EQ(p.team_unlock[49], 0);
}

// ---- fees: a 1,000 AI job -> fee 3 AI -> 1.2 burned, 0.9 pool, 0.6 treasury, 0.3 liquidity

TEST(HanzoVectors, JobFeeOfA1000AiJobIs3Ai) {
  EXPECT_EQ(ts::hanzo::fee_of(1000 * kAi, preset().job_fee_ppm), 3 * kAi);
}

TEST(HanzoVectors, FeeSplitOf3AiIs1p2Burned0p9Pool0p6Treasury0p3Liquidity) {
  const auto f = ts::hanzo::split_fee(3 * kAi, preset().fee_shares);
  EXPECT_EQ(f.burned, 1200000);
  EXPECT_EQ(f.provider_pool, 900000);
  EXPECT_EQ(f.treasury, 600000);
  EXPECT_EQ(f.liquidity, 300000);
  EXPECT_EQ(f.dust, 0);
}

TEST(HanzoVectors, FeeSplitRemainderGoesToDust) {
  const auto f = ts::hanzo::split_fee(7, preset().fee_shares);   // 7 micro-tokens: 2.8, 2.1, 1.4, 0.7
  EXPECT_EQ(f.burned + f.provider_pool + f.treasury + f.liquidity + f.dust, 7);
  EXPECT_EQ(f.dust, 2);
}

TEST(HanzoVectors, UnstakingFeeBurnsOneTenthOfAPercent) {
  EXPECT_EQ(ts::hanzo::fee_of(1000 * kAi, preset().unstake_fee_ppm), 1 * kAi);
}

// ---- jobs: earnings_per_job = base_rate * quality_multiplier * tier_bonus

TEST(HanzoVectors, TierBonusesOpenToTeeIo) {
  const auto& p = preset();
  const double seed[] = {1.0, 1.2, 1.5, 1.8, 2.0};
  for (int t = 0; t < ts::hanzo::kTiers; ++t) EXPECT_DOUBLE_EQ(p.tier_bonus[t], seed[t]) << "tier " << t;
}

TEST(HanzoVectors, QualityMultiplierSpans0p8To1p5) {
  const auto& p = preset();
  EXPECT_DOUBLE_EQ(ts::hanzo::quality_multiplier(0.0, p.quality_min, p.quality_max), 0.8);
  EXPECT_DOUBLE_EQ(ts::hanzo::quality_multiplier(1.0, p.quality_min, p.quality_max), 1.5);
  EXPECT_DOUBLE_EQ(ts::hanzo::quality_multiplier(0.5, p.quality_min, p.quality_max), 1.15);
  EXPECT_DOUBLE_EQ(ts::hanzo::quality_multiplier(2.0, p.quality_min, p.quality_max), 1.5);   // clamped
}

TEST(HanzoVectors, EarningsPerJobIsBaseRateTimesQualityTimesTierBonus) {
  // 1M inference tokens at 2e-5 AI per token = 20 AI base; quality 1.5 and
  // TEE-I/O 2.0 -> 60 AI; open tier at quality 0.8 -> 16 AI.
  EXPECT_NEAR(ts::hanzo::job_earnings(1e6, 2e-5, 1.5, 2.0), 60.0, 1e-9);
  EXPECT_NEAR(ts::hanzo::job_earnings(1e6, 2e-5, 0.8, 1.0), 16.0, 1e-9);
}

// ---- inference price: update_price(p, D, S, 0.5) bounded to [1e-5, 1e-2]

TEST(HanzoVectors, PriceUpdateFollowsTheImbalance) {
  const auto& p = preset();
  const double e = p.price_update_elasticity;
  EXPECT_DOUBLE_EQ(e, 0.5);
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1e-3, 150, 100, e, 1e-5, 1e-2), 1.25e-3);   // +50% imbalance -> +25%
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1e-3, 50, 100, e, 1e-5, 1e-2), 0.75e-3);    // -50% -> -25%
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1e-3, 100, 100, e, 1e-5, 1e-2), 1e-3);      // balanced
}

TEST(HanzoVectors, PriceUpdateIsBoundedTo1em5And1em2) {
  const auto& p = preset();
  EXPECT_DOUBLE_EQ(p.min_inference_price, 1e-5);
  EXPECT_DOUBLE_EQ(p.max_inference_price, 1e-2);
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1.1e-5, 0, 100, 0.5, p.min_inference_price, p.max_inference_price), 1e-5);
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(9e-3, 1000, 100, 0.5, p.min_inference_price, p.max_inference_price), 1e-2);
  // No supply: the imbalance is infinite; the price goes to the cap if there is demand.
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1e-3, 10, 0, 0.5, p.min_inference_price, p.max_inference_price), 1e-2);
  EXPECT_DOUBLE_EQ(ts::hanzo::update_price(1e-3, 0, 0, 0.5, p.min_inference_price, p.max_inference_price), 1e-3);
}

// ---- staking power = amount * duration_mult * tier_mult * (1 + rep/1000)

TEST(HanzoVectors, StakingPowerFormula) {
  EXPECT_DOUBLE_EQ(ts::hanzo::staking_power(10000.0, 1.5, 2.0, 500.0), 45000.0);
  EXPECT_DOUBLE_EQ(ts::hanzo::staking_power(10000.0, 1.0, 1.0, 0.0), 10000.0);
  EXPECT_DOUBLE_EQ(ts::hanzo::staking_power(10000.0, 1.0, 1.0, 1000.0), 20000.0);   // full reputation doubles it
}

TEST(HanzoVectors, DurationMultiplierOfTheSeedsThirtyDayLock) {
  const auto& p = preset();
  EXPECT_NEAR(ts::hanzo::duration_multiplier(30.0, p.duration_bonus_per_year, p.duration_mult_max),
              1.0 + 0.5 * 30.0 / 365.25, 1e-12);
  EXPECT_DOUBLE_EQ(ts::hanzo::duration_multiplier(10 * 365.25, p.duration_bonus_per_year, p.duration_mult_max), 2.0);
}

TEST(HanzoVectors, MinimumStakeIs100Ai) { EXPECT_EQ(preset().min_stake_per_node, 100 * kAi); }

// ---- slashing: SLA 1-5% linear in severity, attestation 10%, malicious 100%

TEST(HanzoVectors, SlashFractions) {
  const auto& p = preset();
  EXPECT_DOUBLE_EQ(ts::hanzo::sla_slash_fraction(0.0, p.sla_slash_lo, p.sla_slash_hi), 0.01);
  EXPECT_DOUBLE_EQ(ts::hanzo::sla_slash_fraction(0.5, p.sla_slash_lo, p.sla_slash_hi), 0.03);
  EXPECT_DOUBLE_EQ(ts::hanzo::sla_slash_fraction(1.0, p.sla_slash_lo, p.sla_slash_hi), 0.05);
  EXPECT_DOUBLE_EQ(p.attestation_slash, 0.10);
  EXPECT_DOUBLE_EQ(p.malicious_slash, 1.0);
}

// ---- availability = stake * utilization * network_factor, scaled to the step's emission

TEST(HanzoVectors, AvailabilityClaimsScaleToTheStepEmission) {
  // Two providers: 1,000 AI fully available, 3,000 AI with half its nodes.
  const Micro a = ts::hanzo::availability_weight(1000 * kAi, 4, 4);
  const Micro b = ts::hanzo::availability_weight(3000 * kAi, 2, 4);
  EXPECT_EQ(a, 1000 * kAi);
  EXPECT_EQ(b, 1500 * kAi);
  const Micro emission = 100 * kAi;
  // network_factor 1: the claims are the step's emission, split 1000 : 1500.
  EXPECT_EQ(ts::hanzo::availability_claim(emission, 1.0, a, a + b), 40 * kAi);
  EXPECT_EQ(ts::hanzo::availability_claim(emission, 1.0, b, a + b), 60 * kAi);
  // Demand at half the supply halves every claim.
  EXPECT_DOUBLE_EQ(ts::hanzo::network_factor(50.0, 100.0), 0.5);
  EXPECT_EQ(ts::hanzo::availability_claim(emission, 0.5, b, a + b), 30 * kAi);
}

// ---- governance: voting power = sqrt(balance) + 2 sqrt(staked); quorums 51/60/75%

TEST(HanzoVectors, VotingPowerFormula) {
  EXPECT_DOUBLE_EQ(ts::hanzo::voting_power(10000.0, 2500.0), 200.0);
  EXPECT_DOUBLE_EQ(ts::hanzo::voting_power(0.0, 10000.0), 200.0);
  EXPECT_DOUBLE_EQ(ts::hanzo::voting_power(40000.0, 0.0), 200.0);   // staking counts double
}

TEST(HanzoVectors, QuorumsAre51And60And75Percent) {
  const auto& p = preset();
  EXPECT_DOUBLE_EQ(p.quorum[0], 0.51);
  EXPECT_DOUBLE_EQ(p.quorum[1], 0.60);
  EXPECT_DOUBLE_EQ(p.quorum[2], 0.75);
}

TEST(HanzoMechanisms, SmallestCoalitionTakesTheLargestVotersFirst) {
  // Voting powers: providers 1, 2, 3; holder accounts 10 * (0.8, 0.6) = 8, 6;
  // two team members of 4: total 28. 51% = 14.28 -> 8 + 6 + 4 = 18: three;
  // 60% = 16.8 -> three; 75% = 21 -> 8 + 6 + 4 + 4 = 22: four.
  const double providers[] = {1.0, 2.0, 3.0};
  const double holders[] = {0.8, 0.6};
  ts::hanzo::VoterGroups g{providers, 3, holders, 2, 10.0, 2, 4.0};
  const double quorum[3] = {0.51, 0.60, 0.75};
  double out[3];
  ts::hanzo::smallest_coalitions(g, quorum, out);
  EXPECT_EQ(out[0], 3.0);
  EXPECT_EQ(out[1], 3.0);
  EXPECT_EQ(out[2], 4.0);
}

TEST(HanzoMechanisms, SmallestCoalitionOfEqualVoters) {
  // 100 equal providers: 51 for 51%, 60 for 60%, 75 for 75%.
  std::vector<double> providers(100, 7.0);
  ts::hanzo::VoterGroups g{providers.data(), 100, nullptr, 0, 0.0, 0, 0.0};
  const double quorum[3] = {0.51, 0.60, 0.75};
  double out[3];
  ts::hanzo::smallest_coalitions(g, quorum, out);
  EXPECT_EQ(out[0], 51.0);
  EXPECT_EQ(out[1], 60.0);
  EXPECT_EQ(out[2], 75.0);
}

TEST(HanzoMechanisms, HolderAccountsFollowTheZipfDistribution) {
  const auto& p = preset();
  EXPECT_EQ(p.n_holder_accounts, 2000);
  double sum = 0.0;
  for (int k = 0; k < p.n_holder_accounts; ++k) {
    sum += p.holder_sqrt_weight[k] * p.holder_sqrt_weight[k];
    if (k > 0) {
      EXPECT_LE(p.holder_sqrt_weight[k], p.holder_sqrt_weight[k - 1]);
    }
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // Zipf exponent 1: account 1 holds twice what account 2 holds.
  EXPECT_NEAR(p.holder_sqrt_weight[0] * p.holder_sqrt_weight[0], 2.0 * p.holder_sqrt_weight[1] * p.holder_sqrt_weight[1], 1e-15);
}

}  // namespace
