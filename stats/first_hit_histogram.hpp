#pragma once
// When each path first reached a risk event (DESIGN.md "Statistics"):
// counts per first-hit step, and the paths that never reached it within
// the observation. Exact (steps are integers), bounded by the horizon's
// steps, merged by adding counts; P(reached by t) and the time-to-event
// quantiles (never-reached paths as +infinity, censored) come from it.
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "stats/archive.hpp"

namespace ts::stats {

class FirstHitHistogram {
 public:
  // `step` < 0: never reached within the observation.
  void add(std::int32_t step) {
    ++n_;
    if (step < 0) return;
    ++counts_[step];
  }
  void merge(const FirstHitHistogram& o) {
    n_ += o.n_;
    for (const auto& [step, c] : o.counts_) counts_[step] += c;
  }

  void save(ArchiveOut& a) const {
    a.pod(n_);
    a.pairs(std::vector<std::pair<std::int32_t, std::uint64_t>>(counts_.begin(), counts_.end()));
  }
  void load(ArchiveIn& a) {
    std::vector<std::pair<std::int32_t, std::uint64_t>> runs;
    a.pod(n_);
    a.pairs(runs);
    counts_ = std::map<std::int32_t, std::uint64_t>(runs.begin(), runs.end());
  }

  std::uint64_t paths() const { return n_; }
  // Paths whose first hit is at or before `step`.
  std::uint64_t reached_by(std::int32_t step) const {
    std::uint64_t k = 0;
    for (const auto& [s, c] : counts_) {
      if (s > step) break;
      k += c;
    }
    return k;
  }
  // Type-7 quantile of the first-hit steps, +inf where it reaches the
  // never-reached paths (a quantile beyond the reached share).
  double quantile(double q) const;
  const std::map<std::int32_t, std::uint64_t>& counts() const { return counts_; }

 private:
  std::uint64_t n_ = 0;
  std::map<std::int32_t, std::uint64_t> counts_;
};

}  // namespace ts::stats
