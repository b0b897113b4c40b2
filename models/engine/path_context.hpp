#pragma once
// What every protocol's step needs to know about the path it is in.
#include <cstdint>

#include "models/core/amount.hpp"
#include "models/core/rng.hpp"

namespace ts {

struct PathContext {
  RandomKey key;
  std::uint32_t path;   // global path index: the same in every point (common random numbers)
};

// Per-path scratch for statistics over the population at snapshots (sorts
// for medians, Gini, Nakamoto): four arrays of agent_slots entries that the
// executor provides, so that models/ never allocates.
struct SnapshotScratch {
  double* real_a;
  double* real_b;
  Micro* amount_a;
  Micro* amount_b;
};

}  // namespace ts
