// When an event counts (issue 12, item 5). A path records an event reached
// in step t (0-based) as first = t + 1, the number of steps done when it was
// seen (models/mechanisms/risk_events.hpp); snapshot i is taken once
// i x every steps are done, after steps 0 .. i x every - 1
// (models/engine/path_driver.hpp, snapshot_due). So "reached by snapshot i"
// is first <= i x every, i.e. t <= i x every - 1: the event of the last step
// before a snapshot is in it, the event of the step after is not. A price
// shock pins the event to a known step: shocks act at the start of their
// step, and the crash is checked at its end.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "host/config/loader.hpp"
#include "host/exec/run_scenario.hpp"
#include "host/protocols/registry.hpp"
#include "models/metrics.hpp"

namespace {

// P(price_crash by each daily snapshot) and the crash's first day on path 0,
// for a 90% price shock at `at_hours` (crash_fraction 0.3 in the preset).
struct Crash {
  std::vector<double> p;   // by snapshot: days 0, 1, 2, 3, 4
  double first_day;
};

Crash crash_with_shock_at(int at_hours) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(::testing::TempDir()) /
                        ("ts_event_timing_" + std::to_string(::getpid()) + "_" + std::to_string(at_hours) + ".toml");
  std::ofstream(file) << "extends = \"" << TS_SOURCE_DIR << "/configs/ionet.toml\"\n"
                      << "[simulation]\nhorizon = \"4d\"\nsnapshot_every = \"1d\"\n"
                      << "[network]\ninitial_providers = 8\nmax_providers = 16\n"
                      << "[[shock]]\nat = \"" << at_hours << "h\"\nprice_mult = 0.1\n";
  const auto sc = ts::config::load_scenario(file.string(), {}, ts::protocol_registry());
  ts::RunOptions opt;
  opt.paths = 4;
  opt.threads = 1;
  opt.progress = false;
  opt.backend = ts::Backend::cpu;
  const ts::RunOutcome out = ts::run_scenario(sc, "", opt);
  fs::remove(file);
  const ts::EventStats& e = out.result.events[static_cast<int>(ts::Event::price_crash)];
  return {e.p, e.first_days.at(0)};
}

TEST(EventTiming, AnEventInTheLastStepBeforeASnapshotIsInIt) {
  // Shock at hour 47: the crash is seen at the end of step 47, the last of
  // the 48 steps before the day-2 snapshot.
  const Crash c = crash_with_shock_at(47);
  ASSERT_EQ(c.p.size(), 5u);
  EXPECT_EQ(c.p[1], 0.0);
  EXPECT_EQ(c.p[2], 1.0);
  EXPECT_EQ(c.first_day, 48.0 / 24.0);
}

TEST(EventTiming, AnEventInTheFirstStepAfterASnapshotIsNotInIt) {
  // Shock at hour 48: step 48 runs after the day-2 snapshot.
  const Crash c = crash_with_shock_at(48);
  EXPECT_EQ(c.p[2], 0.0);
  EXPECT_EQ(c.p[3], 1.0);
  EXPECT_EQ(c.first_day, 49.0 / 24.0);
}

}  // namespace
