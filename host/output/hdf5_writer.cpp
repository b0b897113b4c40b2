// RunResult -> HDF5 file in the netCDF-4 layout. What netCDF-4 readers
// (netCDF-C, netCDF4-python, h5netcdf, xarray) need from a plain HDF5 file:
//  - link and attribute creation order tracked and indexed on the root group
//    and on every dataset (netCDF-C iterates objects by creation order);
//  - every dimension is a 1-D dataset made a dimension scale (CLASS, NAME),
//    and every variable has a scale attached on every axis: a variable with
//    some axes unlabelled is "partial labelling", which h5netcdf rejects;
//  - string attributes as scalar variable-length UTF-8 strings: every reader
//    returns them as text (fixed-length strings of length <= 1 come back
//    as bytes from h5netcdf);
//  - NaN as data with _FillValue = NaN, so no reader masks a real number.
#include "host/output/hdf5_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>
#include <hdf5_hl.h>

#include "host/output/hdf5_handles.hpp"
#include "host/output/hdf5_primitives.hpp"

namespace ts {
namespace {

// "day", not "days": xarray decodes a variable whose units are exactly one
// of "days", "hours", ... into timedelta64 (and NaN into NaT); "day" is the
// same UDUNITS unit and stays float days in every xarray version.
constexpr const char* kDayUnits = "day";

// Compression is off: measured on 200 MB of float64 statistics (50 points x
// 1825 days x 20 metrics x 14 series), shuffle + deflate level 1 made the
// file 15% smaller and the write 7x slower (3.5 s against 0.5 s), which would
// break the "output below 10% of wall time" target of a GPU run. Set a level
// (1..9) to chunk and compress every array above kCompressAboveBytes.
constexpr int kDeflateLevel = 0;
constexpr std::size_t kCompressAboveBytes = std::size_t{1} << 20;
constexpr std::size_t kChunkTargetBytes = std::size_t{1} << 20;

// ---- layout -----------------------------------------------------------------

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A parameter key such as "fees.buyback_share" becomes "fees_buyback_share".
std::string sanitize(const std::string& key) {
  std::string out = key;
  for (char& c : out) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) c = '_';
  }
  return out;
}

std::string shape_text(const std::vector<std::string>& dims, const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ", ";
    s += fmt::format("{}={}", dims[i], shape[i]);
  }
  return s + "]";
}

class Layout {
 public:
  explicit Layout(const RunResult& r) : r_(r) {}

  std::vector<NumericArray> build() {
    check_params();
    check_attributes();
    if (r_.n_time() == 0) throw OutputError("result is inconsistent: no snapshot times (time_days is empty)");
    if (r_.n_quantiles() == 0) throw OutputError("result is inconsistent: no quantiles");
    const std::size_t P = r_.n_points(), T = r_.n_time(), Q = r_.n_quantiles(), K = r_.keep_paths;

    add_index_coordinate("point", P, "index of the parameter point (one combination of swept values)", {});
    add_view("time", {"time"}, {T}, r_.time_days, "time_days",
             {{"units", kDayUnits}, {"long_name", "time since the start of the simulation"}});
    add_view("quantile", {"quantile"}, {Q}, r_.quantiles, "quantiles",
             {{"units", "1"}, {"long_name", "quantile level across paths"}});
    // Both index Monte Carlo paths: CF's standard name for an ensemble member.
    if (K > 0)
      add_index_coordinate("path", K, "index of a kept path (the first keep_paths paths)",
                           {{"standard_name", "realization"}});
    if (r_.samples > 0)
      add_index_coordinate("sample", r_.samples, "index of a path (all paths of a point)",
                           {{"standard_name", "realization"}});
    for (std::size_t i = 0; i < r_.param_names.size(); ++i) {
      const std::string& key = r_.param_names[i];
      std::string name = "param_" + sanitize(key);
      const std::string units = i < r_.param_units.size() && !r_.param_units[i].empty() ? r_.param_units[i] : "1";
      add_view(name, {"point"}, {P}, r_.param_values[i], "param_values[" + key + "]",
               {{"key", key}, {"long_name", "swept parameter " + key}, {"units", units}});
      param_coordinates_ += (param_coordinates_.empty() ? "" : " ") + name;
    }
    adding_coordinates_ = false;

    for (const MetricStats& m : r_.metrics) add_metric(m, P, T, Q);
    for (const EventStats& e : r_.events) add_event(e, P, T, Q);
    add_trajectories(P, T, K);
    return std::move(arrays_);
  }

