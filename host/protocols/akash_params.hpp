#pragma once
#include "host/config/scenario.hpp"
#include "models/protocols/akash/params.hpp"

namespace ts {
// Scenario point -> akash::Params; throws config::ConfigError naming the key.
akash::Params build_akash_params(const config::Scenario& scenario, const config::Point& point);
}  // namespace ts
