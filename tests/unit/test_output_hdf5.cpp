// The HDF5 writer: layout, values, dimension scales, attributes, digest, and
// the promise that an output is never half-written (DESIGN.md principle 8).
// Reading back goes through the HDF5 C API, not through our own reader.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "host/output/digest.hpp"
#include "host/output/output_reader.hpp"
#include "host/output/hdf5_handles.hpp"
#include "host/output/hdf5_writer.hpp"

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A value that encodes where it belongs, so a transposed or shifted array
// cannot pass: metric/statistic, point, time, quantile.
double tag(int owner, std::size_t p, std::size_t t, std::size_t q = 0) {
  return owner * 1e4 + static_cast<double>(p) * 100 + static_cast<double>(t) + static_cast<double>(q) * 0.01;
}

// 2 swept parameters over n_points points, 5 times, 7 quantiles, 2 metrics,
// 1 event, keep_paths 2.
ts::RunResult synthetic_result(std::size_t n_points = 3) {
  ts::RunResult r;
  r.time_days = {0, 30, 60, 90, 365};
  r.quantiles = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
  r.param_names = {"fees.buyback_share", "staking.enabled"};
  r.param_values.resize(2);
  for (std::size_t p = 0; p < n_points; ++p) {
    // A grid: buyback_share varies fastest, so values repeat across points.
    r.param_values[0].push_back(0.25 * static_cast<double>(p % 3));
    r.param_values[1].push_back(static_cast<double>(p / 3 % 2));
  }
  const std::size_t P = n_points, T = r.n_time(), Q = r.n_quantiles();
  r.keep_paths = 2;
  const char* names[] = {"price_usd", "supply_io"};
  const char* units[] = {"USD", "IO"};
  for (int m = 0; m < 2; ++m) {
    ts::MetricStats s;
    s.name = names[m];
    s.units = units[m];
    s.description = std::string("synthetic ") + names[m];
    std::vector<double>* stats[] = {&s.mean, &s.std, &s.sem, &s.min, &s.max};
    for (int k = 0; k < 5; ++k)
      for (std::size_t p = 0; p < P; ++p)
        for (std::size_t t = 0; t < T; ++t) stats[k]->push_back(tag(10 * m + k, p, t));
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t t = 0; t < T; ++t)
        for (std::size_t q = 0; q < Q; ++q) s.q.push_back(tag(10 * m + 5, p, t, q));
    r.metrics.push_back(s);
    std::vector<double> traj;
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t k = 0; k < r.keep_paths; ++k)
        for (std::size_t t = 0; t < T; ++t) traj.push_back(tag(10 * m + 6, p, t, k));
    r.trajectories.push_back(traj);
  }
  ts::EventStats e;
  e.name = "price_crash";
  e.description = "price below 10% of its start";
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t t = 0; t < T; ++t) {
      e.p.push_back(0.1 * static_cast<double>(t) / static_cast<double>(T));
      e.p_lo.push_back(0.05 * static_cast<double>(t) / static_cast<double>(T));
      e.p_hi.push_back(0.2 * static_cast<double>(t) / static_cast<double>(T));
    }
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t q = 0; q < Q; ++q) e.time_to_event_q.push_back(q < 5 ? 10.0 * static_cast<double>(q + p) : kNaN);
  r.events.push_back(e);
  r.attributes = {{"tool", "tokenstress"},   {"tool_version", "0.1.0"},   {"seed", std::uint64_t{42}},
                  {"backend", "cpu"},       {"device", ""},              {"wall_time_s", 1.25},
                  {"scenario_toml", "[run]\npaths = 1000\n"}};
  return r;
}

