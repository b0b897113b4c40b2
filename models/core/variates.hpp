#pragma once
// Random variates from Philox words, written with the portable math of
// models/core so that a given counter gives the same variate on CPU and GPU.
// Each sampler consumes a fixed number of words (no hidden state), except the
// Beta draw, whose rejection loop takes fresh counters (attempt index).
#include <cmath>
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"

namespace ts {

// Standard normal by inversion (Wichura's AS241): one 53-bit uniform.
TS_HD_INLINE double standard_normal(std::uint32_t hi, std::uint32_t lo) {
  return pmath::normal_quantile(uniform_open53(hi, lo));
}

// Poisson(lambda) by inversion of the CDF for lambda <= 30; above that a
// normal approximation with continuity correction (documented deterministic
// approximation; daily entry counts and jump counts are far below it).
TS_HD_INLINE std::int32_t poisson(double lambda, double u) {
  if (!(lambda > 0.0)) return 0;
  if (lambda > 30.0) {
    const double x = lambda + sqrt(lambda) * pmath::normal_quantile(u) + 0.5;
    return x < 0.0 ? 0 : static_cast<std::int32_t>(x);
  }
  double term = pmath::exp(-lambda);
  double cdf = term;
  std::int32_t k = 0;
  while (u > cdf && k < 200) {
    ++k;
    term *= lambda / static_cast<double>(k);
    cdf += term;
  }
  return k;
}

// Binomial(n, p): the number of a cohort's nodes online in a step (MODEL.md 1,
// "Scale"). Exact inversion on the rarer outcome while n*min(p,1-p) <= 16;
// above that the normal approximation with continuity correction, clamped to
// [0, n] (the documented approximation for large cohorts). One uniform.
inline constexpr double kBinomialExactLimit = 16.0;

TS_HD_INLINE std::int64_t binomial(std::int64_t n, double p, double u) {
  if (n <= 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  const bool count_failures = p > 0.5;
  const double q = count_failures ? 1.0 - p : p;   // probability of the rarer outcome
  const double nd = static_cast<double>(n);
  std::int64_t rare;
  if (nd * q <= kBinomialExactLimit) {
    // P(X = 0) = (1 - q)^n, then the recurrence f(k+1) = f(k) (n-k)/(k+1) q/(1-q).
    double f = pmath::exp(nd * pmath::log1p(-q));
    double cdf = f;
    const double odds = q / (1.0 - q);
    std::int64_t k = 0;
    while (u > cdf && k < n) {
      f *= static_cast<double>(n - k) / static_cast<double>(k + 1) * odds;
      ++k;
      cdf += f;
      if (f == 0.0) break;   // the remaining tail is below double resolution
    }
    rare = k;
  } else {
    const double mean = nd * q;
    const double sd = sqrt(mean * (1.0 - q));
    const double x = mean + sd * pmath::normal_quantile(u) + 0.5;
    rare = x < 0.0 ? 0 : static_cast<std::int64_t>(x);
    if (rare > n) rare = n;
  }
  return count_failures ? n - rare : rare;
}

// Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for
// generating gamma variables", ACM TOMS 26(3). For shape < 1 the boost
// Gamma(a) = Gamma(a+1) * U^(1/a). Each attempt has its own counter: the
// `sub` word numbers (variate, attempt).
TS_HD_INLINE double gamma_variate(double shape, RandomKey key, std::uint32_t path,
                                  std::uint32_t step, std::uint32_t agent, std::uint32_t variate) {
  double boost = 1.0;
  if (shape < 1.0) {
    const RandomWords w =
        draw_words(key, path, step, agent, Stream::kProviderTraitsGamma, variate * 64u);
    boost = pmath::pow(uniform_open32(w.w[0]), 1.0 / shape);
    shape += 1.0;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / sqrt(9.0 * d);
  for (std::uint32_t attempt = 1; attempt < 64; ++attempt) {
    const RandomWords w =
        draw_words(key, path, step, agent, Stream::kProviderTraitsGamma, variate * 64u + attempt);
    const double x = standard_normal(w.w[0], w.w[1]);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = uniform_open32(w.w[2]);
    if (pmath::log(u) < 0.5 * x * x + d - d * v + d * pmath::log(v)) return d * v * boost;
  }
  return d * boost;   // after 63 rejections (probability < 1e-60): the mode
}

// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
TS_HD_INLINE double beta_variate(double a, double b, RandomKey key, std::uint32_t path,
                                 std::uint32_t step, std::uint32_t agent) {
  const double x = gamma_variate(a, key, path, step, agent, 0u);
  const double y = gamma_variate(b, key, path, step, agent, 1u);
  return x / (x + y);
}

}  // namespace ts
