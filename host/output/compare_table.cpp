#include "host/output/compare_table.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <ostream>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "host/output/digest.hpp"

namespace ts {

namespace {

constexpr double kZ95 = 1.959963984540054;

struct Column {
  std::vector<double> values;   // one per path of the chosen point
};

// final_<metric> and first_<event> rows of one point, by name.
std::map<std::string, Column> per_path_rows(const FileContent& f, std::size_t point, const std::string& prefix) {
  std::map<std::string, Column> rows;
  for (const NumericArray& a : f.arrays) {
    if (a.name.rfind(prefix, 0) != 0 || a.dims.size() != 2 ||
        (a.dims[1] != "sample" && !is_unnamed_axis(a.dims[1])))
      continue;
    if (point >= a.shape[0]) continue;
    const std::size_t n = a.shape[1];
    Column c;
    c.values.assign(a.values() + point * n, a.values() + (point + 1) * n);
    rows[a.name.substr(prefix.size())] = std::move(c);
  }
  return rows;
}

struct MeanVar {
  double mean = 0, var = 0;
  std::size_t n = 0;
};

MeanVar mean_var(const std::vector<double>& x) {
  MeanVar m;
  m.n = x.size();
  for (double v : x) m.mean += v;
  m.mean /= static_cast<double>(m.n);
  for (double v : x) m.var += (v - m.mean) * (v - m.mean);
  m.var = m.n > 1 ? m.var / static_cast<double>(m.n - 1) : NAN;
  return m;
}

// B - A: paired when the runs share their random numbers path by path.
void difference(const std::vector<double>& a, const std::vector<double>& b, bool paired, double& mean,
                double& lo, double& hi) {
  if (paired) {
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
    const MeanVar m = mean_var(d);
    mean = m.mean;
    const double half = kZ95 * std::sqrt(m.var / static_cast<double>(m.n));
    lo = mean - half;
    hi = mean + half;
  } else {
    const MeanVar ma = mean_var(a), mb = mean_var(b);
    mean = mb.mean - ma.mean;
    const double half = kZ95 * std::sqrt(ma.var / static_cast<double>(ma.n) + mb.var / static_cast<double>(mb.n));
    lo = mean - half;
    hi = mean + half;
  }
}

std::string attr(const FileContent& f, const std::string& key) {
  const auto it = f.attributes.find(key);
  return it == f.attributes.end() ? "" : it->second;
}

}  // namespace

bool print_side_by_side(const FileContent& a, const std::string& file_a, const FileContent& b,
                        const std::string& file_b, std::size_t point_a, std::size_t point_b, std::ostream& out,
                        std::ostream& err) {
  // A point past a file's sweep is the user's slip, not an old file.
  for (const auto& [f, name, which, point] :
       {std::tuple{&a, &file_a, "a", point_a}, std::tuple{&b, &file_b, "b", point_b}}) {
    const std::string given = attr(*f, "points");
    std::size_t points = 0;
    const bool known = std::from_chars(given.data(), given.data() + given.size(), points).ec == std::errc();
    if (known && point >= points)
      throw std::runtime_error(fmt::format("--point-{} {}: {} has {} point{} (0 .. {})", which, point, *name, points,
                                           points == 1 ? "" : "s", points - 1));
  }
  if (attr(a, "protocol") != attr(b, "protocol"))
    err << fmt::format("note: A is a {} run and B a {} run; only the metrics both have are compared\n",
                       attr(a, "protocol"), attr(b, "protocol"));
  const auto finals_a = per_path_rows(a, point_a, "final_"), finals_b = per_path_rows(b, point_b, "final_");
  const auto firsts_a = per_path_rows(a, point_a, "first_"), firsts_b = per_path_rows(b, point_b, "first_");
  if (finals_a.empty() || finals_b.empty()) {
    err << "compare: no per-path values (final_*) for the chosen points; files from an older version?\n";
    return false;
  }
  const std::size_t n_a = finals_a.begin()->second.values.size(), n_b = finals_b.begin()->second.values.size();
  const bool paired = attr(a, "seed") == attr(b, "seed") && n_a == n_b && attr(a, "protocol") == attr(b, "protocol");
  out << fmt::format("A: {} (point {}, {} paths, seed {})\n", file_a, point_a, n_a, attr(a, "seed"));
  out << fmt::format("B: {} (point {}, {} paths, seed {})\n", file_b, point_b, n_b, attr(b, "seed"));
  out << (paired ? "paired: same seed and paths, so path k of A and of B saw the same shocks; intervals are of "
                   "the path-by-path differences\n"
                 : "unpaired: different seeds or path counts; intervals treat the runs as independent\n");
  out << fmt::format("{:<30} {:>14} {:>14} {:>14} {:>30}\n", "metric (last snapshot)", "A mean", "B mean", "B - A",
                     "95% interval");
  for (const auto& [name, col_a] : finals_a) {
    const auto in_b = finals_b.find(name);
    if (in_b == finals_b.end()) continue;
    double d, lo, hi;
    difference(col_a.values, in_b->second.values, paired, d, lo, hi);
    out << fmt::format("{:<30} {:>14.6g} {:>14.6g} {:>+14.6g}  [{:>+12.6g}, {:>+12.6g}]\n", name,
                       mean_var(col_a.values).mean, mean_var(in_b->second.values).mean, d, lo, hi);
  }
  out << fmt::format("{:<30} {:>14} {:>14} {:>14} {:>30}\n", "risk event (by horizon)", "A: P", "B: P", "B - A",
                     "95% interval");
  for (const auto& [name, col_a] : firsts_a) {
    const auto in_b = firsts_b.find(name);
    if (in_b == firsts_b.end()) continue;
    // Reached by the horizon: a first day that is not NaN.
    std::vector<double> ra(col_a.values.size()), rb(in_b->second.values.size());
    for (std::size_t i = 0; i < ra.size(); ++i) ra[i] = std::isnan(col_a.values[i]) ? 0.0 : 1.0;
    for (std::size_t i = 0; i < rb.size(); ++i) rb[i] = std::isnan(in_b->second.values[i]) ? 0.0 : 1.0;
    double d, lo, hi;
    difference(ra, rb, paired, d, lo, hi);
    out << fmt::format("{:<30} {:>14.4f} {:>14.4f} {:>+14.4f}  [{:>+12.4f}, {:>+12.4f}]\n", name,
                       mean_var(ra).mean, mean_var(rb).mean, d, lo, hi);
  }
  return true;
}

}  // namespace ts
