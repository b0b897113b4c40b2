#pragma once
// The resolved scenario as canonical TOML: protocol, name, description,
// every schema key grouped by table in schema order (each with a trailing
// `# doc [units]` comment), the table arrays and the sweep. load_scenario
// reads it back to an equal scenario. Stored in every output file as
// provenance and printed by `tokenstress validate`.
#include <string>

#include "host/config/scenario.hpp"
#include "host/config/schema.hpp"

namespace ts::config {

std::string resolved_toml(const Scenario& scenario, const Schema& schema);

// A number as TOML writes it: integers without a decimal point, other
// numbers with the shortest text that reads back to the same double.
std::string toml_number(double x, Kind kind);

// A TOML basic string, quoted and escaped.
std::string toml_string(const std::string& text);

}  // namespace ts::config
