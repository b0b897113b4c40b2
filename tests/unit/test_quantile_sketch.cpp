// Tests of stats/quantile_sketch.hpp: the exact form is the end-of-run
// type-7 quantile of the sorted values; the bucket form stays within its
// stated bound (half a bucket, relative 2^-(m+1)) of the exact quantile on
// 1e6 synthetic values of several shapes; the form depends on the number of
// values alone; merging in any order gives the same bits.
#include "stats/quantile_sketch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "host/exec/statistics.hpp"

namespace {

using ts::stats::QuantileSketch;

const std::vector<double> kQs = {0.0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<double> synthetic(const std::string& shape, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(n);
  for (double& x : v) {
    if (shape == "normal") x = 50.0 + 10.0 * nd(rng);
    else if (shape == "lognormal") x = std::exp(2.0 * nd(rng));
    else if (shape == "pareto") x = std::pow(1.0 - u(rng), -1.0 / 1.1);        // heavy tail
    else if (shape == "cauchy") x = std::tan(3.141592653589793 * (u(rng) - 0.5));  // both tails, negatives
    else if (shape == "zeros") x = u(rng) < 0.4 ? 0.0 : -std::exp(nd(rng));       // a mass at zero, negatives
  }
  return v;
}

TEST(QuantileSketch, ExactFormIsTheSortedType7Quantile) {
  const auto v = synthetic("lognormal", 5000, 3);
  QuantileSketch s;
  for (double x : v) s.add(x);
  ASSERT_TRUE(s.exact());
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (double q : kQs) EXPECT_TRUE(same_bits(s.quantile(q), ts::quantile_sorted(sorted, q))) << q;
}

TEST(QuantileSketch, BucketFormIsWithinHalfABucketOnAMillionValues) {
  constexpr int m = ts::stats::kDefaultBucketBits;
  const double eps = std::ldexp(1.0, -(m + 1));
  for (const std::string shape : {"normal", "lognormal", "pareto", "cauchy", "zeros"}) {
    const auto v = synthetic(shape, 1000000, 11);
    QuantileSketch s;   // default limit 65,536: the bucket form
    for (double x : v) s.add(x);
    ASSERT_FALSE(s.exact());
    auto sorted = v;
    std::sort(sorted.begin(), sorted.end());
    for (double q : kQs) {
      const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
      const std::size_t lo = static_cast<std::size_t>(std::floor(h));
      const double a = sorted[lo], b = sorted[std::min(lo + 1, sorted.size() - 1)];
      const double bound = eps * std::max(std::abs(a), std::abs(b));
      const double exact = ts::quantile_sorted(sorted, q);
      EXPECT_LE(std::abs(s.quantile(q) - exact), bound) << shape << " q " << q << ": " << s.quantile(q) << " vs " << exact;
    }
    EXPECT_LT(s.buckets().size(), 40000u) << shape << ": memory is buckets, not values";
  }
}

TEST(QuantileSketch, ZerosStayExactlyZeroAndNaNMakesEveryQuantileNaN) {
  QuantileSketch s(100);
  for (int i = 0; i < 1000; ++i) s.add(i % 2 ? 0.0 : -0.0);
  EXPECT_FALSE(s.exact());
  EXPECT_EQ(s.quantile(0.5), 0.0);
  s.add(std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(std::isnan(s.quantile(0.5)));
  EXPECT_EQ(s.nan_count(), 1u);
}

TEST(QuantileSketch, InfinitiesAndTheLargestFiniteValuesHaveBuckets) {
  QuantileSketch s(4);
  const double inf = std::numeric_limits<double>::infinity(), big = std::numeric_limits<double>::max();
  for (double x : {-inf, -big, 1.0, big, inf, inf}) s.add(x);
  EXPECT_EQ(s.quantile(0.0), -inf);
  EXPECT_EQ(s.quantile(1.0), inf);
  EXPECT_LE(std::abs(s.quantile(0.6) - big), big * 1e-3);   // rank 3 of 0..5 is big
}

// The form and the content depend on the values alone: one sketch fed value
// by value, and sketches of parts (each small enough to stay exact) merged
// in random orders, hold the same runs and give the same bits.
TEST(QuantileSketch, MergingInAnyOrderGivesTheSameBits) {
  const auto v = synthetic("cauchy", 20000, 5);
  QuantileSketch whole(5000);
  for (double x : v) whole.add(x);
  ASSERT_FALSE(whole.exact());
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<std::size_t> cuts = {0, v.size()};
    for (int k = 0; k < 8; ++k) cuts.push_back(rng() % v.size());
    std::sort(cuts.begin(), cuts.end());
    std::vector<QuantileSketch> parts;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
      QuantileSketch p(5000);
      for (std::size_t i = cuts[k]; i < cuts[k + 1]; ++i) p.add(v[i]);
      parts.push_back(p);
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    QuantileSketch merged(5000);
    for (const auto& p : parts) merged.merge(p);
    ASSERT_EQ(merged.count(), whole.count());
    EXPECT_EQ(merged.buckets(), whole.buckets()) << "trial " << trial;
    for (double q : kQs) EXPECT_TRUE(same_bits(merged.quantile(q), whole.quantile(q))) << q;
  }
  // Below the limit the merged parts stay exact, whatever their order.
  QuantileSketch small_a(100000), small_b(100000);
  for (std::size_t i = 0; i < v.size(); ++i) (i % 3 ? small_a : small_b).add(v[i]);
  QuantileSketch ab = small_a, ba = small_b;
  ab.merge(small_b);
  ba.merge(small_a);
  EXPECT_TRUE(ab.exact());
  for (double q : kQs) EXPECT_TRUE(same_bits(ab.quantile(q), ba.quantile(q))) << q;
}

}  // namespace

namespace {

// A bucket keeps its smallest and largest value: the extremes are exact, and
// a metric of few discrete values (a count of providers) has exact
// quantiles in the bucket form too, never a bucket midpoint beyond its range.
TEST(QuantileSketch, BucketFormIsExactAtTheExtremesAndForDiscreteValues) {
  QuantileSketch constant(1000, 10), counts(1000, 10), spread(1000, 10);
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<int> n(12, 16);
  std::lognormal_distribution<double> ln(0.0, 2.0);
  std::vector<double> c, v;
  for (int i = 0; i < 100000; ++i) {
    constant.add(16.0);
    c.push_back(n(rng));
    counts.add(c.back());
    v.push_back(ln(rng));
    spread.add(v.back());
  }
  ASSERT_FALSE(constant.exact());
  std::sort(c.begin(), c.end());
  std::sort(v.begin(), v.end());
  for (double q : kQs) {
    EXPECT_TRUE(same_bits(constant.quantile(q), 16.0)) << q;
    // Ranks whose neighbours fall in one bucket: the discrete value itself.
    EXPECT_TRUE(same_bits(counts.quantile(q), ts::quantile_sorted(c, q))) << q;
  }
  EXPECT_TRUE(same_bits(spread.quantile(0.0), v.front()));
  EXPECT_TRUE(same_bits(spread.quantile(1.0), v.back()));
}

}  // namespace
