// The emulation's scheduler. A block's threads run one at a time on the CPU
// thread that owns the block, each until it reaches a barrier or returns;
// when all have stopped, the barrier is checked (every waiting thread at the
// same call site, none returned) and released, and the next interval runs.
// Between two barriers threads run whole, in the order the settings give:
// forward (0, 1, ...), reverse, or a seeded shuffle per interval. A kernel
// whose result depends on that order has a missing barrier or a race, which
// is what running the parity tests in two orders finds.
#include "cuda/emulation/block_scheduler.hpp"

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <map>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "cuda/emulation/device.hpp"
#include "cuda/emulation/settings.hpp"

namespace ts::emu {

thread_local const ThreadPlace* current_place = nullptr;

namespace {

namespace ctx = boost::context;

constexpr std::size_t kStackBytes = std::size_t{512} << 10;   // per device thread, with a guard page

// Stacks are kept per CPU thread and reused by every block it runs: a fresh
// mmap per device thread per launch would cost more than the switches.
class StackPool {
 public:
  ~StackPool() {
    for (auto& s : free_) allocator_.deallocate(s);
  }
  ctx::stack_context take() {
    if (free_.empty()) return allocator_.allocate();
    ctx::stack_context s = free_.back();
    free_.pop_back();
    return s;
  }
  void give(ctx::stack_context s) { free_.push_back(s); }

