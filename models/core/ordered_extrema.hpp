#pragma once
// Max, min and comparison of doubles in IEEE 754's totalOrder, so that a
// reduction gives the same bits in any order (DESIGN.md principle 4).
//
// Why: `if (o.x > x) x = o.x` keeps whichever of -0.0 and +0.0 came first
// (they compare equal), and skips a NaN or keeps it depending on where it
// stood, so a block reduction in the GPU's tree order and the CPU's
// sequential loop can end with different bits. Here:
//   -inf < ... < -0.0 < +0.0 < ... < +inf, and NaN propagates: if either
//   operand is NaN the result is the canonical quiet NaN (every NaN the same,
//   as in portable_math.hpp), which makes the reduction commutative and
//   associative, hence order-free.
// ordered_less ranks NaN above +inf, so ties broken by a second key (the
// lottery's slot) stay order-free too.
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/portable_math.hpp"

namespace ts {

// A signed integer whose order is totalOrder on non-NaN doubles; every NaN
// maps above +inf.
TS_HD_INLINE std::int64_t total_order_key(double x) {
  if (pmath::detail::is_nan(x)) return INT64_MAX;
  const std::int64_t b = static_cast<std::int64_t>(pmath::bits_of(x));
  return b >= 0 ? b : b ^ INT64_MAX;  // negative: larger magnitude ranks lower
}

TS_HD_INLINE bool ordered_less(double a, double b) { return total_order_key(a) < total_order_key(b); }

TS_HD_INLINE double ordered_max(double a, double b) {
  if (pmath::detail::is_nan(a) || pmath::detail::is_nan(b)) return pmath::detail::quiet_nan();
  return total_order_key(b) > total_order_key(a) ? b : a;
}

TS_HD_INLINE double ordered_min(double a, double b) {
  if (pmath::detail::is_nan(a) || pmath::detail::is_nan(b)) return pmath::detail::quiet_nan();
  return total_order_key(b) < total_order_key(a) ? b : a;
}

}  // namespace ts
