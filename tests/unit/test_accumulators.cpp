// Tests of stats/value_accumulator.hpp and stats/first_hit_histogram.hpp:
// the figures of one metric at one snapshot, and of one risk event, from
// accumulators filled path by path and merged in any order, against the
// end-of-run computation over all paths' values (host/exec/statistics.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "host/exec/statistics.hpp"
#include "tests/unit/reference_summary.hpp"
#include "stats/first_hit_histogram.hpp"
#include "stats/value_accumulator.hpp"

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(ValueAccumulator, MergedBatchesGiveTheFiguresOfAllPaths) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> nd(3.0, 2.0);
  std::vector<double> v(3000);
  for (double& x : v) x = nd(rng);
  v[17] = -0.0;
  v[18] = 0.0;
  ts::stats::ValueAccumulator whole;
  for (double x : v) whole.add(x);
  // Batches of 7 merged last-first.
  std::vector<ts::stats::ValueAccumulator> batches;
  for (std::size_t i = 0; i < v.size(); i += 7) {
    ts::stats::ValueAccumulator b;
    for (std::size_t j = i; j < std::min(v.size(), i + 7); ++j) b.add(v[j]);
    batches.push_back(b);
  }
  ts::stats::ValueAccumulator merged;
  for (auto it = batches.rbegin(); it != batches.rend(); ++it) merged.merge(*it);
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const auto old = ts::testing::summarize_sorted(sorted);
  for (auto* acc : {&whole, &merged}) {
    const auto s = acc->summary();
    EXPECT_TRUE(same_bits(s.min, sorted.front()));
    EXPECT_TRUE(same_bits(s.max, sorted.back()));
    EXPECT_NEAR(s.mean, old.mean, 1e-14 * std::abs(old.mean));
    EXPECT_NEAR(s.std, old.std, 1e-13 * old.std);
    for (double q : {0.01, 0.5, 0.99}) EXPECT_TRUE(same_bits(acc->quantile(q), ts::quantile_sorted(sorted, q))) << q;
  }
  const auto a = whole.summary(), b = merged.summary();
  EXPECT_TRUE(same_bits(a.mean, b.mean) && same_bits(a.std, b.std) && same_bits(a.sem, b.sem));
}

TEST(ValueAccumulator, NaNMakesEveryFigureNaNAndNoValuesGiveNaN) {
  ts::stats::ValueAccumulator acc;
  EXPECT_TRUE(std::isnan(acc.summary().mean));
  acc.add(1.0);
  acc.add(std::numeric_limits<double>::quiet_NaN());
  const auto s = acc.summary();
  for (double x : {s.mean, s.std, s.sem, s.min, s.max}) EXPECT_TRUE(std::isnan(x));
  EXPECT_TRUE(std::isnan(acc.quantile(0.5)));
}

// The end-of-run event figures: first steps sorted with never-reached paths
// as +inf; P(by step) and the type-7 quantiles of that vector.
TEST(FirstHitHistogram, MatchesTheSortedFirstStepsWithCensoredPaths) {
  std::mt19937_64 rng(12);
  for (double reached_share : {0.0, 0.3, 0.97, 1.0}) {
    std::vector<std::int32_t> first(2001);
    for (auto& s : first) s = std::uniform_real_distribution<double>(0, 1)(rng) < reached_share
                                  ? static_cast<std::int32_t>(rng() % 500) : -1;
    ts::stats::FirstHitHistogram a, b, whole;
    for (std::size_t i = 0; i < first.size(); ++i) {
      (i % 2 ? a : b).add(first[i]);
      whole.add(first[i]);
    }
    b.merge(a);
    std::vector<double> sorted;
    for (auto s : first) sorted.push_back(s < 0 ? std::numeric_limits<double>::infinity() : s);
    std::sort(sorted.begin(), sorted.end());
    for (std::int32_t step : {0, 10, 250, 499, 600}) {
      const auto k = static_cast<std::uint64_t>(std::upper_bound(sorted.begin(), sorted.end(), step) - sorted.begin());
      EXPECT_EQ(whole.reached_by(step), k);
      EXPECT_EQ(b.reached_by(step), k);
    }
    for (double q : {0.0, 0.05, 0.5, 0.95, 1.0}) {
      const double expected = ts::quantile_sorted(sorted, q);
      const double got = b.quantile(q);
      EXPECT_TRUE(same_bits(got, expected) || (std::isnan(got) && std::isnan(expected)))
          << "share " << reached_share << " q " << q << ": " << got << " vs " << expected;
    }
  }
}

}  // namespace
