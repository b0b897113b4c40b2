// Sweep designs beyond grids (host/config/sampling.hpp): Sobol' points
// against published values, the Saltelli layout SALib reads, Latin
// hypercube strata, range scaling.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "host/config/sampling.hpp"

using namespace ts::config;

namespace {

TEST(Sobol, FirstPointsArePublishedValues) {
  // Joe-Kuo direction numbers (new-joe-kuo-6.21201), the points after the
  // zero point; the same as scipy.stats.qmc.Sobol(d, scramble=False)
  // rows 1.. and Bratley-Fox's table for the first three dimensions.
  const double published[6][3] = {{0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},   {0.25, 0.75, 0.75},
                                   {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}};
  const UnitRows rows = sobol_points(6, 3);
  for (int i = 0; i < 6; ++i)
    for (int k = 0; k < 3; ++k) EXPECT_EQ(rows[i][k], published[i][k]) << "point " << i + 1 << ", dimension " << k + 1;
}

TEST(Sobol, SkipLeavesOutPointsCountedFromZero) {
  const UnitRows all = sobol_points(20, 4);
  const UnitRows later = sobol_points(4, 4, 16);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(later[i], all[15 + i]);
  EXPECT_THROW(sobol_points(1, 0), std::invalid_argument);
  EXPECT_THROW(sobol_points(1, 4000), std::invalid_argument);
}

TEST(Sobol, EveryDyadicIntervalHoldsOnePointOfTheFirstPowerOfTwo) {
  // A (0, 1)-sequence in each dimension: the first 2^m points after zero and
  // zero itself fill the 2^m intervals [k/2^m, (k+1)/2^m) once each.
  const UnitRows rows = sobol_points(63, 5);
  for (int k = 0; k < 5; ++k) {
    std::set<int> cells{0};
    for (const auto& r : rows) cells.insert(static_cast<int>(r[k] * 64));
    EXPECT_EQ(cells.size(), 64u) << "dimension " << k;
  }
}

TEST(Saltelli, RowsHaveTheDocumentedShape) {
  for (bool second : {false, true})
    for (std::size_t d : {1u, 2u, 3u, 5u}) {
      const std::size_t n = 8;
      const UnitRows rows = saltelli_rows(n, d, second);
      ASSERT_EQ(rows.size(), n * (second ? 2 * d + 2 : d + 2));
      EXPECT_EQ(rows.size(), saltelli_row_count(n, d, second));
      const UnitRows base = sobol_points(n, 2 * d, saltelli_skip(n));
      const std::size_t block = second ? 2 * d + 2 : d + 2;
      for (std::size_t j = 0; j < n; ++j) {
        const auto& a = rows[j * block];
        const auto& b = rows[j * block + block - 1];
        for (std::size_t k = 0; k < d; ++k) {
          EXPECT_EQ(a[k], base[j][k]);
          EXPECT_EQ(b[k], base[j][d + k]);
        }
        for (std::size_t i = 0; i < d; ++i) {
          const auto& ab = rows[j * block + 1 + i];   // A with column i from B
          for (std::size_t k = 0; k < d; ++k) EXPECT_EQ(ab[k], k == i ? b[k] : a[k]);
          if (!second) continue;
          const auto& ba = rows[j * block + 1 + d + i];   // B with column i from A
          for (std::size_t k = 0; k < d; ++k) EXPECT_EQ(ba[k], k == i ? a[k] : b[k]);
        }
        EXPECT_NE(a, b) << "a degenerate block: A_j = B_j";
      }
    }
  EXPECT_EQ(saltelli_skip(8), 16u);
  EXPECT_EQ(saltelli_skip(100), 128u);
}

TEST(LatinHypercube, ExactlyOnePointPerStratumPerDimension) {
  for (std::size_t n : {1u, 2u, 7u, 16u, 100u})
    for (std::size_t d : {1u, 3u, 6u})
      for (std::uint64_t seed : {0u, 1u, 12345u}) {
        const UnitRows rows = latin_hypercube(n, d, seed);
        ASSERT_EQ(rows.size(), n);
        for (std::size_t k = 0; k < d; ++k) {
          std::vector<int> hits(n, 0);
          for (const auto& r : rows) {
            ASSERT_GE(r[k], 0.0);
            ASSERT_LT(r[k], 1.0);
            const auto s = static_cast<std::size_t>(std::floor(r[k] * static_cast<double>(n)));
            ASSERT_LT(s, n);
            EXPECT_GE(r[k], static_cast<double>(s) / static_cast<double>(n));
            ++hits[s];
          }
          for (std::size_t s = 0; s < n; ++s) EXPECT_EQ(hits[s], 1) << "n " << n << " dim " << k << " stratum " << s;
        }
      }
}

TEST(LatinHypercube, TheSeedFixesTheDesign) {
  EXPECT_EQ(latin_hypercube(16, 3, 7), latin_hypercube(16, 3, 7));
  EXPECT_NE(latin_hypercube(16, 3, 7), latin_hypercube(16, 3, 8));
  // Fixed bits for every platform: the first point of seed 7.
  const UnitRows rows = latin_hypercube(4, 2, 7);
  for (const auto& r : rows) EXPECT_TRUE(r[0] >= 0 && r[1] < 1);
}

TEST(Ranges, ScaleUniformAndLogUniform) {
  EXPECT_DOUBLE_EQ(scale_uniform(0.0, 2, 6), 2);
  EXPECT_DOUBLE_EQ(scale_uniform(0.25, 2, 6), 3);
  EXPECT_DOUBLE_EQ(scale_loguniform(0.0, 0.001, 0.1), 0.001);
  EXPECT_NEAR(scale_loguniform(0.5, 0.001, 0.1), 0.01, 1e-15);
  EXPECT_NEAR(scale_loguniform(1.0, 0.001, 0.1), 0.1, 1e-15);
}

}  // namespace
