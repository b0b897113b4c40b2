// tokenstress: the command line (DESIGN.md "Command line").
//   run SCENARIO.toml [--set k=v ...] [--paths N] [--seed S] [--backend auto|cpu|cuda]
//                     [--threads N] [--batch N] [-o results/NAME.h5] [--quiet]
//   validate SCENARIO.toml [--set k=v ...]
//   presets
//   compare A.h5 B.h5 [--exact | --rtol R --atol A]
//   info
// Exit codes: 0 success; 2 bad input or failure (nothing written); 3 a model
// invariant broke (ledger residual or supply cap; the output is written for
// diagnosis and the paths are listed); compare: 0 equal, 1 different, 2 error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "build_info.hpp"
#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/resolved_toml.hpp"
#include "host/exec/merge_shards.hpp"
#include "host/exec/mpi_job.hpp"
#include "host/exec/run_job.hpp"
#include "host/exec/run_plan.hpp"
#include "host/exec/run_scenario.hpp"
#include "host/output/state_file.hpp"
#include "host/output/compare.hpp"
#include "host/output/compare_table.hpp"
#include "host/output/isolated_read.hpp"
#include "host/output/hdf5_writer.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/registry.hpp"
#include "host/protocols/run_settings.hpp"
#include "host/cli/device_info.hpp"
#include "host/exec/cpu_path.hpp"
#include "host/cli/output_path.hpp"
#include "cuda/cuda_executor.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitModelViolation = 3;   // a ledger or supply-cap invariant broke: a bug

struct ScenarioArgs {
  std::string file;
  std::vector<std::string> overrides;
};

ts::config::Scenario load(const ScenarioArgs& a, const ts::config::SchemaRegistry& registry, std::string& resolved) {
  ts::config::Scenario sc = ts::config::load_scenario(a.file, a.overrides, registry);
  resolved = ts::config::resolved_toml(sc, *registry.find(sc.protocol));
  return sc;
}

// A seed as the file takes it: a decimal integer in [0, 2^64 - 1]; a sign,
// a fraction or anything larger is refused (not clamped: two seeds must
// never silently become one).
std::uint64_t parse_seed(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  errno = 0;
  const unsigned long long v = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
  if (!digits || errno == ERANGE)
    throw std::runtime_error("--seed " + text + ": must be an integer from 0 to 18446744073709551615");
  return static_cast<std::uint64_t>(v);
}

// Prints the outcome of a run whose output was just written; exit 0, or 3
// when a model invariant broke (the output is kept for diagnosis).
int report_outcome(const ts::RunOutcome& outcome, const std::string& output, double write_s) {
  std::cout << ts::summary_table(outcome.result);
  const double total = outcome.wall_seconds + write_s;
  std::cout << fmt::format("time: simulate {:.2f} s, statistics {:.2f} s, output {:.2f} s ({:.1f}% of wall in statistics and output)\n",
                           outcome.simulate_seconds, outcome.statistics_seconds, write_s,
                           total > 0 ? 100.0 * (outcome.statistics_seconds + write_s) / total : 0.0);
  const std::string occupied = outcome.occupied_agent_steps_per_second > 0
                                   ? fmt::format(", {:.3g} occupied", outcome.occupied_agent_steps_per_second)
                                   : std::string();
  std::cout << fmt::format("wrote {}  ({} backend, {:.1f} s, {:.3g} agent-steps/s{})\n", output, outcome.backend,
                           total, outcome.agent_steps_per_second, occupied);
  if (!outcome.violations.empty()) {
    std::cerr << fmt::format("error: {} model violation(s); the output is kept for diagnosis\n",
                             outcome.violations.size());
    for (std::size_t i = 0; i < outcome.violations.size() && i < 20; ++i) std::cerr << "  " << outcome.violations[i] << "\n";
    return kExitModelViolation;
  }
  return 0;
}

int write_and_report(const ts::RunOutcome& outcome, const std::string& output, const std::string& checkpoint) {
  const auto w0 = std::chrono::steady_clock::now();
  ts::write_result_hdf5(outcome.result, output);
  if (!checkpoint.empty()) std::remove(checkpoint.c_str());
  const double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  return report_outcome(outcome, output, write_s);
}

// Ranks other than 0 print nothing: rank 0 speaks for the job.
bool g_silent = false;

