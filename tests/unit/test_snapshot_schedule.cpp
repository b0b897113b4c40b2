// The snapshot schedule (models/engine/path_driver.hpp): snapshot 0 at the
// start, one every `every` steps, and the last at the horizon even when the
// horizon is not a multiple of `every`.
#include <gtest/gtest.h>

#include "models/engine/path_driver.hpp"

namespace {

TEST(SnapshotSchedule, LastSnapshotIsAtTheHorizon) {
  // 200 days hourly, weekly: 28 whole weeks (day 196) and the horizon, day 200.
  const std::int32_t n = 200 * 24, every = 168;
  EXPECT_EQ(ts::snapshot_count_of(n, every), 30);
  EXPECT_EQ(ts::snapshot_step_of(28, n, every), 28 * 168);
  EXPECT_EQ(ts::snapshot_step_of(29, n, every), n);
  EXPECT_EQ(ts::snapshot_due(168, n, every), 1);
  EXPECT_EQ(ts::snapshot_due(169, n, every), -1);
  EXPECT_EQ(ts::snapshot_due(n, n, every), 29);
}

TEST(SnapshotSchedule, AHorizonThatIsAMultipleHasNoExtraSnapshot) {
  EXPECT_EQ(ts::snapshot_count_of(7 * 24, 24), 8);
  EXPECT_EQ(ts::snapshot_due(7 * 24, 7 * 24, 24), 7);
  EXPECT_EQ(ts::snapshot_step_of(7, 7 * 24, 24), 7 * 24);
}

TEST(SnapshotSchedule, AnIntervalLongerThanTheHorizonGivesStartAndHorizon) {
  EXPECT_EQ(ts::snapshot_count_of(100, 500), 2);
  EXPECT_EQ(ts::snapshot_due(100, 100, 500), 1);
  EXPECT_EQ(ts::snapshot_count_of(100, 0), 1);
  EXPECT_EQ(ts::snapshot_due(50, 100, 0), -1);
}

}  // namespace
