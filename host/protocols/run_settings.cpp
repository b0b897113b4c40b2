#include "host/protocols/run_settings.hpp"

namespace ts {

RunSettings run_settings(const config::Scenario& sc) {
  RunSettings r;
  r.paths = static_cast<std::int64_t>(sc.number("simulation.paths"));
  r.seed = static_cast<std::uint64_t>(sc.number("simulation.seed"));
  r.keep_paths = static_cast<std::int32_t>(sc.number("simulation.keep_paths"));
  r.batch_paths = static_cast<std::int64_t>(sc.number("simulation.batch_paths"));
  r.exact_paths = static_cast<std::uint64_t>(sc.number("stats.exact_paths"));
  r.bucket_bits = static_cast<int>(sc.number("stats.bucket_bits"));
  r.final_values_max = static_cast<std::int64_t>(sc.number("stats.final_values_max"));
  return r;
}

}  // namespace ts
