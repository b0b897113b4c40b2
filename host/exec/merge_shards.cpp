#include "host/exec/merge_shards.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "host/cli/output_path.hpp"
#include "host/config/loader.hpp"
#include "host/config/resolved_toml.hpp"
#include "host/exec/run_job.hpp"
#include "host/output/state_file.hpp"
#include "host/protocols/registry.hpp"

namespace ts {

namespace {

namespace fs = std::filesystem;

// The run's scenario from the resolved TOML a shard carries, through the
// loader (every check again); it must resolve to the same text.
config::Scenario scenario_of(const StateRecord& s, const std::string& file, const config::SchemaRegistry& registry) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("tokenstress-merge-{}", ::getpid());
  fs::create_directories(dir);
  const fs::path toml = dir / (s.scenario_name + ".toml");
  {
    std::ofstream os(toml, std::ios::binary);
    os << s.scenario_toml;
  }
  config::Scenario sc;
  try {
    sc = config::load_scenario(toml.string(), {}, registry);
  } catch (const std::exception& e) {
    fs::remove_all(dir);
    throw std::runtime_error(fmt::format("{}: its scenario does not load in this build: {}", file, e.what()));
  }
  fs::remove_all(dir);
  if (config::resolved_toml(sc, *registry.find(sc.protocol)) != s.scenario_toml)
    throw std::runtime_error(fmt::format("{}: its scenario resolves differently in this build (keys or defaults "
                                         "changed); merge with the tokenstress that wrote the shards",
                                         file));
  sc.file = s.scenario_file;
  return sc;
}

std::string slice_name(std::uint64_t i, std::uint64_t n) { return fmt::format("{}/{}", i, n); }

}  // namespace

RunOutcome merge_shards(const std::vector<std::string>& files, const std::string& output, bool progress) {
  if (files.empty()) throw std::runtime_error("merge: no shard files given");
  cli::check_output_path(output, files);
  std::vector<StateRecord> shards;
  for (const std::string& f : files) {
    shards.push_back(read_state_file(f));
    const StateRecord& s = shards.back();
    const StateRecord& first = shards.front();
    if (s.run_id != first.run_id)
      throw std::runtime_error(fmt::format("{} is a shard of another run than {} (scenario, seed, --paths or --batch "
                                           "differ: run id {} against {})",
                                           f, files.front(), s.run_id.substr(0, 12), first.run_id.substr(0, 12)));
    if (s.shard_count != first.shard_count)
      throw std::runtime_error(fmt::format("{} is shard {} but {} is shard {}: shards of one merge share their n",
                                           f, slice_name(s.shard_index, s.shard_count), files.front(),
                                           slice_name(first.shard_index, first.shard_count)));
  }
  const std::uint64_t n = shards.front().shard_count;
  std::map<std::uint64_t, std::string> given;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const auto [at, fresh] = given.emplace(shards[k].shard_index, files[k]);
    if (!fresh)
      throw std::runtime_error(fmt::format("shard {} is given twice: {} and {}", slice_name(shards[k].shard_index, n),
                                           at->second, files[k]));
  }
  std::string missing;
  for (std::uint64_t i = 0; i < n; ++i)
    if (!given.count(i)) missing += (missing.empty() ? "" : ", ") + slice_name(i, n);
  if (!missing.empty())
    throw std::runtime_error(fmt::format("shard(s) {} missing: {} of {} given; run them with --shard and merge again",
                                         missing, shards.size(), n));

  const auto registry = protocol_registry();
  const StateRecord& first = shards.front();
  const config::Scenario sc = scenario_of(first, files.front(), registry);
  RunOptions opt;
  opt.paths = first.paths;
  opt.seed = first.seed;
  opt.batch_paths = first.unit_paths;   // the plan's unit: the same run id
  opt.backend = Backend::cpu;           // nothing runs here
  opt.progress = progress;
  RunJob job(sc, first.scenario_toml, opt);
  std::set<std::string> backends;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const StateRecord& s = shards[k];
    // Complete: every unit of its slice done.
    for (std::size_t u = s.shard_index; u < s.unit_status.size(); u += n)
      if (static_cast<UnitStatus>(s.unit_status[u]) != UnitStatus::done) {
        const bool failed = static_cast<UnitStatus>(s.unit_status[u]) == UnitStatus::failed;
        throw std::runtime_error(fmt::format(
            "{} (shard {}) is incomplete: {} is {}{}; run it again with --shard {} --resume", files[k],
            slice_name(s.shard_index, n), describe_unit(job.plan().units.at(u)), failed ? "failed: " : "not run",
            failed ? s.unit_failure[u] : "", slice_name(s.shard_index, n)));
      }
    job.merge(s, files[k]);
    backends.insert(s.backend);
  }
  RunOutcome out = job.finish();
  std::string used;
  for (const std::string& b : backends) used += (used.empty() ? "" : "+") + b;
  out.backend = used;
  out.result.attributes["backend"] = used;
  out.result.attributes["device"] = fmt::format("merged from {} shards", n);
  out.result.attributes["shards"] = static_cast<std::uint64_t>(n);
  return out;
}

}  // namespace ts
