#pragma once
// A step's place in the day, for any protocol's Params with dt_hours and
// steps_per_day (= 24 / dt_hours): daily decisions fall on a day's first or
// last step. The host rejects steps_per_day < 1; should one reach the model
// anyway, every step is its own day (is_day_start/end true, day_of = t)
// instead of a division by zero that traps on the CPU and not on the GPU
// (models/core/quotient.hpp).
#include <cstdint>

#include "models/core/macros.hpp"
#include "models/core/quotient.hpp"

namespace ts {

template <class Params>
TS_HD_INLINE bool is_day_start(const Params& p, std::int32_t t) {
  return remainder_or(t, p.steps_per_day, 0) == 0;
}

template <class Params>
TS_HD_INLINE bool is_day_end(const Params& p, std::int32_t t) {
  return remainder_or(t + 1, p.steps_per_day, 0) == 0;
}

template <class Params>
TS_HD_INLINE std::int32_t day_of(const Params& p, std::int32_t t) {
  return quotient_or(t, p.steps_per_day, t);
}

// The hour at which step t begins.
template <class Params>
TS_HD_INLINE std::int64_t hour_of_step(const Params& p, std::int32_t t) {
  return static_cast<std::int64_t>(t) * p.dt_hours;
}

}  // namespace ts
