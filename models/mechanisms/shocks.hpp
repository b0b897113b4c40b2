#pragma once
// Deterministic shocks (MODEL.md 1: `[[shock]] at = "180d", demand_mult =
// 0.3, duration = "60d"`, and `price_mult`): the price moves once, at the
// shock's start, by a trade between holders and the AMM; demand is scaled
// while the shock lasts. Shock is any row with start_step, end_step,
// demand_mult and price_mult.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/mechanisms/amm.hpp"

namespace ts {

// The common shock row: demand multiplied over [start_step, end_step), the
// price moved once at start_step by price_mult.
struct MarketShock {
  std::int32_t start_step;
  std::int32_t end_step;
  double demand_mult;
  double price_mult;
};

// Applies the price shocks that start at step t and returns the product of
// the demand multipliers in force at t.
template <class Shock>
TS_HD_INLINE double apply_shocks(const Shock* shocks, std::int32_t n_shocks, std::int32_t t, AmmPool& pool,
                                 Micro& amm_tokens, Micro& holders) {
  double demand_mult = 1.0;
  for (std::int32_t s = 0; s < n_shocks; ++s) {
    const Shock& sh = shocks[s];
    if (t == sh.start_step) amm_shock_price(pool, amm_tokens, holders, sh.price_mult);
    if (t >= sh.start_step && t < sh.end_step) demand_mult *= sh.demand_mult;
  }
  return demand_mult;
}

}  // namespace ts
