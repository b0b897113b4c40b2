#include "host/exec/run_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace ts {

std::int64_t default_unit_paths(std::int64_t paths) {
  constexpr std::int64_t kUnitsPerPoint = 16, kMinUnitPaths = 32768;
  const std::int64_t even = (paths + kUnitsPerPoint - 1) / kUnitsPerPoint;
  return std::min(paths, std::max(even, kMinUnitPaths));
}

RunPlan make_run_plan(std::size_t points, bool with_baseline, std::int64_t paths, std::int64_t unit_paths) {
  if (paths < 1 || unit_paths < 1) throw std::invalid_argument("a run plan needs paths >= 1 and unit paths >= 1");
  RunPlan plan;
  for (std::int64_t first = 0; first < paths; first += unit_paths) {
    const std::int64_t n = std::min(unit_paths, paths - first);
    if (with_baseline) {
      plan.units.push_back({WorkUnit::kEveryPoint, first, n});
      continue;
    }
    for (std::size_t p = 0; p < points; ++p) plan.units.push_back({static_cast<std::int64_t>(p), first, n});
  }
  plan.status.assign(plan.units.size(), UnitStatus::pending);
  plan.failure.assign(plan.units.size(), std::string());
  return plan;
}

std::string describe_unit(const WorkUnit& u) {
  const std::string range = fmt::format("paths {}-{}", u.first_path, u.first_path + u.n_paths - 1);
  return u.point == WorkUnit::kEveryPoint ? "every point, " + range : fmt::format("point {}, {}", u.point, range);
}

std::vector<std::size_t> units_to_run(const RunPlan& plan, std::size_t index, std::size_t count) {
  std::vector<std::size_t> out;
  for (std::size_t u = index; u < plan.units.size(); u += count)
    if (plan.status[u] != UnitStatus::done) out.push_back(u);
  return out;
}

namespace {
bool parse_count(const std::string& text, std::size_t& out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
  return true;
}
}  // namespace

ShardSlice parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSlice s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count))
    throw std::invalid_argument("--shard " + text + ": expected i/n with integers, e.g. --shard 0/4");
  if (s.count < 1) throw std::invalid_argument("--shard " + text + ": n must be at least 1");
  if (s.index >= s.count)
    throw std::invalid_argument(fmt::format("--shard {}: i must be 0 .. {} (shards are numbered from 0)", text, s.count - 1));
  return s;
}

}  // namespace ts
