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

// Binomial(n, p): the number of a cohort's nodes online in a step (MODEL.md 1,
// "Scale"). A cohort's n and p are fixed from its entry, so everything but
// the uniform is prepared once (binomial_prepare) and each draw is cheap:
// - exact inversion of the CDF of the rarer outcome while n*min(p,1-p) <=
//   kBinomialExactLimit, searching from the mode ("chop-down from the mode",
//   Kemp 1986): about 0.8 sd steps per draw, no exp or log;
// - above the limit, the normal approximation with continuity correction,
//   clamped to [0, n]: the documented deterministic approximation for large
//   cohorts (its error in any probability is O(1/sd) < 2%).
inline constexpr double kBinomialExactLimit = 64.0;

struct BinomialTable {
  std::int64_t n = 0;
  double odds = 0.0;          // q / (1 - q), q the probability of the rarer outcome
  std::int64_t mode = 0;      // of the rarer outcome's count
  double pmf_mode = 0.0;      // P(X = mode)
  double cdf_mode = 0.0;      // P(X <= mode)
  double mean = 0.0, sd = 0.0;
  std::uint8_t kind = 0;      // 0: always 0, 1: always n, 2: exact, 3: normal
  std::uint8_t count_failures = 0;
};

TS_HD_INLINE BinomialTable binomial_prepare(std::int64_t n, double p) {
  BinomialTable b;
  b.n = n;
  if (n <= 0 || !(p > 0.0)) return b;                 // kind 0
  if (p >= 1.0) {
    b.kind = 1;
    return b;
  }
  b.count_failures = p > 0.5;
  const double q = b.count_failures ? 1.0 - p : p;
  const double nd = static_cast<double>(n);
  b.mean = nd * q;
  b.sd = sqrt(b.mean * (1.0 - q));
  if (b.mean > kBinomialExactLimit) {
    b.kind = 3;
    return b;
  }
  b.kind = 2;
  b.odds = q / (1.0 - q);
  // Walk the pmf from P(X = 0) = (1 - q)^n up to the mode, summing the CDF.
  b.mode = trunc_to<std::int64_t>((nd + 1.0) * q);
  if (b.mode > n) b.mode = n;
  double f = pmath::exp(nd * pmath::log1p(-q));
  double cdf = f;
  for (std::int64_t k = 0; k < b.mode; ++k) {
    f *= static_cast<double>(n - k) / static_cast<double>(k + 1) * b.odds;
    cdf += f;
  }
  b.pmf_mode = f;
  b.cdf_mode = cdf;
  return b;
}

TS_HD_INLINE std::int64_t binomial_draw(const BinomialTable& b, double u) {
  std::int64_t rare;
  switch (b.kind) {
    case 0: return 0;
    case 1: return b.n;
    case 3: {
      const double x = b.mean + b.sd * pmath::normal_quantile(u) + 0.5;
      rare = x < 0.0 ? 0 : trunc_to<std::int64_t>(x);
      if (rare > b.n) rare = b.n;
      break;
    }
    default: {
      std::int64_t k = b.mode;
      double f = b.pmf_mode;
      double cdf = b.cdf_mode;
      if (u > cdf) {
        // Up: the smallest k with CDF(k) >= u.
        while (u > cdf && k < b.n) {
          f *= static_cast<double>(b.n - k) / static_cast<double>(k + 1) * b.odds;
          ++k;
          cdf += f;
          if (f == 0.0) break;   // the rest of the tail is below double resolution
        }
      } else {
        // Down: while CDF(k - 1) >= u, step down.
        while (k > 0 && u <= cdf - f) {
          cdf -= f;
          f *= static_cast<double>(k) / (static_cast<double>(b.n - k + 1) * b.odds);
          --k;
        }
      }
      rare = k;
    }
  }
  return b.count_failures ? b.n - rare : rare;
}

TS_HD_INLINE std::int64_t binomial(std::int64_t n, double p, double u) {
  return binomial_draw(binomial_prepare(n, p), u);
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
