// Statistical tests of the random variates against analytic moments.
// Each check is a z-test at |z| < 5: for a random seed the chance of a false
// failure is 5.7e-7 per check (two-sided normal tail); with the fixed seed
// below the outcome is deterministic, so a failure means a real change.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/core/variates.hpp"

namespace {

constexpr double kZ = 5.0;
constexpr ts::RandomKey kKey{0x5eed5eed12345678ull};

struct Moments {
  double mean = 0, var = 0;
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  for (double v : x) m.mean += v;
  m.mean /= static_cast<double>(x.size());
  for (double v : x) m.var += (v - m.mean) * (v - m.mean);
  m.var /= static_cast<double>(x.size() - 1);
  return m;
}

// z-tests of the sample mean and variance given the true mean, variance and
// fourth central moment (var of s^2 ~ (mu4 - sigma^4) / n).
void expect_moments(const std::vector<double>& x, double mean, double var, double mu4) {
  const double n = static_cast<double>(x.size());
  const Moments m = moments(x);
  EXPECT_LT(std::fabs(m.mean - mean) / std::sqrt(var / n), kZ) << "mean " << m.mean << " vs " << mean;
  EXPECT_LT(std::fabs(m.var - var) / std::sqrt((mu4 - var * var) / n), kZ) << "variance " << m.var << " vs " << var;
}

ts::RandomWords words(std::uint32_t i, std::uint32_t stream_salt) {
  return ts::draw_words(kKey, i, stream_salt, 0, ts::Stream::kUptime);
}

void check_binomial(std::int64_t trials, double p, std::uint32_t salt) {
  const ts::BinomialTable table = ts::binomial_prepare(trials, p);
  std::vector<double> x(200000);
  for (std::uint32_t i = 0; i < x.size(); ++i) {
    const auto w = words(i, salt);
    x[i] = static_cast<double>(ts::binomial_draw(table, ts::uniform_open53(w.w[0], w.w[1])));
  }
  const double n = static_cast<double>(trials), q = 1 - p, v = n * p * q;
  expect_moments(x, n * p, v, v * (1 + 3 * (n - 2) * p * q));
}

// Nodes online: exact inversion branch (n min(p, 1-p) <= 16).
TEST(VariatesStatistics, BinomialExactBranchCohort408) { check_binomial(408, 0.975, 1); }
TEST(VariatesStatistics, BinomialExactBranchSmall) { check_binomial(20, 0.3, 2); }
// Normal-approximation branch: moments match to the approximation's accuracy.
TEST(VariatesStatistics, BinomialNormalBranch) { check_binomial(4080, 0.9, 3); }

TEST(VariatesStatistics, BinomialExactBranchPmf) {
  // Chi-square of Binomial(10, 0.4) counts against the pmf; 10 degrees of
  // freedom, threshold 45 (P(chi2_10 > 45) = 2.1e-6).
  const int n = 10;
  const double p = 0.4;
  const int draws = 100000;
  std::vector<double> counts(n + 1, 0.0);
  for (int i = 0; i < draws; ++i) {
    const auto w = words(static_cast<std::uint32_t>(i), 4);
    counts[ts::binomial(n, p, ts::uniform_open53(w.w[0], w.w[1]))] += 1;
  }
  double chi2 = 0, pmf = std::pow(1 - p, n);
  for (int k = 0; k <= n; ++k) {
    const double e = draws * pmf;
    chi2 += (counts[k] - e) * (counts[k] - e) / e;
    pmf *= static_cast<double>(n - k) / (k + 1) * p / (1 - p);
  }
  EXPECT_LT(chi2, 45.0);
}

TEST(VariatesStatistics, PoissonSmallLambda) {
  const double lambda = 2.5;
  std::vector<double> x(200000);
  for (std::uint32_t i = 0; i < x.size(); ++i) x[i] = ts::poisson(lambda, ts::uniform_open32(words(i, 5).w[0]));
  expect_moments(x, lambda, lambda, lambda * (1 + 3 * lambda));
}

TEST(VariatesStatistics, StandardNormal) {
  std::vector<double> x(200000);
  for (std::uint32_t i = 0; i < x.size(); ++i) {
    const auto w = words(i, 6);
    x[i] = ts::standard_normal(w.w[0], w.w[1]);
  }
  expect_moments(x, 0.0, 1.0, 3.0);
}

TEST(VariatesStatistics, BetaReliability) {
  // Provider reliability p_up ~ Beta(30, 1) (the preset's assumption).
  const double a = 30, b = 1;
  std::vector<double> x(100000);
  for (std::uint32_t i = 0; i < x.size(); ++i) x[i] = ts::beta_variate(a, b, kKey, i, 7, 0);
  const double mean = a / (a + b), var = a * b / ((a + b) * (a + b) * (a + b + 1));
  // Fourth central moment of Beta(a, b).
  const double s = a + b;
  const double mu4 = 3 * a * b * (a * b * (s - 6) + 2 * s * s) / (s * s * s * s * (s + 1) * (s + 2) * (s + 3));
  expect_moments(x, mean, var, mu4);
}

TEST(VariatesStatistics, GammaSmallShapeUsesTheBoost) {
  const double shape = 0.5;
  std::vector<double> x(100000);
  for (std::uint32_t i = 0; i < x.size(); ++i) x[i] = ts::gamma_variate(shape, kKey, i, 8, 0, 0);
  // Gamma(k, 1): mean k, var k, fourth central moment 3k^2 + 6k.
  expect_moments(x, shape, shape, 3 * shape * shape + 6 * shape);
}

}  // namespace
