#pragma once
// Shared by the unit tests that run a shipped scenario's paths on the CPU:
// a point of configs/<file> with overrides, and its paths.
#include <cstdint>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/registry.hpp"
#include "models/metrics.hpp"

namespace ts::test {

inline std::string config_path(const std::string& name) { return std::string(TS_SOURCE_DIR) + "/configs/" + name; }

// Point `point` of the scenario's sweep (0: the only one without a sweep).
template <class Params>
Params preset(const std::string& file, const std::vector<std::string>& overrides,
              Params (*build)(const config::Scenario&, const config::Point&), std::size_t point = 0) {
  const auto sc = config::load_scenario(config_path(file), overrides, protocol_registry());
  return build(sc, config::expand_sweep(sc).at(point));
}

template <class Model>
PointPaths run_preset_paths(const typename Model::Params& p, std::int64_t paths, std::uint64_t seed = 20261203) {
  PointPaths out;
  CpuOptions opt;
  opt.threads = 2;
  run_paths_cpu<Model>(p, seed, 0, paths, opt, nullptr, out);
  return out;
}

inline std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline double metric_at(const PointPaths& r, std::int64_t path, std::int32_t t, Metric m) {
  return r.value(path, t, static_cast<int>(m));
}

inline std::int32_t first_step(const PointPaths& r, std::int64_t path, Event e) {
  return r.event_step[path * kEventCount + static_cast<int>(e)];
}

}  // namespace ts::test
