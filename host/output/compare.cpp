// Reads both files whole, each in a child process (isolated_read.hpp), and
// walks the union of their variable names in name order, so the report is
// the same whichever order the files were written in.
#include "host/output/compare.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include "host/output/digest.hpp"
#include "host/output/isolated_read.hpp"

namespace ts {
namespace {

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

bool values_equal(double a, double b, const CompareOptions& opt) {
  if (opt.exact) return bits_of(a) == bits_of(b);
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;  // also equal infinities, where a - b is NaN
  return std::fabs(a - b) <= opt.atol + opt.rtol * std::fabs(b);
}

std::string value_text(double x) {
  if (std::isnan(x)) return fmt::format("nan(0x{:016x})", bits_of(x));
  return fmt::format("{:.17g}", x);
}

std::string shape_text(const NumericArray& a) {
  std::string s = "[";
  for (std::size_t i = 0; i < a.shape.size(); ++i) s += fmt::format("{}{}={}", i ? ", " : "", a.dims[i], a.shape[i]);
  return s + "]";
}

// Turns a flat index into "name[point=3 (fees.buyback_share=0.5), time=14
// (day 30)]" using the coordinates of the file being reported on.
class IndexNamer {
 public:
  explicit IndexNamer(const std::map<std::string, const NumericArray*>& arrays) {
    for (const auto& [name, a] : arrays) {
      if (a->dims.size() != 1) continue;
      if (a->dims[0] == name) coordinates_[name] = a;
      else if (name.rfind("param_", 0) == 0 && a->dims[0] == "point") params_.push_back(a);
    }
  }

  std::string operator()(const NumericArray& a, std::size_t flat) const {
    std::vector<std::size_t> index(a.shape.size());
    for (std::size_t axis = a.shape.size(); axis-- > 0;) {
      index[axis] = flat % a.shape[axis];
      flat /= a.shape[axis];
    }
    std::string s = a.name + "[";
    for (std::size_t axis = 0; axis < index.size(); ++axis) {
      if (axis) s += ", ";
      s += fmt::format("{}={}", a.dims[axis], index[axis]);
      s += label(a.dims[axis], index[axis]);
    }
    return s + "]";
  }

 private:
  std::string label(const std::string& dim, std::size_t i) const {
    if (dim == "point") {
      std::string s;
      for (const NumericArray* p : params_) {
        if (i >= p->size()) continue;
        auto key = p->attrs.find("key");
        s += fmt::format("{}{}={:g}", s.empty() ? "" : ", ", key != p->attrs.end() ? key->second : p->name,
                         p->values()[i]);
      }
      return s.empty() ? "" : " (" + s + ")";
    }
    auto c = coordinates_.find(dim);
    if (c == coordinates_.end() || i >= c->second->size() || c->second->type == StoredType::int64) return "";
    double v = c->second->values()[i];
    if (dim == "time") return fmt::format(" (day {:g})", v);
    return fmt::format(" ({:g})", v);
  }

  std::map<std::string, const NumericArray*> coordinates_;
  std::vector<const NumericArray*> params_;
};

// Prints at most max_report difference lines; counts the rest.
class Report {
 public:
  Report(std::ostream& out, std::size_t max_lines) : out_(out), max_(max_lines) {}
  void line(const std::string& text) {
    if (printed_ < max_) {
      out_ << text << '\n';
      ++printed_;
    } else {
      ++suppressed_;
    }
  }
  void finish() {
    if (suppressed_) out_ << fmt::format("... and {} more differences not shown\n", suppressed_);
  }

