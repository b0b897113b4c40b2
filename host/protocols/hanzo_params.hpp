#pragma once
// Scenario point -> hanzo::Params: unit conversions, the emission and vesting
// schedules, the holder distribution and thresholds computed once on the
// host (DESIGN.md principle 2), and the checks that span several keys.
#include "host/config/scenario.hpp"
#include "models/protocols/hanzo/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
hanzo::Params build_hanzo_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
