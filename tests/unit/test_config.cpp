// Scenario loading against a small test schema: durations, did-you-mean,
// extends, table arrays, the sweep, --set and the resolved TOML round trip.
// Bad files against the real IO.net schema are in test_bad_configs.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "host/config/duration.hpp"
#include "host/config/errors.hpp"
#include "host/config/loader.hpp"
#include "host/config/resolved_toml.hpp"
#include "host/config/suggest.hpp"
#include "host/config/sweep.hpp"

namespace fs = std::filesystem;
using namespace ts::config;

namespace {

// A few keys of each kind, a nested table, a top-level key and one table array.
Schema toy_schema() {
  auto key = [](const char* name, Kind kind, double lo, double hi, const char* units, const char* doc) {
    KeySpec k;
    k.key = name;
    k.kind = kind;
    k.min = lo;
    k.max = hi;
    k.units = units;
    k.doc = doc;
    return k;
  };
  const double inf = std::numeric_limits<double>::infinity();
  Schema s;
  s.protocol = "toy";
  s.description = "a toy economy for tests";
  KeySpec label = key("label", Kind::string, -inf, inf, "", "free text");
  KeySpec horizon = key("run.horizon", Kind::duration, 24, 21 * 8766.0, "h", "simulated time");
  KeySpec paths = key("run.paths", Kind::integer, 1, 1e6, "1", "Monte Carlo paths");
  KeySpec verbose = key("run.verbose", Kind::boolean, -inf, inf, "", "print more");
  KeySpec rate = key("fees.rate", Kind::number, 0, 1, "1", "fee rate");
  KeySpec mode = key("fees.mode", Kind::string, -inf, inf, "", "where fees go");
  mode.choices = {"burn", "treasury"};
  KeySpec p0 = key("market.p0", Kind::number, 0, inf, "USD", "initial price");
  p0.min_exclusive = true;
  KeySpec depth = key("market.depth.usd", Kind::number, 0, inf, "USD", "AMM depth");
  s.keys = {label, horizon, paths, verbose, rate, mode, p0, depth};

  TableArraySpec pool;
  pool.name = "pool";
  pool.doc = "provider pools";
  pool.min_rows = 1;
  pool.max_rows = 3;
  KeySpec name = key("name", Kind::string, -inf, inf, "", "pool name");
  KeySpec size = key("size", Kind::integer, 1, 1e6, "1", "providers");
  KeySpec weight = key("weight", Kind::number, 0, inf, "1", "relative weight");
  weight.min_exclusive = true;
  KeySpec start = key("start", Kind::duration, 0, inf, "h", "joins at");
  pool.fields = {name, size, weight, start};
  pool.optional = {"start"};
  s.arrays = {pool};
  return s;
}

const SchemaRegistry& registry() {
  static const SchemaRegistry r = [] {
    SchemaRegistry reg;
    reg.add(toy_schema());
    return reg;
  }();
  return r;
}

const char* const kGood = R"(# a complete toy scenario
protocol = "toy"
name = "toy-good"
description = "all keys set"
label = "hello"

[run]
horizon = "2y"
paths = 100
verbose = false

[fees]
rate = 0.25
mode = "burn"

[market]
p0 = 2          # an integer is fine for a number key

[market.depth]
usd = 1e6

[[pool]]
name = "small"
size = 10
weight = 0.5

[[pool]]
name = "big"
size = 3
weight = 1.5
start = "90d"
)";

// A fresh folder per test, so files of different tests never meet.
class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / "ts_config" / (std::string(info->test_suite_name()) + "." + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  Scenario load(const std::string& path, const std::vector<std::string>& overrides = {}) {
    return load_scenario(path, overrides, registry());
  }
  // The ConfigError of loading `text`, failing the test when it loads.
  ConfigError error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
    const std::string path = write("bad.toml", text);
    try {
      load(path, overrides);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "loaded without error:\n" << text;
    return ConfigError(Source{}, "", "none");
  }
  fs::path dir_;
};

// kGood with one line replaced (the first line that starts with `prefix`).
std::string good_with(const std::string& prefix, const std::string& replacement) {
  std::string text = kGood;
  const auto at = text.find("\n" + prefix);
  EXPECT_NE(at, std::string::npos) << prefix;
  const auto end = text.find('\n', at + 1);
  return text.substr(0, at + 1) + replacement + text.substr(end);
}

bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void expect_same_value(const Value& a, const Value& b, const std::string& what) {
  EXPECT_EQ(a.kind, b.kind) << what;
  EXPECT_TRUE(same_number(a.number, b.number)) << what << ": " << a.number << " vs " << b.number;
  EXPECT_EQ(a.text, b.text) << what;
}

// Equal in everything but where values were written.
void expect_same_scenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.protocol, b.protocol);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  ASSERT_EQ(a.values.size(), b.values.size());
  for (const auto& [key, value] : a.values) {
    ASSERT_TRUE(b.values.count(key)) << key;
    expect_same_value(value, b.values.at(key), key);
  }
  ASSERT_EQ(a.arrays.size(), b.arrays.size());
  for (const auto& [name, rows] : a.arrays) {
    ASSERT_TRUE(b.arrays.count(name)) << name;
    ASSERT_EQ(rows.size(), b.arrays.at(name).size()) << name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i].size(), b.arrays.at(name)[i].size()) << name << i;
      for (const auto& [field, value] : rows[i]) {
        ASSERT_TRUE(b.arrays.at(name)[i].count(field)) << field;
        expect_same_value(value, b.arrays.at(name)[i].at(field), name + "." + field);
      }
    }
  }
  ASSERT_EQ(a.sweep.size(), b.sweep.size());
  for (std::size_t i = 0; i < a.sweep.size(); ++i) {
    EXPECT_EQ(a.sweep[i].key, b.sweep[i].key);
    EXPECT_EQ(a.sweep[i].values, b.sweep[i].values);
  }
}

}  // namespace