 private:
  using Attrs = std::map<std::string, std::string>;

  void check_params() {
    if (r_.param_names.size() != r_.param_values.size())
      throw OutputError(fmt::format("result is inconsistent: {} parameter names but {} value lists",
                                    r_.param_names.size(), r_.param_values.size()));
    std::size_t P = r_.n_points();
    if (P == 0) throw OutputError("result is inconsistent: the sweep has no points");
    if (!r_.param_units.empty() && r_.param_units.size() != r_.param_names.size())
      throw OutputError(fmt::format("result is inconsistent: {} parameter names but {} units",
                                    r_.param_names.size(), r_.param_units.size()));
    for (std::size_t i = 0; i < r_.param_values.size(); ++i)
      if (r_.param_values[i].size() != P)
        throw OutputError(fmt::format("result is inconsistent: parameter '{}' has {} values, expected {} (points)",
                                      r_.param_names[i], r_.param_values[i].size(), P));
  }

  // The writer owns Conventions, layout_version and digest; names starting
  // with '_' are netCDF's reserved attributes (_FillValue, _NCProperties, ...).
  void check_attributes() {
    for (const auto& [key, value] : r_.attributes) {
      (void)value;
      if (key.empty() || key == "Conventions" || key == "digest" || key == "layout_version" || key[0] == '_' ||
          key.find('/') != std::string::npos)
        throw OutputError(fmt::format("result attribute '{}' is reserved or not a valid attribute name", key));
    }
  }

  void claim(const std::string& name) {
    if (!names_.insert(name).second)
      throw OutputError(fmt::format("two output variables would be named '{}' (parameter keys or metric/event "
                                    "names clash after replacing characters outside [A-Za-z0-9_])", name));
  }

  // Indices count things: units "1" (CF: dimensionless).
  void add_index_coordinate(const std::string& name, std::size_t n, const std::string& long_name, Attrs extra) {
    claim(name);
    NumericArray a;
    a.name = name;
    a.dims = {name};
    a.shape = {n};
    a.type = StoredType::int64;
    a.owned.resize(n);
    for (std::size_t i = 0; i < n; ++i) a.owned[i] = static_cast<double>(i);
    a.attrs = std::move(extra);
    a.attrs["long_name"] = long_name;
    a.attrs["units"] = "1";
    a.is_coordinate = true;
    arrays_.push_back(std::move(a));
  }

  void add_view(const std::string& name, std::vector<std::string> dims, std::vector<std::size_t> shape,
                const std::vector<double>& data, const std::string& field, Attrs attrs) {
    claim(name);
    std::size_t n = 1;
    for (std::size_t s : shape) n *= s;
    if (data.size() != n)
      throw OutputError(fmt::format("result is inconsistent: {} has {} values, expected {} for {} {}", field,
                                    data.size(), n, name, shape_text(dims, shape)));
    // Auxiliary coordinates: the swept values label every point, so xarray
    // shows them next to each variable along `point` (CF "coordinates").
    if (!adding_coordinates_ && !param_coordinates_.empty() && dims[0] == "point")
      attrs["coordinates"] = param_coordinates_;
    NumericArray a;
    a.name = name;
    a.dims = std::move(dims);
    a.shape = std::move(shape);
    a.view = data.data();
    a.attrs = std::move(attrs);
    a.is_coordinate = adding_coordinates_;
    arrays_.push_back(std::move(a));
  }

