#pragma once
// Yuma consensus (MODEL.md 2.3; Bittensor's subtensor epoch) in fixed point,
// as the chain computes it, so CPU and GPU agree bit for bit. Values are
// fractions with 32 fractional bits (int64, 1.0 = 2^32); products go
// through 128-bit integers and are rounded down.
//
// Per tempo, with V validators and M miners:
//   S_i      validator stake, normalised to sum 1
//   W_ij     weights, each validator's row normalised to sum 1
//   C_j      consensus: the largest c with  sum_i S_i [W_ij >= c]  >= kappa
//   W'_ij    clipped weight min(W_ij, C_j)
//   R_j      rank  sum_i S_i W'_ij;   I_j = R_j / sum_k R_k   (incentive)
//   dB_ij    S_i W'_ij / sum_k S_k W'_kj   (a validator's share of miner j's support)
//   B_ij  <- alpha dB_ij + (1 - alpha) B_ij   (bonds, an EMA)
//   D_i      sum_j B_ij I_j, normalised to sum 1   (dividends)
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/macros.hpp"

namespace ts::yuma {

using Fixed = std::int64_t;                       // value * 2^32
inline constexpr Fixed kOne = Fixed{1} << 32;

TS_HD_INLINE Fixed mul(Fixed a, Fixed b) {
  return static_cast<Fixed>((static_cast<__int128>(a) * b) >> 32);
}
TS_HD_INLINE Fixed div(Fixed a, Fixed b) {
  return b == 0 ? 0 : static_cast<Fixed>((static_cast<__int128>(a) << 32) / b);
}

// Normalise a non-negative vector to sum 1 (all zero stays zero).
TS_HD_INLINE void normalise(Fixed* x, int n) {
  Fixed total = 0;
  for (int i = 0; i < n; ++i) total += x[i];
  if (total == 0) return;
  for (int i = 0; i < n; ++i) x[i] = div(x[i], total);
}

// Consensus of miner j: the largest weight c among the validators' weights
// on j such that the stake of validators with W_ij >= c reaches kappa
// (0 when even c = 0's support, all stake, would not). w is row-major V x M.
TS_HD_INLINE Fixed consensus(const Fixed* stake, const Fixed* w, int v, int m, int j, Fixed kappa) {
  Fixed best = 0;
  for (int a = 0; a < v; ++a) {
    const Fixed c = w[a * m + j];
    if (c <= best) continue;
    Fixed support = 0;
    for (int i = 0; i < v; ++i)
      if (w[i * m + j] >= c) support += stake[i];
    if (support >= kappa) best = c;
  }
  return best;
}

struct Outputs {
  Fixed* consensus;   // [M]
  Fixed* incentive;   // [M], sums to 1 (or all 0)
  Fixed* dividends;   // [V], sums to 1 (or all 0)
};

// One epoch. `stake` [V] and `w` [V x M] normalised by the caller (use
// normalise); `bonds` [V x M] is updated in place; `scratch` holds V x M.
TS_HD_INLINE void epoch(const Fixed* stake, const Fixed* w, Fixed* bonds, int v, int m, Fixed kappa, Fixed alpha,
                        Fixed* scratch, Outputs out) {
  for (int j = 0; j < m; ++j) out.consensus[j] = consensus(stake, w, v, m, j, kappa);
  // Clipped weights and ranks.
  for (int j = 0; j < m; ++j) {
    Fixed rank = 0;
    for (int i = 0; i < v; ++i) {
      const Fixed clipped = w[i * m + j] < out.consensus[j] ? w[i * m + j] : out.consensus[j];
      scratch[i * m + j] = mul(stake[i], clipped);   // S_i W'_ij
      rank += scratch[i * m + j];
    }
    out.incentive[j] = rank;
  }
  normalise(out.incentive, m);
  // Bonds: EMA toward each validator's share of the miner's clipped support.
  for (int j = 0; j < m; ++j) {
    Fixed column = 0;
    for (int i = 0; i < v; ++i) column += scratch[i * m + j];
    for (int i = 0; i < v; ++i) {
      const Fixed delta = div(scratch[i * m + j], column);
      bonds[i * m + j] = mul(alpha, delta) + mul(kOne - alpha, bonds[i * m + j]);
    }
  }
  // Dividends: bonds weighted by incentive.
  for (int i = 0; i < v; ++i) {
    Fixed d = 0;
    for (int j = 0; j < m; ++j) d += mul(bonds[i * m + j], out.incentive[j]);
    out.dividends[i] = d;
  }
  normalise(out.dividends, v);
}

// Split of a tempo's emission (MODEL.md 2.3, seed 003): 18% to the subnet
// owner, 41% to validators (dividends), 41% to miners (incentive); the
// rounding remainder goes to the owner.
struct TempoSplit {
  Micro owner, validators, miners;
};
TS_HD_INLINE TempoSplit split_tempo_emission(Micro emission) {
  TempoSplit s;
  s.validators = emission * 41 / 100;
  s.miners = emission * 41 / 100;
  s.owner = emission - s.validators - s.miners;
  return s;
}

}  // namespace ts::yuma
