// The vectorisable forms of Yuma's pieces (issue 14) against their
// definitions: quotient32 against the 128-bit quotient, the block-tested
// consensus search against "the largest weight whose support reaches
// kappa" computed by brute force, and the branch-free honest weight against
// the clamp-and-trunc_to form it replaced. Equal on every input, so the
// results (golden digests, CPU/GPU parity) cannot move.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "models/core/saturating_cast.hpp"
#include "models/mechanisms/yuma.hpp"
#include "models/protocols/bittensor/scoring.hpp"

namespace {

using ts::yuma::Fixed;
using ts::yuma::Unit;

TEST(YumaQuotient32, EqualsThe128BitQuotient) {
  std::mt19937_64 rng(14);
  const std::uint64_t recips[] = {0, 1, 2, 0xFFFFFFFFull, 0x100000000ull, 0x123456789ABCDEFull, ~std::uint64_t{0},
                                  ts::yuma::reciprocal(3), ts::yuma::reciprocal(12582720)};
  const std::uint32_t values[] = {0, 1, 65535, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu};
  for (std::uint64_t r : recips)
    for (std::uint32_t v : values) EXPECT_EQ(ts::yuma::quotient32(v, r), ts::yuma::quotient(v, r)) << v << " " << r;
  for (int k = 0; k < 200000; ++k) {
    const auto v = static_cast<std::uint32_t>(rng());
    const std::uint64_t r = rng() >> (rng() % 64);
    ASSERT_EQ(ts::yuma::quotient32(v, r), ts::yuma::quotient(v, r)) << v << " " << r;
  }
}

// C_j by its definition: the largest positive weight whose support
// sum_i S_i [W_ij >= c] reaches kappa, else 0.
Unit consensus_by_definition(const std::vector<Unit>& stake, const std::vector<Unit>& w, Fixed kappa) {
  Unit best = 0;
  for (Unit c : w) {
    if (c == 0) continue;
    std::uint64_t support = 0;
    for (std::size_t i = 0; i < w.size(); ++i) support += w[i] >= c ? stake[i] : 0u;
    if (support >= static_cast<std::uint64_t>(kappa) && c > best) best = c;
  }
  return best;
}

TEST(YumaConsensus, BlockSearchEqualsTheDefinition) {
  std::mt19937_64 rng(2024);
  const Fixed kappas[] = {ts::yuma::kOne / 2, 0, -1, ts::yuma::kOne / 10, ts::yuma::kOne * 9 / 10, ts::yuma::kOne,
                          ts::yuma::kOne + 1};
  for (int v : {1, 3, 15, 16, 17, 31, 32, 48, 50, 63, 64}) {
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<Unit> stake(v), w(v);
      // Stakes that sum to about 1 (2^32); weights spread, bunched or tied.
      std::uint64_t left = std::uint64_t{1} << 32;
      for (int i = 0; i < v; ++i) {
        const std::uint64_t s = i + 1 == v ? left : (rng() % (2 * (left / (v - i)) + 1));
        stake[i] = static_cast<Unit>(s > 0xFFFFFFFFull ? 0xFFFFFFFFull : s);
        left -= s < left ? s : left;
      }
      const int shape = trial % 4;
      for (int i = 0; i < v; ++i) {
        const auto r = static_cast<Unit>(rng());
        w[i] = shape == 0 ? r : shape == 1 ? (r % 5) * 0x10000000u : shape == 2 ? 0u : (r % 3 == 0 ? 0u : r);
      }
      for (Fixed kappa : kappas)
        ASSERT_EQ(ts::yuma::column_consensus(stake.data(), w.data(), v, kappa), consensus_by_definition(stake, w, kappa))
            << "v " << v << " trial " << trial << " kappa " << kappa;
    }
  }
}

// The weight as computed before it was made branch-free.
std::uint16_t honest_weight_clamped(double quality, double noise, std::uint32_t u16) {
  const double u = (static_cast<double>(u16) + 0.5) * (1.0 / 65536.0);
  double score = quality * (1.0 + noise * 1.7320508075688772 * (2.0 * u - 1.0));
  score = score < 0.0 ? 0.0 : (score > 1.0 ? 1.0 : score);
  return ts::trunc_to<std::uint16_t>(score * 65535.0 + 0.5);
}

TEST(BittensorScoring, BranchFreeHonestWeightEqualsTheClampedOne) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (double q : {0.0, 1e-9, 0.3, 0.71, 0.999, 1.0, 1.5, -0.2, nan, inf, -inf})
    for (double noise : {0.0, 0.1, 0.5, 2.0, nan})
      for (std::uint32_t u = 0; u < 65536; u += 97)
        ASSERT_EQ(ts::bittensor::honest_weight(q, noise, u), honest_weight_clamped(q, noise, u))
            << q << " " << noise << " " << u;
}

}  // namespace
