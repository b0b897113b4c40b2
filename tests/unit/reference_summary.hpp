#pragma once
// The end-of-run summary the accumulators replaced (a fixed pairwise sum of
// sorted values), kept here as the reference the streaming statistics are
// tested against.
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace ts::testing {

struct Summary {
  double mean, std, sem, min, max;
};

inline double pairwise_sum(const double* x, std::size_t n) {
  if (n <= 8) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += x[i];
    return s;
  }
  const std::size_t half = n / 2;
  return pairwise_sum(x, half) + pairwise_sum(x + half, n - half);
}

inline Summary summarize_sorted(const std::vector<double>& v) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = v.size();
  if (n == 0) return {nan, nan, nan, nan, nan};
  for (double x : v)
    if (std::isnan(x)) return {nan, nan, nan, nan, nan};
  const double mean = pairwise_sum(v.data(), n) / static_cast<double>(n);
  if (n == 1) return {mean, nan, nan, v.front(), v.back()};   // no spread from one path
  double var = 0.0;
  {
    std::vector<double> sq(n);
    for (std::size_t i = 0; i < n; ++i) sq[i] = (v[i] - mean) * (v[i] - mean);
    var = pairwise_sum(sq.data(), n) / static_cast<double>(n - 1);
  }
  const double sd = std::sqrt(var);
  return {mean, sd, sd / std::sqrt(static_cast<double>(n)), v.front(), v.back()};
}

}  // namespace ts::testing
