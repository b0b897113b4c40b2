#include "host/config/sweep.hpp"

#include <cmath>
#include <stdexcept>

namespace ts::config {

std::vector<double> linspace(double start, double stop, std::size_t n) {
  if (n == 0) throw std::invalid_argument("linspace needs n >= 1");
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i)
    values[i] = n == 1 ? start : start + (stop - start) * static_cast<double>(i) / static_cast<double>(n - 1);
  values.back() = n == 1 ? start : stop;  // no rounding drift at the end the analyst wrote
  return values;
}

std::vector<double> logspace(double start, double stop, std::size_t n) {
  if (n == 0) throw std::invalid_argument("logspace needs n >= 1");
  if (!(start > 0.0) || !(stop > 0.0)) throw std::invalid_argument("logspace needs start > 0 and stop > 0");
  std::vector<double> values(n);
  const double ratio = stop / start;
  for (std::size_t i = 0; i < n; ++i)
    values[i] = n == 1 ? start : start * std::pow(ratio, static_cast<double>(i) / static_cast<double>(n - 1));
  values.front() = start;
  values.back() = n == 1 ? start : stop;
  return values;
}

std::vector<Point> expand_sweep(const Scenario& scenario) {
  const std::size_t count = scenario.point_count();
  std::vector<Point> points(count);
  for (std::size_t index = 0; index < count; ++index) {
    Point& point = points[index];
    point.index = index;
    if (!scenario.design.is_grid()) {
      for (const SweepAxis& axis : scenario.sweep) point.values[axis.key] = axis.values[index];
      continue;
    }
    // Mixed-radix digits of the index, last axis least significant.
    std::size_t rest = index;
    for (std::size_t a = scenario.sweep.size(); a-- > 0;) {
      const SweepAxis& axis = scenario.sweep[a];
      point.values[axis.key] = axis.values[rest % axis.values.size()];
      rest /= axis.values.size();
    }
  }
  return points;
}

}  // namespace ts::config
