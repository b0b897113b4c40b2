#pragma once
// Demand process (MODEL.md 1, "Exogenous processes"):
// D_t = D0 exp(g t + X_t) diurnal(t) (P_c / P_ref)^(-elasticity), with X a
// log Ornstein-Uhlenbeck process plus Poisson jumps of normal size.
#include <cmath>

#include "models/core/portable_math.hpp"
#include "models/core/rng.hpp"
#include "models/core/variates.hpp"

namespace ts {

// One exact OU transition of length dt (decay = exp(-theta dt), sd its
// stationary-increment deviation) plus the jumps of the step. Uses words
// 0-1 for the diffusion, 2 for the jump count and 3 for the jump size.
TS_HD_INLINE double demand_ou_step(double x, double decay, double sd, double jump_lambda, double jump_mu,
                                   double jump_sigma, const RandomWords& w) {
  double next = x * decay + sd * standard_normal(w.w[0], w.w[1]);
  const int jumps = poisson(jump_lambda, uniform_open32(w.w[2]));
  if (jumps > 0) {
    const double n = static_cast<double>(jumps);
    next += jump_mu * n + jump_sigma * sqrt(n) * pmath::normal_quantile(uniform_open32(w.w[3]));
  }
  return next;
}

}  // namespace ts
