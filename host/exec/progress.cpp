#include "host/exec/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace ts {

Progress::Progress(std::int64_t total_paths, std::int64_t agent_steps_per_path, bool enabled)
    : start_(Clock::now()), last_print_(start_), total_paths_(total_paths),
      agent_steps_per_path_(agent_steps_per_path), enabled_(enabled), terminal_(isatty(fileno(stderr)) != 0) {}

void Progress::start_point(std::size_t point, std::size_t n_points) {
  std::lock_guard<std::mutex> lock(mu_);
  point_ = point;
  n_points_ = n_points;
}

void Progress::paths_done(std::int64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  done_paths_ += n;
  const auto now = Clock::now();
  // A terminal gets one line redrawn twice a second; a log one line every 10 s.
  const auto every = terminal_ ? std::chrono::milliseconds(500) : std::chrono::milliseconds(10000);
  if (enabled_ && now - last_print_ > every) {
    last_print_ = now;
    print_locked(false);
  }
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

double Progress::agent_steps_per_second() const {
  const double s = elapsed_seconds();
  return s > 0 ? static_cast<double>(done_paths_) * agent_steps_per_path_ / s : 0.0;
}

void Progress::print_locked(bool final_line) {
  const double s = elapsed_seconds();
  const double rate = agent_steps_per_second();
  const double frac = total_paths_ > 0 ? static_cast<double>(done_paths_) / total_paths_ : 1.0;
  const double eta = frac > 0 ? s * (1.0 - frac) / frac : 0.0;
  std::fprintf(stderr, "%spoint %zu/%zu  paths %lld/%lld  %.3g agent-steps/s  elapsed %.1fs  ETA %.0fs   %s",
               terminal_ ? "\r" : "", point_ + 1, n_points_, static_cast<long long>(done_paths_),
               static_cast<long long>(total_paths_), rate, s, eta, final_line || !terminal_ ? "\n" : "");
  std::fflush(stderr);
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (enabled_) print_locked(true);
}

}  // namespace ts
