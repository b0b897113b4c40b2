#pragma once
// Risk events and the conservation check (MODEL.md 1): the first step each
// event is reached, and the largest |ledger residual| so far.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/metrics.hpp"

namespace ts {

// Records that `e` was reached by the end of step t (first time only).
TS_HD_INLINE void record_event(std::int32_t* event_first, Event e, std::int32_t t, bool reached) {
  std::int32_t& first = event_first[static_cast<int>(e)];
  if (reached && first == kNeverReached) first = t + 1;
}

// Folds this step's conservation residual into the path's largest |residual|
// and records a ledger violation when it is not 0.
TS_HD_INLINE void check_conservation(std::int32_t* event_first, Micro& residual_max_abs, Micro residual,
                                     std::int32_t t) {
  const Micro magnitude = residual < 0 ? -residual : residual;
  if (magnitude > residual_max_abs) residual_max_abs = magnitude;
  record_event(event_first, Event::ledger_violation, t, residual != 0);
}

}  // namespace ts
