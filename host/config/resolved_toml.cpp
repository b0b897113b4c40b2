#include "host/config/resolved_toml.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace ts::config {

std::string toml_number(double x, Kind kind) {
  if (kind == Kind::integer) return fmt::format("{}", static_cast<long long>(std::llround(x)));
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  std::string text = fmt::format("{}", x);   // shortest text that reads back exactly
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {

bool bare_key(const std::string& key) {
  if (key.empty()) return false;
  for (const char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::string toml_key(const std::string& key) { return bare_key(key) ? key : toml_string(key); }

// "a.b.c" -> "a.b" and "c"; a key without a dot lives at the top level ("").
std::pair<std::string, std::string> split_table(const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

std::string value_text(const Value& value, const KeySpec& spec) {
  switch (spec.kind) {
    case Kind::boolean: return value.number != 0.0 ? "true" : "false";
    case Kind::string: return toml_string(value.text);
    case Kind::duration:
      return toml_string(value.text.empty() ? toml_number(value.number, Kind::number) + "h" : value.text);
    case Kind::integer:
    case Kind::number: return toml_number(value.number, spec.kind);
  }
  return "";
}

std::string comment(const KeySpec& spec, const Value& value, bool swept) {
  std::string text = one_line(spec.doc);
  if (spec.kind == Kind::duration)
    text += " (" + fmt::format("{}", value.number) + " h)";   // the hours the model sees
  else if (!spec.units.empty())
    text += " [" + spec.units + "]";
  if (swept) text += "; swept, see [sweep]";
  return text;
}

// `key = value  # comment` lines of one table, with the comments aligned.
class Block {
 public:
  void add(std::string assignment, std::string note) { lines_.emplace_back(std::move(assignment), std::move(note)); }
  void write(std::ostringstream& out) const {
    std::size_t width = 0;
    for (const auto& line : lines_) width = std::max(width, line.first.size());
    for (const auto& [assignment, note] : lines_) {
      out << assignment;
      if (!note.empty()) out << std::string(width - assignment.size() + 2, ' ') << "# " << note;
      out << "\n";
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> lines_;
};

const Value& value_of(const Scenario& scenario, const std::string& key) {
  const auto it = scenario.values.find(key);
  if (it == scenario.values.end())
    throw std::logic_error("resolved_toml: scenario has no value for '" + key + "'");
  return it->second;
}

bool is_optional(const TableArraySpec& array, const std::string& field) {
  for (const std::string& name : array.optional)
    if (name == field) return true;
  return false;
}

}  // namespace

std::string resolved_toml(const Scenario& scenario, const Schema& schema) {
  std::ostringstream out;
  out << "# Resolved scenario: every key of protocol '" << scenario.protocol
      << "' after extends, --set and [sweep].\n";
  out << "protocol = " << toml_string(scenario.protocol) << "\n";
  out << "name = " << toml_string(scenario.name) << "\n";
  if (!scenario.description.empty()) out << "description = " << toml_string(scenario.description) << "\n";

  // Tables in the order of their first key in the schema; top-level keys
  // (table "") must come before any table header.
  std::vector<std::string> table_order{""};
  std::map<std::string, Block> blocks;
  for (const KeySpec& spec : schema.keys) {
    const auto [table, leaf] = split_table(spec.key);
    if (!blocks.count(table) && !table.empty()) table_order.push_back(table);
    const Value& value = value_of(scenario, spec.key);
    blocks[table].add(toml_key(leaf) + " = " + value_text(value, spec),
                      comment(spec, value, scenario.is_swept(spec.key)));
  }
  for (const std::string& table : table_order) {
    if (!blocks.count(table)) continue;
    if (!table.empty()) out << "\n[" << table << "]\n";
    blocks[table].write(out);
  }

  for (const TableArraySpec& array : schema.arrays) {
    const auto rows = scenario.arrays.find(array.name);
    if (rows == scenario.arrays.end() || rows->second.empty()) {
      out << "\n# [[" << array.name << "]]: no rows\n";
      continue;
    }
    for (const Row& row : rows->second) {
      out << "\n[[" << array.name << "]]" << (array.doc.empty() ? "" : "  # " + one_line(array.doc)) << "\n";
      Block block;
      for (const KeySpec& field : array.fields) {
        const auto value = row.find(field.key);
        if (value == row.end()) continue;
        // Optional fields left out of the file read back as NaN / "": leave them out again.
        const bool absent = field.kind == Kind::string ? value->second.text.empty() : std::isnan(value->second.number);
        if (absent && is_optional(array, field.key)) continue;
        block.add(toml_key(field.key) + " = " + value_text(value->second, field), comment(field, value->second, false));
      }
      block.write(out);
    }
  }

  if (!scenario.sweep.empty() && !scenario.design.is_grid()) {
    // Any design but a grid is written out as its points: the resolved
    // scenario then names the run's points themselves, and what made them
    // stays for the output's attributes.
    const SweepDesign& d = scenario.design;
    out << "\n[sweep]  # design \"" << d.made_by() << "\" written out: point i is the i-th value of every key\n";
    out << "design = \"points\"\n";
    out << "origin = " << toml_string(d.made_by()) << "\n";
    if (d.made_by() == "lhs" || d.made_by() == "sobol") out << "samples = " << d.samples << "\n";
    if (d.made_by() == "lhs") out << "seed = " << d.seed << "\n";
    if (d.made_by() == "sobol") out << "second_order = " << (d.second_order ? "true" : "false") << "\n";
    if (!d.file.empty()) out << "origin_file = " << toml_string(d.file) << "\n";
  } else if (!scenario.sweep.empty()) {
    out << "\n[sweep]  # cartesian grid, first axis slowest\n";
  }
  if (!scenario.sweep.empty()) {
    for (const SweepAxis& axis : scenario.sweep) {
      Kind kind = Kind::number;
      for (const KeySpec& spec : schema.keys)
        if (spec.key == axis.key) kind = spec.kind;
      out << toml_string(axis.key) << " = [";
      for (std::size_t i = 0; i < axis.values.size(); ++i) out << (i ? ", " : "") << toml_number(axis.values[i], kind);
      out << "]\n";
    }
  }
  if (scenario.baseline_point) {
    out << "\n[baseline]  # point " << *scenario.baseline_point << ": the others are measured against it\n";
    for (const SweepAxis& axis : scenario.sweep) {
      Kind kind = Kind::number;
      for (const KeySpec& spec : schema.keys)
        if (spec.key == axis.key) kind = spec.kind;
      out << toml_string(axis.key) << " = " << toml_number(scenario.baseline.at(axis.key), kind) << "\n";
    }
  }
  return out.str();
}

}  // namespace ts::config
