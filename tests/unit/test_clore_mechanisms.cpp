// Clore.ai rules against the seed's figures (MODEL.md 2.7, seed 003 "平台收费")
// and the properties of the Proof-of-Holding curve, the reservation price
// and the ask grid (models/protocols/clore/rules.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "models/mechanisms/merit_order.hpp"
#include "models/protocols/clore/rules.hpp"

namespace {

using ts::Micro;
using ts::kMicroPerToken;
namespace clore = ts::clore;

// ---- fees (seed): a $100 rental; the whole fee when the host bears it all,
// and the host/renter split of the preset's 50/50 assumption.
TEST(CloreVectors, SpotFeeIsTwoAndAHalfPercent) {
  const auto s = clore::rental_split(100.0, 0.025, 1.0, 0.0, 0.0, 0.0);
  EXPECT_NEAR(s.platform_fee, 2.50, 1e-12);
  EXPECT_NEAR(s.host_receives, 97.50, 1e-12);
  EXPECT_NEAR(s.renter_pays, 100.00, 1e-12);
  const auto half = clore::rental_split(100.0, 0.025, 0.5, 0.0, 0.0, 0.0);
  EXPECT_NEAR(half.platform_fee, 2.50, 1e-12);
  EXPECT_NEAR(half.host_receives, 98.75, 1e-12);
  EXPECT_NEAR(half.renter_pays, 101.25, 1e-12);
}

TEST(CloreVectors, OnDemandBtcFeeIsTenPercent) {
  const auto s = clore::rental_split(100.0, 0.10, 1.0, 0.0, 0.0, 0.0);
  EXPECT_NEAR(s.platform_fee, 10.00, 1e-12);
  EXPECT_NEAR(s.host_receives, 90.00, 1e-12);
}

TEST(CloreVectors, OnDemandUsdFeeIsNineteenAndAHalfPercentPlusOrderFee) {
  // 19.5% plus an order-creation fee below $0.01 (one order, $0.005).
  const auto s = clore::rental_split(100.0, 0.195, 1.0, 0.0, 1.0, 0.005);
  EXPECT_NEAR(s.platform_fee, 19.505, 1e-12);
  EXPECT_NEAR(s.host_receives, 80.50, 1e-12);
  EXPECT_NEAR(s.renter_pays, 100.005, 1e-12);
  EXPECT_LT(s.platform_fee - 0.195 * 100.0, 0.01);   // the order fee stays below a cent
}

TEST(CloreVectors, RenterHoldingReducesOnlyTheRenterShareOfTheFee) {
  const auto s = clore::rental_split(100.0, 0.10, 0.5, 0.2, 0.0, 0.0);
  EXPECT_NEAR(s.host_receives, 95.0, 1e-12);
  EXPECT_NEAR(s.renter_pays, 104.0, 1e-12);      // 5% x (1 - 0.2)
  EXPECT_NEAR(s.platform_fee, 9.0, 1e-12);
}

TEST(CloreMechanisms, FeeMixAddsUpPerListedDollar) {
  const double rate[clore::kPayModes] = {0.025, 0.10, 0.10, 0.195};
  const double share[clore::kPayModes] = {0.3, 0.35, 0.3, 0.05};
  const auto m = clore::make_fee_mix(rate, share, 0.8, 0.5, 0.5, 0.1);
  // Every dollar renters pay goes to the host or the platform.
  EXPECT_NEAR(m.renter_cost, m.host_net + m.platform_fee, 1e-12);
  // Host net by hand: spot 0.3 x 0.8 x (1 - 0.0125) + BTC 0.35 x 0.95 + CLORE 0.3 x 0.95 + USD 0.05 x 0.9025.
  EXPECT_NEAR(m.host_net, 0.237 + 0.3325 + 0.285 + 0.045125, 1e-12);
  // CLORE-paid: half of spot and all on-demand CLORE orders.
  EXPECT_NEAR(m.clore_host, 0.5 * 0.237 + 0.285, 1e-12);
  EXPECT_LE(m.clore_host, m.clore_renter);
  EXPECT_DOUBLE_EQ(m.usd_order_share, 0.05);
  EXPECT_NEAR(m.paid, 0.3 * 0.8 + 0.35 + 0.3 + 0.05, 1e-12);   // spot pays 80% of the ask
}

// ---- outside option and reservation price
TEST(CloreMechanisms, OutsideOptionIsMiningOrIdling) {
  EXPECT_DOUBLE_EQ(clore::outside_option_usd(0.05, 0.02, 0.25), 0.03);     // mining pays
  EXPECT_DOUBLE_EQ(clore::outside_option_usd(0.001, 0.02, 0.25), -0.005);  // idle at a quarter of the power
}

TEST(CloreMechanisms, ReservationPriceMakesRentingAsGoodAsTheOutsideOption) {
  for (double mining : {0.0, 0.01, 0.035, 0.2}) {
    for (double eta : {0.5, 0.9, 1.0}) {
      const double power = 0.02;
      const double outside = clore::outside_option_usd(mining, power, 0.25);
      const double r = clore::reservation_price_usd(outside, power, eta);
      EXPECT_NEAR(r * eta - power, outside, 1e-15);
      EXPECT_GE((1.01 * r) * eta - power, outside);   // any markup rents above it
    }
  }
}

// ---- Proof of Holding: grows with the holding, never negative, no lock or slash
TEST(CloreMechanisms, PohBonusCurveShape) {
  const Micro full = 20000 * kMicroPerToken;
  EXPECT_EQ(clore::poh_bonus_rate(0, full, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(clore::poh_bonus_rate(full / 2, full, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(clore::poh_bonus_rate(full, full, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(clore::poh_bonus_rate(10 * full, full, 0.5), 0.5);
  EXPECT_EQ(clore::poh_bonus_rate(-5, full, 0.5), 0.0);
}

TEST(CloreMechanisms, PohBonusNonDecreasingInHoldingAndNeverNegative) {
  const Micro full = 20000 * kMicroPerToken;
  for (double bmax : {0.0, 0.1, 0.5, 2.0}) {
    double last = 0.0;
    for (Micro h = 0; h <= 3 * full; h += full / 997) {
      const double b = clore::poh_bonus_rate(h, full, bmax);
      ASSERT_GE(b, last) << "holding " << h;
      ASSERT_GE(b, 0.0);
      ASSERT_LE(b, bmax);
      last = b;
    }
  }
}

// A host's share of the hosting pool never falls when it holds more: its
// weight rises and the others' do not change (w / (w + W_other) is increasing).
TEST(CloreMechanisms, HostingRewardShareNonDecreasingInHolding) {
  const Micro full = 20000 * kMicroPerToken;
  const Micro budget = 1000 * kMicroPerToken;
  const auto other = clore::reward_weight(96, clore::poh_bonus_rate(full, full, 0.5));
  Micro last = 0;
  for (Micro h = 0; h <= 2 * full; h += full / 50) {
    const auto w = clore::reward_weight(96, clore::poh_bonus_rate(h, full, 0.5));
    const std::int64_t mine = w.base + w.bonus;
    const Micro reward = ts::mul_div_floor(budget, mine, mine + other.base + other.bonus);
    ASSERT_GE(reward, last);
    ASSERT_GE(w.bonus, 0);
    last = reward;
  }
  // Without a holding there is no bonus part at all.
  EXPECT_EQ(clore::reward_weight(96, 0.0).bonus, 0);
}

// ---- the ask grid of the merit order
TEST(CloreMechanisms, AskBucketOnTheGeometricGrid) {
  double edge[ts::kMeritBuckets + 1];
  for (int b = 0; b <= ts::kMeritBuckets; ++b)
    edge[b] = b == ts::kMeritBuckets ? 0.15 : 0.15 * std::pow(2.0, -6.0 * (ts::kMeritBuckets - b) / ts::kMeritBuckets);
  EXPECT_EQ(ts::merit_bucket(edge, 0.15), -1);      // renters' maximum: not offered
  EXPECT_EQ(ts::merit_bucket(edge, 1.0), -1);
  EXPECT_EQ(ts::merit_bucket(edge, 1e-6), 0);       // below the grid: the cheapest bucket
  EXPECT_EQ(ts::merit_bucket(edge, 0.1499999), ts::kMeritBuckets - 1);
  int last = 0;
  for (double a = 0.001; a < 0.15; a *= 1.01) {
    const int b = ts::merit_bucket(edge, a);
    ASSERT_GE(b, last);
    ASSERT_LE(edge[b], a < edge[0] ? edge[0] : a);
    last = b;
  }
}

// Cheaper offers rent first: with demand between two buckets' capacity, the
// cheaper bucket rents in full and the dearer one in part.
TEST(CloreMechanisms, MeritOrderRentsCheapestFirst) {
  std::int64_t offers[ts::kMeritBuckets] = {};
  offers[3] = 100;
  offers[7] = 100;
  const auto c = ts::merit_clear(offers, 150);
  EXPECT_EQ(c.bucket, 7);
  EXPECT_EQ(c.offered, 200);
  EXPECT_EQ(ts::merit_rented_rounded(100, 3, c, 0u), 100);
  EXPECT_EQ(ts::merit_rented_rounded(100, 9, c, 0u), 0);
  EXPECT_EQ(ts::merit_rented_rounded(100, -1, c, 0u), 0);   // above renters' maximum
  EXPECT_EQ(ts::merit_rented_rounded(100, 7, c, 0xFFFFFFFFu), 50);
  // Demand beyond everything offered rents everything.
  const auto all = ts::merit_clear(offers, 1000);
  EXPECT_EQ(ts::merit_rented_rounded(100, 7, all, 0xFFFFFFFFu), 100);
}

}  // namespace
