#pragma once
// A run's state on disk (DESIGN.md "Scale"): the frozen plan of work units
// with each one's status, and the accumulators of the units done, in one
// HDF5 file. It is the checkpoint of a run (OUTPUT.partial, resumed with
// --resume) and the file a shard writes (--shard i/n, joined by `merge`).
// Written to a temporary, synced and renamed: the file is either the
// previous state or the complete new one. The accumulators travel as the
// stats archive's bytes with their SHA-256, so a damaged file is refused.
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

// The layout of state files this build writes and reads; a file of
// another layout is refused by name (never half-read).
constexpr std::uint64_t kStateLayoutVersion = 1;

struct StateRecord {
  // Identity: files of one run carry the same run_id (a hash of the
  // resolved scenario, seed, paths and unit size).
  std::string run_id;
  std::string scenario_name, scenario_file, scenario_toml, tool_version, git_commit;
  std::string backend;                              // where its units ran ("cpu", "cuda")
  std::uint64_t seed = 0;
  std::int64_t paths = 0, unit_paths = 0;
  std::uint64_t points = 0;
  std::uint64_t shard_index = 0, shard_count = 1;   // the slice this file holds (0/1: a whole run)
  // The plan: one entry per unit of the whole run.
  std::vector<std::int64_t> unit_point, unit_first_path, unit_n_paths;
  std::vector<std::uint8_t> unit_status;            // UnitStatus
  std::vector<std::string> unit_failure;
  // Bookkeeping and the accumulators of the units done.
  double simulate_seconds = 0.0, statistics_seconds = 0.0;
  std::vector<std::string> violations;
  std::string accumulators;                         // stats archive bytes
};

void write_state_file(const StateRecord& record, const std::string& path);

// Throws OutputError naming the file: not a state file, another layout
// version, truncated or damaged (HDF5 or checksum).
StateRecord read_state_file(const std::string& path);

}  // namespace ts
