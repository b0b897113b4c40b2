// Bad scenario files against the real IO.net schema: each file in
// tests/bad_configs/ has exactly one defect, and loading it must fail with the
// right key, at the right line, with a message that says what is wrong.
// Most files extend configs/ionet.toml, so they also guard the preset.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/resolved_toml.hpp"
#include "host/config/sweep.hpp"
#include "host/protocols/ionet_schema.hpp"

namespace fs = std::filesystem;
using namespace ts::config;

namespace {

const std::string kBadDir = std::string(TS_SOURCE_DIR) + "/tests/bad_configs/";

const SchemaRegistry& ionet_registry() {
  static const SchemaRegistry registry = [] {
    SchemaRegistry r;
    r.add(ts::ionet_schema());
    return r;
  }();
  return registry;
}

struct BadFile {
  const char* file;       // in tests/bad_configs/
  const char* key;        // ConfigError::key
  int line;               // ConfigError::where.line (0: the file as a whole)
  const char* message;    // a distinctive part of the message
  const char* where = ""; // the file the error points into, when not `file` itself
};

const BadFile kBadFiles[] = {
    // unknown names, with "did you mean"
    {"unknown_key_typo.toml", "fees.buyback_shar", 7, "unknown key 'fees.buyback_shar' (did you mean 'fees.buyback_share'?)"},
    {"unknown_table.toml", "feez", 4, "unknown table [feez] (did you mean [fees]?)"},
    {"key_in_wrong_table.toml", "demand.buyback_share", 6, "unknown key 'demand.buyback_share' (did you mean 'fees.buyback_share'?)"},
    {"unknown_top_level_key.toml", "seeed", 3, "unknown key 'seeed' (did you mean 'simulation.seed'?)"},
    {"unknown_table_array.toml", "shocks", 4, "unknown table array [[shocks]] (did you mean [[shock]]?)"},
    {"table_given_value.toml", "fees", 3, "'fees' is a table: write [fees]"},
    // types
    {"number_given_string.toml", "fees.buyback_share", 7, "must be a number, got the string \"half\""},
    {"number_given_boolean.toml", "market.amm_fee", 5, "must be a number, got the boolean true"},
    {"integer_given_float.toml", "simulation.paths", 5, "must be an integer, got the float 100 (write it without a decimal point)"},
    {"integer_given_fraction.toml", "network.initial_providers", 7, "must be an integer, got the float 255.5"},
    {"integer_given_string.toml", "vesting.investor_cliff_months", 5, "must be an integer, got the string \"12\""},
    {"not_finite.toml", "market.flow_sigma", 5, "must be a finite number, got the float nan"},
    {"name_not_string.toml", "name", 3, "'name' must be a string, got the integer 2024"},
    // ranges and choices
    {"share_out_of_range.toml", "fees.buyback_share", 5, "'fees.buyback_share' = 1.5 is out of range: must be in [0, 1]"},
    {"positive_given_zero.toml", "market.p0", 5, "'market.p0' = 0 is out of range: must be > 0"},
    {"integer_out_of_range.toml", "simulation.dt_hours", 6, "'simulation.dt_hours' = 48 is out of range: must be in [1, 24]"},
    {"negative_number.toml", "demand.elasticity", 5, "'demand.elasticity' = -0.5 is out of range: must be in [0, 10]"},
    {"negative_seed.toml", "simulation.seed", 7, "'simulation.seed' = -1 is out of range"},
    {"bad_choice.toml", "network.attacker_strategy", 6, "\"sybill\" is not allowed (did you mean \"sybil\"?); allowed: \"fake_uptime\", \"sybil\""},
    // durations
    {"negative_duration.toml", "staking.unbonding", 5, "a duration cannot be negative"},
    {"bad_duration_unit.toml", "simulation.horizon", 5, "unknown duration unit 'yr'"},
    {"duration_without_unit.toml", "simulation.snapshot_every", 6, "'168' has no unit"},
    {"duration_given_number.toml", "availability.cooldown", 5, "got the integer 12 (a bare number has no unit"},
    {"duration_out_of_range.toml", "providers.exit_window", 5, "= \"12h\" (12 h) is out of range: must be in [24, 8766] h"},
    // sweep
    {"sweep_unknown_key.toml", "fees.buyback_shar", 5, "unknown key 'fees.buyback_shar' in [sweep] (did you mean 'fees.buyback_share'?)"},
    {"sweep_empty_list.toml", "fees.payment_fee_usdc", 6, "empty sweep list for 'fees.payment_fee_usdc'"},
    {"sweep_string_values.toml", "fees.buyback_share", 5, "[sweep] value of 'fees.buyback_share' must be a number, got the string \"0.0\""},
    {"sweep_linspace_n_zero.toml", "demand.growth", 5, "linspace for 'demand.growth' needs n >= 1, got 0"},
    {"sweep_logspace_nonpositive.toml", "market.amm_fee", 5, "logspace for 'market.amm_fee' needs start > 0 and stop > 0"},
    {"sweep_duplicate_values.toml", "fees.buyback_share", 6, "value 0.5 appears twice in the sweep of 'fees.buyback_share'"},
    {"sweep_out_of_range.toml", "fees.payment_fee_usdc", 6, "[sweep] value of 'fees.payment_fee_usdc' = 1.2 is out of range: must be in [0, 1]"},
    {"sweep_linspace_out_of_range.toml", "emission.year1_rate", 5, "linspace for 'emission.year1_rate' gives 1.21, which is out of range"},
    {"sweep_duration_key.toml", "simulation.horizon", 5, "'simulation.horizon' cannot be swept: it is a duration"},
    {"sweep_integer_fraction.toml", "simulation.paths", 5, "[sweep] value of 'simulation.paths' must be an integer, got the float 20.5"},
    {"sweep_not_table.toml", "sweep", 3, "'sweep' must be a table"},
    {"baseline_not_swept.toml", "fees.payment_fee_usdc", 7, "[baseline] names 'fees.payment_fee_usdc', which is not swept"},
    {"baseline_value_not_in_sweep.toml", "fees.buyback_share", 7, "[baseline] value 1 of 'fees.buyback_share' is not one of its sweep values (0, 0.5)"},
    {"baseline_missing_axis.toml", "fees.payment_fee_usdc", 8, "[baseline] must give a value for every swept key; 'fees.payment_fee_usdc' is missing"},
    {"baseline_without_sweep.toml", "baseline", 4, "[baseline] needs a [sweep]"},
    // designs beyond grids (issue 13)
    {"design_unknown.toml", "design", 5, "unknown [sweep] design \"latin\""},
    {"design_sobol_not_power_of_two.toml", "samples", 6, "samples = 12 for a Sobol' design must be a power of 2"},
    {"design_range_out_of_schema.toml", "fees.buyback_share", 7, "the range of 'fees.buyback_share' reaches 1.5, which is out of range"},
    {"design_list_in_lhs.toml", "fees.buyback_share", 7, "needs a range for 'fees.buyback_share'"},
    {"design_baseline_with_lhs.toml", "baseline", 9, "[baseline] needs a point of the sweep"},
    {"design_file_unknown_key.toml", "fees.buyback_shar", 1,
     "unknown key 'fees.buyback_shar' in the header of the design file (did you mean 'fees.buyback_share'?)",
     "design_file_unknown_key.csv"},
    // table arrays
    {"hardware_missing_field.toml", "hardware[1].capex_usd", 12, "hardware[1] is missing 'capex_usd'"},
    {"hardware_unknown_field.toml", "hardware[0].capex_usdd", 6, "unknown field 'capex_usdd' in hardware[0] (did you mean 'capex_usd'?)"},
    {"hardware_wrong_type.toml", "hardware[0].capacity_units", 7, "'hardware[0].capacity_units' must be an integer, got the float 1.5"},
    {"hardware_no_rows.toml", "hardware", 3, "[[hardware]] needs at least 1 row, got 0"},
    {"hardware_as_table.toml", "hardware", 4, "'hardware' must be rows written [[hardware]], got a table"},
    {"too_many_shocks.toml", "shock", 36, "too many [[shock]] rows: 9 given, at most 8 allowed"},
    {"shock_bad_duration.toml", "shock[1].at", 9, "unknown duration unit 'days'"},
    {"shock_missing_at.toml", "shock[0].at", 4, "shock[0] is missing 'at'"},
    // protocol, extends, completeness, syntax
    {"protocol_missing.toml", "protocol", 0, "missing 'protocol = \"...\"' at the top of the file; known protocols: ionet"},
    {"protocol_unknown.toml", "protocol", 2, "unknown protocol 'ionett' (did you mean 'ionet'?); known protocols: ionet"},
    {"protocol_mismatch.toml", "protocol", 3, "protocol 'akash' differs from 'ionet'"},
    {"missing_keys.toml", "simulation.horizon", 0, "missing key 'simulation.horizon'"},
    {"extends_missing_file.toml", "extends", 3, "configs/ionet_nonexistent.toml': no such file"},
    {"extends_not_string.toml", "extends", 2, "'extends' must be the file name of a base scenario"},
    {"extends_cycle.toml", "extends", 4, "extends cycle: ", "extends_cycle_back.toml"},
    {"extends_cycle_back.toml", "extends", 2, "extends cycle: ", "extends_cycle.toml"},
    {"toml_syntax_error.toml", "", 5, "TOML syntax error"},
    {"duplicate_key.toml", "", 7, "cannot redefine existing floating-point 'buyback_share'"},
};

// Test output names the file, not the struct's bytes.
void PrintTo(const BadFile& bad, std::ostream* out) { *out << bad.file; }

std::string case_name(const ::testing::TestParamInfo<BadFile>& info) {
  return fs::path(info.param.file).stem().string();
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

class BadConfigFile : public ::testing::TestWithParam<BadFile> {};

}  // namespace

TEST_P(BadConfigFile, IsRejectedWithKeyLineAndMessage) {
  const BadFile& bad = GetParam();
  const std::string path = kBadDir + bad.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  try {
    load_scenario(path, {}, ionet_registry());
    FAIL() << bad.file << " loaded without error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key, bad.key) << e.what();
    EXPECT_EQ(e.where.line, bad.line) << e.what();
    EXPECT_NE(e.message.find(bad.message), std::string::npos) << "expected \"" << bad.message << "\" in\n" << e.what();
    const std::string expected_file = *bad.where ? bad.where : bad.file;
    EXPECT_TRUE(ends_with(e.where.file, "/" + expected_file)) << e.where.file;
    // The compiler-style prefix: FILE:LINE:COL: error:
    const std::string prefix = bad.line > 0 ? e.where.file + ":" + std::to_string(bad.line) + ":" : e.where.file + ": error: ";
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(BadConfig, BadConfigFile, ::testing::ValuesIn(kBadFiles), case_name);

// A file added to tests/bad_configs/ without an expectation would check nothing.
TEST(BadConfigCoverage, EveryFileHasAnExpectation) {
  std::set<std::string> expected;
  for (const BadFile& bad : kBadFiles) expected.insert(bad.file);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kBadDir)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    EXPECT_TRUE(expected.count(entry.path().filename().string())) << entry.path() << " has no case in kBadFiles";
  }
  EXPECT_EQ(files, expected.size());
  EXPECT_GE(files, 30u);
}

// ---- the IO.net presets load, and their resolved TOML reads back the same ---------

namespace {

std::vector<std::string> ionet_presets() {
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(std::string(TS_SOURCE_DIR) + "/configs")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".toml" && name.rfind("ionet", 0) == 0) paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

bool same_value(const Value& a, const Value& b) {
  const bool same_number = a.number == b.number || (std::isnan(a.number) && std::isnan(b.number));
  return a.kind == b.kind && same_number && a.text == b.text;
}

}  // namespace

TEST(ConfigPresets, IonetPresetsLoadAndRoundTrip) {
  const auto presets = ionet_presets();
  ASSERT_FALSE(presets.empty());
  const fs::path scratch = fs::path(::testing::TempDir()) / "ts_config_presets";
  fs::create_directories(scratch);
  for (const std::string& path : presets) {
    SCOPED_TRACE(path);
    Scenario scenario;
    try {
      scenario = load_scenario(path, {}, ionet_registry());
    } catch (const ConfigError& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_EQ(scenario.protocol, "ionet");
    EXPECT_EQ(scenario.values.size(), ts::ionet_schema().keys.size());
    EXPECT_GE(scenario.arrays.at("hardware").size(), 1u);

    const std::string text = resolved_toml(scenario, ts::ionet_schema());
    const fs::path copy = scratch / fs::path(path).filename();
    std::ofstream(copy) << text;
    const Scenario again = load_scenario(copy.string(), {}, ionet_registry());
    EXPECT_EQ(again.name, scenario.name);
    EXPECT_EQ(again.description, scenario.description);
    for (const auto& [key, value] : scenario.values)
      EXPECT_TRUE(same_value(value, again.values.at(key))) << key;
    for (const auto& [name, rows] : scenario.arrays) {
      ASSERT_EQ(rows.size(), again.arrays.at(name).size()) << name;
      for (std::size_t i = 0; i < rows.size(); ++i)
        for (const auto& [field, value] : rows[i]) EXPECT_TRUE(same_value(value, again.arrays.at(name)[i].at(field))) << name << i << field;
    }
    ASSERT_EQ(scenario.sweep.size(), again.sweep.size());
    for (std::size_t a = 0; a < scenario.sweep.size(); ++a) {
      EXPECT_EQ(scenario.sweep[a].key, again.sweep[a].key);
      EXPECT_EQ(scenario.sweep[a].values, again.sweep[a].values);
    }
    EXPECT_EQ(resolved_toml(again, ts::ionet_schema()), text);
  }
}

TEST(ConfigPresets, IonetFeeSweepExpands) {
  const std::string path = std::string(TS_SOURCE_DIR) + "/configs/ionet-fee-sweep.toml";
  if (!fs::exists(path)) GTEST_SKIP() << "no " << path;
  const Scenario s = load_scenario(path, {}, ionet_registry());
  ASSERT_EQ(s.sweep.size(), 3u);
  EXPECT_EQ(s.sweep[0].key, "fees.buyback_share");
  EXPECT_EQ(s.point_count(), 18u);
  const auto points = expand_sweep(s);
  EXPECT_DOUBLE_EQ(points[17].values.at("fees.reservation_fee_renter"), 0.01);
  EXPECT_DOUBLE_EQ(points[17].values.at("fees.buyback_share"), 1.0);
}

TEST(ConfigPresets, IonetOverrides) {
  const std::string path = std::string(TS_SOURCE_DIR) + "/configs/ionet.toml";
  const Scenario s = load_scenario(path, {"fees.buyback_share=0.25", "simulation.horizon=90d"}, ionet_registry());
  EXPECT_DOUBLE_EQ(s.number("fees.buyback_share"), 0.25);
  EXPECT_DOUBLE_EQ(s.number("simulation.horizon"), 2160.0);
  try {
    load_scenario(path, {"fees.buyback_shar=0.25"}, ionet_registry());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "--set: error: unknown key 'fees.buyback_shar' (did you mean 'fees.buyback_share'?)");
  }
}
