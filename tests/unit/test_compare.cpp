// `compare`: exit codes, exact and tolerant equality, and a report that
// names the differing variable and index in the file's coordinates.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "host/output/compare.hpp"
#include "host/output/hdf5_writer.hpp"

namespace fs = std::filesystem;

namespace {

// 3 points of one swept parameter, 4 times, 3 quantiles, one metric and one
// event; values differ everywhere so a wrong index cannot match.
ts::RunResult small_result() {
  ts::RunResult r;
  r.time_days = {0, 30, 60, 90};
  r.quantiles = {0.05, 0.5, 0.95};
  r.param_names = {"fees.buyback_share"};
  r.param_values = {{0.0, 0.25, 0.5}};
  ts::MetricStats m;
  m.name = "price_usd";
  m.units = "USD";
  m.description = "token price";
  for (int p = 0; p < 3; ++p)
    for (int t = 0; t < 4; ++t) {
      double v = 1.0 + p + 0.1 * t;
      m.mean.push_back(v);
      m.std.push_back(v / 10);
      m.sem.push_back(v / 100);
      m.min.push_back(v / 2);
      m.max.push_back(v * 2);
      for (int q = 0; q < 3; ++q) m.q.push_back(v * (0.5 + 0.5 * q));
    }
  r.metrics.push_back(m);
  ts::EventStats e;
  e.name = "price_crash";
  e.p.assign(12, 0.125);
  e.p_lo.assign(12, 0.0625);
  e.p_hi.assign(12, 0.25);
  e.time_to_event_q = {10, 20, std::numeric_limits<double>::quiet_NaN(), 11, 21, 31, 12, 22, 32};
  r.events.push_back(e);
  r.attributes = {{"tool", "tokenstress"}, {"seed", std::uint64_t{7}}, {"scenario_toml", "[run]\n"},
                  {"wall_time_s", 3.5}};
  return r;
}

class Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("ts_compare_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const ts::RunResult& r, const std::string& name) {
    std::string path = (dir_ / name).string();
    ts::write_result_hdf5(r, path);
    return path;
  }

  int compare(const std::string& a, const std::string& b, ts::CompareOptions opt = {}) {
    out_.str("");
    err_.str("");
    return ts::compare_files(a, b, opt, out_, err_);
  }

  // Report lines that name a variable (not notes, not the summary).
  std::vector<std::string> difference_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);)
      if (line.rfind("note:", 0) != 0 && line.rfind("different", 0) != 0 && line.rfind("equal", 0) != 0 &&
          line.rfind("...", 0) != 0)
        lines.push_back(line);
    return lines;
  }

  fs::path dir_;
  std::ostringstream out_, err_;
};

}  // namespace

TEST_F(Compare, IdenticalResultsAreEqualWhateverTheWallTime) {
  ts::RunResult r = small_result();
  std::string a = write(r, "a.h5");
  r.attributes["wall_time_s"] = "99.0";
  r.attributes["device"] = "elsewhere";
  std::string b = write(r, "b.h5");
  EXPECT_EQ(compare(a, b, {true}), 0) << out_.str() << err_.str();
  EXPECT_EQ(out_.str().rfind("equal: ", 0), 0u) << out_.str();
  EXPECT_NE(out_.str().find("digest " + ts::numeric_digest(r)), std::string::npos) << out_.str();
  EXPECT_EQ(compare(a, b), 0) << out_.str();
  EXPECT_EQ(compare(a, a), 0) << out_.str();
}

TEST_F(Compare, OneChangedValueIsNamedByVariableAndCoordinates) {
  ts::RunResult r = small_result();
  std::string a = write(r, "a.h5");
  r.metrics[0].mean[2 * 4 + 3] += 0.5;  // point 2, time index 3 (day 90)
  std::string b = write(r, "b.h5");
  for (bool exact : {true, false}) {
    ts::CompareOptions opt;
    opt.exact = exact;
    EXPECT_EQ(compare(a, b, opt), 1) << out_.str();
    std::vector<std::string> lines = difference_lines();
    ASSERT_EQ(lines.size(), 1u) << out_.str();
    EXPECT_EQ(lines[0].rfind("price_usd_mean[point=2 (fees.buyback_share=0.5), time=3 (day 90)]: ", 0), 0u)
        << lines[0];
    const double old_value = small_result().metrics[0].mean[2 * 4 + 3];
    EXPECT_NE(lines[0].find(fmt::format("A={:.17g} B={:.17g}", old_value, old_value + 0.5)), std::string::npos)
        << lines[0];
    EXPECT_NE(lines[0].find("diff=-0.5"), std::string::npos) << lines[0];
    EXPECT_NE(out_.str().find("1 of "), std::string::npos) << out_.str();
  }
}

