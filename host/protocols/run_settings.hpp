#pragma once
// Run-level settings every protocol's scenario has (simulation.*), apart
// from the model's Params.
#include <cstdint>

#include "host/config/scenario.hpp"

namespace ts {

struct RunSettings {
  std::int64_t paths;
  std::uint64_t seed;
  std::int32_t keep_paths;
  std::int64_t batch_paths;
};

RunSettings run_settings(const config::Scenario& scenario);

}  // namespace ts