  void add_metric(const MetricStats& m, std::size_t P, std::size_t T, std::size_t Q) {
    if (!is_identifier(m.name))
      throw OutputError(fmt::format("metric name '{}' is not made of [A-Za-z0-9_]", m.name));
    auto attrs = [&](const std::string& statistic, const std::string& long_name) {
      return Attrs{{"units", m.units},           {"long_name", long_name + " of " + m.name + " across paths"},
                   {"description", m.description}, {"metric", m.name},
                   {"statistic", statistic}};
    };
    const std::string& n = m.name;
    add_view(n + "_mean", {"point", "time"}, {P, T}, m.mean, n + ".mean", attrs("mean", "mean"));
    add_view(n + "_std", {"point", "time"}, {P, T}, m.std, n + ".std", attrs("std", "standard deviation"));
    add_view(n + "_sem", {"point", "time"}, {P, T}, m.sem, n + ".sem",
             attrs("sem", "standard error of the mean"));
    add_view(n + "_min", {"point", "time"}, {P, T}, m.min, n + ".min", attrs("min", "minimum"));
    add_view(n + "_max", {"point", "time"}, {P, T}, m.max, n + ".max", attrs("max", "maximum"));
    add_view(n + "_q", {"point", "time", "quantile"}, {P, T, Q}, m.q, n + ".q", attrs("quantile", "quantiles"));
    const std::size_t S = r_.samples;
    if (S > 0 && !m.final_values.empty())
      add_view("final_" + n, {"point", "sample"}, {P, S}, m.final_values, n + ".final_values",
               attrs("final", "value of every path at the last snapshot"));
    if (r_.has_baseline) {
      add_view(n + "_diff_mean", {"point", "time"}, {P, T}, m.diff_mean, n + ".diff_mean",
               attrs("diff_mean", "mean path-by-path difference to the baseline point"));
      add_view(n + "_diff_lo", {"point", "time"}, {P, T}, m.diff_lo, n + ".diff_lo",
               attrs("diff_lo", "lower 95% bound of the mean difference to the baseline"));
      add_view(n + "_diff_hi", {"point", "time"}, {P, T}, m.diff_hi, n + ".diff_hi",
               attrs("diff_hi", "upper 95% bound of the mean difference to the baseline"));
      add_view(n + "_diff_q", {"point", "time", "quantile"}, {P, T, Q}, m.diff_q, n + ".diff_q",
               attrs("diff_quantile", "quantiles of the path-by-path difference to the baseline"));
    }
  }

  void add_event(const EventStats& e, std::size_t P, std::size_t T, std::size_t Q) {
    if (!is_identifier(e.name))
      throw OutputError(fmt::format("event name '{}' is not made of [A-Za-z0-9_]", e.name));
    const std::string& n = e.name;
    auto attrs = [&](const std::string& units, const std::string& statistic, const std::string& long_name) {
      return Attrs{{"units", units}, {"long_name", long_name}, {"description", e.description},
                   {"event", n},     {"statistic", statistic}};
    };
    add_view("p_" + n, {"point", "time"}, {P, T}, e.p, n + ".p",
             attrs("1", "probability", "probability that " + n + " has occurred by time t"));
    add_view("p_" + n + "_lo", {"point", "time"}, {P, T}, e.p_lo, n + ".p_lo",
             attrs("1", "wilson95_lo", "lower bound of the Wilson 95% interval of p_" + n));
    add_view("p_" + n + "_hi", {"point", "time"}, {P, T}, e.p_hi, n + ".p_hi",
             attrs("1", "wilson95_hi", "upper bound of the Wilson 95% interval of p_" + n));
    add_view("time_to_" + n + "_q", {"point", "quantile"}, {P, Q}, e.time_to_event_q, n + ".time_to_event_q",
             attrs(kDayUnits, "quantile",
                   "quantiles across paths of the time to first " + n +
                       " (NaN where too few paths reached it within the horizon)"));
    if (r_.samples > 0 && !e.first_days.empty())
      add_view("first_" + n, {"point", "sample"}, {P, r_.samples}, e.first_days, n + ".first_days",
               attrs(kDayUnits, "first_day", "day each path first reached " + n + " (NaN: never)"));
    if (r_.has_baseline) {
      add_view("p_" + n + "_diff", {"point", "time"}, {P, T}, e.p_diff, n + ".p_diff",
               attrs("1", "diff", "P(" + n + " by t) minus the baseline's, paired paths"));
      add_view("p_" + n + "_diff_lo", {"point", "time"}, {P, T}, e.p_diff_lo, n + ".p_diff_lo",
               attrs("1", "diff_lo", "lower 95% bound of the change in P(" + n + " by t)"));
      add_view("p_" + n + "_diff_hi", {"point", "time"}, {P, T}, e.p_diff_hi, n + ".p_diff_hi",
               attrs("1", "diff_hi", "upper 95% bound of the change in P(" + n + " by t)"));
    }
  }

