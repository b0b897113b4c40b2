#pragma once
// Portable elementary functions: the same source gives the same bits on the
// host and on the GPU (DESIGN.md principle 4, bit-for-bit backend parity).
//
// Why not std::exp / ::exp? glibc and CUDA's libdevice implement them with
// different algorithms, so a model calling exp() would get results that
// differ in the last bit between the CPU and the GPU executor, and the
// difference grows through a simulation. Everything here is built only from
// + - * /, sqrt (IEEE correctly rounded on both sides), comparisons, integer
// operations and reinterpretation of a double's bits. With contraction off
// (g++ -ffp-contract=off, nvcc --fmad=false) every operation is one IEEE
// rounding in the same order on both sides, hence identical bits.
//
// Sources: fdlibm 5.3 (Sun Microsystems, 1993; the FreeBSD msun versions)
// e_exp.c, e_log.c, s_log1p.c, s_expm1.c; Dekker (1971) exact products;
// Wichura (1988) Algorithm AS 241 (PPND16).
//
// Conventions, identical on both backends:
//  * Every NaN result is the canonical quiet NaN 0x7ff8000000000000, whatever
//    the input payload (x86 propagates payloads, the GPU does not).
//  * Subnormal inputs and results are handled (double precision on the GPU
//    keeps subnormals; there is no flush to zero).
//  * Floating-point exceptions (inexact, overflow flags) are not raised on
//    purpose; fdlibm's flag-raising tricks are dropped.
// No heap, no exceptions, no containers, no tables, no virtual calls.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "models/core/macros.hpp"

