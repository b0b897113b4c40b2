#include "host/exec/mpi_job.hpp"

#include <mpi.h>
#include <sched.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <sstream>
#include <thread>
#include <vector>

#include "cuda/cuda_executor.hpp"
#include "host/exec/progress.hpp"
#include "host/exec/run_job.hpp"
#include "host/output/state_file.hpp"
#include "stats/archive.hpp"

namespace ts::mpi {

namespace {

void check(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(fmt::format("{} failed (MPI error {})", call, rc));
}

// A state as one message: the state file's fields through the stats
// archive, written and read by the same list.
void strings(stats::ArchiveOut& a, const std::vector<std::string>& v) {
  a.pod(static_cast<std::uint64_t>(v.size()));
  for (const std::string& x : v) a.str(x);
}
void strings(stats::ArchiveIn& a, std::vector<std::string>& v) {
  std::uint64_t n = 0;
  a.pod(n);
  v.resize(n);
  for (std::string& x : v) a.str(x);
}

template <class Archive, class Record>
void transfer(Archive& a, Record& s) {
  a.str(s.run_id);
  a.str(s.backend);
  a.pod(s.seed);
  a.pod(s.paths);
  a.pod(s.unit_paths);
  a.vec(s.unit_point);
  a.vec(s.unit_first_path);
  a.vec(s.unit_n_paths);
  a.vec(s.unit_status);
  strings(a, s.unit_failure);
  a.pod(s.simulate_seconds);
  a.pod(s.statistics_seconds);
  strings(a, s.violations);
  a.str(s.accumulators);
}

std::string pack(const StateRecord& s) {
  std::ostringstream os(std::ios::binary);
  stats::ArchiveOut a(os);
  transfer(a, s);
  return std::move(os).str();
}

StateRecord unpack(const std::string& bytes, int from_rank) {
  std::istringstream is(bytes, std::ios::binary);
  stats::ArchiveIn a(is, fmt::format("the state of rank {}", from_rank));
  StateRecord s;
  transfer(a, s);
  return s;
}

// Bytes in pieces below INT_MAX (MPI counts are int).
constexpr std::uint64_t kPiece = std::uint64_t{1} << 30;

void send_bytes(const std::string& bytes, int to) {
  const std::uint64_t n = bytes.size();
  check(MPI_Send(&n, 1, MPI_UINT64_T, to, 1, MPI_COMM_WORLD), "MPI_Send");
  for (std::uint64_t at = 0; at < n; at += kPiece)
    check(MPI_Send(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, to, 2, MPI_COMM_WORLD),
          "MPI_Send");
}

std::string receive_bytes(int from) {
  std::uint64_t n = 0;
  check(MPI_Recv(&n, 1, MPI_UINT64_T, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
  std::string bytes(n, '\0');
  for (std::uint64_t at = 0; at < n; at += kPiece)
    check(MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, from, 2, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "MPI_Recv");
  return bytes;
}

// Every rank's statistics since the last gather into rank 0's job.
void gather_into_root(const Session& s, RunJob& job) {
  if (s.rank != 0) {
    send_bytes(pack(job.take_state()), 0);
    return;
  }
  for (int r = 1; r < s.size; ++r) job.merge(unpack(receive_bytes(r), r), fmt::format("rank {}", r));
}

// What each rank says after a round, reduced over ranks.
struct RoundReport {
  long long failed = 0;        // MAX: 0 none, 2 an exception, 3 a model violation
  long long paths = 0;         // SUM: paths run this round
};

}  // namespace

bool built() { return true; }

std::string implementation() {
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(version, &length);
  std::string text(version, static_cast<std::size_t>(length));
  text = text.substr(0, text.find_first_of(",\n"));
  return "built (" + text + "); run under mpirun -np K";
}

Session::Session() {
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &local_rank);
  MPI_Comm_size(node, &local_size);
  MPI_Comm_free(&node);
}

Session::~Session() { MPI_Finalize(); }

std::optional<RunOutcome> run_ranks(const Session& s, const config::Scenario& sc, const std::string& resolved,
                                    RunOptions opt) {
  using Clock = std::chrono::steady_clock;
  // A node's cores shared among its ranks, within the cores this rank may
  // run on (mpirun binds a rank to one core unless --bind-to none or
  // --map-by slot:PE=N); a GPU per local rank.
  if (opt.threads == 0) {
    cpu_set_t mask;
    const int allowed = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 1;
    opt.threads = std::max(1, std::min(allowed, static_cast<int>(std::thread::hardware_concurrency()) / s.local_size));
  }
  const int devices = cuda::configured() ? cuda::device_count() : 0;
  opt.device = devices > 0 ? s.local_rank % devices : 0;
  opt.progress = opt.progress && s.rank == 0;
  RunJob job(sc, resolved, opt);

  // Resume: rank 0 holds the checkpoint's statistics; the others learn
  // which units are done.
  std::vector<std::uint8_t> done(job.plan().units.size(), 0);
  if (s.rank == 0) {
    if (opt.resume && !opt.checkpoint.empty()) resume_from(job, opt.checkpoint);
    for (std::size_t u = 0; u < done.size(); ++u) done[u] = job.plan().status[u] == UnitStatus::done;
  }
  check(MPI_Bcast(done.data(), static_cast<int>(done.size()), MPI_UINT8_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
  if (s.rank != 0)
    for (std::size_t u = 0; u < done.size(); ++u)
      if (done[u]) job.skip(u);

  const std::vector<std::size_t> pending = units_to_run(job.plan(), 0, 1);
  const std::size_t ranks = static_cast<std::size_t>(s.size);
  const std::size_t rounds = (pending.size() + ranks - 1) / ranks;
  auto last_save = Clock::now();
  std::string failure;
  for (std::size_t round = 0; round < rounds; ++round) {
    RoundReport mine;
    const std::size_t k = round * ranks + static_cast<std::size_t>(s.rank);
    if (k < pending.size()) {
      const std::size_t u = pending[k];
      const WorkUnit& w = job.plan().units[u];
      try {
        // A model violation stops the job: the unit does not count as done.
        job.run_unit(u, /*stop_at_violation=*/true);
        mine.paths = w.n_paths * static_cast<long long>(w.point == WorkUnit::kEveryPoint ? job.point_count() : 1);
      } catch (const UnitFailed& e) {
        failure = fmt::format("rank {}: {}", s.rank, e.what());
        job.mark_failed(u, failure);
        mine.failed = e.violation ? 3 : 2;
      }
    }
    RoundReport all;
    check(MPI_Allreduce(&mine.failed, &all.failed, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    check(MPI_Allreduce(&mine.paths, &all.paths, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
    if (s.rank == 0) job.progress().paths_done(all.paths - mine.paths);
    int save = 0;
    if (s.rank == 0)
      save = !opt.checkpoint.empty() && round + 1 < rounds &&
             std::chrono::duration<double>(Clock::now() - last_save).count() >= opt.checkpoint_every_s;
    check(MPI_Bcast(&save, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
    if (all.failed != 0 || save) {
      gather_into_root(s, job);
      if (s.rank == 0 && !opt.checkpoint.empty()) write_state_file(job.state(0, 1), opt.checkpoint);
      last_save = Clock::now();
    }
    if (all.failed != 0) {
      // Every rank's first words of failure, gathered on rank 0 for the message.
      std::vector<std::string> reasons;
      if (s.rank != 0) {
        send_bytes(failure, 0);
      } else {
        if (!failure.empty()) reasons.push_back(failure);
        for (int r = 1; r < s.size; ++r) {
          std::string reason = receive_bytes(r);
          if (!reason.empty()) reasons.push_back(std::move(reason));
        }
      }
      std::string text = fmt::format("the job stopped after a failure in {} rank(s):", reasons.size());
      for (const std::string& r : reasons) text += "\n  " + r;
      if (!opt.checkpoint.empty()) text += "\n  units done so far are in " + opt.checkpoint + "; --resume runs the rest";
      throw JobFailed(text, static_cast<int>(all.failed));
    }
  }
  gather_into_root(s, job);
  if (s.rank != 0) return std::nullopt;
  RunOutcome out = job.finish();
  out.result.attributes["mpi_ranks"] = static_cast<std::uint64_t>(s.size);
  return out;
}

}  // namespace ts::mpi
