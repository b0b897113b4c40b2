#pragma once
// How validators weight a miner (MODEL.md 2.3): honest validators send
// challenges indistinguishable from normal traffic and score the answers
// (seed 003), so they see a miner's true quality q_j through noise;
// colluding validators put their weight on the cartel's miners only.
#include <cstdint>

#include "models/core/rng.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/engine/path_context.hpp"
#include "models/protocols/bittensor/params.hpp"
#include "models/protocols/bittensor/state.hpp"

namespace ts::bittensor {

inline constexpr std::uint16_t kMaxWeight = 0xFFFF;

// An honest validator's weight: q (1 + noise sqrt(3) (2u - 1)), u uniform:
// a multiplicative error with standard deviation `noise` (uniform noise,
// ASSUMPTION: bounded, and 8 draws per Philox call keep 64 x 192 weights
// per tempo cheap), clamped to [0, 1] and quantised to u16.
TS_HD_INLINE std::uint16_t honest_weight(double quality, double noise, std::uint32_t u16) {
  const double u = (static_cast<double>(u16) + 0.5) * (1.0 / 65536.0);
  double score = quality * (1.0 + noise * 1.7320508075688772 * (2.0 * u - 1.0));
  // Clamped to [0, 1], NaN to 0, so the conversion is in range: branch-free
  // and the same value trunc_to would give (a loop of these vectorises).
  score = score > 0.0 ? score : 0.0;
  score = score < 1.0 ? score : 1.0;
  return static_cast<std::uint16_t>(static_cast<std::int32_t>(score * 65535.0 + 0.5));
}

// The column of weights the validators set on miner `slot` this tempo: the
// Philox words first (8 weights per call, validator i from the 16-bit half
// i % 2 of word (i % 8) / 2 of call i / 8), then the weights in one loop.
TS_HD_INLINE void set_column_weights(const Params& p, const PathContext& ctx, std::int32_t t, std::int32_t slot,
                                     Miner& m) {
  std::uint32_t words[kMaxValidators / 2];
  for (std::int32_t g = 0; g * 8 < p.n_validators; ++g) {
    const RandomWords w = draw_words(ctx.key, ctx.path, static_cast<std::uint32_t>(t),
                                     static_cast<std::uint32_t>(slot), Stream::kScores, static_cast<std::uint32_t>(g));
    for (int k = 0; k < 4; ++k) words[4 * g + k] = w.w[k];
  }
  const std::uint16_t cartel = m.colluding ? kMaxWeight : 0;
  for (std::int32_t i = 0; i < p.n_validators; ++i) {   // [vectorises]
    const std::uint32_t u16 = (words[i / 2] >> (16 * (i % 2))) & 0xFFFFu;
    const std::uint16_t honest = honest_weight(m.quality, p.score_noise, u16);
    m.weight[i] = p.validator_colluding[i] ? cartel : honest;
  }
}

}  // namespace ts::bittensor