// `output_given`: -o was on the command line (an empty one is refused by
// check_output_path, not replaced by the default). `shard`: --shard i/n, or
// empty for the whole run.
int cmd_run(const ScenarioArgs& a, const ts::RunOptions& opt, std::string output, bool output_given,
            const std::string& shard) {
  const auto registry = ts::protocol_registry();
  std::string resolved;
  const ts::config::Scenario sc = load(a, registry, resolved);
  const std::optional<ts::ShardSlice> slice =
      shard.empty() ? std::nullopt : std::optional<ts::ShardSlice>(ts::parse_shard(shard));
  if (!output_given)
    output = slice ? fmt::format("results/{}.shard-{}-of-{}.h5", sc.name, slice->index, slice->count)
                   : "results/" + sc.name + ".h5";
  ts::cli::check_output_path(output, sc.input_files);   // before any work
  // The run's state is checkpointed beside the output; --resume picks the
  // run up there. The checkpoint goes once the output is written.
  ts::RunOptions with_checkpoint = opt;
  with_checkpoint.checkpoint = output + ".partial";

  if (ts::mpi::launched()) {
    if (slice) throw std::runtime_error("--shard and mpirun are two ways to split one run: use one of them");
    ts::mpi::Session session;
    g_silent = session.rank != 0;
    if (session.rank == 0)
      for (const std::string& stale : ts::cli::remove_stale_temporaries(output))
        std::cerr << "note: removed " << stale << ", the temporary of an earlier run that was killed\n";
    try {
      const auto outcome = ts::mpi::run_ranks(session, sc, resolved, with_checkpoint);
      return outcome ? write_and_report(*outcome, output, with_checkpoint.checkpoint) : 0;
    } catch (const ts::mpi::JobFailed& e) {
      if (!g_silent) std::cerr << "error: " << e.what() << "\n";
      return e.exit_code;
    }
  }

  for (const std::string& stale : ts::cli::remove_stale_temporaries(output))
    std::cerr << "note: removed " << stale << ", the temporary of an earlier run that was killed\n";
  if (slice) {
    // A shard: its units of the plan, then a state file for `merge`.
    ts::RunJob job(sc, resolved, with_checkpoint);
    if (opt.resume) ts::resume_from(job, with_checkpoint.checkpoint);
    ts::run_slice(job, *slice, with_checkpoint);
    ts::write_state_file(job.state(slice->index, slice->count), output);
    std::remove(with_checkpoint.checkpoint.c_str());
    const std::size_t units = (job.plan().units.size() + slice->count - 1 - slice->index) / slice->count;
    std::cout << fmt::format("wrote shard {}/{} to {}: its {} of the run's {} work units (merge every shard with "
                             "`tokenstress merge`)\n",
                             slice->index, slice->count, output, units, job.plan().units.size());
    return 0;
  }
  const ts::RunOutcome outcome = ts::run_scenario(sc, resolved, with_checkpoint);
  return write_and_report(outcome, output, with_checkpoint.checkpoint);
}

int cmd_validate(const ScenarioArgs& a) {
  const auto registry = ts::protocol_registry();
  std::string resolved;
  const ts::config::Scenario sc = load(a, registry, resolved);
  // Every check a run makes before its first path, through the same code:
  // each point's parameters built and checked, the run's settings read.
  const auto run = ts::make_protocol_run(sc);
  (void)ts::run_settings(sc);
  std::cout << resolved;
  std::cout << fmt::format("# valid: {} point(s)\n", sc.point_count());
  return 0;
}

int cmd_presets() {
  const auto registry = ts::protocol_registry();
  for (const ts::config::Schema* s : registry.all())
    std::cout << fmt::format("{:<12} {}\n", s->protocol, s->description);
  return 0;
}

