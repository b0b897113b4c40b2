#pragma once
// Scenario point -> twopm::Params: unit conversions, integer thresholds and
// the smoothed reference's logarithms computed once on the host (DESIGN.md
// principle 2), and the checks that span several keys (the budget and the
// AMM seed fit the supply, lambda_compute <= lambda_data, ...).
#include "host/config/scenario.hpp"
#include "models/protocols/twopm/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
twopm::Params build_twopm_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
