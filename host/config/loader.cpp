// Scenario loading with toml++. Three passes: read the chain of files
// (extends, with cycle detection), check each file against the schema on its
// own (so every error points into the file that has it), then merge the
// files base first, apply --set and check that every key has a value.
#include "host/config/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/config/design_csv.hpp"
#include "host/config/duration.hpp"
#include "host/config/sampling.hpp"
#include "host/config/suggest.hpp"
#include "host/config/sweep.hpp"

namespace fs = std::filesystem;

namespace ts::config {

// ---- schema registry ---------------------------------------------------------

const std::vector<std::string>& reserved_top_level_names() {
  static const std::vector<std::string> names{"protocol", "name", "description", "extends", "sweep", "baseline"};
  return names;
}

const KeySpec* find_key(const Schema& schema, const std::string& key) {
  for (const KeySpec& spec : schema.keys)
    if (spec.key == key) return &spec;
  return nullptr;
}

const TableArraySpec* find_array(const Schema& schema, const std::string& name) {
  for (const TableArraySpec& spec : schema.arrays)
    if (spec.name == name) return &spec;
  return nullptr;
}

const KeySpec* find_field(const TableArraySpec& array, const std::string& field) {
  for (const KeySpec& spec : array.fields)
    if (spec.key == field) return &spec;
  return nullptr;
}

namespace {

// "a.b.c" -> {"a", "a.b"}: the tables a dotted key lives in.
std::vector<std::string> enclosing_tables(const std::string& key) {
  std::vector<std::string> tables;
  for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
    tables.push_back(key.substr(0, dot));
  return tables;
}

std::string first_component(const std::string& key) { return key.substr(0, key.find('.')); }

bool well_formed_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return name.find("..") == std::string::npos;
}

void check_spec(const std::string& where, const KeySpec& spec) {
  auto fail = [&](const std::string& why) {
    throw std::logic_error("schema " + where + ": key '" + spec.key + "': " + why);
  };
  if (!well_formed_name(spec.key)) fail("malformed key name");
  if (!spec.choices.empty() && spec.kind != Kind::string) fail("choices on a key that is not a string");
  if (std::isnan(spec.min) || std::isnan(spec.max) || spec.min > spec.max) fail("min > max");
}

void check_schema(const Schema& schema) {
  const std::string where = "'" + schema.protocol + "'";
  if (schema.protocol.empty()) throw std::logic_error("schema without a protocol name");
  const auto& reserved = reserved_top_level_names();
  std::set<std::string> keys, tables;
  auto claim = [&](const std::string& name) {
    if (std::find(reserved.begin(), reserved.end(), first_component(name)) != reserved.end())
      throw std::logic_error("schema " + where + ": '" + name + "' uses a reserved top-level name");
    if (!keys.insert(name).second) throw std::logic_error("schema " + where + ": '" + name + "' declared twice");
    for (const std::string& table : enclosing_tables(name)) tables.insert(table);
  };
  for (const KeySpec& spec : schema.keys) {
    check_spec(where, spec);
    claim(spec.key);
  }
  for (const TableArraySpec& array : schema.arrays) {
    if (!well_formed_name(array.name)) throw std::logic_error("schema " + where + ": malformed array name");
    claim(array.name);
    if (array.min_rows > array.max_rows)
      throw std::logic_error("schema " + where + ": [[" + array.name + "]] min_rows > max_rows");
    std::set<std::string> fields;
    for (const KeySpec& field : array.fields) {
      check_spec(where + " [[" + array.name + "]]", field);
      if (field.key.find('.') != std::string::npos || !fields.insert(field.key).second)
        throw std::logic_error("schema " + where + ": [[" + array.name + "]] field '" + field.key +
                               "' is dotted or declared twice");
    }
    for (const std::string& optional : array.optional)
      if (!fields.count(optional))
        throw std::logic_error("schema " + where + ": [[" + array.name + "]] optional field '" + optional +
                               "' is not a field");
  }
  for (const std::string& table : tables)
    if (keys.count(table))
      throw std::logic_error("schema " + where + ": '" + table + "' is both a key and a table");
}

}  // namespace

void SchemaRegistry::add(const Schema& schema) {
  check_schema(schema);
  if (find(schema.protocol)) throw std::logic_error("protocol '" + schema.protocol + "' registered twice");
  schemas_.push_back(std::make_shared<const Schema>(schema));
}

const Schema* SchemaRegistry::find(const std::string& protocol) const {
  for (const auto& schema : schemas_)
    if (schema->protocol == protocol) return schema.get();
  return nullptr;
}

std::vector<const Schema*> SchemaRegistry::all() const {
  std::vector<const Schema*> out;
  for (const auto& schema : schemas_) out.push_back(schema.get());
  return out;
}

std::vector<std::string> SchemaRegistry::protocols() const {
  std::vector<std::string> out;
  for (const auto& schema : schemas_) out.push_back(schema->protocol);
  return out;
}

// ---- checking one value --------------------------------------------------------

namespace {

using Diagnostics = std::vector<Diagnostic>;

Source source_of(const std::string& file, const toml::source_region& region) {
  return Source{file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

bool earlier(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
}

// All diagnostics of one file (or of the overrides) at once, earliest first.
void throw_if_any(Diagnostics diagnostics) {
  if (diagnostics.empty()) return;
  std::stable_sort(diagnostics.begin(), diagnostics.end(), earlier);
  throw ConfigError(std::move(diagnostics));
}

std::string format_number(double x) { return fmt::format("{}", x); }

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

std::string join(const std::vector<std::string>& items, const std::string& separator, bool quote = false) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += quote ? in_quotes(item) : item;
  }
  return out;
}

// "the float 1.5", "the string \"x\"", "a table": for "got ..." in messages.
std::string describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "the string " + in_quotes(node.as_string()->get());
    case toml::node_type::integer: return "the integer " + std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point: return "the float " + format_number(node.as_floating_point()->get());
    case toml::node_type::boolean: return std::string("the boolean ") + (node.as_boolean()->get() ? "true" : "false");
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::string expected(const KeySpec& spec) {
  switch (spec.kind) {
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "true or false";
    case Kind::string: return spec.choices.empty() ? "a string" : "one of " + join(spec.choices, ", ", true);
    case Kind::duration: return "a duration such as \"90d\"";
  }
  return "a value";
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "a boolean";
    case Kind::string: return "a string";
    case Kind::duration: return "a duration";
  }
  return "a value";
}

bool in_range(const KeySpec& spec, double x) {
  return (spec.min_exclusive ? x > spec.min : x >= spec.min) && x <= spec.max;
}

