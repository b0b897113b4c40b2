#pragma once
// Statistics of a path's population at a snapshot, on sorted integer
// amounts: integer sums, so the value does not depend on the backend.
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts {

// Gini of sorted non-negative integers: G = 2 sum(i x_i) / (n sum x) - (n + 1) / n
// with i = 1..n; integer sums so the value does not depend on the backend.
TS_HD_INLINE double gini_of_sorted(const Micro* x, int n) {
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

// Fewest providers holding more than 1/3 of the stake (ascending input).
TS_HD_INLINE double nakamoto_of_sorted(const Micro* x, int n) {
  __int128 total = 0;
  for (int i = 0; i < n; ++i) total += x[i];
  if (total == 0) return 0.0;
  __int128 held = 0;
  for (int k = 1; k <= n; ++k) {
    held += x[n - k];
    if (3 * held > total) return static_cast<double>(k);
  }
  return static_cast<double>(n);
}

}  // namespace ts
