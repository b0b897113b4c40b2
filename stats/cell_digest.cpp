#include "stats/cell_digest.hpp"

#include <algorithm>
#include <numeric>

namespace ts::stats {

std::vector<DigestRun> digest_values(const double* values, std::size_t n, int bucket_bits) {
  std::vector<std::uint64_t> codes(n);
  for (std::size_t i = 0; i < n; ++i) codes[i] = digest_code(values[i], bucket_bits);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return codes[a] < codes[b]; });
  std::vector<DigestRun> runs;
  for (std::size_t i : order) {
    if (runs.empty() || runs.back().code != codes[i]) {
      runs.emplace_back();
      runs.back().start(codes[i], values[i]);
    } else {
      runs.back().add(values[i]);
    }
  }
  return runs;
}

void add_runs_to(MomentSums& m, const DigestRun* runs, std::size_t n_runs) {
  for (std::size_t r = 0; r < n_runs; ++r) {
    const DigestRun& run = runs[r];
    m.n += run.count;
    if (digest_code_is_nan(run.code)) {
      m.nan += run.count;
      continue;
    }
    if (run.exponent == kInfinityExponent) {
      (run.negative ? m.neg_inf : m.pos_inf) += run.count;
      continue;
    }
    const bool negative = run.negative != 0;
    m.sum.add((static_cast<unsigned __int128>(run.sum_hi) << 64) | run.sum_lo, negative, run.exponent);
    m.sum_squares.add((static_cast<unsigned __int128>(run.sq_mid) << 64) | run.sq_lo, false, 2 * run.exponent);
    m.sum_squares.add(run.sq_hi, false, 2 * run.exponent + 128);
  }
}

}  // namespace ts::stats
