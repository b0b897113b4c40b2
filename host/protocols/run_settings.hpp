#pragma once
// Run-level settings every protocol's scenario has (simulation.*, stats.*), apart
// from the model's Params.
#include <cstdint>

#include "host/config/scenario.hpp"

namespace ts {

struct RunSettings {
  std::int64_t paths;
  std::uint64_t seed;
  std::int32_t keep_paths;
  std::int64_t batch_paths;
  std::uint64_t exact_paths;       // stats.*
  int bucket_bits;
  std::int64_t final_values_max;
};

RunSettings run_settings(const config::Scenario& scenario);

}  // namespace ts
