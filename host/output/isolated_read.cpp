// fork(), read in the child, hand the content back through a pipe as a
// plain archive (stats/archive.hpp), and judge the child by how it ended.
// The child never returns into the caller's code: it leaves with _exit, so
// no buffered output or atexit handler of the parent runs twice.
#include "host/output/isolated_read.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include <fmt/format.h>

#include "host/output/hdf5_writer.hpp"
#include "stats/archive.hpp"

namespace ts {
namespace {

constexpr std::uint32_t kReplyMagic = 0x74735244;  // "tsRD"
// What the child writes first: its work's bytes follow, or an error message.
enum ReplyKind : char { kWorkDone = 'R', kWorkFailed = 'E' };

void put_map(stats::ArchiveOut& out, const std::map<std::string, std::string>& m) {
  out.pod(static_cast<std::uint64_t>(m.size()));
  for (const auto& [k, v] : m) {
    out.str(k);
    out.str(v);
  }
}

void get_map(stats::ArchiveIn& in, std::map<std::string, std::string>& m) {
  std::uint64_t n = 0;
  in.pod(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string k, v;
    in.str(k);
    in.str(v);
    m.emplace(std::move(k), std::move(v));
  }
}

std::string content_reply(const FileContent& c) {
  std::ostringstream os;
  stats::ArchiveOut out(os);
  out.pod(kReplyMagic);
  put_map(out, c.attributes);
  out.pod(c.layout_version);
  out.pod(static_cast<std::uint8_t>(c.unnamed_axes));
  out.pod(static_cast<std::uint64_t>(c.arrays.size()));
  for (const NumericArray& a : c.arrays) {
    out.str(a.name);
    out.pod(static_cast<std::uint64_t>(a.dims.size()));
    for (const std::string& d : a.dims) out.str(d);
    std::vector<std::uint64_t> shape(a.shape.begin(), a.shape.end());
    out.vec(shape);
    out.pod(static_cast<std::uint8_t>(a.type == StoredType::int64));
    put_map(out, a.attrs);
    out.pod(static_cast<std::uint8_t>(a.is_coordinate));
    out.vec(a.owned);
  }
  return os.str();
}

FileContent parse_reply(const std::string& reply, const std::string& where) {
  std::istringstream is(reply);
  stats::ArchiveIn in(is, "reading " + where + " in a child process: malformed reply");
  std::uint32_t magic = 0;
  in.pod(magic);
  if (magic != kReplyMagic) throw OutputError(where + ": the reading process answered nonsense");
  FileContent c;
  get_map(in, c.attributes);
  in.pod(c.layout_version);
  std::uint8_t flag = 0;
  in.pod(flag);
  c.unnamed_axes = flag != 0;
  std::uint64_t n = 0;
  in.pod(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    NumericArray a;
    in.str(a.name);
    std::uint64_t rank = 0;
    in.pod(rank);
    if (rank > 64) throw OutputError(where + ": the reading process answered nonsense");
    a.dims.resize(rank);
    for (std::string& d : a.dims) in.str(d);
    std::vector<std::uint64_t> shape;
    in.vec(shape);
    a.shape.assign(shape.begin(), shape.end());
    in.pod(flag);
    a.type = flag ? StoredType::int64 : StoredType::float64;
    get_map(in, a.attrs);
    in.pod(flag);
    a.is_coordinate = flag != 0;
    in.vec(a.owned);
    if (a.shape.size() != a.dims.size() || a.owned.size() != a.size())
      throw OutputError(where + ": the reading process answered nonsense");
    c.arrays.push_back(std::move(a));
  }
  return c;
}

// The child's address space now, from /proc/self/statm (pages).
std::uint64_t address_space_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(sysconf(_SC_PAGE_SIZE));
}

// The values, the reply that copies them, HDF5's chunk buffers and some room.
void cap_memory(std::uint64_t value_bytes) {
  const rlim_t cap = address_space_bytes() + 3 * value_bytes + (std::uint64_t{1} << 30);
  struct rlimit current {};
  if (getrlimit(RLIMIT_AS, &current) == 0 && current.rlim_max != RLIM_INFINITY && current.rlim_max < cap) return;
  const struct rlimit limit{cap, cap};
  (void)setrlimit(RLIMIT_AS, &limit);
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string run_in_child(const std::string& where, const ChildLimits& limits, const std::function<std::string()>& work) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw OutputError(where + ": cannot create a pipe: " + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw OutputError(where + ": cannot start the reading process: " + std::strerror(e));
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::signal(SIGPIPE, SIG_DFL);
    std::signal(SIGXCPU, SIG_DFL);
    const struct rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 1};
    (void)setrlimit(RLIMIT_CPU, &cpu);
    alarm(limits.wall_seconds);
    std::string reply(1, kWorkDone);
    try {
      reply += work();
    } catch (const std::bad_alloc&) {
      reply = std::string(1, kWorkFailed) + where +
              ": reading it needed more memory than its declared sizes allow: the file is damaged";
    } catch (const std::exception& e) {
      reply = std::string(1, kWorkFailed) + e.what();
    }
    _exit(write_all(fds[1], reply) ? 0 : 3);
  }
  ::close(fds[1]);

  // A reply longer than max_reply is a broken child: stopped.
  std::string reply;
  char buf[1 << 16];
  bool overflow = false;
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (reply.size() + static_cast<std::size_t>(n) > limits.max_reply) {
      overflow = true;
      ::kill(pid, SIGKILL);
      break;
    }
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (overflow) throw OutputError(where + ": the reading process answered more than the file declares");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU)
      throw OutputError(fmt::format("{}: the file is damaged: reading it used more than {} s of CPU time (the HDF5 "
                                    "library loops on it)",
                                    where, limits.cpu_seconds));
    if (sig == SIGALRM)
      throw OutputError(fmt::format("{}: reading it took longer than {} s: the file is damaged (or on a stalled "
                                    "disk)",
                                    where, limits.wall_seconds));
    if (sig == SIGKILL)
      throw OutputError(fmt::format("{}: the reading process was killed (out of memory?): the file is damaged or "
                                    "too large for this machine",
                                    where));
    throw OutputError(fmt::format("{}: the file is corrupt: the HDF5 library crashed reading it ({}, signal {})",
                                  where, strsignal(sig), sig));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw OutputError(fmt::format("{}: the reading process failed (exit {})", where, WEXITSTATUS(status)));
  if (reply.empty() || (reply[0] != kWorkDone && reply[0] != kWorkFailed))
    throw OutputError(where + ": the reading process answered nonsense");
  if (reply[0] == kWorkFailed) throw OutputError(reply.substr(1));
  reply.erase(0, 1);
  return reply;
}

FileContent read_output_file_isolated(const std::string& path, const IsolationLimits& limits) {
  const std::string where = "'" + path + "'";
  // The reply is at most the values the child was allowed plus their names
  // and attributes.
  const std::uint64_t budget = limits.read.max_value_bytes ? limits.read.max_value_bytes : default_value_budget();
  ChildLimits child;
  child.max_reply = budget + budget / 4 + (std::uint64_t{1} << 30);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  child.cpu_seconds = limits.cpu_seconds + (ec ? 0u : static_cast<unsigned>(static_cast<double>(size) /
                                                                            limits.cpu_bytes_per_second));
  child.wall_seconds = limits.wall_seconds;
  const std::string reply = run_in_child(where, child, [&] {
    ReadLimits read = limits.read;
    read.before_values = cap_memory;
    return content_reply(read_output_file(path, read));
  });
  return parse_reply(reply, where);
}

}  // namespace ts
