// Rounding the exact sums of exact_sum.hpp to doubles, once: big unsigned
// integers as little-endian 64-bit words, long division by 64-bit divisors
// with the remainder kept as a sticky bit, and IEEE round-to-nearest-even of
// q * 2^scale (subnormal results and overflow to infinity included).
#include "stats/exact_sum.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace ts::stats {

namespace {

using Big = std::vector<std::uint64_t>;   // unsigned, little end first

template <int W, int L>
Big magnitude(const LongFixed<W, L>& x, bool& negative) {
  Big m(x.word, x.word + W);
  negative = x.negative();
  if (negative) {   // two's complement: invert and add one
    std::uint64_t carry = 1;
    for (auto& w : m) {
      w = ~w + carry;
      carry = (carry != 0 && w == 0) ? 1 : 0;
    }
  }
  return m;
}

bool is_zero(const Big& a) {
  for (std::uint64_t w : a)
    if (w != 0) return false;
  return true;
}

// a * b, schoolbook.
Big multiply(const Big& a, const Big& b) {
  Big r(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == 0) continue;
    unsigned __int128 carry = 0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      const unsigned __int128 t = static_cast<unsigned __int128>(a[i]) * b[j] + r[i + j] + carry;
      r[i + j] = static_cast<std::uint64_t>(t);
      carry = t >> 64;
    }
    for (std::size_t k = i + b.size(); carry != 0; ++k) {
      const unsigned __int128 t = static_cast<unsigned __int128>(r[k]) + carry;
      r[k] = static_cast<std::uint64_t>(t);
      carry = t >> 64;
    }
  }
  return r;
}

// a - b for a >= b (sizes may differ).
Big subtract(Big a, const Big& b) {
  std::uint64_t borrow = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const std::uint64_t bk = k < b.size() ? b[k] : 0;
    const std::uint64_t d = a[k] - bk;
    const std::uint64_t b1 = a[k] < bk ? 1 : 0;
    a[k] = d - borrow;
    borrow = b1 | (d < borrow ? 1 : 0);
  }
  return a;
}

// floor(a / d); `sticky` is set when the remainder is not zero.
Big divide(const Big& a, std::uint64_t d, bool& sticky) {
  Big q(a.size(), 0);
  unsigned __int128 rem = 0;
  for (std::size_t k = a.size(); k-- > 0;) {
    const unsigned __int128 cur = (rem << 64) | a[k];
    q[k] = static_cast<std::uint64_t>(cur / d);
    rem = cur % d;
  }
  if (rem != 0) sticky = true;
  return q;
}

// a * 2^(64 words) : room below the units for the quotient's rounding bits.
Big widen(const Big& a, std::size_t words) {
  Big r(words, 0);
  r.insert(r.end(), a.begin(), a.end());
  return r;
}

bool bit(const Big& a, long i) {
  if (i < 0) return false;
  const std::size_t w = static_cast<std::size_t>(i / 64);
  return w < a.size() && ((a[w] >> (i % 64)) & 1) != 0;
}

bool any_below(const Big& a, long i) {   // a bit below position i is set
  const long full = i / 64, size = static_cast<long>(a.size());
  for (long w = 0; w < full && w < size; ++w)
    if (a[static_cast<std::size_t>(w)] != 0) return true;
  if (full < size && i % 64 != 0) {
    const std::uint64_t mask = (std::uint64_t{1} << (i % 64)) - 1;
    if ((a[static_cast<std::size_t>(full)] & mask) != 0) return true;
  }
  return false;
}

long top_bit(const Big& a) {
  for (std::size_t w = a.size(); w-- > 0;)
    if (a[w] != 0) return static_cast<long>(w) * 64 + 63 - __builtin_clzll(a[w]);
  return -1;
}

// q * 2^scale rounded to nearest even; `sticky`: the true value is above
// q * 2^scale by less than one unit (q is a truncated quotient).
double round_to_double(const Big& q, long scale, bool sticky) {
  const long p = top_bit(q);
  if (p < 0) return 0.0;   // callers widen q, so a nonzero value never truncates to 0
  if (p + scale > 1023) return std::numeric_limits<double>::infinity();
  long cut = p - 52;                              // keep 53 bits ...
  if (cut + scale < -1074) cut = -1074 - scale;   // ... or down to 2^-1074 for a subnormal
  std::uint64_t m = 0;
  for (long i = p; i >= cut && i >= 0; --i) m = (m << 1) | (bit(q, i) ? 1 : 0);
  if (cut < 0) m <<= -cut;   // q has fewer bits than the cut: exact
  const bool half = cut > 0 && bit(q, cut - 1);
  const bool more = sticky || (cut > 1 && any_below(q, cut - 1));
  if (half && (more || (m & 1) != 0)) ++m;        // m may reach 2^53: ldexp handles it
  return std::ldexp(static_cast<double>(m), static_cast<int>(cut + scale));
}

constexpr std::size_t kRoom = 3;   // words of fraction below the units before dividing (n up to 2^64)

}  // namespace

double rounded_sum(const SumOfValues& s) {
  bool negative = false;
  const Big m = magnitude(s, negative);
  const double r = round_to_double(m, SumOfValues::kLsb, false);
  return negative ? -r : r;
}

Moments moments_of(const MomentSums& s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.n == 0 || s.nan > 0) return {nan, nan, nan};
  if (s.pos_inf > 0 || s.neg_inf > 0) {
    const double inf = std::numeric_limits<double>::infinity();
    return {s.pos_inf > 0 && s.neg_inf > 0 ? nan : (s.pos_inf > 0 ? inf : -inf), nan, nan};
  }
  // mean = sum / n, one rounding.
  bool negative = false;
  const Big sum = magnitude(s.sum, negative);
  bool sticky = false;
  const Big q = divide(widen(sum, kRoom), s.n, sticky);
  double mean = round_to_double(q, SumOfValues::kLsb - 64 * static_cast<long>(kRoom), sticky);
  if (negative) mean = -mean;
  if (s.n == 1) return {mean, nan, nan};
  // var = (n sum(x^2) - sum(x)^2) / (n (n - 1)), exact up to one rounding;
  // both terms in units of 2^-2148. The numerator is >= 0 (Cauchy-Schwarz)
  // and exactly 0 when every value is the same.
  bool unused = false;
  const Big squares = magnitude(s.sum_squares, unused);
  const Big n_squares = multiply(squares, Big{s.n});
  const Big numerator = subtract(n_squares, multiply(sum, sum));
  double var = 0.0;
  if (!is_zero(numerator)) {
    bool inexact = false;
    const Big v = divide(divide(widen(numerator, kRoom), s.n, inexact), s.n - 1, inexact);
    var = round_to_double(v, SumOfSquares::kLsb - 64 * static_cast<long>(kRoom), inexact);
  }
  const double sd = std::sqrt(var);
  return {mean, sd, sd / std::sqrt(static_cast<double>(s.n))};
}

}  // namespace ts::stats