// "must be in [0, 1]", "must be > 0", "must be <= 24 h".
std::string allowed_range(const KeySpec& spec) {
  const bool has_min = std::isfinite(spec.min), has_max = std::isfinite(spec.max);
  const std::string unit = spec.kind == Kind::duration ? " h" : "";
  if (has_min && has_max)
    return "must be in " + std::string(spec.min_exclusive ? "(" : "[") + format_number(spec.min) + ", " +
           format_number(spec.max) + "]" + unit;
  if (has_min) return std::string("must be ") + (spec.min_exclusive ? "> " : ">= ") + format_number(spec.min) + unit;
  return "must be <= " + format_number(spec.max) + unit;
}

bool integral(double x) { return std::isfinite(x) && std::floor(x) == x; }

// Checks `node` against `spec`. `subject` opens every message, e.g.
// "'fees.buyback_share'" or "[sweep] value of 'fees.buyback_share'".
std::optional<Value> check_value(const KeySpec& spec, const std::string& key, const std::string& subject,
                                 const toml::node& node, const Source& where, Diagnostics& diagnostics) {
  auto problem = [&](const std::string& message) {
    diagnostics.push_back({where, key, message});
    return std::optional<Value>();
  };
  auto wrong_type = [&](const std::string& hint = "") {
    return problem(subject + " must be " + expected(spec) + ", got " + describe(node) + hint);
  };
  Value value;
  value.kind = spec.kind;
  value.where = where;
  switch (spec.kind) {
    case Kind::integer:
      if (node.is_integer()) {
        value.number = static_cast<double>(node.as_integer()->get());
      } else if (node.is_floating_point() && integral(node.as_floating_point()->get())) {
        return wrong_type(" (write it without a decimal point)");
      } else {
        return wrong_type();
      }
      break;
    case Kind::number:
      if (node.is_integer()) {
        value.number = static_cast<double>(node.as_integer()->get());
      } else if (node.is_floating_point()) {
        value.number = node.as_floating_point()->get();
        if (!std::isfinite(value.number)) return problem(subject + " must be a finite number, got " + describe(node));
      } else {
        return wrong_type();
      }
      break;
    case Kind::boolean:
      if (!node.is_boolean()) return wrong_type();
      value.number = node.as_boolean()->get() ? 1.0 : 0.0;
      return value;
    case Kind::string:
      if (!node.is_string()) return wrong_type();
      value.text = node.as_string()->get();
      if (!spec.choices.empty() &&
          std::find(spec.choices.begin(), spec.choices.end(), value.text) == spec.choices.end())
        return problem(subject + " = " + in_quotes(value.text) + " is not allowed" +
                       did_you_mean(value.text, spec.choices, "\"", "\"") + "; allowed: " +
                       join(spec.choices, ", ", true));
      return value;
    case Kind::duration:
      if (!node.is_string())
        return wrong_type(node.is_number() ? " (a bare number has no unit; " + duration_units_help() + ")" : "");
      value.text = node.as_string()->get();
      try {
        value.number = parse_duration_hours(value.text);
      } catch (const std::invalid_argument& bad) {
        return problem(subject + " = " + in_quotes(value.text) + " is not a duration: " + bad.what());
      }
      if (!in_range(spec, value.number))
        return problem(subject + " = " + in_quotes(value.text) + " (" + format_number(value.number) +
                       " h) is out of range: " + allowed_range(spec));
      return value;
  }
  if (!in_range(spec, value.number))
    return problem(subject + " = " + format_number(value.number) + " is out of range: " + allowed_range(spec));
  return value;
}

// ---- reading the chain of files ------------------------------------------------

struct ParsedFile {
  std::string path;   // as shown in messages
  toml::table doc;
};

// Points a scenario's sweep may have (README "Sweeps"): each point keeps
// its own accumulators, so a grid beyond this is a cluster job of shards.
constexpr std::uint64_t kMaxSweepPoints = 100000;

// A scenario file's size limit (the largest shipped one is a few KB).
constexpr std::uintmax_t kMaxScenarioBytes = 4u << 20;

std::string read_text(const std::string& path, const Source& requested_at, const std::string& key,
                      const std::string& what) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw ConfigError(requested_at, key, "cannot read " + what + " '" + path + "': no such file");
  if (fs::is_directory(path, ec))
    throw ConfigError(requested_at, key, "cannot read " + what + " '" + path + "': it is a directory");
  // Only regular files of a scenario's size: /dev/zero or a FIFO would be
  // read without end.
  if (!fs::is_regular_file(path, ec))
    throw ConfigError(requested_at, key, "cannot read " + what + " '" + path + "': not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxScenarioBytes)
    throw ConfigError(requested_at, key,
                      "cannot read " + what + " '" + path + "': " + std::to_string(size) +
                          " bytes, more than a scenario's limit of " + std::to_string(kMaxScenarioBytes));
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size)
    throw ConfigError(requested_at, key, "cannot read " + what + " '" + path + "'");
  return text;
}

toml::table parse_toml(const std::string& text, const std::string& path) {
  try {
    return toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& bad) {
    throw ConfigError(source_of(path, bad.source()), "",
                      "TOML syntax error: " + std::string(bad.description()));
  }
}

struct ChainLink {
  std::string path;
  std::string identity;   // canonical path, to recognise a file reached twice
};

// Appends `path` and its bases to `chain`, base first.
void read_chain(const std::string& path, const Source& requested_at, const std::string& key,
                std::vector<ChainLink>& stack, std::vector<ParsedFile>& chain) {
  std::error_code ec;
  std::string identity = fs::weakly_canonical(path, ec).string();
  if (ec) identity = path;
  for (const ChainLink& link : stack)
    if (link.identity == identity) {
      std::string cycle;
      for (const ChainLink& l : stack) cycle += l.path + " -> ";
      throw ConfigError(requested_at, key, "extends cycle: " + cycle + path);
    }
  const std::string what = stack.empty() ? "scenario file" : "base scenario";
  std::optional<ParsedFile> parsed;
  try {
    parsed.emplace(ParsedFile{path, parse_toml(read_text(path, requested_at, key, what), path)});
  } catch (const ConfigError& e) {
    if (stack.empty()) throw;
    // Name the file that extends this one: the user may never have opened it.
    Diagnostic d = e.diagnostics.front();
    d.message += " (" + path + " is the base scenario that " + requested_at.file + " extends at line " +
                 std::to_string(requested_at.line) + ")";
    throw ConfigError(std::vector<Diagnostic>{d});
  }
  ParsedFile file = std::move(*parsed);
  stack.push_back({path, identity});
  if (const toml::node* extends = file.doc.get("extends")) {
    const Source at = source_of(path, extends->source());
    if (!extends->is_string() || extends->as_string()->get().empty())
      throw ConfigError(at, "extends", "'extends' must be the file name of a base scenario, e.g. "
                                       "extends = \"ionet.toml\", got " + describe(*extends));
    const fs::path base = fs::path(path).parent_path() / extends->as_string()->get();
    read_chain(base.lexically_normal().string(), at, "extends", stack, chain);
  }
  stack.pop_back();
  chain.push_back(std::move(file));
}

