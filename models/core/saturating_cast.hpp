#pragma once
// A double as an integer, truncated toward zero, defined for every input and
// the same on both backends (DESIGN.md principle 4, bit-for-bit parity).
//
// Why: static_cast<int64_t>(x) is undefined in C++ when x is NaN or out of
// range. x86's cvttsd2si then returns INT64_MIN ("integer indefinite"), while
// the GPU's cvt.rzi saturates to the type's range and maps NaN to 0 (PTX ISA,
// "cvt": float-to-integer conversions saturate, NaN converts to 0). A weight
// that overflows would be hugely negative on the CPU and huge on the GPU.
// trunc_to gives the GPU's answer everywhere:
//   NaN -> 0, x >= 2^(bits) of the range -> max, x below the range -> min,
//   otherwise the ordinary truncation.
#include <cstdint>
#include <type_traits>

#include "models/core/macros.hpp"

namespace ts {

namespace detail {
TS_HD_INLINE constexpr double power_of_two(int n) {
  double r = 1.0;
  for (int i = 0; i < n; ++i) r *= 2.0;
  return r;
}
}  // namespace detail

template <class I>
TS_HD_INLINE I trunc_to(double x) {
  static_assert(std::is_integral<I>::value && sizeof(I) <= 8, "trunc_to converts to an integer type");
  using U = typename std::make_unsigned<I>::type;
  constexpr bool kSigned = std::is_signed<I>::value;
  constexpr int kBits = 8 * static_cast<int>(sizeof(I));
  constexpr I kMax = static_cast<I>(kSigned ? static_cast<U>(~U{0}) >> 1 : static_cast<U>(~U{0}));
  constexpr I kMin = kSigned ? static_cast<I>(-kMax - 1) : I{0};
  // Exclusive upper bound of the range and inclusive lower bound, both exact
  // powers of two in double (2^63, -2^63; 2^64, 0; ...).
  constexpr double kAbove = detail::power_of_two(kSigned ? kBits - 1 : kBits);
  constexpr double kLowest = kSigned ? -detail::power_of_two(kBits - 1) : 0.0;
  if (!(x == x)) return I{0};
  if (x >= kAbove) return kMax;
  if (x <= kLowest) return kMin;  // also (-1, 0) for unsigned: truncates to 0 anyway
  return static_cast<I>(x);
}

}  // namespace ts
