#pragma once
// A batch's values of one cell (one metric at one snapshot of one point)
// reduced to what the accumulators need and nothing more (DESIGN.md
// "Statistics"): one run per bucket of the quantile sketch that holds any of
// them, with the run's count, totalOrder extrema and the exact sums of its
// values' mantissas and squared mantissas. The CUDA executor sorts a batch's
// bucket codes and run-length counts them on the device (CUB) and sends back
// only these runs (cuda/digest_kernels.cu); ValueAccumulator::add_runs folds
// them in, to the same bits as adding the values one by one.
//
// Why a bucket's sums can be kept as integers: a bucket is the value's sign,
// exponent and top mantissa bits (bucket_key.hpp), so every value in it is
// m 2^e with the same e and sign: the bucket's sum is (sum of m) 2^e and its
// sum of squares (sum of m^2) 2^2e, integers of at most 53 + 32 and
// 106 + 32 bits for up to 2^32 values.
#include <cstdint>
#include <vector>

#include "models/core/macros.hpp"
#include "models/core/ordered_extrema.hpp"
#include "stats/bucket_key.hpp"
#include "stats/exact_sum.hpp"

namespace ts::stats {

// A value's bucket as an unsigned code ordered like the values: the bucket
// key (|key| < 2^32 for m <= 20) offset by 2^32, NaN above every bucket.
// Codes take kDigestCodeBits bits, so a cell index fits above them.
inline constexpr int kDigestCodeBits = 34;
inline constexpr std::uint64_t kDigestNaNCode = std::uint64_t{1} << 33;

TS_HD_INLINE std::uint64_t digest_code(double x, int bucket_bits) {
  if (x != x) return kDigestNaNCode;
  return static_cast<std::uint64_t>(bucket_key(x, bucket_bits) + (std::int64_t{1} << 32));
}

TS_HD_INLINE bool digest_code_is_nan(std::uint64_t code) { return code == kDigestNaNCode; }
TS_HD_INLINE std::int64_t digest_code_key(std::uint64_t code) {
  return static_cast<std::int64_t>(code) - (std::int64_t{1} << 32);
}

// The values of one bucket of one cell in a batch.
struct DigestRun {
  std::uint64_t code = 0;           // digest_code of every value in the run
  std::uint64_t count = 0;
  std::uint64_t sum_lo = 0, sum_hi = 0;             // sum of mantissas, 128 bits
  std::uint64_t sq_lo = 0, sq_mid = 0, sq_hi = 0;   // sum of squared mantissas, 192 bits
  std::int32_t exponent = 0;        // of every value (decompose())
  std::int32_t negative = 0;
  double min = 0.0, max = 0.0;      // totalOrder extrema (NaN if any value is)

  // The run's first value, then every other (host and device: one expression).
  TS_HD_INLINE void start(std::uint64_t c, double x) {
    code = c;
    count = 0;
    sum_lo = sum_hi = sq_lo = sq_mid = sq_hi = 0;
    const Decomposed d = decompose(x);
    exponent = d.exponent;
    negative = d.negative ? 1 : 0;
    min = max = x;
    add(x);
  }
  TS_HD_INLINE void add(double x) {
    ++count;
    if (count > 1) {
      min = ordered_min(min, x);
      max = ordered_max(max, x);
    }
    if (digest_code_is_nan(code)) return;
    const std::uint64_t m = decompose(x).mantissa;
    // sum += m
    const std::uint64_t s = sum_lo + m;
    sum_hi += s < m ? 1 : 0;
    sum_lo = s;
    // sq += m^2 (m^2 < 2^106: two words)
    const unsigned __int128 p = static_cast<unsigned __int128>(m) * m;
    const std::uint64_t plo = static_cast<std::uint64_t>(p), phi = static_cast<std::uint64_t>(p >> 64);
    const std::uint64_t a = sq_lo + plo;
    const std::uint64_t c1 = a < plo ? 1 : 0;
    const std::uint64_t b = sq_mid + phi;
    const std::uint64_t c2 = b < phi ? 1 : 0;
    const std::uint64_t b2 = b + c1;
    const std::uint64_t c3 = b2 < b ? 1 : 0;
    sq_lo = a;
    sq_mid = b2;
    sq_hi += c2 + c3;
  }
};

// One cell of a digested batch: its runs in code order, and its values
// when the point's sketches stay in their exact form (they hold values).
struct CellDigest {
  std::vector<DigestRun> runs;
  std::vector<double> values;
};

// The host's reduction of n values to runs, as the device's: the reference
// the device is tested against (tests/emulation, tests/gpu).
std::vector<DigestRun> digest_values(const double* values, std::size_t n, int bucket_bits);

// The runs' contribution to exact sums: as MomentSums::add of every value.
void add_runs_to(MomentSums& m, const DigestRun* runs, std::size_t n_runs);

}  // namespace ts::stats