namespace ts::pmath {

// ---- bit access -------------------------------------------------------------
// memcpy is the well-defined type pun in C++17 and is available in device code;
// both compilers reduce it to a register move.

TS_HD_INLINE std::uint64_t bits_of(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

TS_HD_INLINE double double_of(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

namespace detail {

inline constexpr std::uint64_t kSignMask = 0x8000000000000000ULL;
inline constexpr std::uint64_t kAbsMask = 0x7fffffffffffffffULL;
inline constexpr std::uint64_t kInfBits = 0x7ff0000000000000ULL;
inline constexpr std::uint64_t kQuietNanBits = 0x7ff8000000000000ULL;
inline constexpr std::uint64_t kMantissaMask = 0x000fffffffffffffULL;
inline constexpr std::uint64_t kExponentOne = 0x3ff0000000000000ULL;

// fdlibm works on the high 32-bit word (sign, exponent, 20 mantissa bits).
TS_HD_INLINE std::int32_t high_word(double x) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits_of(x) >> 32));
}

TS_HD_INLINE std::uint32_t low_word(double x) {
  return static_cast<std::uint32_t>(bits_of(x));
}

// x with its high word replaced, low word kept (fdlibm's SET_HIGH_WORD).
TS_HD_INLINE double with_high_word(double x, std::int32_t hi) {
  return double_of((static_cast<std::uint64_t>(static_cast<std::uint32_t>(hi)) << 32) |
                   low_word(x));
}

TS_HD_INLINE double infinity() { return double_of(kInfBits); }
TS_HD_INLINE double quiet_nan() { return double_of(kQuietNanBits); }
TS_HD_INLINE bool is_nan(double x) { return (bits_of(x) & kAbsMask) > kInfBits; }
TS_HD_INLINE bool is_inf(double x) { return (bits_of(x) & kAbsMask) == kInfBits; }
TS_HD_INLINE bool sign_bit(double x) { return (bits_of(x) & kSignMask) != 0; }
TS_HD_INLINE double abs_of(double x) { return double_of(bits_of(x) & kAbsMask); }

// 2^n for n in [-1022, 1023], exact.
TS_HD_INLINE double pow2_normal(int n) {
  return double_of(static_cast<std::uint64_t>(n + 1023) << 52);
}

// y * 2^k for y in [0.5, 2): exact while the result is normal, one rounding
// when it is subnormal, +inf past the overflow threshold (fdlibm's
// "add k to y's exponent" with the twom1000 detour for tiny results).
TS_HD_INLINE double scale_by_pow2(double y, int k) {
  if (k > 1023) return y * pow2_normal(1023) * pow2_normal(k - 1023);
  if (k >= -1021) {
    return double_of(bits_of(y) + (static_cast<std::uint64_t>(static_cast<std::int64_t>(k)) << 52));
  }
  const std::uint64_t shifted =
      bits_of(y) + (static_cast<std::uint64_t>(static_cast<std::int64_t>(k + 1000)) << 52);
  return double_of(shifted) * pow2_normal(-1000);
}

// ---- constants shared by exp, log, log1p, expm1 (fdlibm) ----------------------
// ln2 = kLn2Hi + kLn2Lo to about 2^-86. kLn2Hi has 32 significant bits, so
// k * kLn2Hi is exact for |k| < 2^21.
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42 fee00000
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;  // 0x3dea39ef 35793c76
inline constexpr double kInvLn2 = 1.44269504088896338700e+00;  // 0x3ff71547 652b82fe
inline constexpr double kTwo54 = 1.80143985094819840000e+16;   // 0x43500000 00000000
inline constexpr double kExpOverflow = 7.09782712893383973096e+02;    // 0x40862E42 FEFA39EF
inline constexpr double kExpUnderflow = -7.45133219101941108420e+02;  // 0xc0874910 D52D3051

// e_exp.c: Remez polynomial for R(r^2) ~ r*(exp(r)+1)/(exp(r)-1), |r| <= 0.5 ln2.
inline constexpr double kExpP1 = 1.66666666666666019037e-01;   // 0x3FC55555 5555553E
inline constexpr double kExpP2 = -2.77777777770155933842e-03;  // 0xBF66C16C 16BEBD93
inline constexpr double kExpP3 = 6.61375632143793436117e-05;   // 0x3F11566A AF25DE2C
inline constexpr double kExpP4 = -1.65339022054652515390e-06;  // 0xBEBBBD41 C5D26BF1
inline constexpr double kExpP5 = 4.13813679705723846039e-08;   // 0x3E663769 72BEA4D0

// e_log.c / s_log1p.c: Remez polynomial for log(1+f) = 2s + s*R(s^2).
inline constexpr double kLg1 = 6.666666666666735130e-01;  // 3FE55555 55555593
inline constexpr double kLg2 = 3.999999999940941908e-01;  // 3FD99999 9997FA04
inline constexpr double kLg3 = 2.857142874366239149e-01;  // 3FD24924 94229359
inline constexpr double kLg4 = 2.222219843214978396e-01;  // 3FCC71C5 1D8E78AF
inline constexpr double kLg5 = 1.818357216161805012e-01;  // 3FC74664 96CB03DE
inline constexpr double kLg6 = 1.531383769920937332e-01;  // 3FC39A09 D078C69F
inline constexpr double kLg7 = 1.479819860511658591e-01;  // 3FC2F112 DF3E5244

// s_expm1.c: scaled Remez coefficients of the rational approximation.
inline constexpr double kExpm1Q1 = -3.33333333333331316428e-02;  // BFA11111 111110F4
inline constexpr double kExpm1Q2 = 1.58730158725481460165e-03;   // 3F5A01A0 19FE5585
inline constexpr double kExpm1Q3 = -7.93650757867487942473e-05;  // BF14CE19 9EAADBB7
inline constexpr double kExpm1Q4 = 4.00821782732936239552e-06;   // 3ED0CFCA 86E65239
inline constexpr double kExpm1Q5 = -2.01099218183624371326e-07;  // BE8AFDB7 6E09C32D

// exp(hi - lo) * 2^k, the core of e_exp.c after argument reduction:
// r = hi - lo with |r| <= 0.5 ln2 (plus a little), lo small.
TS_HD_INLINE double exp_kernel(double hi, double lo, int k) {
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (kExpP1 + t * (kExpP2 + t * (kExpP3 + t * (kExpP4 + t * kExpP5))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  return scale_by_pow2(y, k);
}

}  // namespace detail

// ---- exp --------------------------------------------------------------------
// fdlibm e_exp.c: Cody-Waite reduction x = k ln2 + r with ln2 split into
// hi/lo, then the Remez rational approximation; error < 1 ulp. Exists so the
// CPU and the GPU get identical bits (DESIGN.md principle 4).
// exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = 0, x > 709.78 -> +inf,
// x < -745.13 -> 0; results in [-745.13, -708.4] are subnormal (not flushed).
TS_HD_INLINE double exp(double x) {
  using namespace detail;
  const bool negative = sign_bit(x);
  const std::int32_t hx = high_word(x) & 0x7fffffff;  // high word of |x|

  if (hx >= 0x40862E42) {  // |x| >= 709.78 or not finite
    if (hx >= 0x7ff00000) {
      if (is_nan(x)) return quiet_nan();
      return negative ? 0.0 : x;
    }
    if (x > kExpOverflow) return infinity();
    if (x < kExpUnderflow) return 0.0;
  }

  if (hx > 0x3fd62e42) {    // |x| > 0.5 ln2: reduce
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2: k = +-1
      const int k = negative ? -1 : 1;
      const double hi = negative ? x + kLn2Hi : x - kLn2Hi;
      const double lo = negative ? -kLn2Lo : kLn2Lo;
      return exp_kernel(hi, lo, k);
    }
    const int k = static_cast<int>(kInvLn2 * x + (negative ? -0.5 : 0.5));
    const double t = k;
    return exp_kernel(x - t * kLn2Hi, t * kLn2Lo, k);  // t*kLn2Hi exact
  }
  if (hx < 0x3e300000) return 1.0 + x;  // |x| < 2^-28

  // |x| <= 0.5 ln2, k = 0.
  const double t = x * x;
  const double c = x - t * (kExpP1 + t * (kExpP2 + t * (kExpP3 + t * (kExpP4 + t * kExpP5))));
  return 1.0 - ((x * c) / (c - 2.0) - x);
}

// ---- log --------------------------------------------------------------------
// fdlibm e_log.c: x = 2^k (1+f) with sqrt(2)/2 < 1+f < sqrt(2), then
// log(1+f) = 2s + s R(s^2), s = f/(2+f), R a Remez polynomial; error < 1 ulp.
// Exists so the CPU and the GPU get identical bits (DESIGN.md principle 4).
// log(+-0) = -inf, log(x<0) = NaN, log(+inf) = +inf, subnormals handled.
TS_HD_INLINE double log(double x) {
  using namespace detail;
  std::int32_t hx = high_word(x);
  int k = 0;
  if (hx < 0x00100000) {  // x < 2^-1022: zero, subnormal or negative
    if ((bits_of(x) & kAbsMask) == 0) return -infinity();
    if (hx < 0) return quiet_nan();  // negative, -inf, or NaN with sign bit
    k -= 54;                          // subnormal: scale up
    x *= kTwo54;
    hx = high_word(x);
  }
  if (hx >= 0x7ff00000) return is_nan(x) ? quiet_nan() : x;

  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const std::int32_t i = (hx + 0x95f64) & 0x100000;
  x = with_high_word(x, hx | (i ^ 0x3ff00000));  // normalize x or x/2
  k += i >> 20;
  const double f = x - 1.0;
  const double dk = k;

  if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
    const double r = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - r : dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  const std::int32_t far_from_one = (hx - 0x6147a) | (0x6b851 - hx);
  if (far_from_one > 0) {
    const double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + r));
    return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  }
  if (k == 0) return f - s * (f - r);
  return dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

