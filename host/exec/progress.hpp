#pragma once
// Progress of a run on stderr: points, paths, agent-steps per second, ETA.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace ts {

class Progress {
 public:
  Progress(std::int64_t total_paths, std::int64_t agent_steps_per_path, bool enabled);
  void start_point(std::size_t point, std::size_t n_points);
  void paths_done(std::int64_t n);   // thread-safe
  void finish();
  double agent_steps_per_second() const;
  double elapsed_seconds() const;

 private:
  void print_locked(bool final_line);
  using Clock = std::chrono::steady_clock;
  std::mutex mu_;
  Clock::time_point start_, last_print_;
  std::int64_t total_paths_, done_paths_ = 0, agent_steps_per_path_;
  std::size_t point_ = 0, n_points_ = 1;
  bool enabled_;
  bool terminal_;   // stderr is a terminal: redraw one line
};

}  // namespace ts