// 3650 snapshots and 40 kept paths: the trajectories (3.3 MiB per metric)
// and quantiles are above the size where the writer would compress.
ts::RunResult large_result() {
  ts::RunResult r = synthetic_result();
  r.time_days.clear();
  for (int t = 0; t < 3650; ++t) r.time_days.push_back(0.1 * t);
  r.keep_paths = 40;  // 3 x 40 x 3650 doubles = 3.3 MiB per metric
  const std::size_t P = 3, T = r.n_time(), Q = r.n_quantiles(), K = r.keep_paths;
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    ts::MetricStats& s = r.metrics[m];
    for (auto* v : {&s.mean, &s.std, &s.sem, &s.min, &s.max}) v->assign(P * T, 1.5 + static_cast<double>(m));
    s.q.resize(P * T * Q);
    for (std::size_t i = 0; i < s.q.size(); ++i) s.q[i] = std::sin(0.001 * static_cast<double>(i));
    r.trajectories[m].resize(P * K * T);
    for (std::size_t i = 0; i < r.trajectories[m].size(); ++i)
      r.trajectories[m][i] = std::sqrt(static_cast<double>(i)) + static_cast<double>(m);
  }
  for (auto* v : {&r.events[0].p, &r.events[0].p_lo, &r.events[0].p_hi}) v->assign(P * T, 0.5);
  return r;
}

// A fresh folder per test under testing::TempDir(), removed afterwards.
class Hdf5Writer : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("ts_hdf5_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> leftovers() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir_))
      if (entry.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(entry.path());
    return out;
  }

  fs::path dir_;
};

// ---- reading helpers (HDF5 C API) ---------------------------------------------

std::vector<hsize_t> shape_of(hid_t ds) {
  ts::h5::Dataspace space(H5Dget_space(ds));
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::vector<double> read_doubles(hid_t ds) {
  std::size_t n = 1;
  for (hsize_t d : shape_of(ds)) n *= d;
  std::vector<double> v(n);
  EXPECT_GE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0);
  return v;
}

std::string read_string_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return "<missing>";
  ts::h5::Attribute attr(H5Aopen(obj, name, H5P_DEFAULT));
  ts::h5::Datatype type(H5Aget_type(attr.get()));
  EXPECT_EQ(H5Tget_class(type.get()), H5T_STRING);
  EXPECT_GT(H5Tis_variable_str(type.get()), 0);
  ts::h5::Datatype mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), H5T_VARIABLE);
  H5Tset_cset(mem.get(), H5T_CSET_UTF8);
  char* text = nullptr;
  EXPECT_GE(H5Aread(attr.get(), mem.get(), &text), 0);
  std::string out = text ? text : "";
  H5free_memory(text);
  return out;
}

void expect_same(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) EXPECT_TRUE(std::isnan(got[i])) << what << " at " << i;
    else EXPECT_EQ(got[i], want[i]) << what << " at " << i;
  }
}

struct Expected {
  std::string name;
  std::vector<std::string> dims;
  const std::vector<double>* values;  // nullptr: checked separately
};

}  // namespace

