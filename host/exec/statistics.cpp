#include "host/exec/statistics.hpp"

#include <cmath>
#include <limits>

#include "stats/type7.hpp"

namespace ts {

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
