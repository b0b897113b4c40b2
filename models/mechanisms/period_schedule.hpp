#pragma once
// A budget paid at a constant rate per hour that steps down at the end of
// every period: a Bitcoin-like halving schedule with a discount per period
// (Phala's subsidy budget, MODEL.md 2.6: "Halving Period 45 days, Halving
// Discount 25% per period"). The rates are integers built on the host, with
// their running total, so that the amount of any hour range is exact, the
// same on every backend, and the periods sum exactly to their totals.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/quotient.hpp"

namespace ts {

inline constexpr int kMaxPeriods = 256;

struct PeriodSchedule {
  Micro per_hour[kMaxPeriods];        // rate of period j, micro-tokens per hour
  Micro cum_before[kMaxPeriods + 1];  // cum_before[j] = amount of periods [0, j)
  std::int32_t periods;               // after the last period nothing is scheduled
  std::int64_t period_hours;
};

// Rates per_hour[j] = floor(first_per_hour * (1 - discount)^j) for j < periods,
// with the running totals (host side: the schedule is built once per point).
inline void build_period_schedule(PeriodSchedule& s, double first_per_hour_tokens, double discount,
                                  std::int64_t period_hours, std::int32_t periods) {
  s.period_hours = period_hours;
  s.periods = periods < kMaxPeriods ? periods : kMaxPeriods;
  s.cum_before[0] = 0;
  double rate = first_per_hour_tokens;
  for (std::int32_t j = 0; j < s.periods; ++j) {
    s.per_hour[j] = to_micro_floor(rate);
    s.cum_before[j + 1] = s.cum_before[j] + s.per_hour[j] * period_hours;
    rate *= 1.0 - discount;
  }
  for (std::int32_t j = s.periods; j < kMaxPeriods; ++j) {
    s.per_hour[j] = 0;
    s.cum_before[j + 1] = s.cum_before[s.periods];
  }
}

// Amount scheduled in the hours [0, h).
TS_HD_INLINE Micro period_scheduled_through_hour(const PeriodSchedule& s, std::int64_t h) {
  if (h <= 0) return 0;
  const std::int64_t j = quotient_or(h, s.period_hours, std::int64_t{s.periods});  // no periods: all scheduled
  if (j >= s.periods) return s.cum_before[s.periods];
  return s.cum_before[j] + s.per_hour[j] * (h - j * s.period_hours);
}

// Amount scheduled in the hours [h0, h1).
TS_HD_INLINE Micro period_scheduled_between(const PeriodSchedule& s, std::int64_t h0, std::int64_t h1) {
  return period_scheduled_through_hour(s, h1) - period_scheduled_through_hour(s, h0);
}

}  // namespace ts
