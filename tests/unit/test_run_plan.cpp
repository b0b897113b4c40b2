// The run plan (host/exec/run_plan.hpp): its units cover every path of
// every point exactly once, slices are disjoint and cover the plan for any
// count, and --shard is parsed strictly.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "host/exec/run_plan.hpp"

namespace ts {
namespace {

// Paths of each point covered by the plan's units, counted.
std::map<std::pair<std::int64_t, std::int64_t>, int> coverage(const RunPlan& plan, std::size_t points) {
  std::map<std::pair<std::int64_t, std::int64_t>, int> seen;
  for (const WorkUnit& u : plan.units)
    for (std::size_t p = 0; p < points; ++p)
      if (u.point == WorkUnit::kEveryPoint || u.point == static_cast<std::int64_t>(p))
        for (std::int64_t i = u.first_path; i < u.first_path + u.n_paths; ++i) ++seen[{static_cast<std::int64_t>(p), i}];
  return seen;
}

TEST(RunPlan, UnitsCoverEveryPathOfEveryPointOnce) {
  for (bool baseline : {false, true})
    for (std::int64_t paths : {1, 7, 12, 100})
      for (std::int64_t unit : {1, 3, 4, 100}) {
        const RunPlan plan = make_run_plan(5, baseline, paths, unit);
        const auto seen = coverage(plan, 5);
        EXPECT_EQ(seen.size(), static_cast<std::size_t>(5 * paths));
        for (const auto& [key, count] : seen) EXPECT_EQ(count, 1);
        const std::int64_t ranges = (paths + unit - 1) / unit;
        EXPECT_EQ(plan.units.size(), static_cast<std::size_t>(baseline ? ranges : 5 * ranges));
        EXPECT_EQ(plan.status.size(), plan.units.size());
        for (UnitStatus s : plan.status) EXPECT_EQ(s, UnitStatus::pending);
      }
}

TEST(RunPlan, WithABaselineAUnitHoldsEveryPoint) {
  // The paired differences are formed inside a unit: baseline and proposal together.
  for (const WorkUnit& u : make_run_plan(3, true, 10, 4).units) EXPECT_EQ(u.point, WorkUnit::kEveryPoint);
  const RunPlan plan = make_run_plan(3, false, 10, 4);
  EXPECT_EQ(plan.units[0].point, 0);
  EXPECT_EQ(plan.units[1].point, 1);   // point fastest: a range of every point before the next range
  EXPECT_EQ(plan.units[3].first_path, 4);
  EXPECT_EQ(plan.units.back().n_paths, 2);
}

TEST(RunPlan, SlicesAreDisjointAndCoverThePlan) {
  RunPlan plan = make_run_plan(4, false, 20, 3);
  plan.status[5] = UnitStatus::done;
  plan.status[6] = UnitStatus::failed;   // failed units run again
  for (std::size_t n = 1; n <= 9; ++n) {
    std::multiset<std::size_t> all;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t u : units_to_run(plan, i, n)) {
        EXPECT_EQ(u % n, i);
        all.insert(u);
      }
    EXPECT_EQ(all.size(), plan.units.size() - 1);
    EXPECT_EQ(all.count(5), 0u);
    EXPECT_EQ(all.count(6), 1u);
    for (std::size_t u = 0; u < plan.units.size(); ++u) EXPECT_LE(all.count(u), 1u);
  }
}

TEST(RunPlan, DefaultUnitIsIndependentOfTheBackendAndBounded) {
  EXPECT_EQ(default_unit_paths(10), 10);
  EXPECT_EQ(default_unit_paths(4096), 4096);
  EXPECT_EQ(default_unit_paths(100000), 32768);
  EXPECT_EQ(default_unit_paths(1000000), 62500);
}

TEST(RunPlan, DescribesAUnitByPointAndPaths) {
  EXPECT_EQ(describe_unit({2, 100, 50}), "point 2, paths 100-149");
  EXPECT_EQ(describe_unit({WorkUnit::kEveryPoint, 0, 4}), "every point, paths 0-3");
}

TEST(RunPlan, ParsesShardStrictly) {
  const ShardSlice s = parse_shard("3/8");
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 8u);
  for (const char* bad : {"8/8", "1/0", "-1/2", "1", "a/2", "1/2/3", " 1/2", "1/", "/2"})
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
  try {
    parse_shard("4/4");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0 .. 3"), std::string::npos) << e.what();
  }
}

TEST(RunPlan, RefusesAnEmptyRun) {
  EXPECT_THROW(make_run_plan(1, false, 0, 1), std::invalid_argument);
  EXPECT_THROW(make_run_plan(1, false, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace ts
