#pragma once
// The data contribution score (MODEL.md 2.8; seed 002 "Data Contribution"):
//   D_KL(P || Q) = sum_k P(k) log(P(k) / Q(k))
// between a contributor's batch histogram P and the subnet's reference Q on
// K bins, and the data pool split in proportion to the scores.
//
// - Smoothing (ASSUMPTION `score.smoothing`, epsilon): both histograms are
//   mixed with the uniform distribution, P' = (1 - eps) P + eps / K and the
//   same for Q, so every bin has mass and the score is finite even where the
//   reference has an empty bin; it is at most log(K / eps) nats.
// - The score is quantised to fixed point (kScoreOne = 1 nat, 32 fractional
//   bits, rounded down) before any sum, so the population's total, and hence
//   every share of the pool, is the same in any order and on any backend
//   (DESIGN.md principle 4). The logarithm is ts::pmath::log on both sides.
// - An optional cap (`score.cap`, 0 = none) bounds each contributor's score.
// - The data pool is split floor(pool * s_i / sum s); the remainders are dust.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"

namespace ts::twopm {

using Score = std::int64_t;                          // nats * 2^32
inline constexpr Score kScoreOne = Score{1} << 32;

// A probability mixed with the uniform distribution on K bins.
TS_HD_INLINE double smoothed(double probability, double eps, std::int32_t bins) {
  return (1.0 - eps) * probability + eps / static_cast<double>(bins);
}

// D_KL(P' || Q') of a batch's bin counts (n = their sum > 0) against the
// smoothed reference, given as log Q'(k). Terms are added in bin order;
// rounding can make a zero divergence a hair negative, which reads as 0.
TS_HD_INLINE double kl_divergence(const std::int64_t* counts, std::int64_t n, const double* log_reference,
                                  std::int32_t bins, double eps) {
  if (n <= 0) return 0.0;
  double kl = 0.0;
  for (std::int32_t k = 0; k < bins; ++k) {
    const double p = smoothed(static_cast<double>(counts[k]) / static_cast<double>(n), eps, bins);
    kl += p * (pmath::log(p) - log_reference[k]);
  }
  return kl > 0.0 ? kl : 0.0;
}

// A divergence in nats as fixed point, rounded down.
TS_HD_INLINE Score quantise_score(double nats) {
  if (!(nats > 0.0)) return 0;
  const double fixed = nats * static_cast<double>(kScoreOne);
  if (fixed >= 9.2e18) return INT64_MAX;
  return static_cast<Score>(fixed);
}

// The score the split uses: min(score, cap), or the score when cap is 0.
TS_HD_INLINE Score capped_score(Score score, Score cap) { return cap > 0 && score > cap ? cap : score; }

// A contributor's share of the round's data pool: floor(pool * s_i / sum s).
TS_HD_INLINE Micro data_payout(Micro pool, Score score, Score total) {
  if (pool <= 0 || score <= 0 || total <= 0) return 0;
  return mul_div_floor(pool, score, total);
}

}  // namespace ts::twopm