// The protocol named by the chain: every file that names one must agree.
const Schema& chain_protocol(const std::vector<ParsedFile>& chain, const SchemaRegistry& registry) {
  const std::vector<std::string> known = registry.protocols();
  const std::string known_list = "known protocols: " + (known.empty() ? std::string("none") : join(known, ", "));
  const Schema* schema = nullptr;
  std::string named_in;
  for (const ParsedFile& file : chain) {
    const toml::node* protocol = file.doc.get("protocol");
    if (!protocol) continue;
    const Source at = source_of(file.path, protocol->source());
    if (!protocol->is_string())
      throw ConfigError(at, "protocol", "'protocol' must be a string naming the protocol, got " +
                                            describe(*protocol) + "; " + known_list);
    const std::string name = protocol->as_string()->get();
    if (schema && name != schema->protocol)
      throw ConfigError(at, "protocol", "protocol '" + name + "' differs from '" + schema->protocol +
                                            "' given in the base scenario '" + named_in +
                                            "'; leave 'protocol' out of a file that extends another");
    if (!schema) {
      schema = registry.find(name);
      if (!schema)
        throw ConfigError(at, "protocol", "unknown protocol '" + name + "'" + did_you_mean(name, known) + "; " +
                                              known_list);
      named_in = file.path;
    }
  }
  if (!schema)
    throw ConfigError(Source{chain.back().path, 0, 0}, "protocol",
                      "missing 'protocol = \"...\"' at the top of the file; " + known_list);
  return *schema;
}

// ---- checking one file ----------------------------------------------------------

struct RowsGiven {
  std::vector<Row> rows;
  Source where;
};

// What one file says, checked but not yet merged with its base.
struct Layer {
  std::optional<std::string> name, description;
  std::map<std::string, Value> values;
  std::map<std::string, RowsGiven> arrays;
  std::vector<SweepAxis> sweep;   // in file order
  std::optional<SweepDesign> design;   // [sweep] design = ... (absent: a grid, or no [sweep])
  std::optional<std::map<std::string, double>> baseline;   // [baseline] entries
  Source baseline_where;
};

class LayerReader {
 public:
  LayerReader(const Schema& schema, const std::string& file) : schema_(schema), file_(file) {
    for (const KeySpec& spec : schema.keys) {
      key_names_.push_back(spec.key);
      for (const std::string& table : enclosing_tables(spec.key)) tables_.insert(table);
    }
    for (const TableArraySpec& array : schema.arrays) {
      array_names_.push_back(array.name);
      for (const std::string& table : enclosing_tables(array.name)) tables_.insert(table);
    }
    table_names_.assign(tables_.begin(), tables_.end());
  }

  Layer read(const toml::table& doc) {
    read_meta(doc);
    read_values(doc, "");
    if (const toml::node* sweep = doc.get("sweep")) read_sweep(*sweep);
    if (const toml::node* baseline = doc.get("baseline")) read_baseline(*baseline);
    throw_if_any(diagnostics_);
    return std::move(layer_);
  }

 private:
  Source at(const toml::source_region& region) const { return source_of(file_, region); }

  void problem(const Source& where, const std::string& key, const std::string& message) {
    diagnostics_.push_back({where, key, message});
  }

  void read_meta(const toml::table& doc) {
    for (const char* key : {"name", "description"}) {
      const toml::node* node = doc.get(key);
      if (!node) continue;
      if (!node->is_string()) {
        problem(at(node->source()), key, "'" + std::string(key) + "' must be a string, got " + describe(*node));
        continue;
      }
      (std::string(key) == "name" ? layer_.name : layer_.description) = node->as_string()->get();
    }
  }

  void read_values(const toml::table& table, const std::string& prefix) {
    for (auto&& [name, node] : table) {
      const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
      const auto& reserved = reserved_top_level_names();
      if (prefix.empty() && std::find(reserved.begin(), reserved.end(), key) != reserved.end()) continue;
      if (const KeySpec* spec = find_key(schema_, key)) {
        if (auto value = check_value(*spec, key, "'" + key + "'", node, at(node.source()), diagnostics_))
          layer_.values[key] = *value;
      } else if (const TableArraySpec* array = find_array(schema_, key)) {
        read_rows(*array, node);
      } else if (tables_.count(key)) {
        if (const toml::table* inner = node.as_table())
          read_values(*inner, key);
        else
          problem(at(node.source()), key, "'" + key + "' is a table: write [" + key + "] and its keys under it, got " +
                                              describe(node));
      } else {
        unknown(key, name, node, prefix.empty());
      }
    }
  }

  void unknown(const std::string& key, const toml::key& name, const toml::node& node, bool top_level) {
    const Source where = at(name.source());
    const toml::table* table = node.as_table();
    const toml::array* array = node.as_array();
    if (table && !table->is_inline()) {
      // The closest table, or table array (then written [[name]]).
      std::vector<std::string> candidates = table_names_;
      candidates.insert(candidates.end(), array_names_.begin(), array_names_.end());
      const auto closest = closest_name(key, candidates);
      const bool is_array = closest && std::count(array_names_.begin(), array_names_.end(), *closest);
      const std::string hint = !closest ? "" : is_array ? " (did you mean [[" + *closest + "]]?)"
                                                        : " (did you mean [" + *closest + "]?)";
      problem(where, key, "unknown table [" + key + "]" + hint);
    } else if (array && !array->empty() && array->is_array_of_tables()) {
      problem(where, key, "unknown table array [[" + key + "]]" + did_you_mean(key, array_names_, "[[", "]]"));
    } else {
      std::vector<std::string> candidates = key_names_;
      if (top_level) {
        const auto& reserved = reserved_top_level_names();
        candidates.insert(candidates.end(), reserved.begin(), reserved.end());
      }
      problem(where, key, "unknown key '" + key + "'" + did_you_mean(key, candidates));
    }
  }

