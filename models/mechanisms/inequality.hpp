#pragma once
// Inequality of a population's integer amounts at a snapshot (MODEL.md 1
// "Metrics": reward_gini; 2.7 holding_bonus_gini): integer sums, so the value
// does not depend on the backend. Input sorted ascending (models/core/sort.hpp).
#include "models/core/amount.hpp"

namespace ts {

// Gini of sorted non-negative amounts: G = 2 sum(i x_i) / (n sum x) - (n + 1) / n,
// i = 1..n; 0 for fewer than two values or an all-zero population.
TS_HD_INLINE double gini_sorted(const Micro* x, int n) {
  if (n <= 1) return 0.0;
  __int128 weighted = 0;
  __int128 total = 0;
  for (int i = 0; i < n; ++i) {
    weighted += static_cast<__int128>(i + 1) * x[i];
    total += x[i];
  }
  if (total == 0) return 0.0;
  return 2.0 * static_cast<double>(weighted) / (static_cast<double>(n) * static_cast<double>(total)) -
         static_cast<double>(n + 1) / static_cast<double>(n);
}

}  // namespace ts