// ---- durations -------------------------------------------------------------------

TEST(ConfigDuration, ParsesEveryUnit) {
  EXPECT_DOUBLE_EQ(parse_duration_hours("2y"), 17532.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("1y"), 8766.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("90d"), 2160.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("8760h"), 8760.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("1w"), 168.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("6m"), 4383.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("1d"), 24.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("1.5d"), 36.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("0h"), 0.0);
  EXPECT_DOUBLE_EQ(parse_duration_hours("12m"), parse_duration_hours("1y"));
}

TEST(ConfigDuration, RefusesMalformedText) {
  for (const char* bad : {"", "2", "-1d", "2x", "2yr", "90days", "y", "d2", "1.2.3d", " 2y", "2y ", "2 y", "1e3d",
                          "+2y", "2Y", ".d"}) {
    EXPECT_THROW(parse_duration_hours(bad), std::invalid_argument) << "'" << bad << "'";
  }
}

TEST(ConfigDuration, MessagesSayWhatIsWrong) {
  auto reason = [](const char* text) {
    try {
      parse_duration_hours(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(reason("-3d").find("negative"), std::string::npos);
  EXPECT_NE(reason("90").find("no unit"), std::string::npos);
  EXPECT_NE(reason("2x").find("unknown duration unit 'x'"), std::string::npos);
  EXPECT_NE(reason("2x").find("m (months of 730.5 h)"), std::string::npos);
}

// ---- did you mean ----------------------------------------------------------------

TEST(ConfigSuggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("buyback", "buyabck"), 1u);   // a swap is one edit
  EXPECT_EQ(edit_distance("share", "shar"), 1u);
}

TEST(ConfigSuggest, FindsTheIntendedKey) {
  const std::vector<std::string> keys{"fees.buyback_share", "fees.burn_share", "demand.growth", "market.p0"};
  EXPECT_EQ(closest_name("fees.buyback_shar", keys), "fees.buyback_share");
  EXPECT_EQ(closest_name("fee.buyback_share", keys), "fees.buyback_share");
  EXPECT_EQ(closest_name("fees.buyabck_share", keys), "fees.buyback_share");
  // Right name in the wrong table: the last component finds it.
  EXPECT_EQ(closest_name("demand.buyback_share", keys), "fees.buyback_share");
  EXPECT_EQ(closest_name("market.growth", keys), "demand.growth");
  EXPECT_FALSE(closest_name("completely.different", keys));
  EXPECT_EQ(did_you_mean("market.p1", keys), " (did you mean 'market.p0'?)");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

// ---- loading -------------------------------------------------------------------------

TEST_F(ConfigFiles, GoodFileLoads) {
  const Scenario s = load(write("good.toml", kGood));
  EXPECT_EQ(s.protocol, "toy");
  EXPECT_EQ(s.name, "toy-good");
  EXPECT_EQ(s.description, "all keys set");
  EXPECT_EQ(s.values.size(), 8u);
  EXPECT_EQ(s.text("label"), "hello");
  EXPECT_DOUBLE_EQ(s.number("run.horizon"), 17532.0);
  EXPECT_EQ(s.text("run.horizon"), "2y");
  EXPECT_EQ(s.values.at("run.horizon").kind, Kind::duration);
  EXPECT_DOUBLE_EQ(s.number("run.paths"), 100.0);
  EXPECT_DOUBLE_EQ(s.number("run.verbose"), 0.0);
  EXPECT_DOUBLE_EQ(s.number("fees.rate"), 0.25);
  EXPECT_EQ(s.text("fees.mode"), "burn");
  EXPECT_DOUBLE_EQ(s.number("market.p0"), 2.0);
  EXPECT_DOUBLE_EQ(s.number("market.depth.usd"), 1e6);
  EXPECT_EQ(s.point_count(), 1u);
  EXPECT_THROW(s.number("fees.nope"), std::out_of_range);
  EXPECT_THROW(s.text("fees.nope"), std::out_of_range);

  // Every value remembers where it was written.
  const Source& rate = s.values.at("fees.rate").where;
  EXPECT_NE(rate.file.find("good.toml"), std::string::npos);
  EXPECT_EQ(rate.line, 13);
  EXPECT_EQ(rate.column, 8);

  ASSERT_EQ(s.arrays.at("pool").size(), 2u);
  const Row& small = s.arrays.at("pool")[0];
  EXPECT_EQ(small.at("name").text, "small");
  EXPECT_DOUBLE_EQ(small.at("size").number, 10.0);
  EXPECT_TRUE(std::isnan(small.at("start").number));   // optional, left out
  EXPECT_DOUBLE_EQ(s.arrays.at("pool")[1].at("start").number, 2160.0);
  EXPECT_EQ(s.arrays.at("pool")[1].at("size").where.line, 29);
}

TEST_F(ConfigFiles, NameDefaultsToTheFileStem) {
  std::string text = kGood;
  text.erase(text.find("name = \"toy-good\"\n"), 18);
  EXPECT_EQ(load(write("my-run.toml", text)).name, "my-run");
}

TEST_F(ConfigFiles, ErrorIsFormattedLikeACompilerError) {
  const ConfigError e = error_of(good_with("rate", "rat = 0.25"));
  EXPECT_EQ(e.key, "fees.rat");
  EXPECT_EQ(e.where.line, 13);
  EXPECT_EQ(e.where.column, 1);
  const std::string expected = e.where.file + ":13:1: error: unknown key 'fees.rat' (did you mean 'fees.rate'?)";
  EXPECT_EQ(std::string(e.what()), expected);
}

TEST_F(ConfigFiles, UnknownKeysSuggestTheClosestSchemaKey) {
  EXPECT_EQ(error_of(good_with("mode", "mod = \"burn\"")).message,
            "unknown key 'fees.mod' (did you mean 'fees.mode'?)");
  EXPECT_EQ(error_of(good_with("label", "lable = \"x\"")).message,
            "unknown key 'lable' (did you mean 'label'?)");
  EXPECT_EQ(error_of(good_with("[fees]", "[fess]")).message, "unknown table [fess] (did you mean [fees]?)");
  EXPECT_EQ(error_of(good_with("[[pool]]", "[pol]")).message, "unknown table [pol] (did you mean [[pool]]?)");
  EXPECT_EQ(error_of(good_with("[[pool]]", "[[pools]]")).message,
            "unknown table array [[pools]] (did you mean [[pool]]?)");
  // A key in the wrong table is found by its last component.
  EXPECT_EQ(error_of(good_with("p0", "p0 = 2\nrate = 0.1")).message,
            "unknown key 'market.rate' (did you mean 'fees.rate'?)");
}

TEST_F(ConfigFiles, TypesAreChecked) {
  EXPECT_EQ(error_of(good_with("paths", "paths = 100.0")).message,
            "'run.paths' must be an integer, got the float 100 (write it without a decimal point)");
  EXPECT_EQ(error_of(good_with("paths", "paths = \"100\"")).message,
            "'run.paths' must be an integer, got the string \"100\"");
  EXPECT_EQ(error_of(good_with("rate", "rate = true")).message, "'fees.rate' must be a number, got the boolean true");
  EXPECT_EQ(error_of(good_with("verbose", "verbose = \"yes\"")).message,
            "'run.verbose' must be true or false, got the string \"yes\"");
  EXPECT_EQ(error_of(good_with("verbose", "verbose = 1")).message,
            "'run.verbose' must be true or false, got the integer 1");
  EXPECT_EQ(error_of(good_with("label", "label = 3")).message, "'label' must be a string, got the integer 3");
  EXPECT_EQ(error_of(good_with("rate", "rate = nan")).message, "'fees.rate' must be a finite number, got the float nan");
  EXPECT_EQ(error_of(good_with("p0", "p0 = inf")).message, "'market.p0' must be a finite number, got the float inf");
  EXPECT_NE(error_of(good_with("horizon", "horizon = 90")).message.find("a bare number has no unit"),
            std::string::npos);
}

TEST_F(ConfigFiles, RangesAndChoicesAreChecked) {
  EXPECT_EQ(error_of(good_with("rate", "rate = 1.5")).message, "'fees.rate' = 1.5 is out of range: must be in [0, 1]");
  EXPECT_EQ(error_of(good_with("p0", "p0 = 0")).message, "'market.p0' = 0 is out of range: must be > 0");
  EXPECT_EQ(error_of(good_with("paths", "paths = 0")).message,
            "'run.paths' = 0 is out of range: must be in [1, 1000000]");
  EXPECT_EQ(error_of(good_with("horizon", "horizon = \"12h\"")).message,
            "'run.horizon' = \"12h\" (12 h) is out of range: must be in [24, 184086] h");
  EXPECT_EQ(error_of(good_with("mode", "mode = \"bunr\"")).message,
            "'fees.mode' = \"bunr\" is not allowed (did you mean \"burn\"?); allowed: \"burn\", \"treasury\"");
  const ConfigError bad_unit = error_of(good_with("horizon", "horizon = \"2q\""));
  EXPECT_EQ(bad_unit.key, "run.horizon");
  EXPECT_NE(bad_unit.message.find("unknown duration unit 'q'"), std::string::npos);
}

TEST_F(ConfigFiles, TableArrayRowsAreChecked) {
  const ConfigError unknown = error_of(good_with("size = 3", "sise = 3"));
  EXPECT_EQ(unknown.key, "pool[1].sise");
  EXPECT_EQ(unknown.where.line, 29);
  EXPECT_NE(unknown.message.find("did you mean 'size'"), std::string::npos);

  // The missing-field error points at the row's header.
  const ConfigError missing = error_of(good_with("size = 10", "# no size"));
  EXPECT_EQ(missing.key, "pool[0].size");
  EXPECT_EQ(missing.where.line, 22);
  EXPECT_NE(missing.message.find("is missing 'size'"), std::string::npos);

  const ConfigError type = error_of(good_with("weight = 1.5", "weight = \"heavy\""));
  EXPECT_EQ(type.key, "pool[1].weight");

  const std::string row = "\n[[pool]]\nname = \"x\"\nsize = 1\nweight = 1.0\n";
  const ConfigError many = error_of(std::string(kGood) + row + row);
  EXPECT_EQ(many.key, "pool");
  EXPECT_EQ(many.where.line, 38);   // the fourth row
  EXPECT_NE(many.message.find("too many [[pool]] rows: 4 given, at most 3 allowed"), std::string::npos);

  std::string no_rows = kGood;
  no_rows.erase(no_rows.find("\n[[pool]]"));
  const ConfigError none = error_of(no_rows);
  EXPECT_EQ(none.key, "pool");
  EXPECT_EQ(none.where.line, 0);
  EXPECT_NE(none.message.find("missing [[pool]] rows"), std::string::npos);
}

TEST_F(ConfigFiles, MissingKeysAreAllNamed) {
  std::string text = kGood;
  text.erase(text.find("rate = 0.25\n"), 12);
  text.erase(text.find("paths = 100\n"), 12);
  const ConfigError e = error_of(text);
  ASSERT_EQ(e.diagnostics.size(), 2u);
  EXPECT_EQ(e.diagnostics[0].key, "run.paths");   // schema order
  EXPECT_EQ(e.diagnostics[1].key, "fees.rate");
  EXPECT_EQ(e.message, "missing key 'run.paths' (Monte Carlo paths [1]); set it under [run]");
  EXPECT_NE(std::string(e.what()).find("\n"), std::string::npos);   // one line per problem
}

TEST_F(ConfigFiles, SeveralProblemsAreReportedEarliestFirst) {
  // toml++ keeps keys sorted, not in file order; the report must follow the file.
  const ConfigError e = error_of(good_with("verbose", "verbose = 3\nzzz_top = 1"));
  ASSERT_GE(e.diagnostics.size(), 2u);
  EXPECT_EQ(e.key, "run.verbose");
  EXPECT_EQ(e.diagnostics[1].key, "run.zzz_top");
}

TEST_F(ConfigFiles, SyntaxErrorsGiveThePosition) {
  const ConfigError e = error_of(good_with("rate", "rate = = 0.25"));
  EXPECT_EQ(e.where.line, 13);
  EXPECT_GT(e.where.column, 0);
  EXPECT_NE(e.message.find("TOML syntax error"), std::string::npos);
}

TEST_F(ConfigFiles, ProtocolIsRequiredAndKnown) {
  std::string text = kGood;
  text.erase(0, text.find("name ="));
  const ConfigError missing = error_of(text);
  EXPECT_EQ(missing.key, "protocol");
  EXPECT_NE(missing.message.find("known protocols: toy"), std::string::npos);
  const ConfigError unknown = error_of(good_with("protocol", "protocol = \"tyo\""));
  EXPECT_EQ(unknown.message, "unknown protocol 'tyo' (did you mean 'toy'?); known protocols: toy");
  EXPECT_EQ(unknown.where.line, 2);
}

TEST_F(ConfigFiles, MissingFileIsAnError) {
  try {
    load((dir_ / "nope.toml").string());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(e.message.find("no such file"), std::string::npos);
  }
}

// ---- extends --------------------------------------------------------------------------

TEST_F(ConfigFiles, ExtendsOverridesTheBase) {
  write("presets/base.toml", kGood);
  const std::string child = write("child.toml", R"(extends = "presets/base.toml"
name = "child"

[fees]
rate = 0.5

[[pool]]
name = "only"
size = 7
weight = 1.0
)");
  const Scenario s = load(child);
  EXPECT_EQ(s.protocol, "toy");
  EXPECT_EQ(s.name, "child");
  EXPECT_EQ(s.description, "all keys set");   // inherited
  EXPECT_DOUBLE_EQ(s.number("fees.rate"), 0.5);
  EXPECT_EQ(s.values.at("fees.rate").where.line, 5);
  EXPECT_NE(s.values.at("fees.rate").where.file.find("child.toml"), std::string::npos);
  EXPECT_EQ(s.text("fees.mode"), "burn");   // from the base
  EXPECT_NE(s.values.at("fees.mode").where.file.find("base.toml"), std::string::npos);
  ASSERT_EQ(s.arrays.at("pool").size(), 1u);   // rows replaced, not appended
  EXPECT_EQ(s.arrays.at("pool")[0].at("name").text, "only");
}

TEST_F(ConfigFiles, ExtendsChainsAndResolvesRelativeToTheIncludingFile) {
  write("a/base.toml", kGood);
  write("a/b/middle.toml", "extends = \"../base.toml\"\nprotocol = \"toy\"\n[run]\npaths = 5\n");
  const Scenario s = load(write("top.toml", "extends = \"a/b/middle.toml\"\n[fees]\nmode = \"treasury\"\n"));
  EXPECT_DOUBLE_EQ(s.number("run.paths"), 5.0);
  EXPECT_EQ(s.text("fees.mode"), "treasury");
  EXPECT_DOUBLE_EQ(s.number("fees.rate"), 0.25);
  EXPECT_EQ(s.name, "top");
}

TEST_F(ConfigFiles, ExtendsErrors) {
  write("one.toml", "extends = \"two.toml\"\nprotocol = \"toy\"\n");
  write("two.toml", "# loops back\nextends = \"one.toml\"\n");
  try {
    load((dir_ / "one.toml").string());
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key, "extends");
    EXPECT_EQ(e.where.line, 2);
    EXPECT_NE(e.where.file.find("two.toml"), std::string::npos);
    EXPECT_NE(e.message.find("extends cycle: "), std::string::npos);
  }
  const ConfigError missing = error_of("protocol = \"toy\"\nextends = \"absent.toml\"\n");
  EXPECT_EQ(missing.key, "extends");
  EXPECT_EQ(missing.where.line, 2);
  EXPECT_NE(missing.message.find("absent.toml': no such file"), std::string::npos);

  write("base.toml", kGood);
  write("other.toml", "extends = \"base.toml\"\nprotocol = \"other\"\n");
  SchemaRegistry two;
  two.add(toy_schema());
  Schema other = toy_schema();
  other.protocol = "other";
  two.add(other);
  try {
    load_scenario((dir_ / "other.toml").string(), {}, two);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key, "protocol");
    EXPECT_NE(e.message.find("differs from 'toy'"), std::string::npos);
  }
}

TEST_F(ConfigFiles, ErrorsInABasePointIntoTheBase) {
  write("base.toml", good_with("rate", "rate = 2.0"));
  const ConfigError e = error_of("extends = \"base.toml\"\n");
  EXPECT_NE(e.where.file.find("base.toml"), std::string::npos);
  EXPECT_EQ(e.where.line, 13);
}

// ---- sweep ---------------------------------------------------------------------------

TEST_F(ConfigFiles, SweepListsExpandFirstAxisSlowest) {
  write("base.toml", kGood);
  // Written run.paths first: toml++ sorts keys, the axis order must not.
  const Scenario s = load(write("sweep.toml", R"(extends = "base.toml"
[sweep]
"run.paths" = [10, 20, 30]
"fees.rate" = [0.1, 0.2]
)"));
  ASSERT_EQ(s.sweep.size(), 2u);
  EXPECT_EQ(s.sweep[0].key, "run.paths");
  EXPECT_EQ(s.sweep[0].where.line, 3);
  EXPECT_EQ(s.point_count(), 6u);
  EXPECT_TRUE(s.is_swept("fees.rate"));
  EXPECT_DOUBLE_EQ(s.number("run.paths"), 10.0);   // the first sweep value
  EXPECT_DOUBLE_EQ(s.number("fees.rate"), 0.1);
  const std::vector<Point> points = expand_sweep(s);
  ASSERT_EQ(points.size(), 6u);
  const double expected[6][2] = {{10, 0.1}, {10, 0.2}, {20, 0.1}, {20, 0.2}, {30, 0.1}, {30, 0.2}};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(points[i].index, i);
    EXPECT_EQ(points[i].values.size(), 2u);
    EXPECT_DOUBLE_EQ(points[i].values.at("run.paths"), expected[i][0]) << i;
    EXPECT_DOUBLE_EQ(points[i].values.at("fees.rate"), expected[i][1]) << i;
  }
}

TEST_F(ConfigFiles, SweepLinspaceAndLogspace) {
  write("base.toml", kGood);
  const Scenario s = load(write("sweep.toml", R"(extends = "base.toml"
[sweep]
"fees.rate" = { linspace = [0.0, 1.0, 5] }
"market.p0" = { logspace = [1, 100, 3] }
"run.paths" = { linspace = [1, 5, 5] }
)"));
  ASSERT_EQ(s.sweep.size(), 3u);
  EXPECT_EQ(s.sweep[0].values, (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  ASSERT_EQ(s.sweep[1].values.size(), 3u);
  EXPECT_EQ(s.sweep[1].values.front(), 1.0);
  EXPECT_NEAR(s.sweep[1].values[1], 10.0, 1e-12);
  EXPECT_EQ(s.sweep[1].values.back(), 100.0);
  EXPECT_EQ(s.sweep[2].values, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.point_count(), 75u);
  EXPECT_EQ(expand_sweep(s).back().values.at("run.paths"), 5.0);
}

TEST(ConfigSweepGrid, Generators) {
  EXPECT_EQ(linspace(2.0, 3.0, 1), (std::vector<double>{2.0}));
  EXPECT_EQ(linspace(0.1, 0.3, 3).back(), 0.3);
  EXPECT_EQ(logspace(0.001, 0.1, 3).back(), 0.1);
  EXPECT_NEAR(logspace(0.001, 0.1, 3)[1], 0.01, 1e-15);
  EXPECT_THROW(linspace(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(logspace(0, 1, 3), std::invalid_argument);
  Scenario none;
  const auto points = expand_sweep(none);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].index, 0u);
  EXPECT_TRUE(points[0].values.empty());
}

TEST_F(ConfigFiles, SweepErrors) {
  write("base.toml", kGood);
  auto sweep_error = [&](const std::string& entry) {
    return error_of("extends = \"base.toml\"\n[sweep]\n" + entry + "\n");
  };
  EXPECT_EQ(sweep_error("\"fees.rat\" = [0.1]").message, "unknown key 'fees.rat' in [sweep] (did you mean 'fees.rate'?)");
  EXPECT_EQ(sweep_error("\"fees.rate\" = []").message, "empty sweep list for 'fees.rate': give at least one value");
  EXPECT_EQ(sweep_error("\"fees.rate\" = [0.1, 0.2, 0.1]").message,
            "value 0.1 appears twice in the sweep of 'fees.rate'; every point must differ");
  EXPECT_EQ(sweep_error("\"fees.rate\" = [\"a\"]").message,
            "[sweep] value of 'fees.rate' must be a number, got the string \"a\"");
  EXPECT_EQ(sweep_error("\"fees.rate\" = [0.5, 2.0]").message,
            "[sweep] value of 'fees.rate' = 2 is out of range: must be in [0, 1]");
  EXPECT_EQ(sweep_error("\"run.paths\" = [1, 2.5]").message,
            "[sweep] value of 'run.paths' must be an integer, got the float 2.5");
  EXPECT_EQ(sweep_error("\"fees.rate\" = { linspace = [0, 1, 0] }").message, "linspace for 'fees.rate' needs n >= 1, got 0");
  EXPECT_EQ(sweep_error("\"market.p0\" = { logspace = [0, 1, 3] }").message,
            "logspace for 'market.p0' needs start > 0 and stop > 0, got [0, 1, 3]");
  EXPECT_EQ(sweep_error("\"fees.rate\" = { linspace = [0, 2, 3] }").message,
            "linspace for 'fees.rate' gives 2, which is out of range: must be in [0, 1]");
  EXPECT_EQ(sweep_error("\"run.paths\" = { linspace = [1, 2, 3] }").message,
            "linspace for 'run.paths' gives 1.5, but 'run.paths' is an integer key");
  EXPECT_EQ(sweep_error("\"fees.rate\" = { linspace = [0, 0, 2] }").message,
            "value 0 appears twice in the sweep of 'fees.rate'; every point must differ");
  EXPECT_EQ(sweep_error("\"fees.rate\" = { linspace = [0, 1] }").message,
            "linspace for 'fees.rate' must be [start, stop, n] with numbers start and stop and an integer n");
  EXPECT_NE(sweep_error("\"fees.rate\" = { steps = [0, 1, 2] }").message.find("must be a list of values"),
            std::string::npos);
  EXPECT_EQ(sweep_error("\"run.horizon\" = [\"1y\", \"2y\"]").message,
            "'run.horizon' cannot be swept: it is a duration, and only integer and number keys can be swept");
  const ConfigError e = sweep_error("\"fees.rate\" = 0.5");
  EXPECT_EQ(e.key, "fees.rate");
  EXPECT_EQ(e.where.line, 3);
}

TEST_F(ConfigFiles, SweepAcrossExtends) {
  write("base.toml", std::string(kGood) + "\n[sweep]\n\"fees.rate\" = [0.1, 0.2]\n\"run.paths\" = [1, 2]\n");
  // A child's [sweep] entry replaces the base's axis in place.
  const Scenario replaced = load(write("a.toml", "extends = \"base.toml\"\n[sweep]\n\"fees.rate\" = [0.3, 0.4, 0.5]\n"));
  ASSERT_EQ(replaced.sweep.size(), 2u);
  EXPECT_EQ(replaced.sweep[0].key, "fees.rate");
  EXPECT_EQ(replaced.sweep[0].values.size(), 3u);
  // A child's plain value fixes the key and drops the base's axis.
  const Scenario fixed = load(write("b.toml", "extends = \"base.toml\"\n[fees]\nrate = 0.7\n"));
  ASSERT_EQ(fixed.sweep.size(), 1u);
  EXPECT_EQ(fixed.sweep[0].key, "run.paths");
  EXPECT_DOUBLE_EQ(fixed.number("fees.rate"), 0.7);
}

// ---- --set -------------------------------------------------------------------------

TEST_F(ConfigFiles, OverridesReplaceValues) {
  const Scenario s = load(write("good.toml", kGood),
                          {"fees.rate=0.5", "run.horizon=30d", "run.paths = 7", "fees.mode=treasury",
                           "label=\"quoted text\"", "run.verbose=true", "market.depth.usd=5", "fees.rate=0.75"});
  EXPECT_DOUBLE_EQ(s.number("fees.rate"), 0.75);   // the last one wins
  EXPECT_EQ(s.values.at("fees.rate").where.file, "--set");
  EXPECT_EQ(s.values.at("fees.rate").where.column, 0);
  EXPECT_DOUBLE_EQ(s.number("run.horizon"), 720.0);
  EXPECT_EQ(s.text("run.horizon"), "30d");
  EXPECT_DOUBLE_EQ(s.number("run.paths"), 7.0);
  EXPECT_EQ(s.text("fees.mode"), "treasury");
  EXPECT_EQ(s.text("label"), "quoted text");
  EXPECT_DOUBLE_EQ(s.number("run.verbose"), 1.0);
  EXPECT_DOUBLE_EQ(s.number("market.depth.usd"), 5.0);
  EXPECT_DOUBLE_EQ(load(write("q.toml", kGood), {"run.horizon=\"2w\""}).number("run.horizon"), 336.0);
}

TEST_F(ConfigFiles, OverrideErrors) {
  const std::string good = write("good.toml", kGood);
  auto set_error = [&](const std::string& override_text) {
    try {
      load(good, {override_text});
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.where.file, "--set");
      EXPECT_EQ(std::string(e.what()).rfind("--set: error: ", 0), 0u) << e.what();
      return e;
    }
    ADD_FAILURE() << override_text;
    return ConfigError(Source{}, "", "");
  };
  EXPECT_EQ(set_error("fees.rate").message,
            "malformed override 'fees.rate': expected key=value, e.g. --set fees.buyback_share=0.5");
  EXPECT_EQ(set_error("=3").key, "");
  EXPECT_EQ(set_error("fees.rat=0.1").message, "unknown key 'fees.rat' (did you mean 'fees.rate'?)");
  EXPECT_EQ(set_error("fees.rate=2").message, "'fees.rate' = 2 is out of range: must be in [0, 1]");
  EXPECT_EQ(set_error("fees.rate=abc").message, "'fees.rate' must be a number, got the string \"abc\"");
  EXPECT_EQ(set_error("run.paths=1.5").message, "'run.paths' must be an integer, got the float 1.5");
  EXPECT_NE(set_error("run.horizon=2x").message.find("unknown duration unit 'x'"), std::string::npos);
  EXPECT_EQ(set_error("fees.mode=bunr").key, "fees.mode");
  EXPECT_NE(set_error("label=\"unclosed").message.find("check the closing quote"), std::string::npos);
  EXPECT_NE(set_error("pool=1").message.find("table array"), std::string::npos);

  write("base.toml", kGood);
  const std::string swept = write("swept.toml", "extends = \"base.toml\"\n[sweep]\n\"fees.rate\" = [0.1, 0.2]\n");
  try {
    load(swept, {"fees.rate=0.3"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key, "fees.rate");
    EXPECT_NE(e.message.find("is swept ([sweep] at "), std::string::npos);
    EXPECT_NE(e.message.find("change the [sweep] entry"), std::string::npos);
  }
}

// ---- resolved TOML -------------------------------------------------------------------

TEST_F(ConfigFiles, ResolvedTomlRoundTrips) {
  write("base.toml", kGood);
  const std::string top = write("top.toml", R"(extends = "base.toml"
name = "round \"trip\""
description = "tabs\tand\nnewlines"
[sweep]
"market.p0" = { logspace = [0.1, 10, 4] }
"run.paths" = [3, 1, 2]
"fees.rate" = { linspace = [0.1, 0.3, 3] }
)");
  const Scenario first = load(top, {"run.horizon=1.5y", "market.depth.usd=0.1"});
  const std::string text = resolved_toml(first, toy_schema());
  SCOPED_TRACE(text);
  const Scenario again = load(write("resolved.toml", text));
  expect_same_scenario(first, again);
  // Resolving twice gives the same text: it is canonical.
  EXPECT_EQ(resolved_toml(again, toy_schema()), text);

  EXPECT_NE(text.find("protocol = \"toy\"\n"), std::string::npos);
  EXPECT_NE(text.find("\n[fees]\n"), std::string::npos);
  EXPECT_NE(text.find("\n[market.depth]\n"), std::string::npos);
  EXPECT_NE(text.find("horizon = \"1.5y\"  # simulated time (13149 h)"), std::string::npos);
  EXPECT_NE(text.find("\"run.paths\" = [3, 1, 2]"), std::string::npos);
  EXPECT_NE(text.find("usd = 0.1"), std::string::npos);
  EXPECT_EQ(text.find("start ="), text.find("start = \"90d\""));   // the absent optional field stays absent
  // Schema order: [run] before [fees] before [market].
  EXPECT_LT(text.find("[run]"), text.find("[fees]"));
  EXPECT_LT(text.find("[fees]"), text.find("[market]"));
  EXPECT_LT(text.find("label ="), text.find("[run]"));
}

TEST(ConfigResolvedText, NumbersAndStrings) {
  EXPECT_EQ(toml_number(1.0, Kind::number), "1.0");
  EXPECT_EQ(toml_number(0.1, Kind::number), "0.1");
  EXPECT_EQ(toml_number(1e20, Kind::number), "1e+20");
  EXPECT_EQ(toml_number(20240605, Kind::integer), "20240605");
  EXPECT_EQ(toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
}

// ---- registry -------------------------------------------------------------------------

TEST(ConfigRegistry, FindsAndRefusesBadSchemas) {
  EXPECT_NE(registry().find("toy"), nullptr);
  EXPECT_EQ(registry().find("nope"), nullptr);
  ASSERT_EQ(registry().all().size(), 1u);
  EXPECT_EQ(registry().protocols(), std::vector<std::string>{"toy"});

  SchemaRegistry r;
  r.add(toy_schema());
  EXPECT_THROW(r.add(toy_schema()), std::logic_error);   // registered twice
  Schema twice = toy_schema();
  twice.protocol = "twice";
  twice.keys.push_back(twice.keys[1]);
  EXPECT_THROW(r.add(twice), std::logic_error);
  Schema clash = toy_schema();
  clash.protocol = "clash";
  clash.keys[0].key = "market.depth";   // both a key and a table
  EXPECT_THROW(r.add(clash), std::logic_error);
  Schema reserved = toy_schema();
  reserved.protocol = "reserved";
  reserved.keys[0].key = "sweep.x";
  EXPECT_THROW(r.add(reserved), std::logic_error);
  Schema bad_optional = toy_schema();
  bad_optional.protocol = "bad_optional";
  bad_optional.arrays[0].optional = {"nope"};
  EXPECT_THROW(r.add(bad_optional), std::logic_error);
}

// ---- designs beyond grids (issue 13) -------------------------------------------

namespace {

class ConfigDesigns : public ConfigFiles {};

TEST_F(ConfigDesigns, LatinHypercubeGivesZippedPointsInRange) {
  write("base.toml", kGood);
  const Scenario s = load(write("lhs.toml", R"(extends = "base.toml"
[sweep]
design = "lhs"
samples = 10
seed = 3
"fees.rate" = { uniform = [0.1, 0.3] }
"market.p0" = { loguniform = [1.0, 100.0] }
)"));
  EXPECT_EQ(s.design.kind, "lhs");
  ASSERT_EQ(s.sweep.size(), 2u);
  EXPECT_EQ(s.sweep[0].key, "fees.rate");
  EXPECT_EQ(s.point_count(), 10u);
  const std::vector<Point> points = expand_sweep(s);
  ASSERT_EQ(points.size(), 10u);
  std::set<int> strata;
  for (const Point& p : points) {
    EXPECT_GE(p.values.at("fees.rate"), 0.1);
    EXPECT_LE(p.values.at("fees.rate"), 0.3);
    EXPECT_GE(p.values.at("market.p0"), 1.0);
    EXPECT_LE(p.values.at("market.p0"), 100.0);
    strata.insert(static_cast<int>((p.values.at("fees.rate") - 0.1) / 0.2 * 10));
  }
  EXPECT_EQ(strata.size(), 10u);
  // The resolved scenario writes the points out and loads back to the same text.
  const std::string resolved = resolved_toml(s, toy_schema());
  EXPECT_NE(resolved.find("design = \"points\""), std::string::npos);
  EXPECT_NE(resolved.find("origin = \"lhs\""), std::string::npos);
  const Scenario again = load(write("resolved.toml", resolved));
  EXPECT_EQ(resolved_toml(again, toy_schema()), resolved);
  EXPECT_EQ(again.design.made_by(), "lhs");
  EXPECT_EQ(again.sweep[1].values, s.sweep[1].values);
}

TEST_F(ConfigDesigns, SobolGivesTheSaltelliRowCount) {
  write("base.toml", kGood);
  const Scenario s = load(write("sobol.toml", R"(extends = "base.toml"
[sweep]
design = "sobol"
samples = 4
second_order = true
"fees.rate" = { uniform = [0.0, 1.0] }
"market.p0" = { uniform = [1.0, 2.0] }
)"));
  EXPECT_EQ(s.point_count(), 4u * (2 * 2 + 2));
  EXPECT_TRUE(s.design.second_order);
}

TEST_F(ConfigDesigns, FileDesignReadsCsvWithBomCrlfAndComments) {
  write("base.toml", kGood);
  write("points.csv", "\xEF\xBB\xBF# from a spreadsheet\r\n\"fees.rate\",run.paths\r\n0.1,10\r\n\r\n0.2,20\r\n");
  const Scenario s = load(write("file.toml", R"(extends = "base.toml"
[sweep]
design = "file"
file = "points.csv"
[baseline]
"fees.rate" = 0.2
"run.paths" = 20
)"));
  ASSERT_EQ(s.point_count(), 2u);
  EXPECT_EQ(s.sweep[0].key, "fees.rate");
  EXPECT_EQ(s.sweep[1].values, (std::vector<double>{10, 20}));
  EXPECT_EQ(s.baseline_point, 1u);
}

TEST_F(ConfigDesigns, FileDesignErrorsNameFileLineColumnAndKey) {
  write("base.toml", kGood);
  auto error_with_csv = [&](const std::string& csv) {
    write("d.csv", csv);
    return error_of("extends = \"base.toml\"\n[sweep]\ndesign = \"file\"\nfile = \"d.csv\"\n");
  };
  ConfigError unknown = error_with_csv("fees.rat,run.paths\n0.1,10\n");
  EXPECT_EQ(unknown.key, "fees.rat");
  EXPECT_EQ(unknown.where.line, 1);
  EXPECT_NE(unknown.where.file.find("d.csv"), std::string::npos);
  EXPECT_NE(unknown.message.find("fees.rate"), std::string::npos) << unknown.message;   // did you mean
  ConfigError range = error_with_csv("fees.rate,run.paths\n0.1,10\n1.5,20\n");
  EXPECT_EQ(range.key, "fees.rate");
  EXPECT_EQ(range.where.line, 3);
  EXPECT_EQ(range.where.column, 1);
  ConfigError integer = error_with_csv("fees.rate,run.paths\n0.1,10.5\n");
  EXPECT_EQ(integer.key, "run.paths");
  EXPECT_EQ(integer.where.column, 5);
  EXPECT_NE(error_with_csv("fees.rate,run.paths\n0.1\n").message.find("fields"), std::string::npos);
  EXPECT_NE(error_with_csv("fees.rate\nx\n").message.find("not a finite number"), std::string::npos);
  EXPECT_NE(error_with_csv("fees.rate\n").message.find("no points"), std::string::npos);
  EXPECT_NE(error_with_csv("").message.find("empty"), std::string::npos);
  EXPECT_NE(error_with_csv("fees.rate\n0.1\n0.1\n").message.find("repeats the one at line 2"), std::string::npos);
}

TEST_F(ConfigDesigns, MisusesAreRefusedWithTheKey) {
  write("base.toml", kGood);
  auto message = [&](const std::string& sweep) {
    return error_of("extends = \"base.toml\"\n[sweep]\n" + sweep).message;
  };
  EXPECT_NE(message("design = \"latin\"\n").find("unknown [sweep] design"), std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\n\"fees.rate\" = { uniform = [0, 1] }\n").find("needs samples"), std::string::npos);
  EXPECT_NE(message("design = \"sobol\"\nsamples = 6\n\"fees.rate\" = { uniform = [0, 1] }\n").find("power of 2"),
            std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\nsamples = 4\n\"fees.rate\" = [0.1, 0.2]\n").find("needs a range"), std::string::npos);
  EXPECT_NE(message("\"fees.rate\" = { uniform = [0, 1] }\n").find("sampled by a design"), std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\nsamples = 4\n\"fees.rate\" = { uniform = [0.5, 0.5] }\n").find("a < b"),
            std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\nsamples = 4\n\"market.p0\" = { loguniform = [0, 5] }\n").find("a > 0"),
            std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\nsamples = 4\n\"fees.rate\" = { uniform = [0.5, 2] }\n").find("out of range"),
            std::string::npos);
  EXPECT_NE(message("design = \"lhs\"\nsamples = 4\n\"run.paths\" = { uniform = [1, 9] }\n").find("number keys only"),
            std::string::npos);
  EXPECT_NE(message("seed = 4\n\"fees.rate\" = [0.1]\n").find("not used"), std::string::npos);
  EXPECT_NE(message("design = \"file\"\n").find("needs file"), std::string::npos);
  EXPECT_NE(message("design = \"points\"\n\"fees.rate\" = [0.1, 0.2]\n\"run.paths\" = [1]\n").find("one length"),
            std::string::npos);
  const ConfigError base = error_of(R"(extends = "base.toml"
[sweep]
design = "lhs"
samples = 4
"fees.rate" = { uniform = [0.1, 0.3] }
[baseline]
"fees.rate" = 0.2
)");
  EXPECT_NE(base.message.find("does not promise"), std::string::npos) << base.message;
}

TEST_F(ConfigDesigns, AChildsDesignReplacesTheBasesGrid) {
  write("base.toml", std::string(kGood) + "\n[sweep]\n\"run.paths\" = [10, 20]\n");
  const Scenario s = load(write("child.toml", R"(extends = "base.toml"
[sweep]
design = "lhs"
samples = 3
"fees.rate" = { uniform = [0.1, 0.3] }
)"));
  ASSERT_EQ(s.sweep.size(), 1u);
  EXPECT_EQ(s.sweep[0].key, "fees.rate");
  EXPECT_EQ(s.point_count(), 3u);
}

}  // namespace