int cmd_info() {
  const std::string cpu_path = ts::cpu_path_description();   // throws on a bad TOKENSTRESS_CPU_PATH
  std::cout << fmt::format("tokenstress {} (commit {})\n", ts::build::version, ts::build::git_commit);
  std::cout << fmt::format("build: {}, {}\n", ts::build::build_type, ts::build::cxx_compiler);
  std::cout << fmt::format("OpenMP threads: {} (hardware threads {})\n", omp_get_max_threads(),
                           std::thread::hardware_concurrency());
  std::cout << "CPU path: " << cpu_path << "\n";
  std::cout << "CUDA: " << ts::cuda::implementation() << "\n";
  std::cout << "MPI: " << ts::mpi::implementation() << "\n";
  std::cout << ts::cli::describe_devices();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tokenstress: Monte Carlo stress-tester for token economies of decentralised compute networks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(ts::build::version));

  ScenarioArgs run_args, validate_args;
  ts::RunOptions run_opt;
  std::string output, backend = "auto";
  std::int64_t paths = 0, batch = 0;
  std::string seed_text;
  bool quiet = false;
  auto* run = app.add_subcommand("run", "run a scenario and write its statistics to HDF5");
  run->add_option("scenario", run_args.file, "scenario TOML file")->required();
  run->add_option("--set", run_args.overrides, "override a key: --set fees.buyback_share=0.5");
  // Bounds printed as integers (CLI::PositiveNumber prints DBL_MAX in full).
  const CLI::Range positive_count(std::int64_t{1}, std::int64_t{1} << 40);
  auto* paths_opt = run->add_option("--paths", paths, "Monte Carlo paths per point")->check(positive_count);
  auto* seed_opt = run->add_option("--seed", seed_text, "64-bit seed: 0 .. 18446744073709551615");
  auto* batch_opt = run->add_option("--batch", batch, "paths held in memory at once")->check(positive_count);
  run->add_option("--backend", backend, "auto | cpu | cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  const int max_threads = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  run->add_option("--threads", run_opt.threads, fmt::format("CPU threads (default: all; at most {})", max_threads))
      ->check(CLI::Range(0, max_threads));
  auto* output_opt = run->add_option("-o,--output", output, "output file (default results/NAME.h5)");
  run->add_flag("-q,--quiet", quiet, "no progress on stderr");
  run->add_flag("--resume", run_opt.resume,
                "continue a killed or failed run from its checkpoint (OUTPUT.partial; same scenario, seed, --paths, --batch)");
  std::string shard;
  run->add_option("--shard", shard, "run slice i of n of the work units and write a shard file for `merge` (e.g. 0/4)");
  run->add_option("--checkpoint-every", run_opt.checkpoint_every_s,
                  "seconds between checkpoints (after a work unit; 0: after every unit)")
      ->check(CLI::Range(0.0, 1e9));

  std::vector<std::string> shard_files;
  std::string merged_output;
  bool merge_quiet = false;
  auto* merge = app.add_subcommand("merge", "join the shard files of one run into its output file");
  merge->add_option("shards", shard_files, "shard files (any order)")->required();
  merge->add_option("-o,--output", merged_output, "output file")->required();
  merge->add_flag("-q,--quiet", merge_quiet, "no progress on stderr");

  auto* validate = app.add_subcommand("validate", "check a scenario and print it resolved");
  validate->add_option("scenario", validate_args.file, "scenario TOML file")->required();
  validate->add_option("--set", validate_args.overrides, "override a key");

  app.add_subcommand("presets", "list the protocols with one line each");

  std::string file_a, file_b;
  ts::CompareOptions cmp;
  auto* compare = app.add_subcommand("compare", "compare two output files (exit 0 equal, 1 different, 2 error)");
  compare->add_option("a", file_a, "first file")->required();
  compare->add_option("b", file_b, "second file")->required();
  auto* exact = compare->add_flag("--exact", cmp.exact, "bitwise equality");
  // Finite and >= 0 (1e400 would read as infinity).
  const CLI::Validator tolerance(
      [](std::string& text) -> std::string {
        try {
          std::size_t used = 0;
          const double v = std::stod(text, &used);
          if (used == text.size() && std::isfinite(v) && v >= 0) return "";
        } catch (const std::exception&) {
        }
        return "must be a finite number >= 0 (at most about 1.8e308), got " + text;
      },
      "FINITE>=0");
  compare->add_option("--rtol", cmp.rtol, "relative tolerance")->excludes(exact)->check(tolerance);
  compare->add_option("--atol", cmp.atol, "absolute tolerance")->excludes(exact)->check(tolerance);
  compare->add_option("--max-report", cmp.max_report, "differences listed");
  std::size_t point_a = 0, point_b = 0;
  compare->add_option("--point-a", point_a, "point of A for the side-by-side table (default 0)");
  compare->add_option("--point-b", point_b, "point of B for the side-by-side table (default 0)");

  app.add_subcommand("info", "build options and devices");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }

  try {
    if (*run) {
      ts::cpu_path();   // a bad TOKENSTRESS_CPU_PATH is an error before any work
      if (*paths_opt) run_opt.paths = paths;
      if (*seed_opt) run_opt.seed = parse_seed(seed_text);
      if (*batch_opt) run_opt.batch_paths = batch;
      run_opt.backend = backend == "cpu" ? ts::Backend::cpu : backend == "cuda" ? ts::Backend::cuda : ts::Backend::automatic;
      run_opt.progress = !quiet;
      return cmd_run(run_args, run_opt, output, static_cast<bool>(*output_opt), shard);
    }
    if (*validate) return cmd_validate(validate_args);
    if (*merge) {
      const ts::RunOutcome outcome = ts::merge_shards(shard_files, merged_output, !merge_quiet);
      return write_and_report(outcome, merged_output, "");
    }
    if (app.got_subcommand("presets")) return cmd_presets();
    if (*compare) {
      // Analysts get the side-by-side table with differences and intervals;
      // --exact (CI) gets the verdict alone. Exit codes are the verdict's.
      // Each file is read once, in a child process: a damaged or crafted
      // file that crashes the HDF5 library is reported, not fatal.
      const ts::FileContent a = ts::read_output_file_isolated(file_a);
      const ts::FileContent b = ts::read_output_file_isolated(file_b);
      if (!cmp.exact) {
        ts::print_side_by_side(a, file_a, b, file_b, point_a, point_b, std::cout, std::cerr);
        std::cout << "\n";
      }
      return ts::compare_contents(a, b, cmp, std::cout, std::cerr);
    }
    if (app.got_subcommand("info")) return cmd_info();
  } catch (const ts::config::ConfigError& e) {
    if (!g_silent) std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    if (!g_silent) std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  return 0;
}
