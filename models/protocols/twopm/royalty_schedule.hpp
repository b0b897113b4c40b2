#pragma once
// The royalty vault's schedule (MODEL.md 2.8; seed 002 "Computing Power
// Contribution": "the token distribution follows an exponential decay model",
// f(x | lambda) = lambda exp(-lambda x), x >= 0).
//
// Each kind of contribution has its own vault: the royalty budget is split
// 7:3 between compute and data (seed: "weighted in a 7:3 ratio"), and round x
// of the subnet pays
//   pool(x) = budget * lambda * exp(-lambda * x)
// micro-tokens, rounded down, with lambda_compute << lambda_data (seed).
// Because lambdas differ, the 7:3 ratio holds for the budgets, not for each
// round: round x pays compute : data = 0.7 lc e^(-lc x) : 0.3 ld e^(-ld x),
// data first, compute later.
//
// The seed's rule is a density, and its discrete sum over all rounds is
//   sum_{x >= 0} lambda e^(-lambda x) = lambda / (1 - e^(-lambda)) > 1,
// i.e. about 1 + lambda / 2 budgets: the schedule promises more than the
// vault holds. The vault pays what it holds and no more (pool_payable), so
// the cumulative paid never exceeds the budget and the vault runs dry in the
// round n where lambda (1 - e^(-lambda n)) / (1 - e^(-lambda)) first reaches 1,
// n ~ ln(2 / lambda) / lambda (for lambda = 0.01: 0.5% over the budget, dry in
// round 530, when the pool has fallen to 0.5% of round 0's).
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/portable_math.hpp"
#include "models/core/quotient.hpp"
#include "models/core/saturating_cast.hpp"
#include "models/protocols/twopm/params.hpp"

namespace ts::twopm {

// What the schedule asks for in round x: floor(budget lambda e^(-lambda x))
// micro-tokens (portable exp, so both backends agree).
TS_HD_INLINE Micro scheduled_pool(const VaultSchedule& v, std::int32_t x) {
  const double amount = static_cast<double>(v.budget) * v.lambda * pmath::exp(-v.lambda * static_cast<double>(x));
  if (amount >= 9.2e18) return INT64_MAX;
  return amount > 0.0 ? trunc_to<Micro>(amount) : 0;   // truncation == floor for amount >= 0
}

// What the vault can pay of it: never more than it holds.
TS_HD_INLINE Micro pool_payable(Micro scheduled, Micro vault) {
  if (scheduled <= 0 || vault <= 0) return 0;
  return scheduled < vault ? scheduled : vault;
}

// The compute pool's equal share per task of the round, floor(pool / tasks);
// the remainder (fewer micro-tokens than tasks) goes to dust.
TS_HD_INLINE Micro task_share(Micro compute_pool, std::int32_t tasks) {
  return tasks > 0 && compute_pool > 0 ? compute_pool / tasks : 0;
}

}  // namespace ts::twopm
