#pragma once
// The type-7 quantile (Hyndman and Fan 1996; numpy's and R's default) of n
// ordered values given by their rank: h = (n - 1) q, then linear
// interpolation between the order statistics floor(h) and floor(h) + 1.
// One definition for the sorted values, the sketches and the histograms,
// so that every form gives the same bits for the same order statistics.
#include <cmath>
#include <cstdint>
#include <limits>

namespace ts::stats {

// `at_rank(r)`: the r-th smallest value, 0-based.
template <class AtRank>
double type7_quantile(std::uint64_t n, double q, AtRank at_rank) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(n) - 1.0) * q;
  const std::uint64_t lo = static_cast<std::uint64_t>(std::floor(h));
  if (lo + 1 >= n) return at_rank(n - 1);
  const double frac = h - static_cast<double>(lo);
  const double a = at_rank(lo);
  if (frac == 0.0) return a;
  return a + frac * (at_rank(lo + 1) - a);
}

}  // namespace ts::stats
