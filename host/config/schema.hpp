#pragma once
// The schema a scenario file is checked against: every key a protocol
// accepts, with its kind, range, allowed values and documentation. A
// protocol declares its schema once (host/protocols/<name>_schema.cpp); the
// loader, the validator, `--set` and `[sweep]` all read it.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace ts::config {

enum class Kind {
  integer,   // TOML integer
  number,    // TOML float or integer
  boolean,   // TOML boolean
  string,    // TOML string, optionally one of `choices`
  duration,  // TOML string like "2y", "90d", "8760h", "1w", "6m"; value in hours
};

struct KeySpec {
  std::string key;    // dotted path, e.g. "fees.buyback_share"
  Kind kind = Kind::number;
  double min = -std::numeric_limits<double>::infinity();   // inclusive (hours for durations)
  double max = std::numeric_limits<double>::infinity();    // inclusive
  bool min_exclusive = false;                              // e.g. a rate that must be > 0
  std::vector<std::string> choices;                        // allowed strings (empty: any)
  std::string units;                                       // e.g. "USD", "1/yr"
  std::string doc;                                         // one line
};

// An array of tables, e.g. [[hardware]] or [[shock]]: every row is checked
// against `fields`; fields listed in `optional` may be absent (then NaN / "").
struct TableArraySpec {
  std::string name;
  std::vector<KeySpec> fields;        // keys relative to the row, e.g. "capex_usd"
  std::vector<std::string> optional;  // field keys that may be left out
  std::size_t min_rows = 0;
  std::size_t max_rows = 8;
  std::string doc;
};

struct Schema {
  std::string protocol;               // e.g. "ionet"
  std::string description;            // one line, for `tokenstress presets`
  std::vector<KeySpec> keys;
  std::vector<TableArraySpec> arrays;
};

}  // namespace ts::config
