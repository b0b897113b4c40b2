#pragma once
// Philox4x32-10 for a batch of counters that differ only in the agent word:
// (path, step, first_agent + j, stream) for j < n, the draws of a phase's
// slots. The same function as models/core/rng.hpp's draw_words (Random123's
// rounds, keys and constants), written as loops over lanes so the compiler
// keeps 8 (AVX2) or 16 (AVX-512) counters in one register; compiled for
// x86-64 baseline, x86-64-v3 and x86-64-v4 and chosen once at run time
// (cpu_path.hpp). Integer arithmetic only: every variant gives the same
// words (tests/unit/test_philox_lanes.cpp).
#include <cstdint>

#include "host/exec/cpu_path.hpp"
#include "models/core/rng.hpp"

namespace ts {

inline constexpr int kPhiloxLanes = 16;

// Four words per lane, word-major: w[k][j] is word k of lane j.
struct PhiloxLaneWords {
  alignas(64) std::uint32_t w[4][kPhiloxLanes];
  RandomWords at(int j) const { return RandomWords{{w[0][j], w[1][j], w[2][j], w[3][j]}}; }
};

// n <= kPhiloxLanes; lanes past n are left unspecified.
void draw_words_lanes(RandomKey key, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent, Stream stream,
                      int n, PhiloxLaneWords& out);

// The same on a given instruction set (which this CPU must have): tests.
void draw_words_lanes_on(CpuPath cpu, RandomKey key, std::uint32_t path, std::uint32_t step, std::uint32_t first_agent,
                         Stream stream, PhiloxLaneWords& out);

}  // namespace ts
