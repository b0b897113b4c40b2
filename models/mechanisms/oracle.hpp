#pragma once
// The oracle price of USD-denominated rewards (MODEL.md 1 "Token market",
// 2.1 "Oracle"): a time-weighted average of the AMM price over the last
// `window` steps. Each past step weighs in with the price that held through
// it (its end-of-step price); the current step with the spot at reward time.
// Window 1 is that spot itself, bit for bit; a manipulator who moves the
// spot around reward time then moves 1/window of the oracle. The past
// prices sit in a ring and are summed oldest first after the spot, so the
// same history gives the same bits on both backends.
#include <cstdint>

#include "models/core/macros.hpp"

namespace ts {

inline constexpr int kMaxOracleSteps = 48;   // market.oracle_window: at most 48 steps

struct PriceOracle {
  double past[kMaxOracleSteps - 1];   // end-of-step prices of the last window - 1 steps
  std::int32_t next;                  // where the next one goes
  std::int32_t filled;                // held (< window - 1 only in the first steps)
};

// The TWAP at reward time: this step's spot and the past prices held.
TS_HD_INLINE double oracle_price(const PriceOracle& o, std::int32_t window, double spot) {
  const std::int32_t ring = window - 1;
  double sum = spot;
  std::int32_t i = o.next - o.filled;
  if (i < 0) i += ring;
  for (std::int32_t k = 0; k < o.filled; ++k) {
    sum += o.past[i];
    i = i + 1 < ring ? i + 1 : 0;
  }
  return sum / static_cast<double>(o.filled + 1);
}

// Records the price that held through this step (at its end).
TS_HD_INLINE void oracle_record(PriceOracle& o, std::int32_t window, double end_price) {
  const std::int32_t ring = window - 1;
  if (ring <= 0) return;
  o.past[o.next] = end_price;
  o.next = o.next + 1 < ring ? o.next + 1 : 0;
  if (o.filled < ring) ++o.filled;
}

}  // namespace ts