// ---- log1p ------------------------------------------------------------------
// fdlibm s_log1p.c (FreeBSD msun version): log(1+x) without forming 1+x
// inexactly; a correction term c carries the rounding error of u = 1+x.
// Error < 1 ulp. Needed for pow(1-q, n) = exp(n log1p(-q)) with small q;
// portable for identical CPU/GPU bits (DESIGN.md principle 4).
// log1p(-1) = -inf, log1p(x < -1) = NaN, log1p(-0) = -0, log1p(+inf) = +inf.
TS_HD_INLINE double log1p(double x) {
  using namespace detail;
  if (is_nan(x)) return quiet_nan();
  const std::int32_t hx = high_word(x);
  const std::int32_t ax = hx & 0x7fffffff;

  int k = 1;
  double f = 0.0;
  double c = 0.0;
  std::int32_t hu = 0;
  if (hx < 0x3FDA827A) {     // 1+x < sqrt(2)+
    if (ax >= 0x3ff00000) {  // x <= -1.0
      return x == -1.0 ? -infinity() : quiet_nan();
    }
    if (ax < 0x3e200000) {                // |x| < 2^-29
      if (ax < 0x3c900000) return x;      // |x| < 2^-54 (keeps -0)
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= static_cast<std::int32_t>(0xbfd2bec4u)) {
      k = 0;  // sqrt(2)/2- <= 1+x < sqrt(2)+: f = x exactly
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x;  // +inf

  if (k != 0) {
    double u;
    if (hx < 0x43400000) {  // x < 2^53: u = 1+x rounds, keep the error in c
      u = 1.0 + x;
      hu = high_word(u);
      k = (hu >> 20) - 1023;
      c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      hu = high_word(u);
      k = (hu >> 20) - 1023;
      c = 0.0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {  // u ~< sqrt(2): normalize u
      u = with_high_word(u, hu | 0x3ff00000);
    } else {             // normalize u/2
      k += 1;
      u = with_high_word(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const double hfsq = 0.5 * f * f;
  const double dk = k;
  if (hu == 0) {  // |f| < 2^-20
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += dk * kLn2Lo;
      return dk * kLn2Hi + c;
    }
    const double r = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - r;
    return dk * kLn2Hi - ((r - (dk * kLn2Lo + c)) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double r =
      z * (kLg1 + z * (kLg2 + z * (kLg3 + z * (kLg4 + z * (kLg5 + z * (kLg6 + z * kLg7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + r));
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + (dk * kLn2Lo + c))) - f);
}

// ---- expm1 ------------------------------------------------------------------
// fdlibm s_expm1.c (FreeBSD msun version): exp(x)-1 without cancellation,
// reduction x = k ln2 + r and a scaled Remez rational approximation; error
// < 1 ulp. Needed for Ornstein-Uhlenbeck variances (1-exp(-2 theta dt)) with
// small theta dt; portable for identical CPU/GPU bits (DESIGN.md principle 4).
// expm1(-0) = -0, expm1(-inf) = -1, x > 709.78 -> +inf, x < -56 ln2 -> -1.
TS_HD_INLINE double expm1(double x) {
  using namespace detail;
  const bool negative = sign_bit(x);
  const std::int32_t hx = high_word(x) & 0x7fffffff;  // high word of |x|

  if (hx >= 0x4043687A) {    // |x| >= 56 ln2 or not finite
    if (hx >= 0x40862E42) {  // |x| >= 709.78
      if (hx >= 0x7ff00000) {
        if (is_nan(x)) return quiet_nan();
        return negative ? -1.0 : x;
      }
      if (x > kExpOverflow) return infinity();
    }
    if (negative) return -1.0;  // exp(x) < 2^-56: exp(x)-1 rounds to -1
  }

  int k;
  double c = 0.0;
  if (hx > 0x3fd62e42) {  // |x| > 0.5 ln2: reduce
    double hi;
    double lo;
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
      hi = negative ? x + kLn2Hi : x - kLn2Hi;
      lo = negative ? -kLn2Lo : kLn2Lo;
      k = negative ? -1 : 1;
    } else {
      k = static_cast<int>(kInvLn2 * x + (negative ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * kLn2Hi;  // t*kLn2Hi exact
      lo = t * kLn2Lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {  // |x| < 2^-54: expm1(x) = x (keeps -0)
    return x;
  } else {
    k = 0;
  }

  // x is now in the primary range.
  const double hfx = 0.5 * x;
  const double hxs = x * hfx;
  const double r1 =
      1.0 + hxs * (kExpm1Q1 +
                   hxs * (kExpm1Q2 + hxs * (kExpm1Q3 + hxs * (kExpm1Q4 + hxs * kExpm1Q5))));
  const double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);  // c is 0

  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {  // exp(x)-1 ~ exp(x)
    const double y = 1.0 - (e - x);
    return scale_by_pow2(y, k) - 1.0;
  }
  const double two_pk = pow2_normal(k);
  if (k < 20) {
    const double one_minus_two_mk = 1.0 - pow2_normal(-k);  // exact
    return (one_minus_two_mk - (e - x)) * two_pk;
  }
  const double two_mk = pow2_normal(-k);  // 2^-k
  return ((x - (e + two_mk)) + 1.0) * two_pk;
}

// ---- double-double helpers for pow ----------------------------------------------
namespace detail {

// hi + lo with |lo| <= ulp(hi)/2.
struct DoubleDouble {
  double hi;
  double lo;
};

// Knuth's two-sum: a + b = s.hi + s.lo exactly.
TS_HD_INLINE DoubleDouble two_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  const double err = (a - (s - bb)) + (b - bb);
  return {s, err};
}

// Dekker's fast two-sum, requires |a| >= |b| (or a == 0).
TS_HD_INLINE DoubleDouble fast_two_sum(double a, double b) {
  const double s = a + b;
  return {s, b - (s - a)};
}

// Veltkamp split with 2^27+1: a = hi + lo, each with at most 26 bits.
inline constexpr double kDekkerSplitter = 134217729.0;
TS_HD_INLINE DoubleDouble split(double a) {
  const double t = kDekkerSplitter * a;
  const double hi = t - (t - a);
  return {hi, a - hi};
}

// Dekker's two-product with * and - only (no fma): a*b = p.hi + p.lo exactly
// (for |a|,|b| < 2^996 and no underflow).
TS_HD_INLINE DoubleDouble two_prod(double a, double b) {
  const double p = a * b;
  const DoubleDouble as = split(a);
  const DoubleDouble bs = split(b);
  const double err = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
  return {p, err};
}

TS_HD_INLINE DoubleDouble dd_add(DoubleDouble a, DoubleDouble b) {
  const DoubleDouble s = two_sum(a.hi, b.hi);
  return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}

TS_HD_INLINE DoubleDouble dd_mul(DoubleDouble a, DoubleDouble b) {
  const DoubleDouble p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

// a / b for a double a and a double-double b.
TS_HD_INLINE DoubleDouble dd_div(double a, DoubleDouble b) {
  const double q = a / b.hi;
  const DoubleDouble p = two_prod(q, b.hi);
  const double rem = ((a - p.hi) - p.lo) - q * b.lo;
  return fast_two_sum(q, rem / b.hi);
}

inline constexpr double kSqrt3 = 1.7320508075688772;
inline constexpr double kSqrt3Halves = 1.224744871391589;
inline constexpr double kLog1p5Hi = 4.054651081081644e-01;   // 0x3fd9f323ecbf984c
inline constexpr double kLog1p5Lo = -2.8811380259626426e-18;  // 0xbc4a92e513217f5c
inline constexpr double kOneThirdHi = 3.333333333333333e-01;
inline constexpr double kOneThirdLo = 1.850371707708594e-17;
inline constexpr double kMinNormal = 2.2250738585072014e-308;  // 2^-1022

// log(x) as a double-double with relative error ~2^-67, x > 0 finite.
// x = 2^k m, then m = c (1+g) with c in {1, 1.5} (the two-point reduction of
// fdlibm e_pow.c) so that s = (m-c)/(m+c) satisfies |s| <= 0.102, and
// log(m/c) = 2 atanh(s) = 2s (1 + W), W = s^2/3 + s^4/5 + ...
// 2s and the s^2/3 term are carried in double-double, the rest of W
// (relative weight < 2^-15) in double.
TS_HD_INLINE DoubleDouble log_dd(double x) {
  int k = 0;
  if (x < kMinNormal) {  // subnormal: scale up exactly
    x *= kTwo54;
    k = -54;
  }
  const std::uint64_t ux = bits_of(x);
  k += static_cast<int>(ux >> 52) - 1023;
  double m = double_of((ux & kMantissaMask) | kExponentOne);  // [1, 2)
  double c = 1.0;
  DoubleDouble log_c = {0.0, 0.0};
  if (m >= kSqrt3) {  // m/2 in [0.866, 1)
    m *= 0.5;
    k += 1;
  } else if (m > kSqrt3Halves) {
    c = 1.5;
    log_c = {kLog1p5Hi, kLog1p5Lo};
  }
  const double f = m - c;  // exact (Sterbenz)
  const DoubleDouble s = dd_div(f, two_sum(m, c));

  // u = s^2 in double-double; tail = u^2 (1/5 + u/7 + ... + u^7/19), |u| < 0.0105.
  DoubleDouble u = two_prod(s.hi, s.hi);
  u = fast_two_sum(u.hi, u.lo + 2.0 * s.hi * s.lo);
  const double v = u.hi;
  const double series =
      1.0 / 5 + v * (1.0 / 7 + v * (1.0 / 9 + v * (1.0 / 11 + v * (1.0 / 13 +
      v * (1.0 / 15 + v * (1.0 / 17 + v * (1.0 / 19)))))));
  const double tail = v * v * series;
  const DoubleDouble w = dd_add(dd_mul(u, {kOneThirdHi, kOneThirdLo}), {tail, 0.0});

  const DoubleDouble two_s = {2.0 * s.hi, 2.0 * s.lo};
  const DoubleDouble log_m_over_c = dd_add(two_s, dd_mul(two_s, w));
  const double dk = k;
  const DoubleDouble k_ln2 = {dk * kLn2Hi, dk * kLn2Lo};  // hi exact
  return dd_add(dd_add(k_ln2, log_c), log_m_over_c);
}

// -1: y is not an integer; 0: even integer; 1: odd integer. y finite.
TS_HD_INLINE int integer_parity(double y) {
  if (abs_of(y) >= 9007199254740992.0) return 0;  // |y| >= 2^53: even integer
  const std::int64_t t = static_cast<std::int64_t>(y);
  if (static_cast<double>(t) != y) return -1;
  return static_cast<int>(t & 1);
}

// x^y for x >= 0 (x may be 0 or +inf), y finite and nonzero, x != 1.
TS_HD_INLINE double pow_nonnegative(double x, double y) {
  const bool y_positive = y > 0.0;
  if (x == 0.0) return y_positive ? 0.0 : infinity();
  if (is_inf(x)) return y_positive ? infinity() : 0.0;
  // |log x| >= 1.1e-16 for x != 1, so |y log x| > 2000 when |y| >= 2^64.
  if (abs_of(y) >= 18446744073709551616.0) return ((x > 1.0) == y_positive) ? infinity() : 0.0;

  const DoubleDouble log_x = log_dd(x);
  DoubleDouble z = two_prod(y, log_x.hi);
  z = fast_two_sum(z.hi, z.lo + y * log_x.lo);  // y log x = z.hi + z.lo
  if (z.hi > kExpOverflow) return infinity();
  if (z.hi < kExpUnderflow) return 0.0;

  // exp(z.hi + z.lo): e_exp.c's reduction with z.lo folded into the low part.
  const int k = static_cast<int>(kInvLn2 * z.hi + (z.hi < 0.0 ? -0.5 : 0.5));
  const double t = k;
  const double hi = z.hi - t * kLn2Hi;  // exact: multiples of ulp(z.hi), |hi| < 0.5
  const double lo = t * kLn2Lo - z.lo;
  return exp_kernel(hi, lo, k);
}

}  // namespace detail

// ---- pow --------------------------------------------------------------------
// x^y = exp(y log x) with log x in double-double (detail::log_dd), the product
// y log x by Dekker's two-product (Veltkamp split with 134217729, no fma) and
// the low part folded into e_exp.c's argument reduction, so the error stays
// ~1 ulp even when |y log x| is near 709. Portable for identical CPU/GPU bits
// (DESIGN.md principle 4). Special cases follow C99 Annex F:
// pow(x, +-0) = 1 (even for NaN x), pow(1, y) = 1 (even for NaN y),
// pow(+-0, y>0) = +0 (-0 for odd integer y and x = -0),
// pow(+-0, y<0) = +inf (-inf for odd integer y and x = -0),
// pow(x<0 finite, non-integer y) = NaN, otherwise the sign of x^y for x < 0
// follows the parity of the integer y; pow(-1, +-inf) = 1.
TS_HD_INLINE double pow(double x, double y) {
  using namespace detail;
  if (y == 0.0 || x == 1.0) return 1.0;
  if (is_nan(x) || is_nan(y)) return quiet_nan();
  const double ax = abs_of(x);
  if (is_inf(y)) {
    if (ax == 1.0) return 1.0;
    return ((ax > 1.0) == (y > 0.0)) ? infinity() : 0.0;
  }
  bool negate = false;
  if (sign_bit(x)) {
    const int parity = integer_parity(y);
    if (parity < 0 && ax != 0.0 && !is_inf(x)) return quiet_nan();
    negate = parity == 1;
  }
  if (ax == 1.0) return negate ? -1.0 : 1.0;
  const double r = pow_nonnegative(ax, y);
  return negate ? -r : r;
}

// ---- normal_quantile ----------------------------------------------------------
// Inverse standard normal CDF by Wichura (1988), Algorithm AS 241 (PPND16),
// Applied Statistics 37(3), 477-484: rational approximations in three
// regions, relative accuracy about 1e-16. Uses pmath::log and sqrt so the
// CPU and the GPU get identical bits (DESIGN.md principle 4).
// p <= 0 -> -inf, p >= 1 -> +inf, NaN -> NaN.
namespace detail {

// |p - 0.5| <= 0.425: x = q A(r) / B(r), r = 0.180625 - q^2.
TS_HD_INLINE double ppnd16_central(double q) {
  const double r = 0.180625 - q * q;
  const double num =
      ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r +
           6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r +
         1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
       1.3314166789178437745e+2) * r + 3.3871328727963666080e+0;
  const double den =
      ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r +
           3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r +
         5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
       4.2313330701600911252e+1) * r + 1.0;
  return q * num / den;
}

// r = sqrt(-log(tail)) <= 5: C(r - 1.6) / D(r - 1.6).
TS_HD_INLINE double ppnd16_intermediate(double r) {
  r -= 1.6;
  const double num =
      ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r +
           2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r +
         3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
       4.63033784615654529590e+0) * r + 1.42343711074968357734e+0;
  const double den =
      ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r +
           1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r +
         6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
       2.05319162663775882187e+0) * r + 1.0;
  return num / den;
}

// r = sqrt(-log(tail)) > 5: E(r - 5) / F(r - 5).
TS_HD_INLINE double ppnd16_far_tail(double r) {
  r -= 5.0;
  const double num =
      ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
           1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r +
         2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
       5.46378491116411436990e+0) * r + 6.65790464350110377720e+0;
  const double den =
      ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r +
           1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r +
         1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
       5.99832206555887937690e-1) * r + 1.0;
  return num / den;
}

}  // namespace detail

TS_HD_INLINE double normal_quantile(double p) {
  using namespace detail;
  if (is_nan(p)) return quiet_nan();
  if (p <= 0.0) return -infinity();
  if (p >= 1.0) return infinity();
  const double q = p - 0.5;
  if (abs_of(q) <= 0.425) return ppnd16_central(q);
  const double tail = q < 0.0 ? p : 1.0 - p;  // 1 - p is exact here
  const double r = ::sqrt(-pmath::log(tail));
  const double x = r <= 5.0 ? ppnd16_intermediate(r) : ppnd16_far_tail(r);
  return q < 0.0 ? -x : x;
}

// ---- floor_to_int64 -------------------------------------------------------------
// floor(x) as int64 by truncating cast plus correction, e.g. USD -> integer
// micro-tokens. Exact for every x in [-2^63, 2^63); larger x saturates to
// INT64_MAX, smaller to INT64_MIN, NaN gives 0 (the plain cast would be
// undefined on the host and saturating on the GPU). Portable for identical
// CPU/GPU results (DESIGN.md principle 4).
TS_HD_INLINE std::int64_t floor_to_int64(double x) {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (detail::is_nan(x)) return 0;
  if (x >= kTwo63) return INT64_MAX;
  if (x <= -kTwo63) return INT64_MIN;
  std::int64_t t = static_cast<std::int64_t>(x);  // truncates toward zero
  if (static_cast<double>(t) > x) t -= 1;         // exact: |x| < 2^53 or x integral
  return t;
}

}  // namespace ts::pmath
