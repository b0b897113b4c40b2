#pragma once
// Calendar and monthly schedules (MODEL.md 1 "Time", 2.1 emission and vesting).
// A month is 730.5 h (8766 h / 12); month m starts at hour floor(m * 730.5),
// so month lengths alternate 730 and 731 h and 12 months are exactly a year.
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts {

inline constexpr int kMaxMonths = 256;            // 21 years of monthly entries
inline constexpr double kHoursPerYear = 8766.0;   // 365.25 d
inline constexpr double kHoursPerMonth = 730.5;

TS_HD_INLINE std::int64_t month_start_hour(std::int64_t m) { return (m * 1461) / 2; }

// The month containing hour h: the largest m with month_start_hour(m) <= h.
TS_HD_INLINE std::int64_t month_of_hour(std::int64_t h) { return (2 * h + 1) / 1461; }

// An amount per month, paid evenly over the hours of that month (emission),
// with its running total, so that the amount of any hour range is exact and
// the months sum exactly to their totals.
struct MonthlySchedule {
  Micro amount[kMaxMonths];
  Micro cum_before[kMaxMonths + 1];   // cum_before[m] = sum of amount[0..m)
  std::int32_t months;
};

// Amount scheduled in the hours [0, h).
TS_HD_INLINE Micro scheduled_through_hour(const MonthlySchedule& s, std::int64_t h) {
  if (h <= 0) return 0;
  const std::int64_t m = month_of_hour(h);
  if (m >= s.months) return s.cum_before[s.months];
  const std::int64_t start = month_start_hour(m);
  const std::int64_t len = month_start_hour(m + 1) - start;
  return s.cum_before[m] + mul_div_floor(s.amount[m], h - start, len);
}

// Amount scheduled in the hours [h0, h1).
TS_HD_INLINE Micro scheduled_between(const MonthlySchedule& s, std::int64_t h0, std::int64_t h1) {
  return scheduled_through_hour(s, h1) - scheduled_through_hour(s, h0);
}

// Lump sums released at the start of a month (vesting unlocks). Returns the
// total of the months whose first hour lies in [h0, h1).
TS_HD_INLINE Micro lumps_between(const Micro (&amount)[kMaxMonths], std::int32_t months,
                                 std::int64_t h0, std::int64_t h1) {
  Micro total = 0;
  for (std::int64_t m = month_of_hour(h0 > 0 ? h0 - 1 : 0); m < months; ++m) {
    const std::int64_t s = month_start_hour(m);
    if (s >= h1) break;
    if (s >= h0) total += amount[m];
  }
  return total;
}

// A lump released at the start of month m and spread evenly over `window`
// hours afterwards (unlocked tokens sold over `unlock_sell_days`): the part of
// all such lumps that falls in [h0, h1).
TS_HD_INLINE Micro spread_lumps_between(const Micro (&amount)[kMaxMonths], std::int32_t months,
                                        std::int64_t window, std::int64_t h0, std::int64_t h1) {
  if (window <= 0) return lumps_between(amount, months, h0, h1);
  Micro total = 0;
  const std::int64_t first = h0 - window > 0 ? month_of_hour(h0 - window) : 0;
  for (std::int64_t m = first; m < months; ++m) {
    const std::int64_t s = month_start_hour(m);
    if (s >= h1) break;
    if (amount[m] == 0) continue;
    const auto done = [&](std::int64_t h) {
      const std::int64_t k = h - s < 0 ? 0 : (h - s > window ? window : h - s);
      return mul_div_floor(amount[m], k, window);
    };
    total += done(h1) - done(h0);
  }
  return total;
}

}  // namespace ts
