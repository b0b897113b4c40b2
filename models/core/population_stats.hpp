#pragma once
// Statistics of a path's population at a snapshot, on sorted integer
// amounts: integer sums, so the value does not depend on the backend.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/sort.hpp"

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

// The same two statistics over a population of groups (cohorts), sorted
// ascending by the value per member x[i] with m[i] members each: as if every
// member were listed on its own (MODEL.md 1 "Scale": a cohort's nodes are
// its members), in O(groups).
//
// Gini: member k (1-based, ascending) of N contributes k y_k; group i holds
// the positions a_i + 1 .. a_i + m_i (a_i members before it), so
// sum_k k y_k = sum_i x_i (m_i a_i + m_i (m_i + 1) / 2).
TS_HD_INLINE double gini_of_sorted_groups(const Micro* x, const Micro* m, int n) {
  __int128 weighted = 0, total = 0, members = 0;
  for (int i = 0; i < n; ++i) {
    const __int128 mi = m[i];
    weighted += static_cast<__int128>(x[i]) * (mi * members + mi * (mi + 1) / 2);
    total += static_cast<__int128>(x[i]) * mi;
    members += mi;
  }
  if (members <= 1 || total == 0) return 0.0;
  const double nd = static_cast<double>(members);
  return 2.0 * static_cast<double>(weighted) / (nd * static_cast<double>(total)) - (nd + 1.0) / nd;
}

// Fewest members holding more than 1/3 of the total: the largest first, and
// within the group where the third is crossed only the members needed
// (the smallest j with 3 (held + j x) > total).
TS_HD_INLINE double nakamoto_of_sorted_groups(const Micro* x, const Micro* m, int n) {
  __int128 total = 0, members = 0;
  for (int i = 0; i < n; ++i) {
    total += static_cast<__int128>(x[i]) * m[i];
    members += m[i];
  }
  if (total == 0) return 0.0;
  __int128 held = 0, count = 0;
  for (int i = n - 1; i >= 0; --i) {
    const __int128 group = static_cast<__int128>(x[i]) * m[i];
    if (3 * (held + group) > total) {
      const __int128 j = (total - 3 * held) / (3 * static_cast<__int128>(x[i])) + 1;
      return static_cast<double>(count + j);
    }
    held += group;
    count += m[i];
  }
  return static_cast<double>(members);
}

// Median over the members of groups sorted ascending by x (the mean of the
// middle two for an even count of members); 0 without members.
TS_HD_INLINE double median_of_sorted_groups(const double* x, const Micro* m, int n) {
  Micro members = 0;
  for (int i = 0; i < n; ++i) members += m[i];
  if (members <= 0) return 0.0;
  const auto at_rank = [&](Micro k) {   // 0-based rank among the members
    Micro cum = 0;
    for (int i = 0; i < n; ++i) {
      cum += m[i];
      if (k < cum) return x[i];
    }
    return x[n - 1];
  };
  if (members % 2 == 1) return at_rank(members / 2);
  return 0.5 * (at_rank(members / 2 - 1) + at_rank(members / 2));
}

// Capex payback at a trailing daily income, capped (no income: the cap).
inline constexpr double kPaybackCapDays = 36500.0;
// Concentration is over operators (MODEL.md 1, "Operators"): an agent that
// is a cohort of m nodes (or workers) counts as m operators of equal size.
// For the agents `keep` accepts, x[i] = of(agent) (a per-operator figure,
// e.g. stake / nodes) and members[i] = operators_of(agent), sorted by x;
// returns the number of agents, for the *_of_sorted_groups functions above.
template <class Agent, class T, class Keep, class Of, class Operators>
TS_HD_INLINE int sorted_per_operator(const Agent* slots, int n_slots, T* x, Micro* members, Keep keep, Of of,
                                     Operators operators_of) {
  int n = 0;
  for (int i = 0; i < n_slots; ++i) {
    if (!keep(slots[i])) continue;
    x[n] = of(slots[i]);
    members[n] = operators_of(slots[i]);
    ++n;
  }
  heap_sort_by_key(x, members, n);
  return n;
}

// Reward Gini and stake Nakamoto over the operators of the agents `keep`
// accepts, for agents that are cohorts of `nodes` (with `rewards_cum` and
// `acc.stake()`): each counts as `nodes` equal operators. `a` and `b` are
// scratch arrays of one entry per slot.
struct OperatorConcentration {
  double reward_gini, stake_nakamoto;
};
template <class Agent, class Keep>
TS_HD_INLINE OperatorConcentration cohort_concentration(const Agent* slots, int n_slots, Micro* a, Micro* b, Keep keep) {
  const auto nodes_of = [](const Agent& v) { return static_cast<Micro>(v.nodes > 0 ? v.nodes : 1); };
  OperatorConcentration c{};
  int n = sorted_per_operator(slots, n_slots, a, b, keep, [&](const Agent& v) { return v.rewards_cum / nodes_of(v); },
                              nodes_of);
  c.reward_gini = gini_of_sorted_groups(a, b, n);
  n = sorted_per_operator(slots, n_slots, a, b, keep, [&](const Agent& v) { return v.acc.stake() / nodes_of(v); },
                          nodes_of);
  c.stake_nakamoto = nakamoto_of_sorted_groups(a, b, n);
  return c;
}

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