TEST_F(Hdf5Writer, WritesShapesValuesScalesAndAttributes) {
  const ts::RunResult r = synthetic_result();
  const std::string path = (dir_ / "out.h5").string();
  ts::write_result_hdf5(r, path);
  ASSERT_TRUE(fs::exists(path));
  EXPECT_TRUE(leftovers().empty());

  ts::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  ASSERT_TRUE(file.valid());

  // netCDF-4 readers need creation order tracked on the root group.
  ts::h5::Group root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
  ts::h5::PropList gcpl(H5Gget_create_plist(root.get()));
  unsigned link_order = 0, attr_order = 0;
  H5Pget_link_creation_order(gcpl.get(), &link_order);
  H5Pget_attr_creation_order(gcpl.get(), &attr_order);
  gcpl.reset();
  root.reset();
  EXPECT_TRUE(link_order & H5P_CRT_ORDER_TRACKED);
  EXPECT_TRUE(link_order & H5P_CRT_ORDER_INDEXED);
  EXPECT_TRUE(attr_order & H5P_CRT_ORDER_TRACKED);

  const std::map<std::string, hsize_t> dim_size = {{"point", 3}, {"time", 5}, {"quantile", 7}, {"path", 2}};
  std::map<std::string, ts::h5::Dataset> scales;
  for (const auto& [dim, n] : dim_size) {
    ts::h5::Dataset ds(H5Dopen2(file.get(), dim.c_str(), H5P_DEFAULT));
    ASSERT_TRUE(ds.valid()) << dim;
    EXPECT_GT(H5DSis_scale(ds.get()), 0) << dim;
    char name[64] = {0};
    H5DSget_scale_name(ds.get(), name, sizeof name);
    EXPECT_EQ(std::string(name), dim);
    EXPECT_EQ(shape_of(ds.get()), std::vector<hsize_t>{n}) << dim;
    scales.emplace(dim, std::move(ds));
  }
  expect_same(read_doubles(scales.at("time").get()), r.time_days, "time");
  expect_same(read_doubles(scales.at("quantile").get()), r.quantiles, "quantile");
  expect_same(read_doubles(scales.at("point").get()), {0, 1, 2}, "point");
  expect_same(read_doubles(scales.at("path").get()), {0, 1}, "path");
  EXPECT_EQ(read_string_attr(scales.at("time").get(), "units"), "day");
  {
    ts::h5::Datatype t(H5Dget_type(scales.at("point").get()));
    EXPECT_EQ(H5Tget_class(t.get()), H5T_INTEGER);
    EXPECT_EQ(H5Tget_size(t.get()), 8u);
  }

  std::vector<Expected> expected = {
      {"param_fees_buyback_share", {"point"}, &r.param_values[0]},
      {"param_staking_enabled", {"point"}, &r.param_values[1]},
      {"p_price_crash", {"point", "time"}, &r.events[0].p},
      {"p_price_crash_lo", {"point", "time"}, &r.events[0].p_lo},
      {"p_price_crash_hi", {"point", "time"}, &r.events[0].p_hi},
      {"time_to_price_crash_q", {"point", "quantile"}, &r.events[0].time_to_event_q},
  };
  for (std::size_t m = 0; m < r.metrics.size(); ++m) {
    const ts::MetricStats& s = r.metrics[m];
    expected.push_back({s.name + "_mean", {"point", "time"}, &s.mean});
    expected.push_back({s.name + "_std", {"point", "time"}, &s.std});
    expected.push_back({s.name + "_sem", {"point", "time"}, &s.sem});
    expected.push_back({s.name + "_min", {"point", "time"}, &s.min});
    expected.push_back({s.name + "_max", {"point", "time"}, &s.max});
    expected.push_back({s.name + "_q", {"point", "time", "quantile"}, &s.q});
    expected.push_back({s.name + "_traj", {"point", "path", "time"}, &r.trajectories[m]});
  }

  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    ts::h5::Dataset ds(H5Dopen2(file.get(), e.name.c_str(), H5P_DEFAULT));
    ASSERT_TRUE(ds.valid());
    std::vector<hsize_t> want_shape;
    for (const std::string& d : e.dims) want_shape.push_back(dim_size.at(d));
    EXPECT_EQ(shape_of(ds.get()), want_shape);
    ts::h5::Datatype t(H5Dget_type(ds.get()));
    EXPECT_EQ(H5Tget_class(t.get()), H5T_FLOAT);
    EXPECT_EQ(H5Tget_size(t.get()), 8u);
    expect_same(read_doubles(ds.get()), *e.values, e.name);
    // Every axis labelled by its dimension scale: no partial labelling.
    for (std::size_t axis = 0; axis < e.dims.size(); ++axis) {
      EXPECT_EQ(H5DSget_num_scales(ds.get(), static_cast<unsigned>(axis)), 1) << "axis " << axis;
      EXPECT_GT(H5DSis_attached(ds.get(), scales.at(e.dims[axis]).get(), static_cast<unsigned>(axis)), 0)
          << "axis " << axis << " (" << e.dims[axis] << ")";
    }
  }

  {
    ts::h5::Dataset mean(H5Dopen2(file.get(), "price_usd_mean", H5P_DEFAULT));
    EXPECT_EQ(read_string_attr(mean.get(), "units"), "USD");
    EXPECT_EQ(read_string_attr(mean.get(), "description"), "synthetic price_usd");
    EXPECT_NE(read_string_attr(mean.get(), "long_name"), "<missing>");
    EXPECT_EQ(read_string_attr(mean.get(), "coordinates"), "param_fees_buyback_share param_staking_enabled");
    EXPECT_GT(H5Aexists(mean.get(), "_FillValue"), 0);
    ts::h5::Dataset param(H5Dopen2(file.get(), "param_fees_buyback_share", H5P_DEFAULT));
    EXPECT_EQ(read_string_attr(param.get(), "key"), "fees.buyback_share");
    ts::h5::Dataset ttq(H5Dopen2(file.get(), "time_to_price_crash_q", H5P_DEFAULT));
    EXPECT_EQ(read_string_attr(ttq.get(), "units"), "day");
  }

  for (const auto& [key, value] : r.attributes)
    if (const auto* text = std::get_if<std::string>(&value)) {
      EXPECT_EQ(read_string_attr(file.get(), key.c_str()), *text) << key;
    }
  // Numbers are stored as numbers: seed as uint64, wall_time_s as float64.
  {
    ts::h5::Attribute seed(H5Aopen(file.get(), "seed", H5P_DEFAULT));
    ts::h5::Datatype type(H5Aget_type(seed.get()));
    EXPECT_EQ(H5Tget_class(type.get()), H5T_INTEGER);
    EXPECT_EQ(H5Tget_sign(type.get()), H5T_SGN_NONE);
    std::uint64_t v = 0;
    ASSERT_GE(H5Aread(seed.get(), H5T_NATIVE_UINT64, &v), 0);
    EXPECT_EQ(v, 42u);
    ts::h5::Attribute wall(H5Aopen(file.get(), "wall_time_s", H5P_DEFAULT));
    double w = 0;
    ASSERT_GE(H5Aread(wall.get(), H5T_NATIVE_DOUBLE, &w), 0);
    EXPECT_EQ(w, 1.25);
    ts::h5::Attribute layout(H5Aopen(file.get(), "layout_version", H5P_DEFAULT));
    ASSERT_GE(H5Aread(layout.get(), H5T_NATIVE_UINT64, &v), 0);
    EXPECT_EQ(v, ts::kLayoutVersion);
  }
  EXPECT_EQ(read_string_attr(file.get(), "Conventions"), "CF-1.8");
  const std::string digest = read_string_attr(file.get(), "digest");
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest, ts::numeric_digest(r));
  file.reset();
  EXPECT_EQ(ts::file_numeric_digest(path), digest);
}

