#pragma once
// Inequality of a population's integer amounts at a snapshot (MODEL.md 1
// "Metrics": reward_gini; 2.7 holding_bonus_gini). The statistics now live in
// models/core/population_stats.hpp; this name forwards to them for code that
// includes it (one implementation, no copy).
#include "models/core/population_stats.hpp"

namespace ts {

TS_HD_INLINE double gini_sorted(const Micro* x, int n) { return gini_of_sorted(x, n); }

}  // namespace ts
