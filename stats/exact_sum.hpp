#pragma once
// Exact sums of doubles and of their squares (DESIGN.md "Statistics"): a
// long fixed-point accumulator in the spirit of Kulisch's, wide enough for
// every finite double (or product of two) and 2^64 additions, so that a sum
// is one integer whatever the order of its terms. Merging two accumulators
// adds their integers: any partition of the paths into threads, batches,
// devices, ranks, shards or resumed runs gives the same bits. The mean and
// standard deviation are rounded once, from the exact sums (exact_sum.cpp).
//
// A double x = m 2^e with an integer m < 2^53 and e >= -1074; x^2 = m^2 2^2e
// with m^2 < 2^106 and 2e >= -2148. The sum of x is kept in units of 2^-1074
// and the sum of x^2 in units of 2^-2148, as two's-complement integers of
// 64-bit words (little end first). NaN and infinities are counted apart.
#include <cstdint>
#include <cstring>

#include "models/core/macros.hpp"

namespace ts::stats {

// A two's-complement integer of `Words` 64-bit words, value times 2^Lsb.
template <int Words, int Lsb>
struct LongFixed {
  static constexpr int kWords = Words;
  static constexpr int kLsb = Lsb;
  std::uint64_t word[Words] = {};

  // += (negative ? -1 : 1) * magnitude * 2^exponent, exponent >= Lsb, the
  // magnitude below 2^106.
  TS_HD_INLINE void add(unsigned __int128 magnitude, bool negative, int exponent) {
    if (magnitude == 0) return;
    const int shift = exponent - Lsb;
    const int at = shift / 64, bit = shift % 64;
    // magnitude << bit spans at most three words.
    const std::uint64_t lo = static_cast<std::uint64_t>(magnitude);
    const std::uint64_t hi = static_cast<std::uint64_t>(magnitude >> 64);
    std::uint64_t part[3];
    part[0] = lo << bit;
    part[1] = bit == 0 ? hi : (hi << bit) | (lo >> (64 - bit));
    part[2] = bit == 0 ? 0 : hi >> (64 - bit);
    if (!negative) {
      std::uint64_t carry = 0;
      for (int k = 0; k < Words - at; ++k) {
        const std::uint64_t p = k < 3 ? part[k] : 0;
        if (k >= 3 && carry == 0) break;
        const std::uint64_t s = word[at + k] + p;
        const std::uint64_t c1 = s < p ? 1 : 0;
        const std::uint64_t t = s + carry;
        const std::uint64_t c2 = t < s ? 1 : 0;
        word[at + k] = t;
        carry = c1 | c2;
      }
    } else {
      std::uint64_t borrow = 0;
      for (int k = 0; k < Words - at; ++k) {
        const std::uint64_t p = k < 3 ? part[k] : 0;
        if (k >= 3 && borrow == 0) break;
        const std::uint64_t w = word[at + k];
        const std::uint64_t d = w - p;
        const std::uint64_t b1 = w < p ? 1 : 0;
        const std::uint64_t t = d - borrow;
        const std::uint64_t b2 = d < borrow ? 1 : 0;
        word[at + k] = t;
        borrow = b1 | b2;
      }
    }
  }

  TS_HD_INLINE void merge(const LongFixed& o) {
    std::uint64_t carry = 0;
    for (int k = 0; k < Words; ++k) {
      const std::uint64_t s = word[k] + o.word[k];
      const std::uint64_t c1 = s < o.word[k] ? 1 : 0;
      const std::uint64_t t = s + carry;
      word[k] = t;
      carry = c1 | (t < s ? 1 : 0);
    }
  }

  TS_HD_INLINE bool negative() const { return (word[Words - 1] >> 63) != 0; }
};

// The sum of x: 2^-1074 .. 2^1024 and 64 bits of count headroom, plus a sign: 2,163 bits.
using SumOfValues = LongFixed<34, -1074>;
// The sum of x^2: 2^-2148 .. 2^2048, 64 bits of headroom, sign: 4,261 bits.
using SumOfSquares = LongFixed<67, -2148>;

// x = m 2^e for a finite double (m < 2^53).
struct Decomposed {
  std::uint64_t mantissa;
  int exponent;
  bool negative;
};

// decompose()'s exponent of an infinity (NaN has it too; callers test NaN first).
inline constexpr int kInfinityExponent = 2047 - 1075;

TS_HD_INLINE Decomposed decompose(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  const int e = static_cast<int>((b >> 52) & 0x7ff);
  const std::uint64_t f = b & 0x000fffffffffffffULL;
  Decomposed d;
  d.negative = (b >> 63) != 0;
  d.mantissa = e == 0 ? f : (f | (std::uint64_t{1} << 52));
  d.exponent = e == 0 ? -1074 : e - 1075;
  return d;
}

// n, the exact sums, and the values no integer holds.
struct MomentSums {
  std::uint64_t n = 0;          // every value, NaN and infinities included
  std::uint64_t nan = 0;
  std::uint64_t pos_inf = 0;
  std::uint64_t neg_inf = 0;
  SumOfValues sum;
  SumOfSquares sum_squares;

