#pragma once
// An unbonding queue (MODEL.md 1, "Stakers": withdrawals pass the unbonding
// queue) as a ring of daily buckets: tokens queued on day d are released at
// the start of day d + 1 + unbonding_days, each day's tranche on its own
// date, however often more is queued. With unbonding_days < kUnbondingDays
// a bucket is always emptied before the ring comes round to it again.
#include <cstdint>

#include "models/core/amount.hpp"

namespace ts {

template <int Days>
struct UnbondingRing {
  static constexpr int kDays = Days;   // ring size: unbonding periods up to Days - 1 days
  Micro bucket[Days] = {};
  Micro total = 0;   // sum of the buckets

  // Queue `amount` on day `day` for release at the start of day
  // day + 1 + unbonding_days.
  TS_HD_INLINE void enqueue(Micro amount, std::int32_t day, std::int32_t unbonding_days) {
    if (amount <= 0) return;
    bucket[(day + 1 + unbonding_days) % Days] += amount;
    total += amount;
  }

  // The tranche released at the start of `day` (call once per day).
  TS_HD_INLINE Micro release(std::int32_t day) {
    Micro& b = bucket[day % Days];
    const Micro out = b;
    b = 0;
    total -= out;
    return out;
  }
};

// Per agent: short queues (IO.net's 7 days).
inline constexpr int kUnbondingDays = 16;
using UnbondingQueue = UnbondingRing<kUnbondingDays>;

}  // namespace ts
