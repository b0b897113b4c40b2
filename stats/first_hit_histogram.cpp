#include "stats/first_hit_histogram.hpp"

#include <cmath>
#include <limits>

#include "stats/type7.hpp"

namespace ts::stats {

double FirstHitHistogram::quantile(double q) const {
  const double inf = std::numeric_limits<double>::infinity();
  if (n_ == 0) return std::numeric_limits<double>::quiet_NaN();
  // The r-th smallest (0-based) of all paths' first steps, never = +inf.
  auto at_rank = [&](std::uint64_t r) {
    std::uint64_t seen = 0;
    for (const auto& [s, c] : counts_) {
      seen += c;
      if (r < seen) return static_cast<double>(s);
    }
    return inf;
  };
  return type7_quantile(n_, q, at_rank);
}

}  // namespace ts::stats
