#pragma once
// What a run hands to the writer: statistics across paths for every point and
// snapshot (MODEL.md section 3), plus provenance. Plain host data, no HDF5.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ts {

// Statistics of one metric across paths. Arrays are row-major.
struct MetricStats {
  std::string name;         // e.g. "price_usd"; file variables are <name>_mean ...
  std::string units;        // e.g. "USD", "IO", "1"
  std::string description;  // one line, in the economy's words
  std::vector<double> mean, std, sem, min, max;  // [point][time]
  std::vector<double> q;                         // [point][time][quantile]
  // Every path's value at the last snapshot, so that two runs from the same
  // seed can be compared path by path (common random numbers).
  std::vector<double> final_values;              // [point][sample]
  // With a baseline point: statistics of the path-by-path difference
  // (point - baseline); the baseline's own rows are 0.
  std::vector<double> diff_mean, diff_lo, diff_hi;   // [point][time], 95% interval of the mean
  std::vector<double> diff_q;                        // [point][time][quantile]
};

// A risk event: P(reached by t) with a Wilson 95% interval, and the quantiles
// of the time to first reach it (days; NaN where fewer paths reached it than
// the quantile needs within the horizon).
struct EventStats {
  std::string name;         // e.g. "price_crash"; file variables p_<name> ...
  std::string description;
  std::vector<double> p, p_lo, p_hi;     // [point][time]
  std::vector<double> time_to_event_q;   // [point][quantile], days
  std::vector<double> first_days;        // [point][sample]: when each path first reached it (NaN: never)
  // With a baseline point: P(point) - P(baseline) by t from paired paths,
  // with a 95% interval.
  std::vector<double> p_diff, p_diff_lo, p_diff_hi;   // [point][time]
};

// A global attribute: text, a count or a real number. Numbers are written as
// HDF5 numbers (uint64, float64), so that h5py and xarray hand them back as
// numbers (`ds.attrs["seed"] + 1` works) instead of strings.
using AttributeValue = std::variant<std::string, std::uint64_t, double>;

struct RunResult {
  std::vector<double> time_days;                 // [time] snapshot times
  std::vector<double> quantiles;                 // [quantile], e.g. 0.01 .. 0.99
  std::vector<std::string> param_names;          // swept keys, e.g. "fees.buyback_share"
  std::vector<std::vector<double>> param_values; // [param][point]
  std::vector<std::string> param_units;          // [param] the schema's units (empty: none given)
  std::vector<MetricStats> metrics;
  std::vector<EventStats> events;
  std::size_t samples = 0;                       // paths behind final_values / first_days
  bool has_baseline = false;                     // diff_* arrays present
  std::size_t baseline_point = 0;
  std::size_t keep_paths = 0;                    // trajectories of the first paths
  std::vector<std::vector<double>> trajectories; // [metric][point][path][time]
  // Provenance written as global attributes: tool_version, git_commit,
  // scenario_toml, seed, backend, device, paths, wall_time_s, ...
  std::map<std::string, AttributeValue> attributes;

  std::size_t n_points() const {
    return param_values.empty() ? 1 : param_values.front().size();
  }
  std::size_t n_time() const { return time_days.size(); }
  std::size_t n_quantiles() const { return quantiles.size(); }
};

}  // namespace ts
