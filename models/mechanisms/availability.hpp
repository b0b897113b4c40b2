#pragma once
// IO.net availability reward (MODEL.md 2.1, seed 003): per node and hour,
// USD-denominated, paid in tokens at the current price:
//   R_usd = capex_usd / H18 * uptime, H18 = 18 * 730.5 h (1.5-year payback),
// 95% to the supplier, 5% to its stakers; stake above the minimum raises it
// by 1 + stake_boost (stake - min) / (max - min) (assumption).
#include "models/core/amount.hpp"

namespace ts {

inline constexpr double kPaybackMonthsSeed = 18.0;

TS_HD_INLINE double availability_reward_usd(double capex_usd, double payback_hours, double uptime) {
  return capex_usd / payback_hours * uptime;
}

TS_HD_INLINE double stake_boost(Micro stake_per_node, Micro min_stake, Micro max_stake, double boost) {
  if (max_stake <= min_stake || stake_per_node <= min_stake) return 1.0;
  const double x = static_cast<double>(stake_per_node - min_stake) / static_cast<double>(max_stake - min_stake);
  return 1.0 + boost * (x < 1.0 ? x : 1.0);
}

// The same boost with the slope boost / (max - min) prepared once per
// provider, for the hot path (no division per step).
TS_HD_INLINE double stake_boost_slope(Micro min_stake, Micro max_stake, double boost) {
  return max_stake > min_stake ? boost / static_cast<double>(max_stake - min_stake) : 0.0;
}
TS_HD_INLINE double stake_boost_fast(double stake_per_node, Micro min_stake, double slope, double boost) {
  const double x = (stake_per_node - static_cast<double>(min_stake)) * slope;
  return x <= 0.0 ? 1.0 : 1.0 + (x < boost ? x : boost);
}

// Max stake per node = device_max_equity * (2 + 3 * sum(modifiers)); never
// below the minimum, so a node can always stake what it must.
TS_HD_INLINE Micro max_stake_per_node(Micro device_max_equity, double modifiers_sum, Micro min_stake) {
  const Micro m = to_micro_floor(to_tokens(device_max_equity) * (2.0 + 3.0 * modifiers_sum));
  return m > min_stake ? m : min_stake;
}

}  // namespace ts
