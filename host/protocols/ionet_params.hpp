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

// Run-level settings of a scenario (not part of the model's Params).
struct RunSettings {
  std::int64_t paths;
  std::uint64_t seed;
  std::int32_t keep_paths;
  std::int64_t batch_paths;
};
RunSettings ionet_run_settings(const config::Scenario& scenario);

}  // namespace ts
