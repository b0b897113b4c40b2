// The binomial table (models/core/binomial.hpp) against the walk from the
// mode it replaces: the same count for every uniform, bit for bit, at the
// table's own CDF values and their neighbours, over cohorts from 1 node to
// the normal branch's edge; and the table's shape.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/core/variates.hpp"

namespace {

constexpr ts::RandomKey kKey{0xb1a0b1a0b1a0ull};

// Uniforms that test a table hardest: its entries, their neighbours, the
// extremes of (0, 1) and a stream of Philox uniforms.
std::vector<double> probe_uniforms(const ts::BinomialTable& b, std::uint32_t salt) {
  std::vector<double> u{std::nextafter(0.0, 1.0), 1e-300, 1e-17, 0.5, std::nextafter(1.0, 0.0)};
  auto near = [&u](double x) {
    if (!(x > 0.0 && x < 1.0)) return;
    u.push_back(x);
    u.push_back(std::nextafter(x, 0.0));
    u.push_back(std::nextafter(x, 1.0));
  };
  for (double c : b.cdf) near(c);
  near(b.below);
  for (std::uint32_t i = 0; i < 4000; ++i) {
    const ts::RandomWords w = ts::draw_words(kKey, i, salt, 0, ts::Stream::kUptime);
    u.push_back(ts::uniform_open53(w.w[0], w.w[1]));
  }
  return u;
}

TEST(BinomialTable, EqualsTheWalkFromTheMode) {
  const std::int64_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 20, 64, 100, 408, 1000, 2040, 5000, 100000};
  const double probabilities[] = {1e-12, 1e-6, 0.001, 0.01, 0.03, 0.1, 0.25, 0.3, 0.5, 0.5000001,
                                  0.7,   0.9,  0.95,  0.968, 0.975, 0.99, 0.999, 0.999999, 1.0 - 1e-12};
  std::uint32_t salt = 0;
  std::int64_t checked = 0, exact = 0;
  for (std::int64_t n : sizes) {
    for (double p : probabilities) {
      const ts::BinomialTable b = ts::binomial_prepare(n, p);
      if (b.kind == 2) ++exact;
      for (double u : probe_uniforms(b, ++salt)) {
        ASSERT_EQ(ts::binomial_draw(b, u), ts::binomial_by_walk(n, p, u)) << "n=" << n << " p=" << p << " u=" << u;
        ++checked;
      }
    }
  }
  EXPECT_GT(exact, 200);   // most of the grid is the exact branch
  EXPECT_GT(checked, 1000000);
}

TEST(BinomialTable, CohortsOfReliabilityDrawnAtEntry) {
  // The IO.net preset's cohorts: 408 identities, p_up ~ Beta(30, 1) (so
  // every q from 0 to about 0.15), each with its own table.
  for (std::uint32_t c = 0; c < 400; ++c) {
    const double p = ts::beta_variate(30.0, 1.0, kKey, c, 1, 2);
    const ts::BinomialTable b = ts::binomial_prepare(408, p);
    for (double u : probe_uniforms(b, 1000 + c)) ASSERT_EQ(ts::binomial_draw(b, u), ts::binomial_by_walk(408, p, u)) << p;
  }
}

TEST(BinomialTable, WindowAroundTheMode) {
  const ts::BinomialTable b = ts::binomial_prepare(408, 0.975);   // failures: q = 0.025, mode 10
  EXPECT_EQ(b.kind, 2);
  EXPECT_EQ(b.count_failures, 1);
  EXPECT_EQ(b.lo, 10 - 3);
  for (int j = 1; j < ts::kBinomialWindow; ++j) EXPECT_LE(b.cdf[j - 1], b.cdf[j]);
  // Each entry is P(X <= lo + j) of Binomial(408, 0.025), to rounding.
  double pmf = std::pow(0.975, 408.0), cdf = pmf;
  for (int k = 1; k <= b.lo + ts::kBinomialWindow - 1; ++k) {
    pmf *= (408.0 - (k - 1)) / k * (0.025 / 0.975);
    cdf += pmf;
    if (k == b.lo - 1) EXPECT_NEAR(b.below, cdf, 1e-12);
    if (k >= b.lo) EXPECT_NEAR(b.cdf[k - b.lo], cdf, 1e-12) << k;
  }
  // A small cohort: the window starts at 0 and stops at n.
  const ts::BinomialTable s = ts::binomial_prepare(3, 0.2);
  EXPECT_EQ(s.lo, 0);
  EXPECT_EQ(s.below, -1.0);
  EXPECT_LT(s.cdf[2], 1.0);
  for (int j = 3; j < ts::kBinomialWindow; ++j) EXPECT_EQ(s.cdf[j], ts::kBinomialStop) << j;
}

}  // namespace