  TS_HD_INLINE void add(double x) {
    ++n;
    if (x != x) {
      ++nan;
      return;
    }
    const Decomposed d = decompose(x);
    if (d.exponent == kInfinityExponent) {   // infinity (NaN was handled above)
      ++(d.negative ? neg_inf : pos_inf);
      return;
    }
    sum.add(d.mantissa, d.negative, d.exponent);
    const unsigned __int128 m = d.mantissa;
    sum_squares.add(m * m, false, 2 * d.exponent);
  }

  TS_HD_INLINE void merge(const MomentSums& o) {
    n += o.n;
    nan += o.nan;
    pos_inf += o.pos_inf;
    neg_inf += o.neg_inf;
    sum.merge(o.sum);
    sum_squares.merge(o.sum_squares);
  }
};

// A faster way to add many values into one MomentSums (the CPU's batches):
// the values' mantissas summed per exponent in 128-bit integers, one slot
// per IEEE exponent, and only the slots in use added to the long
// accumulators at flush(). Exact like MomentSums::add, so the result is the
// same integer, hence the same words. A slot's squares (m^2 < 2^106) may
// take 2^22 additions before 128 bits overflow: flush() runs every 2^21.
// 64 KiB: one per thread, reused for every cell it fills.
class MomentScratch {
 public:
  void add(double x, MomentSums& into) {
    ++into.n;
    if (x != x) {
      ++into.nan;
      return;
    }
    const Decomposed d = decompose(x);
    if (d.exponent == kInfinityExponent) {
      ++(d.negative ? into.neg_inf : into.pos_inf);
      return;
    }
    const int e = d.exponent + 1074;   // slot 0 .. 2045: one per scale 2^exponent
    if (!used_[e]) {
      used_[e] = true;
      touched_[n_touched_++] = static_cast<std::uint16_t>(e);
    }
    sum_[e] += d.negative ? -static_cast<__int128>(d.mantissa) : static_cast<__int128>(d.mantissa);
    sq_[e] += static_cast<unsigned __int128>(d.mantissa) * d.mantissa;
    if (++adds_ == kFlushEvery) flush(into);
  }
  void flush(MomentSums& into) {
    for (int k = 0; k < n_touched_; ++k) {
      const int e = touched_[k];
      const int exponent = e - 1074;
      const __int128 s = sum_[e];
      into.sum.add(s < 0 ? -static_cast<unsigned __int128>(s) : static_cast<unsigned __int128>(s), s < 0, exponent);
      into.sum_squares.add(sq_[e], false, 2 * exponent);
      sum_[e] = 0;
      sq_[e] = 0;
      used_[e] = false;
    }
    n_touched_ = 0;
    adds_ = 0;
  }

 private:
  static constexpr std::uint32_t kFlushEvery = std::uint32_t{1} << 21;
  __int128 sum_[2047] = {};
  unsigned __int128 sq_[2047] = {};
  bool used_[2047] = {};
  std::uint16_t touched_[2047] = {};
  int n_touched_ = 0;
  std::uint32_t adds_ = 0;
};

// The figures of the old end-of-run summary, each rounded once from the
// exact sums: the mean correctly rounded, the sample variance (n - 1)
// correctly rounded before its square root. NaN anywhere makes every figure
// NaN; infinities give an infinite mean (NaN if both signs) and NaN spread;
// one finite value gives NaN spread. sem = std / sqrt(n).
struct Moments {
  double mean, std, sem;
};
Moments moments_of(const MomentSums& s);

// The exact sum of the finite values, correctly rounded (for tests and for
// a mean of differences).
double rounded_sum(const SumOfValues& s);

}  // namespace ts::stats
