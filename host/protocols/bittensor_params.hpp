#pragma once
// Scenario point -> bittensor::Params: the tempo clock, the validators'
// genesis stakes (the colluders' share exactly as asked), fixed-point Yuma
// constants, and the checks that span several keys.
#include "host/config/scenario.hpp"
#include "models/protocols/bittensor/params.hpp"

namespace ts {

// Throws config::ConfigError naming the key (and where it was set) when the
// values are inconsistent.
bittensor::Params build_bittensor_params(const config::Scenario& scenario, const config::Point& point);

}  // namespace ts
