#pragma once
// Integer division defined for every operand, the same on both backends
// (DESIGN.md principle 4).
//
// Why: a / b with b == 0 traps on x86 (SIGFPE kills the run), while the GPU
// returns an unspecified value and carries on, so a path whose divisor reaches
// zero would crash one executor and silently diverge on the other. The same
// holds for the one overflowing signed division, INT_MIN / -1. These helpers
// return a stated value instead:
//   quotient_or(a, b, r):  a / b truncated toward zero (C++ semantics); r when
//                          b == 0; the type's maximum for MIN / -1.
//   remainder_or(a, b, r): a % b with the sign of a; r when b == 0; 0 for MIN % -1.
// Operands are converted to their common type first, as the built-in operators do.
#include <type_traits>

#include "models/core/macros.hpp"

namespace ts {

namespace detail {
template <class T>
TS_HD_INLINE bool is_overflowing_division(T a, T b) {
  if constexpr (std::is_signed<T>::value) {
    using U = typename std::make_unsigned<T>::type;
    constexpr T kMin = static_cast<T>(~(static_cast<U>(~U{0}) >> 1));  // 100...0
    return b == T(-1) && a == kMin;
  } else {
    return false;
  }
}
}  // namespace detail

// if_zero is not deduced: it takes the operands' common type.
template <class A, class B>
TS_HD_INLINE std::common_type_t<A, B> quotient_or(A a_in, B b_in, std::common_type_t<A, B> if_zero) {
  using T = std::common_type_t<A, B>;
  static_assert(std::is_integral<A>::value && std::is_integral<B>::value, "quotient_or divides integers");
  const T a = static_cast<T>(a_in), b = static_cast<T>(b_in);
  if (b == T(0)) return if_zero;
  if (detail::is_overflowing_division(a, b)) return static_cast<T>(-(a + T(1)));  // MIN / -1 -> MAX
  return a / b;
}

template <class A, class B>
TS_HD_INLINE std::common_type_t<A, B> remainder_or(A a_in, B b_in, std::common_type_t<A, B> if_zero) {
  using T = std::common_type_t<A, B>;
  static_assert(std::is_integral<A>::value && std::is_integral<B>::value, "remainder_or divides integers");
  const T a = static_cast<T>(a_in), b = static_cast<T>(b_in);
  if (b == T(0)) return if_zero;
  if (detail::is_overflowing_division(a, b)) return T(0);
  return a % b;
}

}  // namespace ts
