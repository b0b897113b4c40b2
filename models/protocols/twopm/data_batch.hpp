#pragma once
// Data contributors' batches (MODEL.md 2.8): each contributor draws its data
// from a source of its own, a distribution on the K bins of the subnet's
// data schema, and each round it submits a batch of `samples_per_batch`
// records: a multinomial sample of its source, binned.
//
// - Honest source (ASSUMPTION): Dirichlet(alpha * Q), the standard model of
//   non-identical client data in federated learning (Hsu, Qi and Brown 2019,
//   "Measuring the effects of non-identical data distribution"): near the
//   reference Q for a large alpha, each contributor skewed its own way for a
//   small one. Drawn once, at genesis.
// - Poison source (MODEL.md 1 "Attackers", `poison`): junk far from Q. A
//   fraction `junk_share` of its records fall in Q's least likely bin, the
//   rest follow Q: (1 - j) Q + j e_min. With j = 1 this is the batch of the
//   largest possible score, log(1 / Q'_min): the attacker the seed's rule
//   invites.
// The multinomial is drawn bin by bin as Binomial(remaining records,
// p_k / remaining mass), the variates of models/core/variates.hpp (exact
// inversion for small means, their documented normal approximation above).
#include <cstdint>

#include "models/core/rng.hpp"
#include "models/core/variates.hpp"
#include "models/engine/path_context.hpp"
#include "models/protocols/twopm/params.hpp"

namespace ts::twopm {

// Conditional bin probabilities of a distribution, for drawing a batch bin by
// bin: cond[k] = p_k / (1 - sum_{j<k} p_j), the last bin takes the rest.
TS_HD_INLINE void conditional_bins(const double* probability, std::int32_t bins, double* cond) {
  double rest = 1.0;
  for (std::int32_t k = 0; k < bins; ++k) {
    const double c = rest > 0.0 ? probability[k] / rest : 0.0;
    cond[k] = c < 0.0 ? 0.0 : (c > 1.0 ? 1.0 : c);
    rest -= probability[k];
  }
  cond[bins - 1] = 1.0;
}

// An honest contributor's source ~ Dirichlet(alpha * Q), from K Gamma
// variates keyed by its slot at genesis (a bin with Q = 0 gets no mass).
TS_HD_INLINE void honest_source(const Params& p, const PathContext& ctx, std::int32_t slot, double* cond) {
  double x[kMaxBins];
  double total = 0.0;
  for (std::int32_t k = 0; k < p.bins; ++k) {
    const double shape = p.dirichlet_alpha * p.reference[k];
    x[k] = shape > 0.0 ? gamma_variate(shape, ctx.key, ctx.path, 0u, static_cast<std::uint32_t>(slot),
                                       static_cast<std::uint32_t>(k))
                       : 0.0;
    total += x[k];
  }
  for (std::int32_t k = 0; k < p.bins; ++k) x[k] = total > 0.0 ? x[k] / total : p.reference[k];
  conditional_bins(x, p.bins, cond);
}

// A poison contributor's source: (1 - junk_share) Q + junk_share in Q's
// least likely bin.
TS_HD_INLINE void poison_source(const Params& p, double* cond) {
  double x[kMaxBins];
  for (std::int32_t k = 0; k < p.bins; ++k)
    x[k] = (1.0 - p.junk_share) * p.reference[k] + (k == p.junk_bin ? p.junk_share : 0.0);
  conditional_bins(x, p.bins, cond);
}

// One round's batch of `samples_per_batch` records from a source: counts per
// bin. Uniforms: Stream::kScores of (path, round, slot), sub-draws 1.. (sub
// 0 is the contributor's decision to submit), four per Philox call.
TS_HD_INLINE void draw_batch(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                             const double* cond, std::int64_t* counts) {
  std::int64_t remaining = p.samples_per_batch;
  RandomWords w{};
  for (std::int32_t k = 0; k + 1 < p.bins; ++k) {
    if (k % 4 == 0)
      w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(slot),
                     Stream::kScores, 1u + static_cast<std::uint32_t>(k / 4));
    const std::int64_t c = remaining > 0 ? binomial(remaining, cond[k], uniform_open32(w.w[k % 4])) : 0;
    counts[k] = c;
    remaining -= c;
  }
  counts[p.bins - 1] = remaining;
}

}  // namespace ts::twopm
