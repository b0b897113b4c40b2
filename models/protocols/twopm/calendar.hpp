#pragma once
// Rounds and days: one step is one round of `dt_hours` (a divisor of 24), so
// a day holds steps_per_day rounds; daily decisions fall on a day's last round.
#include <cstdint>

#include "models/protocols/twopm/params.hpp"

namespace ts::twopm {

TS_HD_INLINE bool is_day_start(const Params& p, std::int32_t t) { return t % p.steps_per_day == 0; }
TS_HD_INLINE bool is_day_end(const Params& p, std::int32_t t) { return (t + 1) % p.steps_per_day == 0; }
TS_HD_INLINE std::int32_t day_of(const Params& p, std::int32_t t) { return t / p.steps_per_day; }

}  // namespace ts::twopm