 private:
  ctx::protected_fixedsize_stack allocator_{kStackBytes};
  std::vector<ctx::stack_context> free_;
};

thread_local StackPool stack_pool;

// Boost.Context's stack-allocator concept over the pool.
struct PooledStack {
  ctx::stack_context allocate() { return stack_pool.take(); }
  void deallocate(ctx::stack_context& s) noexcept { stack_pool.give(s); }
};

enum class ThreadState { running, at_barrier, returned, faulted };

struct DeviceThread {
  ThreadPlace place;
  ctx::fiber fiber;
  ThreadState state = ThreadState::running;
  const char* barrier_file = nullptr;
  int barrier_line = 0;
  std::string fault;
};

struct BlockRun;
thread_local BlockRun* current_block = nullptr;
thread_local DeviceThread* current_thread = nullptr;

struct BlockRun {
  std::vector<DeviceThread> threads;
  ctx::fiber scheduler;   // where a suspended thread returns to
};

std::uint64_t splitmix64(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void order_for_interval(std::vector<int>& order, std::uint64_t block_linear, std::uint64_t interval) {
  std::iota(order.begin(), order.end(), 0);
  const Settings& s = settings();
  if (s.order == ThreadOrder::reverse) std::reverse(order.begin(), order.end());
  if (s.order == ThreadOrder::shuffled) {
    std::uint64_t state = s.shuffle_seed ^ (block_linear * 0xD1B54A32D192ED03ull) ^ (interval * 0x8CB92BA72F3D8DD7ull);
    for (std::size_t i = order.size() - 1; i > 0; --i)
      std::swap(order[i], order[splitmix64(state) % (i + 1)]);
  }
}

std::string site(const DeviceThread& t) { return fmt::format("{}:{}", t.barrier_file, t.barrier_line); }

// "0-63, 65" for a sorted list of thread numbers.
std::string ranges(const std::vector<unsigned>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += j == i ? fmt::format("{}", ids[i]) : fmt::format("{}-{}", ids[i], ids[j]);
    i = j + 1;
  }
  return out;
}

// What is wrong with the block once every thread has stopped, or "".
std::string check_barrier(const BlockRun& run) {
  std::map<std::string, std::vector<unsigned>> waiting;
  std::vector<unsigned> returned;
  for (const DeviceThread& t : run.threads) {
    if (t.state == ThreadState::faulted) return fmt::format("thread {}: {}", t.place.thread.x, t.fault);
    if (t.state == ThreadState::at_barrier) waiting[site(t)].push_back(t.place.thread.x);
    if (t.state == ThreadState::returned) returned.push_back(t.place.thread.x);
  }
  if (waiting.empty()) return "";
  if (waiting.size() > 1) {
    std::string what = "threads wait at different barriers:";
    for (const auto& [where, ids] : waiting) what += fmt::format(" threads {} at {};", ranges(ids), where);
    what.pop_back();
    return what;
  }
  if (!returned.empty())
    return fmt::format("threads {} returned while threads {} wait at the barrier at {}", ranges(returned),
                       ranges(waiting.begin()->second), waiting.begin()->first);
  return "";
}

std::string run_block(const char* kernel_name, dim3 grid, dim3 block, uint3 block_idx,
                      const std::function<void()>& thread_body) {
  const unsigned n = block.x * block.y * block.z;
  BlockRun run;
  run.threads.resize(n);
  for (unsigned i = 0; i < n; ++i) {
    DeviceThread& t = run.threads[i];
    t.place = ThreadPlace{uint3{i % block.x, (i / block.x) % block.y, i / (block.x * block.y)}, block_idx, block, grid};
    t.fiber = ctx::fiber(std::allocator_arg, PooledStack{}, [&run, &t, &thread_body](ctx::fiber&& scheduler) {
      run.scheduler = std::move(scheduler);
      try {
        thread_body();
        t.state = ThreadState::returned;
      } catch (const ctx::detail::forced_unwind&) {
        throw;   // the block is abandoned after a fault: let Boost unwind this stack
      } catch (const std::exception& e) {
        t.state = ThreadState::faulted;
        t.fault = fmt::format("exception: {}", e.what());
      } catch (...) {
        t.state = ThreadState::faulted;
        t.fault = "exception of unknown type";
      }
      return std::move(run.scheduler);
    });
  }
  const std::uint64_t block_linear =
      block_idx.x + static_cast<std::uint64_t>(grid.x) * (block_idx.y + static_cast<std::uint64_t>(grid.y) * block_idx.z);
  std::vector<int> order(n);
  current_block = &run;
  for (std::uint64_t interval = 0;; ++interval) {
    order_for_interval(order, block_linear, interval);
    for (const int i : order) {
      DeviceThread& t = run.threads[static_cast<std::size_t>(i)];
      if (t.state != ThreadState::running) continue;
      current_thread = &t;
      current_place = &t.place;
      t.fiber = std::move(t.fiber).resume();
    }
    current_thread = nullptr;
    current_place = nullptr;
    const std::string fault = check_barrier(run);
    if (!fault.empty()) {
      current_block = nullptr;
      return fmt::format("{} block ({},{},{}): {}", kernel_name, block_idx.x, block_idx.y, block_idx.z, fault);
    }
    bool any_waiting = false;
    for (DeviceThread& t : run.threads)
      if (t.state == ThreadState::at_barrier) {
        t.state = ThreadState::running;
        any_waiting = true;
      }
    if (!any_waiting) break;
  }
  current_block = nullptr;
  return "";
}

bool dropped(const char* file, int line) {
  const auto& list = settings().dropped_barriers;
  if (list.empty()) return false;
  const char* slash = std::strrchr(file, '/');
  const std::string here = fmt::format("{}:{}", slash ? slash + 1 : file, line);
  return std::find(list.begin(), list.end(), here) != list.end();
}

}  // namespace

void sync_threads(const char* file, int line) {
  if (current_thread == nullptr) throw std::logic_error("__syncthreads() outside a kernel");
  if (dropped(file, line)) return;
  DeviceThread& me = *current_thread;
  me.state = ThreadState::at_barrier;
  me.barrier_file = file;
  me.barrier_line = line;
  BlockRun& run = *current_block;
  run.scheduler = std::move(run.scheduler).resume();
}

std::string run_grid(const char* kernel_name, dim3 grid, dim3 block, const std::function<void()>& thread_body) {
  const std::int64_t blocks = static_cast<std::int64_t>(grid.x) * grid.y * grid.z;
  const int workers = settings().workers > 0 ? settings().workers : omp_get_num_procs();
  std::vector<std::string> faults(static_cast<std::size_t>(blocks));
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const uint3 idx{static_cast<unsigned>(b % grid.x), static_cast<unsigned>((b / grid.x) % grid.y),
                    static_cast<unsigned>(b / (static_cast<std::int64_t>(grid.x) * grid.y))};
    faults[static_cast<std::size_t>(b)] = run_block(kernel_name, grid, block, idx, thread_body);
  }
  for (const std::string& f : faults)
    if (!f.empty()) return f;
  return "";
}

}  // namespace ts::emu