  void read_rows(const TableArraySpec& spec, const toml::node& node) {
    const Source where = at(node.source());
    const std::string header = "[[" + spec.name + "]]";
    const toml::array* array = node.as_array();
    if (!array || (!array->empty() && !array->is_array_of_tables())) {
      problem(where, spec.name, "'" + spec.name + "' must be rows written " + header + ", got " + describe(node));
      return;
    }
    RowsGiven given{{}, where};
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table& row = *array->get(i)->as_table();
      if (i == spec.max_rows) {
        problem(at(row.source()), spec.name, "too many " + header + " rows: " + std::to_string(array->size()) +
                                                 " given, at most " + std::to_string(spec.max_rows) + " allowed");
        break;
      }
      given.rows.push_back(read_row(spec, row, spec.name + "[" + std::to_string(i) + "]"));
    }
    if (array->size() < spec.min_rows)
      problem(where, spec.name, header + " needs at least " + std::to_string(spec.min_rows) + " row" +
                                    (spec.min_rows == 1 ? "" : "s") + ", got " + std::to_string(array->size()));
    layer_.arrays[spec.name] = std::move(given);
  }

  Row read_row(const TableArraySpec& spec, const toml::table& table, const std::string& row_key) {
    Row row;
    std::vector<std::string> field_names;
    for (const KeySpec& field : spec.fields) field_names.push_back(field.key);
    std::set<std::string> suggested;   // a misspelt field is reported once, not also as missing
    for (auto&& [name, node] : table) {
      const std::string field(name.str());
      const std::string key = row_key + "." + field;
      if (const KeySpec* field_spec = find_field(spec, field)) {
        if (auto value = check_value(*field_spec, key, "'" + key + "'", node, at(node.source()), diagnostics_))
          row[field] = *value;
      } else {
        if (auto closest = closest_name(field, field_names)) suggested.insert(*closest);
        problem(at(name.source()), key, "unknown field '" + field + "' in " + row_key +
                                            did_you_mean(field, field_names) + "; fields: " + join(field_names, ", "));
      }
    }
    for (const KeySpec& field : spec.fields) {
      if (table.contains(field.key) || suggested.count(field.key)) continue;
      const bool optional = std::find(spec.optional.begin(), spec.optional.end(), field.key) != spec.optional.end();
      if (optional) {
        // Absent optional fields read as NaN (numbers) or "" (strings).
        Value absent;
        absent.kind = field.kind;
        absent.number = std::nan("");
        absent.where = at(table.source());
        row[field.key] = absent;
      } else {
        problem(at(table.source()), row_key + "." + field.key,
                row_key + " is missing '" + field.key + "' (" + field.doc +
                    (field.units.empty() ? "" : " [" + field.units + "]") + ")");
      }
    }
    return row;
  }

  // [baseline] entries: `"fees.take_rate" = 0.2`, one per swept key: the
  // point of the sweep that proposals are measured against (checked against
  // the merged sweep once every file is read).
  void read_baseline(const toml::node& node) {
    const toml::table* table = node.as_table();
    if (!table) {
      problem(at(node.source()), "baseline", "'baseline' must be a table: [baseline] with one entry per swept key, "
                                             "e.g. \"fees.take_rate\" = 0.2, got " + describe(node));
      return;
    }
    layer_.baseline.emplace();
    layer_.baseline_where = at(node.source());
    read_baseline_entries(*table, "");
  }

  void read_baseline_entries(const toml::table& table, const std::string& prefix) {
    for (auto&& [name, node] : table) {
      const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
      const KeySpec* spec = find_key(schema_, key);
      if (!spec && tables_.count(key) && node.is_table()) {
        read_baseline_entries(*node.as_table(), key);
      } else if (!spec) {
        problem(at(name.source()), key, "unknown key '" + key + "' in [baseline]" + did_you_mean(key, key_names_));
      } else if (!node.is_number()) {
        problem(at(node.source()), key, "[baseline] value of '" + key + "' must be a number, got " + describe(node));
      } else {
        (*layer_.baseline)[key] = node.is_integer() ? static_cast<double>(node.as_integer()->get())
                                                    : node.as_floating_point()->get();
      }
    }
  }

  // [sweep] entries: `"fees.buyback_share" = [...]` (quoted dotted key), or
  // the same written as nested tables; the design's own settings
  // (README "Designs") at its top.
  void read_sweep(const toml::node& node) {
    const toml::table* table = node.as_table();
    if (!table) {
      problem(at(node.source()), "sweep", "'sweep' must be a table: [sweep] with entries like "
                                          "\"fees.buyback_share\" = [0.0, 0.5, 1.0], got " + describe(node));
      return;
    }
    const std::size_t problems_before = diagnostics_.size();
    design_ = read_design_settings(*table, at(node.source()));
    read_sweep_entries(*table, "");
    std::stable_sort(layer_.sweep.begin(), layer_.sweep.end(), [](const SweepAxis& a, const SweepAxis& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    // Points only from settings and entries that were all right.
    if (!design_.is_grid() && diagnostics_.size() == problems_before) finish_design();
    if (table->contains("design")) layer_.design = design_;
  }

  static bool is_design_setting(const std::string& name) {
    static const std::set<std::string> names{"design", "samples", "seed", "second_order", "file", "origin", "origin_file"};
    return names.count(name) > 0;
  }

  // design, samples, seed, second_order, file (and, in a resolved
  // scenario's written-out points, origin and origin_file).
  SweepDesign read_design_settings(const toml::table& table, const Source& sweep_at) {
    SweepDesign d;
    d.where = sweep_at;
    auto text = [&](const char* name, std::string& out) {
      if (const toml::node* n = table.get(name)) {
        if (n->is_string()) out = n->as_string()->get();
        else problem(at(n->source()), name, std::string("[sweep] ") + name + " must be a string, got " + describe(*n));
      }
    };
    auto count = [&](const char* name, std::uint64_t& out, std::int64_t low) {
      if (const toml::node* n = table.get(name)) {
        if (n->is_integer() && n->as_integer()->get() >= low) out = static_cast<std::uint64_t>(n->as_integer()->get());
        else problem(at(n->source()), name, fmt::format("[sweep] {} must be an integer >= {}, got {}", name, low, describe(*n)));
      }
    };
    text("design", d.kind);
    if (const toml::node* n = table.get("design")) d.where = at(n->source());
    static const std::vector<std::string> kinds{"grid", "lhs", "sobol", "file", "points"};
    if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) {
      problem(d.where, "design", "unknown [sweep] design \"" + d.kind + "\": one of " + join(kinds, ", ", true) +
                                     did_you_mean(d.kind, kinds));
      d.kind = "grid";
      return d;
    }
    count("samples", d.samples, 1);
    count("seed", d.seed, 0);
    if (const toml::node* n = table.get("second_order")) {
      if (n->is_boolean()) d.second_order = n->as_boolean()->get();
      else problem(at(n->source()), "second_order", "[sweep] second_order must be true or false, got " + describe(*n));
    }
    text("file", d.file);
    text("origin", d.origin);
    text("origin_file", d.file);
    // Settings that mean nothing for this design are refused, not ignored.
    auto refuse = [&](const char* name, const std::string& why) {
      if (const toml::node* n = table.get(name)) problem(at(n->source()), name, "[sweep] " + std::string(name) + " " + why);
    };
    const std::string kind_text = "design \"" + d.kind + "\"";
    if (d.kind != "lhs" && d.kind != "sobol" && d.kind != "points") refuse("samples", "is not used by " + kind_text);
    if (d.kind != "lhs" && d.kind != "points") refuse("seed", "is not used by " + kind_text + " (only lhs draws at random)");
    if (d.kind != "sobol" && d.kind != "points") refuse("second_order", "is not used by " + kind_text);
    if (d.kind != "file") refuse("file", "is only for design = \"file\"");
    if (d.kind != "points") {
      refuse("origin", "is only for design = \"points\"");
      refuse("origin_file", "is only for design = \"points\"");
    }
    if ((d.kind == "lhs" || d.kind == "sobol") && !table.contains("samples"))
      problem(d.where, "samples", "[sweep] design \"" + d.kind + "\" needs samples = N (" +
                                      (d.kind == "lhs" ? "the number of points" : "the Saltelli base N, a power of 2") + ")");
    if (d.kind == "sobol" && d.samples > 0 && (d.samples & (d.samples - 1)) != 0)
      problem(at(table.get("samples")->source()), "samples",
              fmt::format("[sweep] samples = {} for a Sobol' design must be a power of 2 (the sequence's balance "
                          "properties hold for 2^k points), e.g. {}",
                          d.samples, std::uint64_t{1} << static_cast<int>(std::floor(std::log2(static_cast<double>(d.samples))))));
    if (d.kind == "file" && d.file.empty())
      problem(d.where, "file", "[sweep] design \"file\" needs file = \"design.csv\" (a header of keys, a row per point)");
    return d;
  }

  void read_sweep_entries(const toml::table& table, const std::string& prefix) {
    for (auto&& [name, node] : table) {
      const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
      if (prefix.empty() && is_design_setting(key)) continue;
      if (design_.kind == "file") {
        problem(at(name.source()), key, "[sweep] design \"file\" takes its keys from the file's header; remove '" +
                                            key + "' here or add it as a column of " + design_.file);
        continue;
      }
      if (const KeySpec* spec = find_key(schema_, key)) {
        if (design_.kind == "lhs" || design_.kind == "sobol") read_range(*spec, node);
        else read_axis(*spec, node);
      } else if (tables_.count(key) && node.is_table()) {
        read_sweep_entries(*node.as_table(), key);
      } else {
        problem(at(name.source()), key, "unknown key '" + key + "' in [sweep]" + did_you_mean(key, key_names_));
      }
    }
  }

  // ---- designs beyond grids -------------------------------------------------

  struct Range {
    const KeySpec* spec;
    double a, b;
    bool log;
    Source where;
  };

  // { uniform = [a, b] } or { loguniform = [a, b] } for an lhs or sobol design.
  void read_range(const KeySpec& spec, const toml::node& node) {
    const std::string& key = spec.key;
    const Source where = at(node.source());
    const std::string usage = "{ uniform = [a, b] } or { loguniform = [a, b] }";
    if (spec.kind != Kind::number) {
      problem(where, key, "'" + key + "' is " + kind_name(spec.kind) + " key: a design \"" + design_.kind +
                              "\" samples continuous ranges of number keys only; sweep it in a grid or a file design");
      return;
    }
    const toml::table* t = node.as_table();
    if (!t || t->size() != 1 || !(t->contains("uniform") || t->contains("loguniform"))) {
      problem(where, key, "[sweep] design \"" + design_.kind + "\" needs a range for '" + key + "': " + usage + ", got " +
                              describe(node));
      return;
    }
    const bool log = t->contains("loguniform");
    const toml::array* args = t->get(log ? "loguniform" : "uniform")->as_array();
    auto number_at = [&](std::size_t i) -> std::optional<double> {
      const toml::node* arg = args->get(i);
      if (!arg->is_number()) return std::nullopt;
      const double x = arg->value<double>().value_or(std::nan(""));
      return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
    };
    if (!args || args->size() != 2 || !number_at(0) || !number_at(1)) {
      problem(where, key, std::string(log ? "loguniform" : "uniform") + " for '" + key + "' must be [a, b] with finite numbers");
      return;
    }
    const double a = *number_at(0), b = *number_at(1);
    if (!(a < b)) {
      problem(where, key, fmt::format("the range [{}, {}] of '{}' is empty: it needs a < b", format_number(a), format_number(b), key));
      return;
    }
    if (log && !(a > 0)) {
      problem(where, key, fmt::format("loguniform for '{}' needs a > 0, got [{}, {}]", key, format_number(a), format_number(b)));
      return;
    }
    for (double end : {a, b})
      if (!in_range(spec, end)) {
        problem(where, key, fmt::format("the range of '{}' reaches {}, which is out of range: {}", key, format_number(end),
                                        allowed_range(spec)));
        return;
      }
    for (const Range& r : ranges_)
      if (r.spec->key == key) {
        problem(where, key, "'" + key + "' is swept twice in [sweep]");
        return;
      }
    ranges_.push_back({&spec, a, b, log, where});
  }

  // The design's points into the layer's axes (zipped: value i of every
  // axis is point i).
  void finish_design() {
    if (design_.kind == "lhs" || design_.kind == "sobol") {
      if (ranges_.empty()) {
        problem(design_.where, "design", "[sweep] design \"" + design_.kind + "\" has no ranges: add entries like "
                                         "\"fees.buyback_share\" = { uniform = [0.0, 1.0] }");
        return;
      }
      std::stable_sort(ranges_.begin(), ranges_.end(), [](const Range& x, const Range& y) {
        return std::tie(x.where.line, x.where.column) < std::tie(y.where.line, y.where.column);
      });
      const std::size_t d = ranges_.size();
      if (design_.samples == 0) return;   // already reported
      // samples first: N (2D + 2) of a huge N could wrap around 2^64.
      const std::uint64_t n = design_.samples > kMaxSweepPoints ? design_.samples
                              : design_.kind == "lhs"           ? design_.samples
                                                                : saltelli_row_count(design_.samples, d, design_.second_order);
      if (n > kMaxSweepPoints) {
        problem(design_.where, "samples", fmt::format("[sweep] design \"{}\" gives {} points, more than the {} a "
                                                      "scenario may have; use fewer samples or split the run",
                                                      design_.kind, n, kMaxSweepPoints));
        return;
      }
      const UnitRows rows = design_.kind == "lhs" ? latin_hypercube(n, d, design_.seed)
                                                  : saltelli_rows(design_.samples, d, design_.second_order);
      for (std::size_t k = 0; k < d; ++k) {
        const Range& r = ranges_[k];
        SweepAxis axis{r.spec->key, {}, r.where, r.spec->units};
        for (const auto& row : rows)
          axis.values.push_back(std::clamp(r.log ? scale_loguniform(row[k], r.a, r.b) : scale_uniform(row[k], r.a, r.b), r.a, r.b));
        layer_.sweep.push_back(std::move(axis));
      }
    } else if (design_.kind == "file") {
      read_design_file();
    } else if (design_.kind == "points") {
      for (const SweepAxis& axis : layer_.sweep)
        if (axis.values.size() != layer_.sweep.front().values.size())
          problem(axis.where, axis.key, fmt::format("[sweep] design \"points\" needs lists of one length (point i "
                                                    "is the i-th value of every key): '{}' has {}, '{}' has {}",
                                                    axis.key, axis.values.size(), layer_.sweep.front().key,
                                                    layer_.sweep.front().values.size()));
    }
  }

  // design = "file": the CSV beside the scenario (a relative path is taken
  // from the scenario's folder).
  void read_design_file() {
    const fs::path given(design_.file);
    const std::string path = given.is_absolute() ? design_.file : (fs::path(file_).parent_path() / given).string();
    CsvTable table;
    try {
      table = read_csv_table(path, design_.where, "file");
    } catch (const ConfigError& e) {
      for (const Diagnostic& d : e.diagnostics) diagnostics_.push_back(d);
      return;
    }
    std::vector<const KeySpec*> specs;
    for (const CsvCell& cell : table.header) {
      const KeySpec* spec = find_key(schema_, cell.text);
      if (!spec) {
        problem(cell.where, cell.text, "unknown key '" + cell.text + "' in the header of the design file" +
                                           did_you_mean(cell.text, key_names_));
      } else if (spec->kind != Kind::integer && spec->kind != Kind::number) {
        problem(cell.where, cell.text, "'" + cell.text + "' cannot be swept: it is " + kind_name(spec->kind) +
                                           ", and only integer and number keys can be swept");
        spec = nullptr;
      } else {
        for (const KeySpec* other : specs)
          if (other == spec) problem(cell.where, cell.text, "'" + cell.text + "' is a column twice in the design file");
      }
      specs.push_back(spec);
    }
    if (table.rows.size() > kMaxSweepPoints)
      problem(table.rows[kMaxSweepPoints].front().where, table.header.front().text,
              fmt::format("the design file has {} points, more than the {} a scenario may have", table.rows.size(), kMaxSweepPoints));
    if (!diagnostics_.empty()) return;
    std::vector<SweepAxis> axes;
    for (std::size_t k = 0; k < specs.size(); ++k) axes.push_back({specs[k]->key, {}, table.header[k].where, specs[k]->units});
    std::map<std::vector<double>, int> seen;   // a point given twice is the same point twice
    for (const auto& row : table.rows) {
      std::vector<double> point;
      for (std::size_t k = 0; k < row.size(); ++k) {
        const CsvCell& cell = row[k];
        const KeySpec& spec = *specs[k];
        char* end = nullptr;
        errno = 0;
        const double x = cell.text.empty() ? std::nan("") : std::strtod(cell.text.c_str(), &end);
        if (cell.text.empty() || end != cell.text.c_str() + cell.text.size() || !std::isfinite(x)) {
          problem(cell.where, spec.key, "design file value '" + cell.text + "' of '" + spec.key + "' is not a finite number");
          continue;
        }
        if (spec.kind == Kind::integer && !integral(x)) {
          problem(cell.where, spec.key, "design file value " + cell.text + " of '" + spec.key + "' must be an integer");
          continue;
        }
        if (!in_range(spec, x)) {
          problem(cell.where, spec.key, "design file value " + cell.text + " of '" + spec.key + "' is out of range: " +
                                            allowed_range(spec));
          continue;
        }
        axes[k].values.push_back(x);
        point.push_back(x);
      }
      if (point.size() != row.size()) continue;
      const auto [at, fresh] = seen.emplace(point, row.front().where.line);
      if (!fresh)
        problem(row.front().where, table.header.front().text,
                fmt::format("this point repeats the one at line {} of the design file; every point must differ", at->second));
    }
    if (diagnostics_.empty()) layer_.sweep = std::move(axes);
  }

  void read_axis(const KeySpec& spec, const toml::node& node) {
    const std::string& key = spec.key;
    const Source where = at(node.source());
    const std::size_t problems_before = diagnostics_.size();
    if (spec.kind != Kind::integer && spec.kind != Kind::number) {
      problem(where, key, "'" + key + "' cannot be swept: it is " + kind_name(spec.kind) +
                              ", and only integer and number keys can be swept");
      return;
    }
    for (const SweepAxis& axis : layer_.sweep)
      if (axis.key == key) {
        problem(where, key, "'" + key + "' is swept twice in [sweep]");
        return;
      }
    SweepAxis axis{key, {}, where, spec.units};
    std::vector<Source> value_at;   // where each value was written, for duplicate errors
    if (const toml::array* list = node.as_array()) {
      if (list->empty()) {
        problem(where, key, "empty sweep list for '" + key + "': give at least one value");
        return;
      }
      for (const toml::node& element : *list) {
        const std::string subject = "[sweep] value of '" + key + "'";
        const Source element_at = at(element.source());
        if (auto value = check_value(spec, key, subject, element, element_at, diagnostics_)) {
          axis.values.push_back(value->number);
          value_at.push_back(element_at);
        }
      }
    } else if (const toml::table* generator = node.as_table()) {
      read_generator(spec, *generator, where, axis.values);
      value_at.assign(axis.values.size(), where);
    } else {
      problem(where, key, "sweep of '" + key + "' must be a list of values, { linspace = [start, stop, n] } or "
                          "{ logspace = [start, stop, n] }, got " + describe(node));
      return;
    }
    // The first value (in writing order) equal to an earlier one: sorted
    // by value, each run of equal values' second index; O(n log n).
    std::vector<std::size_t> order(axis.values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return axis.values[a] < axis.values[b]; });
    std::size_t repeated = axis.values.size();
    for (std::size_t r = 1; r < order.size(); ++r)
      if (axis.values[order[r]] == axis.values[order[r - 1]] &&
          (r < 2 || axis.values[order[r - 2]] != axis.values[order[r]]))
        repeated = std::min(repeated, order[r]);
    if (repeated < axis.values.size() && design_.is_grid())
      problem(value_at[repeated], key, "value " + format_number(axis.values[repeated]) +
                                           " appears twice in the sweep of '" + key + "'; every point must differ");
    if (diagnostics_.size() == problems_before) layer_.sweep.push_back(std::move(axis));
  }

  // { linspace = [start, stop, n] } or { logspace = [start, stop, n] }.
  void read_generator(const KeySpec& spec, const toml::table& generator, const Source& where,
                      std::vector<double>& values) {
    const std::string& key = spec.key;
    const std::string usage = "{ linspace = [start, stop, n] } or { logspace = [start, stop, n] }";
    if (generator.contains("uniform") || generator.contains("loguniform")) {
      problem(where, key, "a range for '" + key + "' is sampled by a design: set design = \"lhs\" or \"sobol\" and "
                          "samples = N in [sweep] (a grid takes lists, " + usage + ")");
      return;
    }
    if (generator.size() != 1 || !(generator.contains("linspace") || generator.contains("logspace"))) {
      problem(where, key, "sweep of '" + key + "' must be a list of values, " + usage);
      return;
    }
    const bool log = generator.contains("logspace");
    const std::string kind = log ? "logspace" : "linspace";
    const toml::array* args = generator.get(kind)->as_array();
    auto number_at = [&](std::size_t i) -> std::optional<double> {
      const toml::node* arg = args->get(i);
      if (!arg->is_number()) return std::nullopt;
      const double x = arg->value<double>().value_or(std::nan(""));
      return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
    };
    if (!args || args->size() != 3 || !number_at(0) || !number_at(1) || !args->get(2)->is_integer()) {
      problem(where, key, kind + " for '" + key + "' must be [start, stop, n] with numbers start and stop "
                          "and an integer n");
      return;
    }
    const double start = *number_at(0), stop = *number_at(1);
    const std::int64_t n = args->get(2)->as_integer()->get();
    if (n < 1) {
      problem(where, key, kind + " for '" + key + "' needs n >= 1, got " + std::to_string(n));
      return;
    }
    if (static_cast<std::uint64_t>(n) > kMaxSweepPoints) {
      problem(where, key, kind + " for '" + key + "' asks for " + std::to_string(n) + " values, more than the " +
                              std::to_string(kMaxSweepPoints) + " points a scenario may have");
      return;
    }
    if (log && !(start > 0 && stop > 0)) {
      problem(where, key, "logspace for '" + key + "' needs start > 0 and stop > 0, got [" + format_number(start) +
                              ", " + format_number(stop) + ", " + std::to_string(n) + "]");
      return;
    }
    const auto count = static_cast<std::size_t>(n);
    values = log ? logspace(start, stop, count) : linspace(start, stop, count);
    for (double& x : values) {
      if (spec.kind == Kind::integer) {
        // Spacing of integers carries rounding noise; a hair from an integer is that integer.
        const double nearest = std::round(x);
        if (std::abs(x - nearest) <= 1e-9 * std::max(1.0, std::abs(x))) x = nearest;
        if (!integral(x)) {
          problem(where, key, kind + " for '" + key + "' gives " + format_number(x) + ", but '" + key +
                                  "' is an integer key");
          return;
        }
      }
      if (!in_range(spec, x)) {
        problem(where, key, kind + " for '" + key + "' gives " + format_number(x) + ", which is out of range: " +
                                allowed_range(spec));
        return;
      }
    }
  }

  const Schema& schema_;
  std::string file_;
  SweepDesign design_;          // of this file's [sweep]
  std::vector<Range> ranges_;   // lhs, sobol: each key's range
  std::set<std::string> tables_;
  std::vector<std::string> key_names_, array_names_, table_names_;
  Diagnostics diagnostics_;
  Layer layer_;
};

