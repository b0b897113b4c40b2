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

// Capex payback at a trailing daily income, capped (no income: the cap).
inline constexpr double kPaybackCapDays = 36500.0;
TS_HD_INLINE double payback_days(double capex_usd, double income_usd_per_day) {
  return income_usd_per_day > 0.0 && capex_usd / income_usd_per_day < kPaybackCapDays ? capex_usd / income_usd_per_day
                                                                                     : kPaybackCapDays;
}

// Attackers' trailing income per node against honest providers': sums in
// micro-USD, so the order of the sum cannot matter.
struct IncomeEdge {
  std::int64_t income_attackers = 0, income_honest = 0;   // micro-USD per day
  std::int64_t nodes_attackers = 0, nodes_honest = 0;
  TS_HD_INLINE void add(bool attacker, std::int64_t income_micro_usd, std::int64_t nodes) {
    (attacker ? income_attackers : income_honest) += income_micro_usd;
    (attacker ? nodes_attackers : nodes_honest) += nodes;
  }
  // USD per node per day; 0 without attackers or without honest providers.
  TS_HD_INLINE double edge_usd() const {
    return nodes_attackers > 0 && nodes_honest > 0
               ? (static_cast<double>(income_attackers) / static_cast<double>(nodes_attackers) -
                  static_cast<double>(income_honest) / static_cast<double>(nodes_honest)) * 1e-6
               : 0.0;
  }
};

}  // namespace ts
