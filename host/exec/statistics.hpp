#pragma once
// Statistics across paths in a fixed order (DESIGN.md principle 4): values
// are sorted first, then summed with one pairwise tree, so any backend that
// sorts the same values gets the same bits.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ts {

// Sum of x[0..n) by a fixed pairwise tree (leaves of up to 8 in order).
double pairwise_sum(const double* x, std::size_t n);

struct Summary {
  double mean, std, sem, min, max;
};

// Summary of sorted values (ascending). NaN anywhere makes every figure NaN.
Summary summarize_sorted(const std::vector<double>& sorted);

// Quantile of sorted values, linear interpolation between order statistics
// (Hyndman and Fan type 7, numpy's default).
double quantile_sorted(const std::vector<double>& sorted, double q);

struct WilsonInterval {
  double lo, hi;
};
// Wilson score interval at 95% for k successes out of n (Wilson 1927).
WilsonInterval wilson95(std::int64_t k, std::int64_t n);

}  // namespace ts
