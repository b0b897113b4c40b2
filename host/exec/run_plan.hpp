#pragma once
// The frozen plan of a run (DESIGN.md "Scale"): the work units, each a range
// of paths of one point (or of every point when the scenario has a
// [baseline]: the paired differences are formed inside a unit), and the
// status of each. The plan depends only on the scenario, --paths and
// --batch, never on the backend, the rank count or the shard count, so
// units run anywhere merge into one digest; ranks and shards take units by
// a fixed rule (unit u goes to slice u mod n).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

struct WorkUnit {
  static constexpr std::int64_t kEveryPoint = -1;
  std::int64_t point = kEveryPoint;   // a point index, or kEveryPoint
  std::int64_t first_path = 0;
  std::int64_t n_paths = 0;
};

enum class UnitStatus : std::uint8_t { pending = 0, done = 1, failed = 2 };

struct RunPlan {
  std::vector<WorkUnit> units;        // path range slowest, point fastest
  std::vector<UnitStatus> status;     // one per unit
  std::vector<std::string> failure;   // one per unit: why it failed, else empty
};

// Paths per unit when --batch does not say: about 16 units per point, none
// below 32,768 paths (a unit is one executor call per point: smaller ones
// leave a GPU's threads idle; --batch sets smaller units for more ranks).
std::int64_t default_unit_paths(std::int64_t paths);

// Every unit pending; `with_baseline`: one unit per range covers every point.
RunPlan make_run_plan(std::size_t points, bool with_baseline, std::int64_t paths, std::int64_t unit_paths);

// "point 3, paths 0-99" or "every point, paths 0-99" (last path included).
std::string describe_unit(const WorkUnit& unit);

// The units of slice `index` of `count` (u mod count == index) that are not
// done yet, in plan order.
std::vector<std::size_t> units_to_run(const RunPlan& plan, std::size_t index, std::size_t count);

// --shard i/n as given on the command line; throws std::invalid_argument
// with what is wrong (n >= 1, 0 <= i < n).
struct ShardSlice {
  std::size_t index = 0, count = 1;
};
ShardSlice parse_shard(const std::string& text);

}  // namespace ts