TEST_F(Hdf5Writer, DigestCoversNumbersNotProvenance) {
  ts::RunResult r = synthetic_result();
  const std::string base = ts::numeric_digest(r);
  r.attributes["wall_time_s"] = 999.0;
  r.attributes["device"] = "NVIDIA H100";
  EXPECT_EQ(ts::numeric_digest(r), base);

  ts::RunResult changed = synthetic_result();
  changed.metrics[1].q[17] = std::nextafter(changed.metrics[1].q[17], 1e300);
  EXPECT_NE(ts::numeric_digest(changed), base);

  ts::RunResult renamed = synthetic_result();
  renamed.metrics[0].name = "price_eur";
  EXPECT_NE(ts::numeric_digest(renamed), base);

  ts::RunResult no_paths = synthetic_result();
  no_paths.keep_paths = 0;
  no_paths.trajectories.clear();
  EXPECT_NE(ts::numeric_digest(no_paths), base);
}

TEST_F(Hdf5Writer, RoundTripsThroughOwnReader) {
  const ts::RunResult r = synthetic_result(6);
  const std::string path = (dir_ / "out.h5").string();
  ts::write_result_hdf5(r, path);
  ts::FileContent f = ts::read_output_file(path);
  std::vector<ts::NumericArray> want = ts::output_arrays(r);
  ASSERT_EQ(f.arrays.size(), want.size());
  std::map<std::string, const ts::NumericArray*> got;
  for (const auto& a : f.arrays) got[a.name] = &a;
  for (const auto& w : want) {
    SCOPED_TRACE(w.name);
    ASSERT_TRUE(got.count(w.name));
    const ts::NumericArray& g = *got[w.name];
    EXPECT_EQ(g.dims, w.dims);
    EXPECT_EQ(g.shape, w.shape);
    EXPECT_EQ(g.type, w.type);
    expect_same(std::vector<double>(g.values(), g.values() + g.size()),
                std::vector<double>(w.values(), w.values() + w.size()), w.name);
  }
  EXPECT_EQ(f.attributes.at("digest"), ts::numeric_digest(r));
  EXPECT_EQ(f.attributes.at("seed"), "42");
  EXPECT_EQ(f.attributes.at("device"), "");
}

