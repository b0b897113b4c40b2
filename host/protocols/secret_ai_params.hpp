#pragma once
// Scenario point -> secret_ai::Params: unit conversions, integer prices and
// thresholds computed once on the host (DESIGN.md principle 2), and the
// checks that span several keys (the subsidy fits the community pool, ...).
#include "host/config/scenario.hpp"
#include "models/protocols/secret_ai/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
secret_ai::Params build_secret_ai_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
