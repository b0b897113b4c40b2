#pragma once
// Loading a scenario: parse the TOML file and the files it extends, check
// every key against the protocol's schema, read the table arrays and the
// [sweep], apply `--set key=value` overrides. Every problem is a
// ConfigError with file, line, column and key (DESIGN.md principle 7).
// toml++ stays inside loader.cpp so that no .cu file ever includes it.
#include <memory>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/scenario.hpp"
#include "host/config/schema.hpp"

namespace ts::config {

// The protocols a scenario may name, each with its schema.
class SchemaRegistry {
 public:
  // Keeps a copy. Throws std::logic_error for a schema that cannot be
  // checked against (a protocol registered twice, duplicate or empty keys,
  // a key that is also a table, a reserved top-level name, choices on a
  // non-string key, min > max, ...): that is a programming error.
  void add(const Schema& schema);
  const Schema* find(const std::string& protocol) const;  // nullptr if unknown
  std::vector<const Schema*> all() const;                 // in the order added
  std::vector<std::string> protocols() const;             // names, in the order added

 private:
  std::vector<std::shared_ptr<const Schema>> schemas_;
};

// Look-ups in a schema; nullptr when absent.
const KeySpec* find_key(const Schema& schema, const std::string& key);
const TableArraySpec* find_array(const Schema& schema, const std::string& name);
const KeySpec* find_field(const TableArraySpec& array, const std::string& field);

// Top-level names of a scenario file that are not schema keys.
const std::vector<std::string>& reserved_top_level_names();  // protocol, name, description, extends, sweep

// Loads `path` (with the files it extends), applies `overrides` ("key=value",
// in order) and checks the result. Rules:
//  - `extends = "base.toml"` (relative to the including file) loads the base
//    first; this file's values replace the base's, a table array given here
//    replaces the base's rows, a [sweep] entry here replaces the base's axis
//    of the same key, and a plain value here for a key the base sweeps
//    removes that axis. `protocol` may be left out of a child, but must not
//    differ from the base's.
//  - within one file, a [sweep] entry wins over a plain value of the same key
//    (the scenario's value of a swept key is its first sweep value).
//  - `--set` of a swept key is an error: change the [sweep] entry instead.
//  - `name` defaults to the stem of `path`; `description` is inherited.
// Throws ConfigError; for several problems in one file, the earliest first.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const SchemaRegistry& registry);

}  // namespace ts::config