TEST_F(Compare, ToleranceAcceptsTinyChangesAndRejectsLargeOnes) {
  ts::RunResult r = small_result();
  std::string a = write(r, "a.h5");
  ts::RunResult tiny = r;
  tiny.metrics[0].q[5] *= 1 + 1e-12;
  std::string b_tiny = write(tiny, "tiny.h5");
  ts::RunResult large = r;
  large.metrics[0].q[5] *= 1 + 1e-3;
  std::string b_large = write(large, "large.h5");

  ts::CompareOptions rel;  // rtol 1e-9
  EXPECT_EQ(compare(a, b_tiny, rel), 0) << out_.str();
  EXPECT_EQ(out_.str().rfind("equal within rtol=1e-09, atol=0", 0), 0u) << out_.str();
  EXPECT_EQ(compare(a, b_large, rel), 1) << out_.str();
  ts::CompareOptions exact;
  exact.exact = true;
  EXPECT_EQ(compare(a, b_tiny, exact), 1) << out_.str();
  ASSERT_EQ(difference_lines().size(), 1u);
  EXPECT_EQ(difference_lines()[0].rfind("price_usd_q[point=0 (fees.buyback_share=0), time=1 (day 30), "
                                        "quantile=2 (0.95)]",
                                        0),
            0u)
      << out_.str();

  // Absolute tolerance alone.
  ts::RunResult shifted = r;
  shifted.events[0].p[4] += 1e-6;
  std::string b_shift = write(shifted, "shift.h5");
  ts::CompareOptions loose;
  loose.rtol = 0;
  loose.atol = 1e-5;
  EXPECT_EQ(compare(a, b_shift, loose), 0) << out_.str();
  ts::CompareOptions tight = loose;
  tight.atol = 1e-7;
  EXPECT_EQ(compare(a, b_shift, tight), 1) << out_.str();
  EXPECT_EQ(difference_lines().at(0).rfind("p_price_crash[point=1", 0), 0u) << out_.str();
}

TEST_F(Compare, NaNEqualsNaNButNotANumber) {
  ts::RunResult r = small_result();  // time_to_price_crash_q holds a NaN
  std::string a = write(r, "a.h5");
  std::string b = write(r, "b.h5");
  ts::CompareOptions exact;
  exact.exact = true;
  EXPECT_EQ(compare(a, b, exact), 0) << out_.str();
  EXPECT_EQ(compare(a, b), 0) << out_.str();

  ts::RunResult filled = r;
  filled.events[0].time_to_event_q[2] = 30;
  std::string c = write(filled, "c.h5");
  EXPECT_EQ(compare(a, c, exact), 1);
  EXPECT_EQ(compare(a, c), 1);
  ASSERT_EQ(difference_lines().size(), 1u) << out_.str();
  EXPECT_EQ(difference_lines()[0].rfind("time_to_price_crash_q[point=0 (fees.buyback_share=0), quantile=2 (0.95)]",
                                        0),
            0u)
      << out_.str();
}

TEST_F(Compare, MissingOrForeignFilesAreErrors) {
  std::string a = write(small_result(), "a.h5");
  const std::string missing = (dir_ / "nope.h5").string();
  EXPECT_EQ(compare(a, missing), 2);
  EXPECT_NE(err_.str().find("nope.h5"), std::string::npos) << err_.str();
  EXPECT_EQ(compare(missing, a), 2);

  const std::string text = (dir_ / "text.h5").string();
  std::ofstream(text) << "this is not HDF5\n";
  EXPECT_EQ(compare(a, text), 2);
  EXPECT_NE(err_.str().find("not an HDF5 file"), std::string::npos) << err_.str();

  ts::CompareOptions bad;
  bad.rtol = -1;
  EXPECT_EQ(compare(a, a, bad), 2);
}

TEST_F(Compare, MissingVariablesAndShapesDiffer) {
  ts::RunResult r = small_result();
  std::string a = write(r, "a.h5");
  ts::RunResult more = r;
  ts::MetricStats extra = r.metrics[0];
  extra.name = "supply_io";
  more.metrics.push_back(extra);
  std::string b = write(more, "b.h5");
  EXPECT_EQ(compare(a, b), 1);
  EXPECT_NE(out_.str().find("supply_io_mean[point=3, time=4]: only in B"), std::string::npos) << out_.str();

  ts::RunResult longer = small_result();
  longer.quantiles.push_back(0.99);
  for (auto& m : longer.metrics) {
    std::vector<double> q;
    for (std::size_t i = 0; i < m.q.size(); ++i) {
      q.push_back(m.q[i]);
      if (i % 3 == 2) q.push_back(m.q[i]);
    }
    m.q = q;
  }
  longer.events[0].time_to_event_q = {10, 20, 30, 40, 11, 21, 31, 41, 12, 22, 32, 42};
  std::string c = write(longer, "c.h5");
  EXPECT_EQ(compare(a, c), 1);
  EXPECT_NE(out_.str().find("quantile: shape differs: A [quantile=3] B [quantile=4]"), std::string::npos)
      << out_.str();
}

TEST_F(Compare, ReportIsCappedAndNotesProvenance) {
  ts::RunResult r = small_result();
  std::string a = write(r, "a.h5");
  ts::RunResult other = r;
  for (double& v : other.metrics[0].q) v += 1;  // 36 differences
  other.attributes["seed"] = "8";
  std::string b = write(other, "b.h5");
  ts::CompareOptions opt;
  opt.max_report = 5;
  EXPECT_EQ(compare(a, b, opt), 1);
  EXPECT_EQ(difference_lines().size(), 5u) << out_.str();
  EXPECT_NE(out_.str().find("... and 31 more differences not shown"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("note: seed differs: A=7 B=8"), std::string::npos) << out_.str();

  // Same numbers, other seed: still equal, with the note.
  ts::RunResult reseeded = r;
  reseeded.attributes["seed"] = std::uint64_t{8};
  reseeded.attributes["scenario_toml"] = "[run]\npaths = 2\n";
  std::string c = write(reseeded, "c.h5");
  EXPECT_EQ(compare(a, c), 0);
  EXPECT_NE(out_.str().find("note: seed differs"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("note: scenario_toml differs"), std::string::npos) << out_.str();
}
