#pragma once
// The check every protocol's tests make of its shipped scenarios (MODEL.md 1
// "Conservation invariant"): every point of every configs/<protocol>*.toml,
// on a short horizon, keeps the ledger exact in every path.
#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "stats/point_paths.hpp"
#include "host/protocols/registry.hpp"
#include "models/metrics.hpp"

namespace ts::test {

// Calls f(file name, scenario, point index, point) for every point of every
// configs/<prefix>*.toml loaded with `overrides` (every `stride`-th point of
// a sweep of more than 4 points); returns the number of scenario files.
template <class F>
int for_each_shipped_point(const std::string& prefix, const std::vector<std::string>& overrides, F f,
                           std::size_t stride = 1) {
  int scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TS_SOURCE_DIR) + "/configs")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".toml" || name.rfind(prefix, 0) != 0) continue;
    const auto sc = config::load_scenario(entry.path().string(), overrides, protocol_registry());
    const auto points = config::expand_sweep(sc);
    const std::size_t step = points.size() > 4 ? stride : 1;
    for (std::size_t i = 0; i < points.size(); i += step) f(name, sc, i, points[i]);
    ++scenarios;
  }
  return scenarios;
}

// Residual 0 at every snapshot of every path, and neither a ledger violation
// nor a supply-cap breach.
inline void expect_exact_ledger(const PointPaths& r, const std::string& where) {
  for (std::int64_t path = 0; path < r.n_paths; ++path) {
    for (std::int32_t t = 0; t < r.n_time; ++t) {
      const double residual = r.value(path, t, static_cast<int>(Metric::ledger_residual));
      if (residual != 0.0) {
        ADD_FAILURE() << where << " path " << path << " snapshot " << t << ": ledger residual " << residual;
        return;
      }
    }
    for (Event e : {Event::ledger_violation, Event::cap_breach})
      EXPECT_EQ(r.event_step[path * kEventCount + static_cast<int>(e)], kNeverReached)
          << where << " path " << path << ": " << kEventInfo[static_cast<int>(e)].name;
  }
}

}  // namespace ts::test