 private:
  std::ostream& out_;
  std::size_t max_;
  std::size_t printed_ = 0;
  std::size_t suppressed_ = 0;
};

// Same extents, and the same axis names wherever both files name the axis.
bool same_axes(const NumericArray& x, const NumericArray& y) {
  if (x.shape != y.shape || x.dims.size() != y.dims.size()) return false;
  for (std::size_t i = 0; i < x.dims.size(); ++i)
    if (x.dims[i] != y.dims[i] && !is_unnamed_axis(x.dims[i]) && !is_unnamed_axis(y.dims[i])) return false;
  return true;
}

std::map<std::string, const NumericArray*> by_name(const FileContent& f) {
  std::map<std::string, const NumericArray*> m;
  for (const NumericArray& a : f.arrays) m[a.name] = &a;
  return m;
}

// Provenance is ignored, but a result from another scenario or seed is
// worth saying when the numbers are being compared.
void note_attributes(const FileContent& fa, const FileContent& fb, std::ostream& out) {
  for (const char* key : {"scenario_toml", "seed"}) {
    auto ia = fa.attributes.find(key);
    auto ib = fb.attributes.find(key);
    bool in_a = ia != fa.attributes.end(), in_b = ib != fb.attributes.end();
    if (!in_a && !in_b) continue;
    if (in_a != in_b) {
      out << fmt::format("note: attribute '{}' is only in {}\n", key, in_a ? "A" : "B");
    } else if (ia->second != ib->second) {
      if (std::string(key) == "seed")
        out << fmt::format("note: seed differs: A={} B={}\n", ia->second, ib->second);
      else
        out << "note: scenario_toml differs (the runs resolved different scenarios)\n";
    }
  }
}

void note_stale_digest(const FileContent& f, const std::string& label, const std::string& recomputed,
                       std::ostream& out) {
  auto stored = f.attributes.find("digest");
  if (stored != f.attributes.end() && stored->second != recomputed)
    out << fmt::format("note: {}'s stored digest does not match its numeric content (changed after writing?)\n",
                       label);
}

}  // namespace

int compare_files(const std::string& a, const std::string& b, const CompareOptions& opt, std::ostream& out,
                  std::ostream& err) {
  FileContent fa, fb;
  try {
    fa = read_output_file_isolated(a);
    fb = read_output_file_isolated(b);
  } catch (const std::exception& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  }
  return compare_contents(fa, fb, opt, out, err);
}

int compare_contents(const FileContent& fa, const FileContent& fb, const CompareOptions& opt, std::ostream& out,
                     std::ostream& err) {
  if (!opt.exact && (!(opt.rtol >= 0) || !(opt.atol >= 0))) {
    err << fmt::format("error: tolerances must be non-negative numbers (rtol={}, atol={})\n", opt.rtol, opt.atol);
    return 2;
  }
  std::string digest_a, digest_b;
  try {
    digest_a = digest_of(fa.arrays);
    digest_b = digest_of(fb.arrays);
  } catch (const std::exception& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  }

  note_attributes(fa, fb, out);
  note_stale_digest(fa, "A", digest_a, out);
  note_stale_digest(fb, "B", digest_b, out);
  for (const auto& [f, label] : {std::pair{&fa, "A"}, std::pair{&fb, "B"}})
    if (f->unnamed_axes)
      out << fmt::format("note: {} has axes without dimension scales (a copy that dropped them?); those axes are "
                         "compared by extent\n",
                         label);

  const auto va = by_name(fa), vb = by_name(fb);
  std::set<std::string> names;
  for (const auto& kv : va) names.insert(kv.first);
  for (const auto& kv : vb) names.insert(kv.first);

  // Differences are located with the coordinates of a file that names its axes.
  const bool locate_in_b = fa.unnamed_axes && !fb.unnamed_axes;
  const IndexNamer locate(locate_in_b ? vb : va);
  Report report(out, opt.max_report);
  std::size_t variables_differing = 0, values_compared = 0, values_differing = 0;
  for (const std::string& name : names) {
    auto ia = va.find(name), ib = vb.find(name);
    if (ia == va.end() || ib == vb.end()) {
      const NumericArray& only = ia != va.end() ? *ia->second : *ib->second;
      report.line(fmt::format("{}{}: only in {}", name, shape_text(only), ia != va.end() ? "A" : "B"));
      ++variables_differing;
      continue;
    }
    const NumericArray &x = *ia->second, &y = *ib->second;
    if (!same_axes(x, y)) {
      report.line(fmt::format("{}: shape differs: A {} B {}", name, shape_text(x), shape_text(y)));
      ++variables_differing;
      continue;
    }
    bool differs = false;
    if (x.type != y.type) {
      report.line(fmt::format("{}: stored type differs: A {} B {}", name,
                              x.type == StoredType::float64 ? "float64" : "int64",
                              y.type == StoredType::float64 ? "float64" : "int64"));
      differs = true;
    }
    const double *px = x.values(), *py = y.values();
    const std::size_t n = x.size();
    values_compared += n;
    for (std::size_t i = 0; i < n; ++i) {
      if (values_equal(px[i], py[i], opt)) continue;
      differs = true;
      ++values_differing;
      report.line(fmt::format("{}: A={} B={} diff={:.3g}", locate(locate_in_b ? y : x, i), value_text(px[i]), value_text(py[i]),
                              px[i] - py[i]));
    }
    if (differs) ++variables_differing;
  }
  report.finish();

  const std::string mode = opt.exact ? "exact" : fmt::format("rtol={:g}, atol={:g}", opt.rtol, opt.atol);
  if (variables_differing == 0) {
    if (digest_a == digest_b)
      out << fmt::format("equal: {} variables, {} values (digest {})\n", names.size(), values_compared, digest_a);
    else
      out << fmt::format("equal within {}: {} variables, {} values (digests differ: A {} B {})\n", mode,
                         names.size(), values_compared, digest_a, digest_b);
    return 0;
  }
  out << fmt::format("different ({}): {} of {} variables differ, {} of {} compared values\n", mode,
                     variables_differing, names.size(), values_differing, values_compared);
  return 1;
}

}  // namespace ts
