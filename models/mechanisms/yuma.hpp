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

// Division by one denominator many times: floor(2^64 / d) once, then a
// 128-bit multiply per value, value / d ~ (value * recip) >> 64 in units of
// 2^-32 (at most one unit of 2^-32 below the exact quotient, never above).
// A 128-by-64-bit division per weight would dominate a tempo's cost.
TS_HD_INLINE std::uint64_t reciprocal(std::uint64_t d) {
  if (d <= 1) return ~std::uint64_t{0};
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(1) << 64) / d);
}
// value / d as a fraction of 2^32 (value <= d keeps it within [0, 1]).
TS_HD_INLINE Fixed quotient(std::uint64_t value, std::uint64_t recip) {
  return static_cast<Fixed>((static_cast<unsigned __int128>(value) * recip) >> 32);
}
// The same for a 32-bit value, from two 32 x 32-bit products: value * recip
// = value * hi * 2^32 + value * lo, so (value * recip) >> 32 = value * hi +
// (value * lo) >> 32 exactly, and mod 2^64 like quotient's cast. A loop of
// these vectorises (vpmuludq); the 128-bit product does not.
TS_HD_INLINE Fixed quotient32(std::uint32_t value, std::uint64_t recip) {
  const std::uint64_t lo = static_cast<std::uint64_t>(value) * static_cast<std::uint32_t>(recip);
  const std::uint64_t hi = static_cast<std::uint64_t>(value) * static_cast<std::uint32_t>(recip >> 32);
  return static_cast<Fixed>(hi + (lo >> 32));
}

// ---- one miner's column (MODEL.md 2.3): every quantity of Yuma but the
// normalisation of incentive and dividends is local to a miner's column of
// weights and bonds, so a GPU thread (or a CPU loop) takes one miner.
// Column values are fractions in 32 bits (Unit: value / 2^32, a full 1
// saturating at 2^32 - 1, like the chain's u16/u32 weights): products of
// two fit in 64 bits and a support sum compares 32-bit lanes, which the
// CPU vectorises and the GPU does natively.
using Unit = std::uint32_t;
inline constexpr Unit kUnitMax = 0xFFFFFFFFu;

TS_HD_INLINE Unit to_unit(Fixed x) { return x <= 0 ? 0u : (x >= kOne ? kUnitMax : static_cast<Unit>(x)); }
TS_HD_INLINE Unit mul_unit(Unit a, Unit b) {
  return static_cast<Unit>((static_cast<std::uint64_t>(a) * b) >> 32);
}

// Consensus C_j: the largest c with sum_i S_i [W_ij >= c] >= kappa. The
// support is monotone in c, so C_j is one of the column's weights; each
// weight evaluated either raises the lower bracket (enough support) or
// lowers the upper one, and weights outside the bracket are skipped:
// about 2 ln V support sums instead of V.
//
// The bracket test, weight by weight, is a branch no predictor learns, and
// it cost more than the sums. So a block of kConsensusBlock weights is
// tested at once (a loop of fixed length, which vectorises into a bit mask)
// and only the weights inside the bracket are visited, in index order,
// each tested again against the bracket as it stands then: the weights
// evaluated, and their order, are those of the weight-by-weight loop.
inline constexpr int kConsensusBlock = 16;

TS_HD_INLINE int lowest_set_bit(std::uint32_t x) {
#if defined(__CUDA_ARCH__)
  return __ffs(static_cast<int>(x)) - 1;
#else
  return __builtin_ctz(x);
#endif
}

TS_HD_INLINE Unit column_consensus(const Unit* stake, const Unit* w, int v, Fixed kappa) {
  Unit best = 0;                           // largest weight known to have support >= kappa
  std::uint64_t fail = std::uint64_t{1} << 32;   // smallest weight known to fall short
  const auto evaluate = [&](Unit c) {
    if (c <= best || c >= fail) return;
    // Branch-free sum: which validators reach c is data, not a pattern a
    // branch predictor can learn.
    std::uint64_t support = 0;
    for (int i = 0; i < v; ++i) support += stake[i] & (0u - static_cast<Unit>(w[i] >= c));   // [vectorises]
    if (support >= static_cast<std::uint64_t>(kappa)) best = c;
    else fail = c;
  };
  int a0 = 0;
  for (; a0 + kConsensusBlock <= v; a0 += kConsensusBlock) {
    // best < c < fail  <=>  c - best - 1 < fail - best - 1 in 32-bit
    // unsigned arithmetic (best < fail <= 2^32; c <= best wraps above).
    const Unit span = static_cast<Unit>(fail - best - 1);
    std::uint32_t inside = 0;
    for (int j = 0; j < kConsensusBlock; ++j)
      inside |= static_cast<std::uint32_t>(static_cast<Unit>(w[a0 + j] - best - 1u) < span) << j;
    for (; inside != 0; inside &= inside - 1) evaluate(w[a0 + lowest_set_bit(inside)]);
  }
  for (int a = a0; a < v; ++a) evaluate(w[a]);
  return best;
}

