#include "host/config/sampling.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace ts::config {

namespace {

constexpr double kTwoToMinus64 = 0x1p-64;
constexpr double kTwoToMinus53 = 0x1p-53;

// A uniform integer in [0, n) by rejection (no modulo bias, the same on
// every platform).
std::uint64_t below(std::mt19937_64& g, std::uint64_t n) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  std::uint64_t x;
  do x = g();
  while (x >= limit);
  return x % n;
}

}  // namespace

UnitRows sobol_points(std::size_t n, std::size_t d, std::size_t skip) {
  if (d < 1 || d > boost::random::detail::qrng_tables::sobol::max_dimension)
    throw std::invalid_argument("a Sobol' sequence has 1 to " + std::to_string(boost::random::detail::qrng_tables::sobol::max_dimension) +
                                " dimensions, not " + std::to_string(d));
  if (skip < 1) throw std::invalid_argument("the Sobol' engine always leaves out the zero point: skip >= 1");
  boost::random::sobol engine(d);   // its first point is the one after 0
  for (std::size_t i = 1; i < skip; ++i)
    for (std::size_t k = 0; k < d; ++k) (void)engine();
  UnitRows rows(n, std::vector<double>(d));
  for (auto& row : rows)
    for (double& x : row) x = static_cast<double>(engine()) * kTwoToMinus64;   // k / 2^32 exactly: no rounding
  return rows;
}

std::size_t saltelli_skip(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p *= 2;
  return std::max<std::size_t>(p, 16);
}

std::size_t saltelli_row_count(std::size_t n, std::size_t d, bool second_order) {
  return n * (second_order ? 2 * d + 2 : d + 2);
}

UnitRows saltelli_rows(std::size_t n, std::size_t d, bool second_order) {
  const UnitRows base = sobol_points(n, 2 * d, saltelli_skip(n));
  UnitRows rows;
  rows.reserve(saltelli_row_count(n, d, second_order));
  for (const auto& p : base) {
    const std::vector<double> a(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(d));
    const std::vector<double> b(p.begin() + static_cast<std::ptrdiff_t>(d), p.end());
    rows.push_back(a);
    for (std::size_t i = 0; i < d; ++i) {
      rows.push_back(a);
      rows.back()[i] = b[i];
    }
    if (second_order)
      for (std::size_t i = 0; i < d; ++i) {
        rows.push_back(b);
        rows.back()[i] = a[i];
      }
    rows.push_back(b);
  }
  return rows;
}

UnitRows latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed) {
  if (n < 1 || d < 1) throw std::invalid_argument("a Latin hypercube needs n >= 1 and d >= 1");
  std::mt19937_64 g(seed);
  UnitRows rows(n, std::vector<double>(d));
  std::vector<std::size_t> strata(n);
  for (std::size_t k = 0; k < d; ++k) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = n; i-- > 1;) std::swap(strata[i], strata[below(g, i + 1)]);   // Fisher-Yates
    for (std::size_t i = 0; i < n; ++i) {
      const double offset = static_cast<double>(g() >> 11) * kTwoToMinus53;   // [0, 1)
      double u = (static_cast<double>(strata[i]) + offset) / static_cast<double>(n);
      // Rounding must not carry a point into the next stratum.
      const double top = std::nextafter(static_cast<double>(strata[i] + 1) / static_cast<double>(n), 0.0);
      rows[i][k] = std::min(u, top);
    }
  }
  return rows;
}

double scale_uniform(double u, double a, double b) { return a + u * (b - a); }

double scale_loguniform(double u, double a, double b) { return a * std::pow(b / a, u); }

}  // namespace ts::config
