// Tests of stats/exact_sum.hpp: sums of doubles and squares kept exactly,
// merged in any order to the same bits, and rounded once. The expected
// values are exact by construction (cancellations whose true sum is known),
// so "correctly rounded" is checked against IEEE division and sqrt of
// exactly representable operands.
#include "stats/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "host/exec/statistics.hpp"
#include "tests/unit/reference_summary.hpp"

namespace {

using ts::stats::MomentSums;

MomentSums sums_of(const std::vector<double>& v) {
  MomentSums s;
  for (double x : v) s.add(x);
  return s;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_words(const MomentSums& a, const MomentSums& b) {
  return a.n == b.n && a.nan == b.nan && a.pos_inf == b.pos_inf && a.neg_inf == b.neg_inf &&
         std::memcmp(a.sum.word, b.sum.word, sizeof a.sum.word) == 0 &&
         std::memcmp(a.sum_squares.word, b.sum_squares.word, sizeof a.sum_squares.word) == 0;
}

constexpr double kDenormMin = std::numeric_limits<double>::denorm_min();

TEST(ExactSum, CancellationThatLosesEverythingInDoubleIsExact) {
  // In double, 1e300 + 1 - 1e300 is 0; the exact sum is 1, the mean 1/3.
  const auto m = ts::stats::moments_of(sums_of({1e300, 1.0, -1e300}));
  EXPECT_TRUE(same_bits(m.mean, 1.0 / 3.0)) << m.mean;
  EXPECT_TRUE(same_bits(ts::stats::rounded_sum(sums_of({1e300, 1.0, -1e300}).sum), 1.0));
  // A sum whose partial sums overflow: (1.7e308 + 1.7e308 - 1.7e308) / 3.
  const auto big = ts::stats::moments_of(sums_of({1.7e308, 1.7e308, -1.7e308}));
  EXPECT_TRUE(same_bits(big.mean, 1.7e308 / 3.0)) << big.mean;
  // Tiny values under huge ones: the exact sum is 3 denormal units over 5
  // values, 0.6 of a unit, which rounds to one unit (double sums give 0).
  const auto tiny = ts::stats::moments_of(sums_of({1e308, kDenormMin, -1e308, kDenormMin, kDenormMin}));
  EXPECT_TRUE(same_bits(tiny.mean, kDenormMin)) << tiny.mean;
}

TEST(ExactSum, MeanOfSubnormalsRoundsToNearestEven) {
  // 3 denormal units over 4 values: 0.75 of a unit rounds to 1 unit; 2 over
  // 4 is exactly half a unit: ties to even, 0.
  EXPECT_TRUE(same_bits(ts::stats::moments_of(sums_of({kDenormMin, kDenormMin, kDenormMin, 0.0})).mean, kDenormMin));
  EXPECT_TRUE(same_bits(ts::stats::moments_of(sums_of({kDenormMin, kDenormMin, 0.0, 0.0})).mean, 0.0));
  EXPECT_TRUE(same_bits(ts::stats::moments_of(sums_of({3 * kDenormMin, 0.0})).mean, 2 * kDenormMin));  // 1.5: to even
}

TEST(ExactSum, VarianceIsExactBeforeItsOneRounding) {
  // {1, 2, 3, 4}: variance 5/3; the same shifted by 1e15 (which double
  // sums of squares cannot resolve) gives the same bits.
  const auto a = ts::stats::moments_of(sums_of({1, 2, 3, 4}));
  const auto b = ts::stats::moments_of(sums_of({1e15 + 1, 1e15 + 2, 1e15 + 3, 1e15 + 4}));
  EXPECT_TRUE(same_bits(a.mean, 2.5));
  EXPECT_TRUE(same_bits(b.mean, 1e15 + 2.5));
  EXPECT_TRUE(same_bits(a.std, std::sqrt(5.0 / 3.0)));
  EXPECT_TRUE(same_bits(b.std, std::sqrt(5.0 / 3.0)));
  EXPECT_TRUE(same_bits(a.sem, std::sqrt(5.0 / 3.0) / 2.0));
}

TEST(ExactSum, AConstantMetricHasStdExactlyZero) {
  for (double c : {0.1, -7.25, 1e300, 5e-324, 123456789.123}) {
    const auto m = ts::stats::moments_of(sums_of(std::vector<double>(1001, c)));
    EXPECT_TRUE(same_bits(m.mean, c)) << c;
    EXPECT_TRUE(same_bits(m.std, 0.0)) << c;
  }
}

TEST(ExactSum, NaNInfinityAndOneValue) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(ts::stats::moments_of(sums_of({1.0, nan, 2.0})).mean));
  EXPECT_TRUE(std::isnan(ts::stats::moments_of(sums_of({1.0, nan, 2.0})).std));
  EXPECT_EQ(ts::stats::moments_of(sums_of({1.0, inf})).mean, inf);
  EXPECT_EQ(ts::stats::moments_of(sums_of({-inf, 1.0})).mean, -inf);
  EXPECT_TRUE(std::isnan(ts::stats::moments_of(sums_of({-inf, inf})).mean));
  const auto one = ts::stats::moments_of(sums_of({4.5}));
  EXPECT_EQ(one.mean, 4.5);
  EXPECT_TRUE(std::isnan(one.std));
  EXPECT_TRUE(std::isnan(ts::stats::moments_of(MomentSums{}).mean));
}

