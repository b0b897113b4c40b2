#pragma once
// Scenario point -> phala::Params: unit conversions, the subsidy schedule,
// minimum stakes and thresholds computed once on the host (DESIGN.md
// principle 2), and the checks that span several keys (the probe's stake
// covers its class's minimum, every confidence level is given once, ...).
#include "host/config/scenario.hpp"
#include "models/protocols/phala/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
phala::Params build_phala_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
