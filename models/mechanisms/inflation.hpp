#pragma once
// Cosmos x/mint inflation (MODEL.md 2.2, the Cosmos SDK mint module as Akash
// uses it): the annual rate moves toward the target bonded ratio,
//   di/dt = (1 - bonded_ratio / goal) * rate_change      (per year)
// clamped to [i_min, i_max(t)], with i_max decaying by a half-life (Akash's
// decaying maximum; assumption 2 years). Provisions per step are
// i * supply * dt / 8766 h, never past the maximum supply.
#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"

namespace ts {

TS_HD_INLINE double inflation_max(double max0, double half_life_years, double years) {
  return max0 * pmath::exp(-0.6931471805599453 * years / half_life_years);
}

TS_HD_INLINE double next_inflation(double rate, double bonded_ratio, double goal, double rate_change_per_year,
                                   double dt_years, double rate_min, double rate_max) {
  double next = rate + (1.0 - bonded_ratio / goal) * rate_change_per_year * dt_years;
  if (next > rate_max) next = rate_max;
  if (next < rate_min) next = rate_min;
  return next;
}

// Tokens minted in a step: the rate applies to the current supply; the cap
// applies to everything ever issued (genesis + minted <= max_supply, MODEL.md
// 1), so burning never makes room to mint past the maximum.
TS_HD_INLINE Micro provisions(double rate, Micro supply, Micro issued, double dt_years, Micro max_supply) {
  Micro minted = to_micro_floor(rate * to_tokens(supply) * dt_years);
  if (issued + minted > max_supply) minted = max_supply > issued ? max_supply - issued : 0;
  return minted;
}

}  // namespace ts
