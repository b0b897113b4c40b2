#pragma once
// Statistics of sorted values and of event counts that the accumulators
// (host/exec/point_accumulators.hpp) and the tests share.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ts {

// Quantile of sorted values, linear interpolation between order statistics
// (Hyndman and Fan type 7, numpy's default).
double quantile_sorted(const std::vector<double>& sorted, double q);

struct WilsonInterval {
  double lo, hi;
};
// Wilson score interval at 95% for k successes out of n (Wilson 1927).
WilsonInterval wilson95(std::int64_t k, std::int64_t n);

}  // namespace ts