TEST_F(Hdf5Writer, WithoutSweepOrKeptPaths) {
  ts::RunResult r = synthetic_result(1);
  r.param_names.clear();
  r.param_values.clear();
  r.keep_paths = 0;
  r.trajectories.clear();
  const std::string path = (dir_ / "single.h5").string();
  ts::write_result_hdf5(r, path);
  ts::FileContent f = ts::read_output_file(path);
  for (const auto& a : f.arrays) {
    EXPECT_NE(a.name, "path");
    EXPECT_EQ(a.name.find("param_"), std::string::npos);
    EXPECT_EQ(a.name.find("_traj"), std::string::npos);
    EXPECT_EQ(a.attrs.count("coordinates"), 0u) << a.name;
  }
  EXPECT_EQ(ts::file_numeric_digest(path), ts::numeric_digest(r));
}

TEST_F(Hdf5Writer, CreatesMissingParentFolders) {
  const fs::path path = dir_ / "a" / "b" / "out.h5";
  ts::write_result_hdf5(synthetic_result(), path.string());
  EXPECT_TRUE(fs::exists(path));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(Hdf5Writer, LargeArraysRoundTripExactly) {
  const ts::RunResult r = large_result();
  const std::string path = (dir_ / "big.h5").string();
  ts::write_result_hdf5(r, path);

  ts::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  ts::h5::Dataset traj(H5Dopen2(file.get(), "price_usd_traj", H5P_DEFAULT));
  // Contiguous, or (when the writer's kDeflateLevel is set) chunked with
  // shuffle + deflate: either way the values must come back exactly.
  ts::h5::PropList dcpl(H5Dget_create_plist(traj.get()));
  if (H5Pget_layout(dcpl.get()) == H5D_CHUNKED) EXPECT_EQ(H5Pget_nfilters(dcpl.get()), 2);
  else EXPECT_EQ(H5Pget_layout(dcpl.get()), H5D_CONTIGUOUS);
  expect_same(read_doubles(traj.get()), r.trajectories[0], "price_usd_traj");
  traj.reset();
  file.reset();
  EXPECT_EQ(ts::file_numeric_digest(path), ts::numeric_digest(r));
}

TEST_F(Hdf5Writer, LongScenarioAttributeAndUnicode) {
  // Attributes above 64 KiB need the dense attribute storage of the 1.8
  // file format; a resolved scenario with comments can be that long.
  ts::RunResult r = synthetic_result();
  std::string toml;
  while (toml.size() < 200000) toml += "# a comment with UTF-8: \xce\xbc-tokens \xe2\x82\xac\nkey = 1\n";
  r.attributes["scenario_toml"] = toml;
  const std::string path = (dir_ / "long.h5").string();
  ts::write_result_hdf5(r, path);
  EXPECT_EQ(ts::read_output_file(path).attributes.at("scenario_toml"), toml);
}

TEST_F(Hdf5Writer, OverwriteReplacesTheWholeFile) {
  const std::string path = (dir_ / "out.h5").string();
  ts::write_result_hdf5(synthetic_result(6), path);
  ts::RunResult second = synthetic_result(3);
  ts::write_result_hdf5(second, path);
  EXPECT_EQ(ts::file_numeric_digest(path), ts::numeric_digest(second));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(Hdf5Writer, InvalidResultThrowsBeforeTouchingTheTarget) {
  const std::string path = (dir_ / "out.h5").string();
  const ts::RunResult good = synthetic_result();
  ts::write_result_hdf5(good, path);
  const auto old_time = fs::last_write_time(path);
  const auto old_size = fs::file_size(path);

  ts::RunResult bad = synthetic_result();
  bad.metrics[1].q.pop_back();  // one value short
  try {
    ts::write_result_hdf5(bad, path);
    FAIL() << "expected ts::OutputError";
  } catch (const ts::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("supply_io"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fs::last_write_time(path), old_time);
  EXPECT_EQ(fs::file_size(path), old_size);
  EXPECT_EQ(ts::file_numeric_digest(path), ts::numeric_digest(good));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(Hdf5Writer, RejectsInconsistentOrClashingResults) {
  const std::string path = (dir_ / "out.h5").string();
  auto expect_throws = [&](ts::RunResult r, const char* why) {
    EXPECT_THROW(ts::write_result_hdf5(r, path), ts::OutputError) << why;
    EXPECT_FALSE(fs::exists(path)) << why;
  };
  ts::RunResult r = synthetic_result();
  r.param_values[1].pop_back();
  expect_throws(r, "parameter value count");
  r = synthetic_result();
  r.param_names = {"fees.share", "fees_share"};
  expect_throws(r, "sanitized names clash");
  r = synthetic_result();
  r.metrics[0].name = "price usd";
  expect_throws(r, "metric name with a space");
  r = synthetic_result();
  r.trajectories.pop_back();
  expect_throws(r, "trajectory count");
  r = synthetic_result();
  r.attributes["digest"] = "mine";
  expect_throws(r, "reserved attribute");
  r = synthetic_result();
  r.time_days.clear();
  expect_throws(r, "no times");
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(Hdf5Writer, UnwritablePathThrowsAndLeavesNoTemporary) {
  // The parent "folder" is a regular file: the folder cannot be created.
  const fs::path blocker = dir_ / "blocker";
  std::ofstream(blocker) << "not a folder";
  EXPECT_THROW(ts::write_result_hdf5(synthetic_result(), (blocker / "out.h5").string()), ts::OutputError);

  // The target is a folder: the file is written, the rename fails, and the
  // temporary must go.
  const fs::path folder_target = dir_ / "taken";
  fs::create_directories(folder_target / "inside");
  try {
    ts::write_result_hdf5(synthetic_result(), folder_target.string());
    FAIL() << "expected ts::OutputError";
  } catch (const ts::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("taken"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_directory(folder_target / "inside"));
  EXPECT_TRUE(leftovers().empty());

  // A read-only folder (meaningless as root, who may write anyway).
  if (::geteuid() != 0) {
    const fs::path ro = dir_ / "readonly";
    fs::create_directories(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    try {
      ts::write_result_hdf5(synthetic_result(), (ro / "out.h5").string());
      ADD_FAILURE() << "expected ts::OutputError";
    } catch (const ts::OutputError& e) {
      EXPECT_NE(std::string(e.what()).find("H5Fcreate"), std::string::npos) << e.what();
    }
    fs::permissions(ro, fs::perms::owner_all);
    EXPECT_TRUE(leftovers().empty());
  }
}

// Leaves files for tests/python/test_output.py in the build folder:
//   /usr/bin/python3 tests/python/test_output.py BUILD/test_output/synthetic.h5 --param fees.buyback_share
TEST(Hdf5WriterFiles, WritesSyntheticFilesForPythonTests) {
  const fs::path dir = fs::path(TS_BINARY_DIR) / "test_output";
  ts::RunResult grid = synthetic_result(6);
  grid.attributes["scenario_toml"] = "# \xce\xbc-tokens\n[run]\npaths = 1000\n";
  ts::write_result_hdf5(grid, (dir / "synthetic.h5").string());
  ts::RunResult single = synthetic_result(1);
  single.param_names.clear();
  single.param_values.clear();
  single.keep_paths = 0;
  single.trajectories.clear();
  ts::write_result_hdf5(single, (dir / "synthetic_single.h5").string());
  ts::write_result_hdf5(large_result(), (dir / "synthetic_large.h5").string());
  EXPECT_TRUE(fs::exists(dir / "synthetic.h5"));
  EXPECT_TRUE(fs::exists(dir / "synthetic_single.h5"));
}
