// Tests of stats/cell_digest.hpp: a batch reduced to bucket runs (as the
// CUDA executor does on the device) folds into an accumulator to the same
// bits as its values added one by one: exact sums, extrema, NaN and
// infinities, both sketch forms, and digests of several device batches
// concatenated.
#include "stats/cell_digest.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "stats/value_accumulator.hpp"

namespace {

using ts::stats::CellDigest;
using ts::stats::ValueAccumulator;

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<double> values_of(const std::string& shape, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(n);
  const double inf = std::numeric_limits<double>::infinity();
  for (double& x : v) {
    const double r = u(rng);
    if (shape == "normal") x = 50.0 + 10.0 * nd(rng);
    else if (shape == "lognormal") x = std::exp(3.0 * nd(rng));
    else if (shape == "constant") x = 0.1;
    else if (shape == "integers") x = std::floor(20.0 * u(rng)) - 5.0;   // few buckets, long runs
    else if (shape == "zeros") x = r < 0.3 ? 0.0 : r < 0.4 ? -0.0 : -std::exp(nd(rng));
    else if (shape == "extremes") x = r < 0.2 ? 1e300 * nd(rng) : r < 0.4 ? 1e-300 * nd(rng) : r < 0.5 ? 4e-320 : nd(rng);
    else if (shape == "infinities") x = r < 0.05 ? inf : r < 0.1 ? -inf : nd(rng);
    else if (shape == "nan") x = r < 0.01 ? std::numeric_limits<double>::quiet_NaN() : nd(rng);
  }
  return v;
}

const std::vector<double> kQs = {0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0};

void expect_same(ValueAccumulator& a, ValueAccumulator& b, const std::string& what) {
  const auto sa = a.summary(), sb = b.summary();
  EXPECT_TRUE(same_bits(sa.mean, sb.mean)) << what << " mean " << sa.mean << " " << sb.mean;
  EXPECT_TRUE(same_bits(sa.std, sb.std)) << what << " std";
  EXPECT_TRUE(same_bits(sa.min, sb.min)) << what << " min";
  EXPECT_TRUE(same_bits(sa.max, sb.max)) << what << " max";
  const auto& ma = a.moments();
  const auto& mb = b.moments();
  EXPECT_EQ(ma.n, mb.n) << what;
  EXPECT_EQ(ma.nan, mb.nan) << what;
  EXPECT_EQ(ma.pos_inf, mb.pos_inf) << what;
  EXPECT_EQ(ma.neg_inf, mb.neg_inf) << what;
  EXPECT_EQ(std::memcmp(ma.sum.word, mb.sum.word, sizeof ma.sum.word), 0) << what << " sum";
  EXPECT_EQ(std::memcmp(ma.sum_squares.word, mb.sum_squares.word, sizeof ma.sum_squares.word), 0) << what << " sq";
  for (double q : kQs) EXPECT_TRUE(same_bits(a.quantile(q), b.quantile(q))) << what << " q" << q;
}

// Digests of consecutive parts of v, their runs concatenated as the
// executor does for the device batches of one call.
CellDigest digest_in_parts(const std::vector<double>& v, std::size_t parts, bool with_values, int bits) {
  CellDigest d;
  const std::size_t step = (v.size() + parts - 1) / parts;
  for (std::size_t b = 0; b < v.size(); b += step) {
    const std::size_t n = std::min(step, v.size() - b);
    const auto runs = ts::stats::digest_values(v.data() + b, n, bits);
    d.runs.insert(d.runs.end(), runs.begin(), runs.end());
    if (with_values) d.values.insert(d.values.end(), v.begin() + b, v.begin() + b + n);
  }
  return d;
}

TEST(CellDigest, FoldsToTheBitsOfTheValuesInBothSketchForms) {
  for (const std::string shape :
       {"normal", "lognormal", "constant", "integers", "zeros", "extremes", "infinities", "nan"}) {
    for (const std::uint64_t limit : {std::uint64_t{100000}, std::uint64_t{1000}}) {
      const auto v = values_of(shape, 20000, 7);
      const bool exact = v.size() <= limit;
      ValueAccumulator by_value(limit, 10), by_digest(limit, 10), by_parts(limit, 10);
      for (double x : v) by_value.add(x);
      by_digest.add_digest(digest_in_parts(v, 1, exact, 10));
      by_parts.add_digest(digest_in_parts(v, 7, exact, 10));
      expect_same(by_value, by_digest, shape + (exact ? " exact" : " buckets"));
      expect_same(by_value, by_parts, shape + (exact ? " exact, 7 parts" : " buckets, 7 parts"));
    }
  }
}

TEST(CellDigest, BatchesOfDigestsMergeLikeBatchesOfValues) {
  // Three batches into one accumulator (limit below the total: the bucket
  // form, reached early by the digests and late by the values).
  const auto v = values_of("lognormal", 30000, 9);
  ValueAccumulator by_value(20000, 8), by_digest(20000, 8);
  for (double x : v) by_value.add(x);
  for (std::size_t b = 0; b < 3; ++b) {
    const std::vector<double> part(v.begin() + b * 10000, v.begin() + (b + 1) * 10000);
    by_digest.add_digest(digest_in_parts(part, 1, false, 8));
  }
  EXPECT_FALSE(by_digest.sketch().exact());
  expect_same(by_value, by_digest, "three batches");
}

TEST(CellDigest, ARunsMantissaSumsCarryPast64And128Bits) {
  // 2^23 copies of the largest mantissa: the sum needs 77 bits, the sum of
  // squares 129 (sq_hi in use).
  const double x = std::nextafter(2.0, 0.0);
  const std::uint64_t n = std::uint64_t{1} << 23;
  ts::stats::DigestRun run;
  run.start(ts::stats::digest_code(x, 10), x);
  ts::stats::MomentSums by_value, by_run;
  by_value.add(x);
  for (std::uint64_t k = 1; k < n; ++k) {
    run.add(x);
    by_value.add(x);
  }
  EXPECT_EQ(run.count, n);
  EXPECT_EQ(run.sum_hi, ((std::uint64_t{1} << 53) - 1) >> 41);   // (2^53 - 1) 2^23 >> 64
  EXPECT_NE(run.sq_hi, 0u);                                       // (2^53 - 1)^2 2^23 >= 2^128
  ts::stats::add_runs_to(by_run, &run, 1);
  EXPECT_EQ(std::memcmp(by_value.sum.word, by_run.sum.word, sizeof by_run.sum.word), 0);
  EXPECT_EQ(std::memcmp(by_value.sum_squares.word, by_run.sum_squares.word, sizeof by_run.sum_squares.word), 0);
}

}  // namespace
