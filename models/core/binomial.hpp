#pragma once
// Binomial(n, p): the number of a cohort's nodes online in a step (MODEL.md 1,
// "Scale"). A cohort's n and p are fixed from its entry, so everything but
// the uniform is prepared once (binomial_prepare) and each draw is cheap:
// - exact inversion of the CDF of the rarer outcome while n*min(p,1-p) <=
//   kBinomialExactLimit: the smallest k with u <= CDF(k). The CDF is the
//   one of the "chop-down from the mode" search (Kemp 1986): the pmf walked
//   from the mode with f(k+1) = f(k) (n-k)/(k+1) q/(1-q), up and down. The
//   table keeps that CDF at kBinomialWindow counts around the mode, so a
//   draw in the window is one branch-free count of the entries below u
//   (vectorisable, no division); a draw outside resumes the same walk from
//   the window's edge. Same operations in the same order as the walk from
//   the mode, so the same bits (tests/unit/test_binomial.cpp) on every
//   backend.
// - above the limit, the normal approximation with continuity correction,
//   clamped to [0, n]: the documented deterministic approximation for large
//   cohorts (its error in any probability is O(1/sd) < 2%).
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/saturating_cast.hpp"

namespace ts {

inline constexpr double kBinomialExactLimit = 64.0;
// Counts of the rarer outcome whose CDF the table holds: 8 doubles, one
// cache line; about +-1.2 sd of a 408-node cohort at 97% uptime.
inline constexpr int kBinomialWindow = 8;
// Past the walk's end (k = n, or a pmf below double resolution): an entry no
// uniform exceeds, so the count stops there as the walk does.
inline constexpr double kBinomialStop = 2.0;

// Where a walk stands: count k, f = P(X = k), cdf = P(X <= k).
struct BinomialWalk {
  std::int64_t k;
  double f, cdf;
};

// One step up (k -> k+1) and one down (k -> k-1) of the walk. The up step's
// f == 0 means the rest of the tail is below double resolution.
TS_HD_INLINE void binomial_step_up(BinomialWalk& w, std::int64_t n, double odds) {
  w.f *= static_cast<double>(n - w.k) / static_cast<double>(w.k + 1) * odds;
  ++w.k;
  w.cdf += w.f;
}
TS_HD_INLINE void binomial_step_down(BinomialWalk& w, std::int64_t n, double odds) {
  w.cdf -= w.f;
  w.f *= static_cast<double>(w.k) / (static_cast<double>(n - w.k + 1) * odds);
  --w.k;
}

// The smallest k >= w.k with u <= CDF(k) (or where the walk stops).
TS_HD_INLINE std::int64_t binomial_walk_up(BinomialWalk w, std::int64_t n, double odds, double u) {
  while (u > w.cdf && w.k < n) {
    binomial_step_up(w, n, odds);
    if (w.f == 0.0) break;
  }
  return w.k;
}
// The smallest k <= w.k with u <= CDF(k), given u <= CDF(w.k).
TS_HD_INLINE std::int64_t binomial_walk_down(BinomialWalk w, std::int64_t n, double odds, double u) {
  while (w.k > 0 && u <= w.cdf - w.f) binomial_step_down(w, n, odds);
  return w.k;
}

struct BinomialTable {
  std::int64_t n = 0;
  double odds = 0.0;          // q / (1 - q), q the probability of the rarer outcome
  double cdf[kBinomialWindow] = {};  // exact: CDF(lo + j), kBinomialStop past the walk's end
  double below = 0.0;         // exact: CDF(lo - 1) as the walk computes it (-1 at lo = 0)
  double pmf_lo = 0.0;        // exact: P(X = lo), where a walk down resumes
  double pmf_hi = 0.0;        // exact: P(X = lo + W - 1), where a walk up resumes
  double mean = 0.0, sd = 0.0;  // normal
  std::int32_t lo = 0;        // exact: the window's first count
  std::uint8_t kind = 0;      // 0: always 0, 1: always n, 2: exact, 3: normal
  std::uint8_t count_failures = 0;
};

// The walk's start: the mode of the rarer outcome's count, with its pmf and
// CDF from P(X = 0) = (1 - q)^n walked up.
TS_HD_INLINE BinomialWalk binomial_mode(std::int64_t n, double q, double odds) {
  const double nd = static_cast<double>(n);
  std::int64_t mode = trunc_to<std::int64_t>((nd + 1.0) * q);
  if (mode > n) mode = n;
  BinomialWalk w{0, pmath::exp(nd * pmath::log1p(-q)), 0.0};
  w.cdf = w.f;
  for (std::int64_t k = 0; k < mode; ++k) {
    w.f *= static_cast<double>(n - k) / static_cast<double>(k + 1) * odds;
    w.cdf += w.f;
  }
  w.k = mode;
  return w;
}

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
  const BinomialWalk mode = binomial_mode(n, q, b.odds);
  // The window: three counts below the mode (fewer at 0), the rest above.
  const std::int64_t below_mode = mode.k < 3 ? mode.k : 3;
  b.lo = static_cast<std::int32_t>(mode.k - below_mode);
  BinomialWalk w = mode;
  for (std::int64_t j = below_mode; j > 0; --j) binomial_step_down(w, n, b.odds);
  b.pmf_lo = w.f;
  b.below = w.k > 0 ? w.cdf - w.f : -1.0;
  // Down from the mode, as binomial_walk_down computes them.
  w = mode;
  for (std::int64_t j = below_mode; j >= 0; --j) {
    b.cdf[j] = w.cdf;
    if (j > 0) binomial_step_down(w, n, b.odds);
  }
  // Up from the mode, as binomial_walk_up computes them.
  w = mode;
  bool stopped = w.k >= n;
  for (int j = static_cast<int>(below_mode) + 1; j < kBinomialWindow; ++j) {
    if (!stopped) {
      binomial_step_up(w, n, b.odds);
      stopped = w.f == 0.0 || w.k >= n;
    }
    b.cdf[j] = stopped ? kBinomialStop : w.cdf;
    b.pmf_hi = w.f;
  }
  if (stopped) b.pmf_hi = 0.0;
  if (mode.k >= n) b.cdf[below_mode] = kBinomialStop;
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
      if (u <= b.below) {
        rare = binomial_walk_down(BinomialWalk{b.lo, b.pmf_lo, b.cdf[0]}, b.n, b.odds, u);
      } else {
        int below_u = 0;
        for (int j = 0; j < kBinomialWindow; ++j) below_u += b.cdf[j] < u ? 1 : 0;
        rare = b.lo + below_u;
        if (below_u == kBinomialWindow)
          rare = binomial_walk_up(BinomialWalk{b.lo + kBinomialWindow - 1, b.pmf_hi, b.cdf[kBinomialWindow - 1]},
                                  b.n, b.odds, u);
      }
    }
  }
  return b.count_failures ? b.n - rare : rare;
}

// The reference: the walk from the mode itself (and the one-shot draw, where
// preparing a table would cost more than it saves).
TS_HD_INLINE std::int64_t binomial_by_walk(std::int64_t n, double p, double u) {
  if (n <= 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  const bool count_failures = p > 0.5;
  const double q = count_failures ? 1.0 - p : p;
  if (static_cast<double>(n) * q > kBinomialExactLimit) {
    const BinomialTable b = binomial_prepare(n, p);
    return binomial_draw(b, u);
  }
  const double odds = q / (1.0 - q);
  const BinomialWalk mode = binomial_mode(n, q, odds);
  const std::int64_t rare = u > mode.cdf ? binomial_walk_up(mode, n, odds, u) : binomial_walk_down(mode, n, odds, u);
  return count_failures ? n - rare : rare;
}

TS_HD_INLINE std::int64_t binomial(std::int64_t n, double p, double u) { return binomial_by_walk(n, p, u); }

}  // namespace ts
