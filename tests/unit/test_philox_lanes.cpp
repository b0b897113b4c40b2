// The lane Philox of the CPU executor (host/exec/philox_lanes.hpp) against
// Random123's through draw_words: the same four words for every lane, key,
// step and stream, on whichever instruction set this CPU runs it with.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "host/exec/cpu_path.hpp"
#include "host/exec/philox_lanes.hpp"

namespace {

class PhiloxLanes : public ::testing::TestWithParam<ts::CpuPath> {};

TEST_P(PhiloxLanes, EqualsDrawWords) {
  const ts::CpuPath cpu = GetParam();
  if (!ts::cpu_has(cpu)) GTEST_SKIP() << "this CPU has no " << ts::cpu_path_name(cpu);
  const std::uint64_t seeds[] = {0, 1, 20261204, 0xFFFFFFFFFFFFFFFFull, 0x9E3779B97F4A7C15ull};
  const ts::Stream streams[] = {ts::Stream::kUptime, ts::Stream::kJobs, ts::Stream::kScores};
  std::uint32_t agent = 0;
  for (std::uint64_t seed : seeds) {
    for (ts::Stream stream : streams) {
      for (std::uint32_t step = 0; step < 40; step += 7) {
        ts::PhiloxLaneWords w;
        const std::uint32_t path = static_cast<std::uint32_t>(seed * 31 + step);
        ts::draw_words_lanes_on(cpu, ts::RandomKey{seed}, path, step, agent, stream, w);
        for (int j = 0; j < ts::kPhiloxLanes; ++j) {
          const ts::RandomWords r = ts::draw_words(ts::RandomKey{seed}, path, step, agent + j, stream);
          for (int k = 0; k < 4; ++k) ASSERT_EQ(w.w[k][j], r.w[k]) << "lane " << j << " word " << k;
        }
        agent += 977;   // agent words near 2^32 wrap as the counter does
      }
    }
  }
  ts::PhiloxLaneWords w;
  ts::draw_words_lanes_on(cpu, ts::RandomKey{7}, 3, 5, 0xFFFFFFF8u, ts::Stream::kUptime, w);
  const ts::RandomWords wrapped = ts::draw_words(ts::RandomKey{7}, 3, 5, 0x00000007u, ts::Stream::kUptime);
  EXPECT_EQ(w.w[0][15], wrapped.w[0]);
}

INSTANTIATE_TEST_SUITE_P(EveryInstructionSet, PhiloxLanes,
                         ::testing::Values(ts::CpuPath::baseline, ts::CpuPath::v3, ts::CpuPath::v4),
                         [](const auto& info) { return info.param == ts::CpuPath::baseline ? std::string("baseline")
                                                       : info.param == ts::CpuPath::v3 ? std::string("v3") : std::string("v4"); });

}  // namespace