// Validator i's clipped support S_i min(W_ij, C_j) of a miner. Cheap enough
// to recompute where it is needed (the bond update), so a GPU thread keeps
// no per-validator array of it.
TS_HD_INLINE Unit clipped_support(Unit stake, Unit w, Unit consensus) {
  return mul_unit(stake, w < consensus ? w : consensus);
}

// The miner's rank R_j = sum_i S_i W'_ij, the sum of its clipped supports.
TS_HD_INLINE Fixed column_rank(const Unit* stake, const Unit* w, Unit consensus, int v) {
  Fixed rank = 0;
  for (int i = 0; i < v; ++i) rank += clipped_support(stake[i], w[i], consensus);   // [vectorises]
  return rank;
}

// Bond EMA of one validator on one miner: B <- alpha dB + (1 - alpha) B with
// dB = S_i W'_ij / R_j (its share of the miner's clipped support).
TS_HD_INLINE Unit bond_ema(Unit bond, Unit support, std::uint64_t rank_recip, Unit alpha) {
  const Unit delta = to_unit(quotient32(support, rank_recip));
  return mul_unit(alpha, delta) + mul_unit(static_cast<Unit>(kOne - alpha), bond);
}
// A column nobody supports: bonds decay.
TS_HD_INLINE Unit bond_decay(Unit bond, Unit alpha) { return mul_unit(static_cast<Unit>(kOne - alpha), bond); }

struct Outputs {
  Fixed* consensus;   // [M]
  Fixed* incentive;   // [M], sums to 1 (or all 0)
  Fixed* dividends;   // [V], sums to 1 (or all 0)
};

// One epoch on whole matrices, composed of the column functions above (the
// model runs the same functions column by column). `stake` [V] and `w`
// [V x M] normalised by the caller (use normalise); `bonds` [V x M] is
// updated in place; `scratch` holds V x M + 2 V.
TS_HD_INLINE void epoch(const Fixed* stake, const Fixed* w, Fixed* bonds, int v, int m, Fixed kappa, Fixed alpha,
                        Fixed* scratch, Outputs out) {
  Unit* support = reinterpret_cast<Unit*>(scratch);      // [M x V], column-major
  Unit* column = support + v * m;                         // [V]
  Unit* stake_unit = column + v;                          // [V]
  for (int i = 0; i < v; ++i) stake_unit[i] = to_unit(stake[i]);
  const Unit alpha_unit = to_unit(alpha);
  for (int j = 0; j < m; ++j) {
    for (int i = 0; i < v; ++i) column[i] = to_unit(w[i * m + j]);
    const Unit c = column_consensus(stake_unit, column, v, kappa);
    out.consensus[j] = c;
    out.incentive[j] = column_rank(stake_unit, column, c, v);
    for (int i = 0; i < v; ++i) support[j * v + i] = clipped_support(stake_unit[i], column[i], c);
    const std::uint64_t recip = reciprocal(static_cast<std::uint64_t>(out.incentive[j]));
    for (int i = 0; i < v; ++i) {
      const Unit b = to_unit(bonds[i * m + j]);
      bonds[i * m + j] = out.incentive[j] == 0 ? bond_decay(b, alpha_unit)
                                               : bond_ema(b, support[j * v + i], recip, alpha_unit);
    }
  }
  normalise(out.incentive, m);
  // Dividends: bonds weighted by incentive.
  for (int i = 0; i < v; ++i) {
    Fixed d = 0;
    for (int j = 0; j < m; ++j) d += mul_unit(to_unit(bonds[i * m + j]), to_unit(out.incentive[j]));
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