// ---- merging, overrides, completeness ----------------------------------------

struct Merged {
  std::map<std::string, Value> values;
  std::map<std::string, RowsGiven> arrays;
  std::vector<SweepAxis> sweep;
  SweepDesign design;
  std::string description;
  std::optional<std::map<std::string, double>> baseline;
  Source baseline_where;
};

const SweepAxis* find_axis(const std::vector<SweepAxis>& sweep, const std::string& key) {
  for (const SweepAxis& axis : sweep)
    if (axis.key == key) return &axis;
  return nullptr;
}

void merge(Merged& merged, Layer layer) {
  for (auto& [key, value] : layer.values) {
    merged.values[key] = value;
    // A plain value in a child overrides the base's axis of that key.
    if (!find_axis(layer.sweep, key))
      merged.sweep.erase(std::remove_if(merged.sweep.begin(), merged.sweep.end(),
                                        [&](const SweepAxis& axis) { return axis.key == key; }),
                         merged.sweep.end());
  }
  for (auto& [name, rows] : layer.arrays) merged.arrays[name] = std::move(rows);
  // A child's design other than a grid, or any [sweep] over a base's such
  // design, replaces the whole sweep: points of a list are not axes to mix.
  if ((layer.design && !layer.design->is_grid()) || (!merged.design.is_grid() && (layer.design || !layer.sweep.empty()))) {
    merged.sweep.clear();
    merged.design = layer.design.value_or(SweepDesign{});
  }
  for (SweepAxis& axis : layer.sweep) {
    auto same = std::find_if(merged.sweep.begin(), merged.sweep.end(),
                             [&](const SweepAxis& a) { return a.key == axis.key; });
    if (same != merged.sweep.end())
      *same = std::move(axis);
    else
      merged.sweep.push_back(std::move(axis));
  }
  if (layer.description) merged.description = *layer.description;
  if (layer.baseline) {
    merged.baseline = std::move(layer.baseline);
    merged.baseline_where = layer.baseline_where;
  }
}

