#include "host/exec/statistics.hpp"

#include <cmath>
#include <limits>

#include "stats/type7.hpp"

namespace ts {

double pairwise_sum(const double* x, std::size_t n) {
  if (n <= 8) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += x[i];
    return s;
  }
  const std::size_t half = n / 2;
  return pairwise_sum(x, half) + pairwise_sum(x + half, n - half);
}

Summary summarize_sorted(const std::vector<double>& v) {
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

double quantile_sorted(const std::vector<double>& v, double q) {
  return stats::type7_quantile(v.size(), q, [&v](std::uint64_t r) { return v[r]; });
}

WilsonInterval wilson95(std::int64_t k, std::int64_t n) {
  if (n <= 0) return {0.0, 1.0};
  const double z = 1.959963984540054;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2n = z * z / nn;
  const double center = (p + z2n / 2.0) / (1.0 + z2n);
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z2n / (4.0 * nn)) / (1.0 + z2n);
  double lo = center - half, hi = center + half;
  if (k == 0) lo = 0.0;
  if (k == n) hi = 1.0;
  return {lo < 0.0 ? 0.0 : lo, hi > 1.0 ? 1.0 : hi};
}

}  // namespace ts