  void add_trajectories(std::size_t P, std::size_t T, std::size_t K) {
    if (K == 0) {
      if (!r_.trajectories.empty())
        throw OutputError("result is inconsistent: trajectories are present but keep_paths is 0");
      return;
    }
    if (r_.trajectories.size() != r_.metrics.size())
      throw OutputError(fmt::format("result is inconsistent: {} trajectory arrays for {} metrics",
                                    r_.trajectories.size(), r_.metrics.size()));
    for (std::size_t i = 0; i < r_.metrics.size(); ++i) {
      const MetricStats& m = r_.metrics[i];
      add_view(m.name + "_traj", {"point", "path", "time"}, {P, K, T}, r_.trajectories[i],
               "trajectories[" + m.name + "]",
               {{"units", m.units}, {"long_name", m.name + " along each of the first keep_paths paths"},
                {"description", m.description}, {"metric", m.name}, {"statistic", "trajectory"}});
    }
  }

  const RunResult& r_;
  std::vector<NumericArray> arrays_;
  std::set<std::string> names_;
  std::string param_coordinates_;
  bool adding_coordinates_ = true;  // build() adds the coordinates first
};

// ---- HDF5 writing -------------------------------------------------------------

// Chunks of about kChunkTargetBytes, cut along the outer axes first so that a
// chunk holds whole inner rows (one point's time series, say).
std::vector<hsize_t> chunk_shape(const std::vector<std::size_t>& shape) {
  std::vector<hsize_t> chunk(shape.begin(), shape.end());
  std::size_t target = kChunkTargetBytes / sizeof(double);
  for (std::size_t axis = 0; axis < chunk.size(); ++axis) {
    std::size_t inner = 1;
    for (std::size_t j = axis + 1; j < chunk.size(); ++j) inner *= chunk[j];
    std::size_t fit = std::max<std::size_t>(1, target / std::max<std::size_t>(1, inner));
    // Equal pieces: 40 rows with room for 35 become two chunks of 20.
    std::size_t pieces = (chunk[axis] + fit - 1) / fit;
    chunk[axis] = (chunk[axis] + pieces - 1) / pieces;
    if (chunk[axis] > 1 || inner <= target) break;  // the inner axes fit: done
  }
  for (hsize_t& c : chunk) c = std::max<hsize_t>(c, 1);
  return chunk;
}

