#pragma once
// Scenario point -> clore::Params: unit conversions, the emission schedule,
// the fee mix, the ask grid and thresholds computed once on the host
// (DESIGN.md principle 2), and the checks that span several keys.
#include "host/config/scenario.hpp"
#include "models/protocols/clore/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
clore::Params build_clore_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
