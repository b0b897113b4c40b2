#pragma once
// Compute-price discovery (MODEL.md 1 "Compute market"): where the seed does
// not fix the rent, the rent per unit-hour moves with the day's utilisation,
//
//   r_{d+1} = r_d * (1 + k_r * (u_d - u_target)),  clamped to [r_min, r_max],
//
// once a day (u_d = units served / units offered over day d), so oversupply
// and demand crashes reach providers' income. The rent is held as an index
// over the preset's rent (1 at genesis); demand answers through the price
// elasticity, D ~ (P_c / P_ref)^-e, with the index in P_c. k_r = 0 keeps the
// preset's rent (the index stays exactly 1 and the demand factor its genesis
// value, bit for bit).
#include "models/core/macros.hpp"
#include "models/core/portable_math.hpp"

namespace ts {

// compute_market.{u_target, k_r, rent_min, rent_max} and demand.elasticity.
struct RentRule {
  double u_target;     // utilisation the rent steers to (default 0.7)
  double k_r;          // response per day to one unit of utilisation gap (default 0.05)
  double index_min;    // rent bounds as multiples of the preset's rent (0.2, 5)
  double index_max;
  double elasticity;   // of demand to the price renters pay
};

// One day's market, summed step by step, and the rent it sets.
struct RentMarket {
  double index;        // rent / the preset's rent
  double served_day;   // units served so far today
  double offered_day;  // units offered so far today
};

TS_HD_INLINE RentMarket rent_market_open() { return RentMarket{1.0, 0.0, 0.0}; }

TS_HD_INLINE void rent_market_add(RentMarket& m, double served, double offered) {
  m.served_day += served;
  m.offered_day += offered;
}

// Closes `days` days summed together (1: a day): the daily update applied
// once per day at their utilisation, each step clamped. A period with
// nothing offered has no bids to clear, so the rent stays (ASSUMPTION:
// MODEL.md does not say).
TS_HD_INLINE void rent_market_close_days(RentMarket& m, const RentRule& r, int days) {
  if (r.k_r != 0.0 && m.offered_day > 0.0) {
    const double u = m.served_day / m.offered_day;
    for (int d = 0; d < days; ++d) {
      double next = m.index * (1.0 + r.k_r * (u - r.u_target));
      if (next < r.index_min) next = r.index_min;
      if (next > r.index_max) next = r.index_max;
      m.index = next;
    }
  }
  m.served_day = 0.0;
  m.offered_day = 0.0;
}

TS_HD_INLINE void rent_market_close_day(RentMarket& m, const RentRule& r) { rent_market_close_days(m, r, 1); }

// Demand's answer to the rent: index^-e (1 at the preset's rent).
TS_HD_INLINE double rent_demand_factor(const RentMarket& m, const RentRule& r) {
  return pmath::pow(m.index, -r.elasticity);
}

}  // namespace ts