class FileWriter {
 public:
  FileWriter(const std::string& path, const std::string& target) : path_(path), where_("'" + target + "'") {
    auto fcpl = h5::make<h5::PropList>(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate", where_);
    unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    h5::check(H5Pset_link_creation_order(fcpl.get(), order), "H5Pset_link_creation_order", where_);
    h5::check(H5Pset_attr_creation_order(fcpl.get(), order), "H5Pset_attr_creation_order", where_);
    auto fapl = h5::make<h5::PropList>(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", where_);
    // As netCDF-C does: 1.8 formats at least (needed for creation order and
    // for attributes above 64 KiB, such as a long scenario_toml).
    h5::check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), "H5Pset_libver_bounds", where_);
    // SEMI: closing the file fails loudly if some object were still open,
    // instead of silently postponing the real close.
    h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "H5Pset_fclose_degree", where_);
    file_ = h5::make<h5::File>(H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get()), "H5Fcreate",
                               "'" + path + "' (the temporary file for " + where_ + ")");
    compress_ = kDeflateLevel > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 &&
                H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0;
  }

  void global_attribute(const std::string& name, const AttributeValue& value) {
    if (const auto* text = std::get_if<std::string>(&value))
      write_string_attribute(file_.get(), name, *text, where_);
    else if (const auto* count = std::get_if<std::uint64_t>(&value))
      write_scalar_attribute(file_.get(), name, H5T_STD_U64LE, H5T_NATIVE_UINT64, *count, where_);
    else
      write_scalar_attribute(file_.get(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, std::get<double>(value), where_);
  }

  void write(const NumericArray& a) {
    std::string where = where_ + " variable '" + a.name + "'";
    std::vector<hsize_t> dims(a.shape.begin(), a.shape.end());
    auto space = h5::make<h5::Dataspace>(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                         "H5Screate_simple", where);
    bool is_float = a.type == StoredType::float64;
    hid_t file_type = is_float ? H5T_IEEE_F64LE : H5T_STD_I64LE;

    auto dcpl = h5::make<h5::PropList>(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", where);
    unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    h5::check(H5Pset_attr_creation_order(dcpl.get(), order), "H5Pset_attr_creation_order", where);
    bool is_dimension = a.dims.size() == 1 && a.dims[0] == a.name;
    bool has_fill = is_float && !a.is_coordinate;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (has_fill) h5::check(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value", where);
    if (compress_ && a.size() * sizeof(double) > kCompressAboveBytes) {
      std::vector<hsize_t> chunk = chunk_shape(a.shape);
      h5::check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk", where);
      // Shuffle groups the bytes of the doubles: deflate then finds the
      // repeated exponents.
      h5::check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", where);
      h5::check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "H5Pset_deflate", where);
    }

    auto ds = h5::make<h5::Dataset>(H5Dcreate2(file_.get(), a.name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                               dcpl.get(), H5P_DEFAULT),
                                    "H5Dcreate2", where);
    if (a.size() > 0) {
      if (is_float) {
        h5::check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values()), "H5Dwrite",
                  where);
      } else {
        std::vector<std::int64_t> ints(a.size());
        for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<std::int64_t>(a.values()[i]);
        h5::check(H5Dwrite(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints.data()), "H5Dwrite",
                  where);
      }
    }
    if (has_fill)
      write_scalar_attribute(ds.get(), "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, nan, where);
    // Readers list attributes in creation order: the ones people read first.
    const char* first[] = {"long_name", "units", "description"};
    for (const char* key : first) {
      auto it = a.attrs.find(key);
      if (it != a.attrs.end()) write_string_attribute(ds.get(), key, it->second, where);
    }
    for (const auto& [key, value] : a.attrs)
      if (key != first[0] && key != first[1] && key != first[2]) write_string_attribute(ds.get(), key, value, where);

    if (is_dimension) {
      h5::check(H5DSset_scale(ds.get(), a.name.c_str()), "H5DSset_scale", where);
      // netCDF-C numbers dimensions by this attribute (in creation order).
      write_scalar_attribute(ds.get(), "_Netcdf4Dimid", H5T_STD_I32LE, H5T_NATIVE_INT,
                             static_cast<int>(scales_.size()), where);
      scales_.emplace(a.name, std::move(ds));
      return;
    }
    for (std::size_t axis = 0; axis < a.dims.size(); ++axis) {
      auto scale = scales_.find(a.dims[axis]);
      if (scale == scales_.end())
        throw OutputError(fmt::format("{}: dimension '{}' has no coordinate written before it", where, a.dims[axis]));
      h5::check(H5DSattach_scale(ds.get(), scale->second.get(), static_cast<unsigned>(axis)), "H5DSattach_scale",
                where + " dimension '" + a.dims[axis] + "'");
    }
  }

  // Close every object, then the file: HDF5 writes its metadata here.
  void close() {
    scales_.clear();
    h5::check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "H5Fflush", "'" + path_ + "'");
    h5::check(file_.close(), "H5Fclose", "'" + path_ + "'");
  }

 private:
  std::string path_;
  std::string where_;
  h5::File file_;
  std::map<std::string, h5::Dataset> scales_;  // declared after file_: closed first
  bool compress_ = false;
};

}  // namespace

std::vector<NumericArray> output_arrays(const RunResult& r) { return Layout(r).build(); }

std::string temporary_name_prefix(const std::string& path) {
  return "." + std::filesystem::path(path).filename().string() + ".tmp-";
}

void write_result_hdf5(const RunResult& r, const std::string& path) {
  namespace fs = std::filesystem;
  // Everything that can be checked is checked before the disk is touched.
  std::vector<NumericArray> arrays = output_arrays(r);
  std::string digest = digest_of(arrays);

  fs::path target(path);
  if (target.filename().empty()) throw OutputError(fmt::format("output path '{}' names no file", path));
  fs::path folder = target.parent_path();
  if (!folder.empty()) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw OutputError(fmt::format("cannot create the folder of '{}': {}", path, ec.message()));
  }
  TemporaryFile tmp((folder / (temporary_name_prefix(path) + std::to_string(::getpid()))).string());
  ::unlink(tmp.path().c_str());  // a leftover of a crashed run with our pid

  {
    h5::QuietErrors quiet;
    FileWriter writer(tmp.path(), path);
    for (const auto& [key, value] : r.attributes) writer.global_attribute(key, value);
    writer.global_attribute("Conventions", std::string("CF-1.8"));
    writer.global_attribute("layout_version", kLayoutVersion);
    writer.global_attribute("digest", digest);
    for (const NumericArray& a : arrays) writer.write(a);
    writer.close();
  }
  sync_file(tmp.path());
  if (std::rename(tmp.path().c_str(), path.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", tmp.path(), path, std::strerror(errno)));
  tmp.release();
}

}  // namespace ts
