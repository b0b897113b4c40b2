#pragma once
// Token amounts are int64 micro-tokens (MODEL.md 1, "Units and the ledger"):
// 1e9 tokens = 1e15 micro-tokens, far inside int64. Every cross-agent sum is
// over integers, so its order cannot change the result (DESIGN.md principle 4).
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/saturating_cast.hpp"

namespace ts {

using Micro = std::int64_t;                    // micro-tokens
inline constexpr Micro kMicroPerToken = 1000000;

// USD figures that enter cross-agent sums are carried in micro-USD for the
// same reason: an integer sum is the same on any backend and in any order.
using MicroUsd = std::int64_t;
inline constexpr double kMicroUsdPerUsd = 1e6;

// Fractions applied to integer amounts are fixed point with 32 fractional bits.
using Fraction32 = std::uint64_t;              // value = f / 2^32, in [0, 2^32]
inline constexpr Fraction32 kFractionOne = Fraction32{1} << 32;

TS_HD_INLINE double to_tokens(Micro m) { return static_cast<double>(m) * 1e-6; }

// A fixed-point fraction as a double (exact: a division by a power of two).
TS_HD_INLINE double fraction_as_double(Fraction32 f) {
  return static_cast<double>(f) / static_cast<double>(kFractionOne);
}

// A probability or share as a fixed-point fraction, rounded down, computed
// in a step (both backends see the same double and the same conversion).
TS_HD_INLINE Fraction32 fraction_of_probability(double prob) {
  if (!(prob > 0.0)) return 0;
  if (prob >= 1.0) return kFractionOne;
  return trunc_to<std::uint64_t>(prob * static_cast<double>(kFractionOne));
}

// floor(a * b / c) without overflow, for a, b >= 0 and c > 0: the pro-rata
// share of a budget `b` owed to a claim `a` out of total claims `c`.
TS_HD_INLINE Micro mul_div_floor(Micro a, Micro b, Micro c) {
  if (c <= 0) return 0;  // nobody to share with (and no trap: models/core/quotient.hpp)
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * static_cast<unsigned __int128>(b);
  // A product that fits 64 bits (the usual case) takes the one-instruction
  // 64-bit division instead of the 128-bit library call; the same quotient.
  if ((p >> 64) == 0) return static_cast<Micro>(static_cast<std::uint64_t>(p) / static_cast<std::uint64_t>(c));
  return static_cast<Micro>(p / static_cast<unsigned __int128>(c));
}

// floor(amount * part / whole) for 0 <= part <= whole, computed in double:
// the split of a small amount by a ratio of two balances (stakers' share of
// a reward, a provider's share of token-paid rentals). The same operations
// in the same order give the same bits on both backends, the result never
// exceeds `amount`, and the remainder stays where the amount came from.
TS_HD_INLINE Micro share_floor(Micro amount, Micro part, Micro whole) {
  if (amount <= 0 || part <= 0 || whole <= 0) return 0;
  if (part >= whole) return amount;
  const double ratio = static_cast<double>(part) / static_cast<double>(whole);
  const Micro r = trunc_to<Micro>(static_cast<double>(amount) * ratio);
  return r < amount ? r : amount;
}

// floor(amount * f / 2^32) for a fixed-point fraction f in [0, 2^32].
TS_HD_INLINE Micro apply_fraction(Micro amount, Fraction32 f) {
  const unsigned __int128 p = static_cast<unsigned __int128>(amount) * f;
  return static_cast<Micro>(p >> 32);
}

// A double in [0, 1] as a fixed-point fraction, rounded down; used on the
// host when Params are built and inside the step where a ratio of two
// integers must become a fraction (both backends see the same integers).
TS_HD_INLINE Fraction32 fraction_from_ratio(Micro num, Micro den) {
  if (den <= 0 || num <= 0) return 0;
  if (num >= den) return kFractionOne;
  return static_cast<Fraction32>((static_cast<unsigned __int128>(num) << 32) /
                                 static_cast<unsigned __int128>(den));
}

// A non-negative USD value (or token count) as micro units, rounded down.
// Saturates instead of overflowing so that a runaway price is a finding, not UB.
TS_HD_INLINE std::int64_t to_micro_floor(double units) {
  if (!(units > 0.0)) return 0;                 // also maps NaN to 0
  const double m = units * 1e6;
  if (m >= 9.2e18) return INT64_MAX;
  return static_cast<std::int64_t>(m);          // truncation == floor for m >= 0
}

// Signed USD value as micro-USD, truncated toward zero, saturating.
TS_HD_INLINE std::int64_t to_micro_signed(double units) {
  const double m = units * 1e6;
  if (!(m == m)) return 0;
  if (m >= 9.2e18) return INT64_MAX;
  if (m <= -9.2e18) return -INT64_MAX;
  return static_cast<std::int64_t>(m);
}

}  // namespace ts
