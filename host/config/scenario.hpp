#pragma once
// A scenario after loading: every schema key resolved to a checked value,
// the table arrays, the sweep, and where each value came from.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "host/config/schema.hpp"

namespace ts::config {

// Where a value was written: a file position, or "--set" for overrides.
struct Source {
  std::string file;   // path as given, or "--set"
  int line = 0;       // 1-based; 0 when unknown
  int column = 0;
};

struct Value {
  Kind kind = Kind::number;
  double number = 0.0;     // integer, number, duration (hours), boolean (0/1)
  std::string text;        // string and duration (as written, e.g. "2y")
  Source where;
};

using Row = std::map<std::string, Value>;   // one row of a table array

// One swept key and its values, in the order the point index runs.
struct SweepAxis {
  std::string key;
  std::vector<double> values;
  Source where;
  std::string units;  // the schema's, for the output's param_<key> coordinate
};

// How the sweep's points are laid out ([sweep] design = ..., README
// "Designs"). A grid is the cartesian product of the axes; every other
// design is a list of points: axis k's values[i] is key k's value at point
// i (the axes are "zipped").
struct SweepDesign {
  std::string kind = "grid";      // grid | lhs | sobol | file | points
  // For points written out by a resolved scenario: what made them
  // (lhs, sobol, file), so the output still says so.
  std::string origin;
  std::uint64_t samples = 0;      // lhs: points; sobol: Saltelli base N
  std::uint64_t seed = 0;         // lhs
  bool second_order = false;      // sobol: the BA rows too
  std::string file;               // file: the CSV as given
  Source where;
  bool is_grid() const { return kind == "grid"; }
  const std::string& made_by() const { return kind == "points" && !origin.empty() ? origin : kind; }
};

struct Scenario {
  std::string file;                                  // the file given on the command line
  std::vector<std::string> input_files;              // it and every file it extends (base last)
  std::string protocol;                              // top-level `protocol = "ionet"`
  std::string name;                                  // top-level `name`, default: file stem
  std::string description;                           // top-level `description` (inherited via extends)
  std::map<std::string, Value> values;               // every schema key, resolved
  std::map<std::string, std::vector<Row>> arrays;    // e.g. "hardware", "shock"
  std::vector<SweepAxis> sweep;                      // grid: first axis slowest; other designs: zipped
  SweepDesign design;
  // [baseline]: the point proposals are measured against (every swept key
  // with one of its values); its index in the grid. Absent: no differences.
  std::map<std::string, double> baseline;
  std::optional<std::size_t> baseline_point;
  Source baseline_where;

  double number(const std::string& key) const;       // throws std::out_of_range with the key
  const std::string& text(const std::string& key) const;
  std::size_t point_count() const;                   // grid: product of sweep sizes (1 without sweep); else the list's length
  bool is_swept(const std::string& key) const;       // key has a [sweep] axis
};

// The values of one point of the sweep: axis key -> value.
struct Point {
  std::size_t index = 0;
  std::map<std::string, double> values;
};

}  // namespace ts::config
