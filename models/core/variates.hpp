#pragma once
// Random variates from Philox words, written with the portable math of
// models/core so that a given counter gives the same variate on CPU and GPU.
// Each sampler consumes a fixed number of words (no hidden state), except the
// Beta draw, whose rejection loop takes fresh counters (attempt index).
#include <cmath>
#include <cstdint>

#include "models/core/binomial.hpp"
#include "models/core/macros.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/saturating_cast.hpp"

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
    return x < 0.0 ? 0 : trunc_to<std::int32_t>(x);
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