// Any order of the values and any partition into merged parts: the same
// words, hence the same figures.
TEST(ExactSum, EveryOrderAndPartitionGivesTheSameBits) {
  std::mt19937_64 rng(20261202);
  std::vector<double> v;
  std::lognormal_distribution<double> ln(0.0, 3.0);
  for (int i = 0; i < 5000; ++i) {
    double x = ln(rng) * (i % 2 ? -1.0 : 1.0);
    if (i % 97 == 0) x *= 1e290;
    if (i % 89 == 0) x *= 1e-300;
    if (i % 83 == 0) x = 0.0;
    v.push_back(x);
  }
  const MomentSums reference = sums_of(v);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(v.begin(), v.end(), rng);
    // Random cut points, parts merged in a random order.
    std::vector<std::size_t> cuts = {0, v.size()};
    for (int k = 0; k < 1 + trial * 3; ++k) cuts.push_back(rng() % v.size());
    std::sort(cuts.begin(), cuts.end());
    std::vector<MomentSums> parts;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
      MomentSums p;
      for (std::size_t i = cuts[k]; i < cuts[k + 1]; ++i) p.add(v[i]);
      parts.push_back(p);
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    MomentSums merged;
    for (const auto& p : parts) merged.merge(p);
    ASSERT_TRUE(same_words(merged, reference)) << "trial " << trial;
  }
  const auto m = ts::stats::moments_of(reference);
  EXPECT_TRUE(std::isfinite(m.mean));
  EXPECT_FALSE(std::isnan(m.std));   // the variance of values near 1e295 overflows to inf
}

// Ordinary data: the exact figures agree with the old sorted pairwise
// summary to the last bits it could resolve.
TEST(ExactSum, AgreesWithThePairwiseSummaryOnOrdinaryData) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> nd(100.0, 15.0);
  std::vector<double> v(20000);
  for (double& x : v) x = nd(rng);
  const auto exact = ts::stats::moments_of(sums_of(v));
  std::sort(v.begin(), v.end());
  const auto old = ts::testing::summarize_sorted(v);
  EXPECT_NEAR(exact.mean, old.mean, 1e-13 * std::abs(old.mean));
  EXPECT_NEAR(exact.std, old.std, 1e-12 * old.std);
}

}  // namespace

namespace {

void expect_same_sums(const ts::stats::MomentSums& a, const ts::stats::MomentSums& b, const char* what) {
  EXPECT_EQ(a.n, b.n) << what;
  EXPECT_EQ(a.nan, b.nan) << what;
  EXPECT_EQ(a.pos_inf, b.pos_inf) << what;
  EXPECT_EQ(a.neg_inf, b.neg_inf) << what;
  EXPECT_EQ(std::memcmp(a.sum.word, b.sum.word, sizeof a.sum.word), 0) << what;
  EXPECT_EQ(std::memcmp(a.sum_squares.word, b.sum_squares.word, sizeof a.sum_squares.word), 0) << what;
}

}  // namespace

// The CPU's batches go through MomentScratch: the same words as add().
TEST(ExactSum, ScratchPerExponentGivesTheWordsOfAdd) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  std::uniform_real_distribution<double> u;
  ts::stats::MomentSums by_add, by_scratch;
  ts::stats::MomentScratch scratch;
  for (int i = 0; i < 200000; ++i) {
    const double r = u(rng);
    const double x = r < 0.1 ? 1e300 * nd(rng) : r < 0.2 ? 1e-310 * nd(rng) : r < 0.25 ? -0.0
                   : r < 0.26 ? std::numeric_limits<double>::infinity() : r < 0.27 ? std::nan("") : nd(rng);
    by_add.add(x);
    scratch.add(x, by_scratch);
  }
  scratch.flush(by_scratch);
  expect_same_sums(by_add, by_scratch, "mixed");
  // 3 x 2^21 + 5 copies of the largest mantissa at one exponent: without
  // its periodic flush a slot's squares would pass 128 bits.
  ts::stats::MomentSums big_add, big_scratch;
  const double x = -std::nextafter(2.0, 0.0);
  for (int i = 0; i < 3 * (1 << 21) + 5; ++i) {
    big_add.add(x);
    scratch.add(x, big_scratch);
  }
  scratch.flush(big_scratch);
  expect_same_sums(big_add, big_scratch, "one exponent, 6.3e6 values");
}