// The baseline names one value of every swept key; its point's index in the
// cartesian grid (first axis slowest).
std::size_t baseline_index(const Merged& merged) {
  Diagnostics problems;
  const Source& where = merged.baseline_where;
  std::size_t index = 0;
  if (merged.sweep.empty())
    problems.push_back({where, "baseline", "[baseline] needs a [sweep]: the baseline is one point of the sweep"});
  const std::string made_by = merged.design.made_by();
  if (made_by == "lhs" || made_by == "sobol")
    problems.push_back({where, "baseline", "[baseline] needs a point of the sweep, which a design \"" + made_by +
                                               "\" does not promise; compare two runs, or give the baseline as a row of a file design"});
  for (const auto& [key, value] : *merged.baseline)
    if (!find_axis(merged.sweep, key))
      problems.push_back({where, key, "[baseline] names '" + key + "', which is not swept"});
  for (const SweepAxis& axis : merged.sweep) {
    const auto given = merged.baseline->find(axis.key);
    if (given == merged.baseline->end()) {
      problems.push_back({where, axis.key, "[baseline] must give a value for every swept key; '" + axis.key +
                                               "' is missing"});
      continue;
    }
    if (!merged.design.is_grid()) continue;   // a list: the row is found below
    const auto at = std::find(axis.values.begin(), axis.values.end(), given->second);
    if (at == axis.values.end()) {
      std::string values;
      for (double v : axis.values) values += (values.empty() ? "" : ", ") + format_number(v);
      problems.push_back({where, axis.key, "[baseline] value " + format_number(given->second) + " of '" + axis.key +
                                               "' is not one of its sweep values (" + values + ")"});
      continue;
    }
    index = index * axis.values.size() + static_cast<std::size_t>(at - axis.values.begin());
  }
  throw_if_any(problems);
  if (!merged.design.is_grid()) {
    const std::size_t n = merged.sweep.front().values.size();
    for (std::size_t i = 0; i < n; ++i) {
      bool all = true;
      for (const SweepAxis& axis : merged.sweep) all = all && axis.values[i] == merged.baseline->at(axis.key);
      if (all) return i;
    }
    throw ConfigError(where, "baseline", "[baseline] is not one of the design's points: it must equal one row exactly");
  }
  return index;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The TOML value of `--set key=value`; strings and durations may be written
// bare (`--set simulation.horizon=30d`). Null when quoted text is not a
// valid TOML string.
std::unique_ptr<toml::node> override_node(const KeySpec& spec, const std::string& raw) {
  const bool bare_text_allowed = spec.kind == Kind::string || spec.kind == Kind::duration;
  const bool quoted_text = !raw.empty() && (raw.front() == '"' || raw.front() == '\'');
  if (!bare_text_allowed || quoted_text) {
    try {
      toml::table parsed = toml::parse("value = " + raw, std::string_view("--set"));
      if (parsed.size() == 1 && parsed.contains("value")) {
        std::unique_ptr<toml::node> node;
        parsed.get("value")->visit([&](auto&& v) { node = std::make_unique<std::decay_t<decltype(v)>>(v); });
        return node;
      }
    } catch (const toml::parse_error&) {
      if (quoted_text) return nullptr;
      // Not a TOML value: read as bare text, which the type check then refuses.
    }
  }
  return std::make_unique<toml::value<std::string>>(raw);
}

void apply_overrides(Merged& merged, const std::vector<std::string>& overrides, const Schema& schema) {
  Diagnostics diagnostics;
  std::vector<std::string> key_names;
  for (const KeySpec& spec : schema.keys) key_names.push_back(spec.key);
  for (const std::string& text : overrides) {
    const Source where{"--set", 0, 0};
    const auto equals = text.find('=');
    const std::string key = equals == std::string::npos ? trim(text) : trim(text.substr(0, equals));
    if (equals == std::string::npos || key.empty()) {
      diagnostics.push_back({where, key, "malformed override '" + text +
                                             "': expected key=value, e.g. --set fees.buyback_share=0.5"});
      continue;
    }
    const std::string raw = trim(text.substr(equals + 1));
    const KeySpec* spec = find_key(schema, key);
    if (!spec) {
      const std::string message =
          find_array(schema, key) ? "'" + key + "' is a table array; --set cannot change its rows: edit the file"
                                  : "unknown key '" + key + "'" + did_you_mean(key, key_names);
      diagnostics.push_back({where, key, message});
      continue;
    }
    if (const SweepAxis* axis = find_axis(merged.sweep, key)) {
      diagnostics.push_back({where, key, "'" + key + "' is swept ([sweep] at " + axis->where.file + ":" +
                                             std::to_string(axis->where.line) +
                                             "); change the [sweep] entry instead of using --set"});
      continue;
    }
    const auto node = override_node(*spec, raw);
    if (!node) {
      diagnostics.push_back({where, key, "cannot read " + raw + " as a TOML string in '--set " + text +
                                             "': check the closing quote"});
      continue;
    }
    if (auto value = check_value(*spec, key, "'" + key + "'", *node, where, diagnostics))
      merged.values[key] = *value;
  }
  throw_if_any(std::move(diagnostics));
}

void check_complete(const Merged& merged, const Schema& schema, const std::string& file) {
  Diagnostics missing;
  const Source where{file, 0, 0};
  for (const KeySpec& spec : schema.keys) {
    if (merged.values.count(spec.key) || find_axis(merged.sweep, spec.key)) continue;
    const auto tables = enclosing_tables(spec.key);
    missing.push_back({where, spec.key, "missing key '" + spec.key + "' (" + spec.doc +
                                            (spec.units.empty() ? "" : " [" + spec.units + "]") + ")" +
                                            (tables.empty() ? "" : "; set it under [" + tables.back() + "]")});
  }
  for (const TableArraySpec& array : schema.arrays)
    if (array.min_rows > 0 && !merged.arrays.count(array.name))
      missing.push_back({where, array.name, "missing [[" + array.name + "]] rows (" + array.doc + "): at least " +
                                                std::to_string(array.min_rows) + " required"});
  throw_if_any(std::move(missing));
}

std::string file_stem(const std::string& path) { return fs::path(path).stem().string(); }

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const SchemaRegistry& registry) {
  std::vector<ParsedFile> chain;
  std::vector<ChainLink> stack;
  read_chain(path, Source{path, 0, 0}, "", stack, chain);
  const Schema& schema = chain_protocol(chain, registry);

  Merged merged;
  std::optional<std::string> top_name;
  for (const ParsedFile& file : chain) {
    Layer layer = LayerReader(schema, file.path).read(file.doc);
    top_name = layer.name;
    merge(merged, std::move(layer));
  }
  apply_overrides(merged, overrides, schema);
  check_complete(merged, schema, path);
  // Points are counted before any is built: a grid past the limit is
  // refused at the axis that crosses it.
  std::uint64_t points = 1;
  for (const SweepAxis& axis : merged.design.is_grid() ? merged.sweep : std::vector<SweepAxis>{}) {
    points *= axis.values.size();   // each factor <= kMaxSweepPoints: no overflow before the check
    if (points > kMaxSweepPoints)
      throw ConfigError(axis.where, axis.key,
                        "the sweep reaches " + std::to_string(points) + " points at '" + axis.key +
                            "', more than the " + std::to_string(kMaxSweepPoints) +
                            " a scenario may have; use fewer values, or split the sweep into several scenarios");
  }

  Scenario scenario;
  scenario.file = path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) scenario.input_files.push_back(it->path);
  scenario.protocol = schema.protocol;
  scenario.name = top_name ? *top_name : file_stem(path);
  scenario.description = merged.description;
  scenario.values = std::move(merged.values);
  for (const SweepAxis& axis : merged.sweep) {
    Value first;
    first.kind = find_key(schema, axis.key)->kind;
    first.number = axis.values.front();
    first.where = axis.where;
    scenario.values[axis.key] = first;
  }
  for (const TableArraySpec& array : schema.arrays) {
    auto given = merged.arrays.find(array.name);
    scenario.arrays[array.name] = given == merged.arrays.end() ? std::vector<Row>{} : given->second.rows;
  }
  if (merged.baseline) {
    scenario.baseline_point = baseline_index(merged);
    scenario.baseline = *merged.baseline;
    scenario.baseline_where = merged.baseline_where;
  }
  scenario.sweep = std::move(merged.sweep);
  scenario.design = merged.design;
  if (scenario.sweep.empty()) scenario.design = SweepDesign{};
  return scenario;
}

}  // namespace ts::config
