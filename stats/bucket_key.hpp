#pragma once
// The bucket of a value in a quantile sketch's bucket form (DESIGN.md
// "Statistics"): the IEEE-754 bits of the value cut to its sign, exponent
// and top `m` mantissa bits, so a bucket spans a relative width of 2^-m of
// its values (m = 10: about 0.1%); host and device compute the same key.
//
// Keys are signed and ordered like the values: 0 is exactly zero (either
// sign), k > 0 the positive bucket holding bits [(k-1) << s, k << s) with
// s = 52 - m, -k its mirror. +inf has a bucket of its own (its bits are a
// multiple of 2^s); NaN has no key (sketches count it apart).
#include <cstdint>
#include <cstring>

#include "models/core/macros.hpp"

namespace ts::stats {

inline constexpr int kDefaultBucketBits = 10;

TS_HD_INLINE std::int64_t bucket_key(double x, int m) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  const std::uint64_t magnitude = b & 0x7fffffffffffffffULL;
  if (magnitude == 0) return 0;
  const std::int64_t k = static_cast<std::int64_t>(magnitude >> (52 - m)) + 1;
  return (b >> 63) != 0 ? -k : k;
}

// The value a bucket stands for: the midpoint of its edges, so every value
// in it is within half a bucket (relative 2^-(m+1) for normal values; the
// lowest buckets hold subnormals, within 2^(52-m) units of 2^-1074).
TS_HD_INLINE double bucket_value(std::int64_t key, int m) {
  if (key == 0) return 0.0;
  const std::uint64_t k = static_cast<std::uint64_t>(key < 0 ? -key : key);
  const int s = 52 - m;
  constexpr std::uint64_t kInfBits = 0x7ff0000000000000ULL;
  const std::uint64_t lo_bits = (k - 1) << s;
  // The last bucket below +inf ends at the largest finite double.
  const std::uint64_t hi_bits = (k << s) < kInfBits ? (k << s) : kInfBits - 1;
  double lo, hi;
  std::memcpy(&lo, &lo_bits, sizeof lo);   // lo_bits == kInfBits: +inf's own bucket
  std::memcpy(&hi, &hi_bits, sizeof hi);
  const double v = lo_bits >= kInfBits ? lo : lo + (hi - lo) / 2.0;
  return key < 0 ? -v : v;
}

}  // namespace ts::stats
