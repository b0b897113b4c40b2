#pragma once
// Scenario point -> ionet::Params: unit conversions, schedules and
// thresholds computed once on the host (DESIGN.md principle 2), and the
// checks that span several keys (allocations sum to one, ...).
#include "host/config/scenario.hpp"
#include "models/protocols/ionet/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
ionet::Params build_ionet_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
