// Output file -> FileContent, in two passes: every check on what the file
// declares (identity, layout version, object and attribute counts, ranks,
// extents against the coordinates, declared against stored bytes, the total
// against the memory budget), then the values. Nothing is allocated from a
// declared size before the first pass has accepted it.
#include "host/output/output_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <limits>

#include <fmt/format.h>
#include <hdf5_hl.h>

#include "host/output/hdf5_handles.hpp"
#include "host/output/hdf5_writer.hpp"
#include "stats/host_memory.hpp"

namespace ts {
namespace {

// netCDF-C marks a dimension that has no coordinate variable with a dataset
// of this NAME; it carries no numbers.
constexpr const char* kNetcdfDimensionOnly = "This is a netCDF dimension but not a netCDF variable";

// Every result has these coordinates (hdf5_writer.cpp, Layout::build).
constexpr const char* kRequiredCoordinates[] = {"point", "time", "quantile"};

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

std::string bytes_text(double b) {
  if (b >= 1e9) return fmt::format("{:.1f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  if (b >= 1e3) return fmt::format("{:.1f} kB", b / 1e3);
  return fmt::format("{:.0f} bytes", b);
}

// The reader's own judgement of a file, worded for the user; any other
// OutputError is a failed HDF5 call, reworded as damage by read_output_file.
class Refusal : public OutputError {
 public:
  using OutputError::OutputError;
};

[[noreturn]] void refuse(const std::string& where, const std::string& why) {
  throw Refusal(fmt::format("{}: {}", where, why));
}

// An attribute's value as text: a scalar (or one-element) string, integer
// or float. Other attributes (DIMENSION_LIST references, arrays) are not
// provenance and are skipped.
bool read_attribute_text(hid_t attr, std::string& out, const std::string& where, const ReadLimits& limits) {
  if (H5Aget_storage_size(attr) > limits.max_attribute_bytes)
    refuse(where, fmt::format("stores {} in one attribute, more than the {} a result's attribute may take",
                              bytes_text(static_cast<double>(H5Aget_storage_size(attr))),
                              bytes_text(static_cast<double>(limits.max_attribute_bytes))));
  auto type = h5::make<h5::Datatype>(H5Aget_type(attr), "H5Aget_type", where);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_STRING && cls != H5T_INTEGER && cls != H5T_FLOAT) return false;
  auto space = h5::make<h5::Dataspace>(H5Aget_space(attr), "H5Aget_space", where);
  if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) {
    out.clear();
    return cls == H5T_STRING;
  }
  if (H5Sget_simple_extent_npoints(space.get()) != 1) return false;
  if (cls == H5T_INTEGER) {
    if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
      std::uint64_t v = 0;
      h5::check(H5Aread(attr, H5T_NATIVE_UINT64, &v), "H5Aread", where);
      out = std::to_string(v);
    } else {
      std::int64_t v = 0;
      h5::check(H5Aread(attr, H5T_NATIVE_INT64, &v), "H5Aread", where);
      out = std::to_string(v);
    }
    return true;
  }
  if (cls == H5T_FLOAT) {
    double v = 0;
    h5::check(H5Aread(attr, H5T_NATIVE_DOUBLE, &v), "H5Aread", where);
    out = fmt::format("{}", v);  // shortest text that reads back as v
    return true;
  }
  htri_t is_variable = H5Tis_variable_str(type.get());
  h5::check(is_variable, "H5Tis_variable_str", where);
  auto mem = h5::make<h5::Datatype>(H5Tcopy(H5T_C_S1), "H5Tcopy", where);
  h5::check(H5Tset_cset(mem.get(), H5Tget_cset(type.get())), "H5Tset_cset", where);
  if (is_variable > 0) {
    h5::check(H5Tset_size(mem.get(), H5T_VARIABLE), "H5Tset_size", where);
    char* text = nullptr;
    h5::check(H5Aread(attr, mem.get(), &text), "H5Aread", where);
    out = text ? text : "";
    H5free_memory(text);
  } else {
    const std::size_t n = H5Tget_size(type.get());
    if (n == 0 || n > limits.max_attribute_bytes) refuse(where, fmt::format("declares a string of {} bytes", n));
    std::vector<char> buf(n + 1, '\0');
    h5::check(H5Tset_size(mem.get(), n + 1), "H5Tset_size", where);
    h5::check(H5Tset_strpad(mem.get(), H5T_STR_NULLTERM), "H5Tset_strpad", where);
    h5::check(H5Aread(attr, mem.get(), buf.data()), "H5Aread", where);
    out.assign(buf.data());
  }
  return true;
}

std::map<std::string, std::string> read_attributes(hid_t obj, const std::string& where, const ReadLimits& limits) {
  struct Visit {
    std::vector<std::string> names;
    std::size_t max;
  } visit{{}, limits.max_attributes};
  auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    auto* v = static_cast<Visit*>(data);
    v->names.push_back(name);
    return v->names.size() > v->max ? 1 : 0;  // one past the limit: stop, and refuse below
  };
  h5::check(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &visit), "H5Aiterate2", where);
  if (visit.names.size() > limits.max_attributes)
    refuse(where, fmt::format("has more than {} attributes, more than a result has on one object",
                              limits.max_attributes));
  std::map<std::string, std::string> attrs;
  for (const std::string& name : visit.names) {
    std::string at = where + " attribute '" + name + "'";
    auto attr = h5::make<h5::Attribute>(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", at);
    std::string value;
    if (read_attribute_text(attr.get(), value, at, limits)) attrs[name] = value;
  }
  return attrs;
}

// The name of the dimension scale that labels axis `axis` of ds, or "" if
// none: the scale's NAME attribute (what netCDF-C reads, and cheap), else
// its link name (H5Iget_name searches the file: 80% of a read's time when
// done for every axis).
std::string scale_name(hid_t ds, unsigned axis, const std::string& where) {
  int n = H5DSget_num_scales(ds, axis);
  if (n <= 0) return "";
  std::string name;
  auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
    auto* out = static_cast<std::string*>(data);
    char buf[256] = {};
    ssize_t len = H5DSget_scale_name(scale, buf, sizeof buf);
    if (len > 0 && static_cast<std::size_t>(len) < sizeof buf &&
        std::string(buf).rfind(kNetcdfDimensionOnly, 0) != 0) {
      *out = buf;
      return 1;
    }
    len = H5Iget_name(scale, nullptr, 0);
    if (len <= 0 || len > 4096) return -1;
    std::string path(static_cast<std::size_t>(len), '\0');
    H5Iget_name(scale, path.data(), path.size() + 1);
    *out = path.substr(path.rfind('/') + 1);
    return 1;  // the first scale names the axis, as in netCDF-C
  };
  h5::check(H5DSiterate_scales(ds, axis, nullptr, visit, &name), "H5DSiterate_scales", where);
  return name;
}

// A dataset whose declaration has been checked; its values come later.
struct Declared {
  NumericArray array;  // name, dims, shape, type, attrs; no values yet
  h5::Dataset ds;
  std::string where;
  bool unnamed_axes = false;  // an axis without a dimension scale ("dim<axis>")
};

// Reads one dataset's declaration, or returns false when it is not numeric
// (or netCDF's dimension-only marker). Refuses what no result can be.
bool declare(hid_t file, const std::string& name, const std::string& path, const ReadLimits& limits, Declared& d) {
  d.where = "'" + path + "' variable '" + name + "'";
  const std::string& where = d.where;
  d.ds = h5::make<h5::Dataset>(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "H5Dopen2", where);
  hid_t ds = d.ds.get();
  auto type = h5::make<h5::Datatype>(H5Dget_type(ds), "H5Dget_type", where);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) return false;
  const std::size_t element = H5Tget_size(type.get());
  if (element == 0 || element > 16) refuse(where, fmt::format("has numbers of {} bytes", element));

  NumericArray& a = d.array;
  a.name = name;
  a.attrs = read_attributes(ds, where, limits);
  auto is_dim_only = a.attrs.find("NAME");
  if (is_dim_only != a.attrs.end() && is_dim_only->second.rfind(kNetcdfDimensionOnly, 0) == 0) return false;
  a.attrs.erase("NAME");
  a.attrs.erase("CLASS");
  a.attrs.erase("_Netcdf4Dimid");

  auto space = h5::make<h5::Dataspace>(H5Dget_space(ds), "H5Dget_space", where);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  h5::check(rank, "H5Sget_simple_extent_ndims", where);
  if (static_cast<std::size_t>(rank) > limits.max_rank)
    refuse(where, fmt::format("has rank {}; a result's variables have rank at most {}", rank, limits.max_rank));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  h5::check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "H5Sget_simple_extent_dims", where);
  std::uint64_t n = 1;
  for (hsize_t e : dims) {
    if (e != 0 && n > std::numeric_limits<std::uint64_t>::max() / 16 / e)
      refuse(where, "declares more values than any machine holds");
    n *= e;
  }
  a.shape.assign(dims.begin(), dims.end());
  a.type = cls == H5T_FLOAT ? StoredType::float64 : StoredType::int64;

  // Declared against stored: a variable's values are on disk, compressed
  // at most max_expansion to one (below 1 MiB anything goes).
  const double declared = static_cast<double>(n) * static_cast<double>(element);
  const double stored = static_cast<double>(H5Dget_storage_size(ds));
  if (declared > static_cast<double>(kMiB) + limits.max_expansion * stored)
    refuse(where, fmt::format("declares {} values ({}) but stores {}: the file is damaged or was not written by "
                              "tokenstress",
                              n, bytes_text(declared), bytes_text(stored)));

  htri_t is_scale = H5DSis_scale(ds);
  h5::check(is_scale, "H5DSis_scale", where);
  for (unsigned axis = 0; axis < dims.size(); ++axis) {
    std::string dim = is_scale > 0 ? name : scale_name(ds, axis, where);
    if (dim.empty()) {
      dim = fmt::format("dim{}", axis);
      d.unnamed_axes = true;
    }
    a.dims.push_back(dim);
  }
  return true;
}

void read_values(const Declared& d, NumericArray& a) {
  a.owned.resize(a.size());
  if (a.owned.empty()) return;
  if (a.type == StoredType::float64) {
    h5::check(H5Dread(d.ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.owned.data()), "H5Dread",
              d.where);
  } else {
    std::vector<std::int64_t> ints(a.size());
    h5::check(H5Dread(d.ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints.data()), "H5Dread",
              d.where);
    for (std::size_t i = 0; i < ints.size(); ++i) a.owned[i] = static_cast<double>(ints[i]);
  }
}

// Names of the root group's hard links, in name order, refusing more than
// max_objects. The link-info type differs between HDF5 1.10 and 1.12, hence
// the generic lambda.
std::vector<std::string> root_link_names(hid_t file, const std::string& where, const ReadLimits& limits) {
  H5G_info_t info{};
  h5::check(H5Gget_info(file, &info), "H5Gget_info", where);
  if (info.nlinks > limits.max_objects)
    refuse(where, fmt::format("has {} objects at its root; a result has at most {}: not a tokenstress file, or a "
                              "damaged one",
                              info.nlinks, limits.max_objects));
  std::vector<std::string> names;
  auto visit = [](hid_t, const char* name, const auto* link, void* data) -> herr_t {
    if (link->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  h5::check(H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names), "H5Literate", where);
  if (names.size() > limits.max_objects) refuse(where, "has more objects at its root than a result has");
  return names;
}

// A tokenstress result of a layout this version reads.
std::uint64_t check_identity(const std::map<std::string, std::string>& attrs, const std::string& where) {
  auto tool = attrs.find("tool");
  if (tool == attrs.end())
    refuse(where, "not a tokenstress output file (it has no global attribute tool = \"tokenstress\")");
  if (tool->second != "tokenstress")
    refuse(where, fmt::format("not a tokenstress output file (its global attribute tool is \"{}\")",
                              tool->second.substr(0, 80)));
  auto version = attrs.find("layout_version");
  if (version == attrs.end()) return 1;  // written before the attribute existed
  std::uint64_t v = 0;
  const char* end = version->second.data() + version->second.size();
  auto [ptr, ec] = std::from_chars(version->second.data(), end, v);
  if (ec != std::errc() || ptr != end || v == 0)
    refuse(where, fmt::format("its layout_version \"{}\" is not a positive integer: the file is damaged",
                              version->second.substr(0, 80)));
  if (v > kLayoutVersion)
    refuse(where, fmt::format("written in layout version {}; this tokenstress reads layouts 1 to {}: use a newer "
                              "tokenstress",
                              v, kLayoutVersion));
  return v;
}

// Every result has the coordinates point, time and quantile, 1-D, and each
// variable's extent along a named axis (one with a dimension scale) is that
// coordinate's length.
void check_layout(const std::vector<Declared>& declared, const std::string& where) {
  std::map<std::string, std::size_t> coordinate_length;
  for (const Declared& d : declared)
    if (d.array.dims.size() == 1 && d.array.dims[0] == d.array.name) coordinate_length[d.array.name] = d.array.shape[0];
  for (const char* name : kRequiredCoordinates) {
    auto it = std::find_if(declared.begin(), declared.end(), [&](const Declared& d) { return d.array.name == name; });
    if (it == declared.end())
      refuse(where, fmt::format("not a complete tokenstress result: it has no variable '{}'", name));
    if (it->array.shape.size() != 1)
      refuse(where, fmt::format("variable '{}' has rank {}, not 1: the file is damaged", name, it->array.shape.size()));
  }
  for (const Declared& d : declared)
    for (std::size_t axis = 0; axis < d.array.dims.size(); ++axis) {
      auto c = coordinate_length.find(d.array.dims[axis]);
      if (c != coordinate_length.end() && c->second != d.array.shape[axis])
        refuse(d.where, fmt::format("has {} values along '{}' but the coordinate '{}' has {}: the file is damaged",
                                    d.array.shape[axis], c->first, c->first, c->second));
    }
}

}  // namespace

bool is_unnamed_axis(const std::string& dim) {
  return dim.size() > 3 && dim.compare(0, 3, "dim") == 0 && dim.find_first_not_of("0123456789", 3) == std::string::npos;
}

std::uint64_t default_value_budget() {
  const double memory = host_memory_bytes();
  return memory > 0 ? static_cast<std::uint64_t>(0.4 * memory) : std::uint64_t{8} << 30;
}

namespace {

FileContent read_checked(const std::string& path, const std::string& where, const ReadLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) refuse(where, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) refuse(where, "not a regular file");
  h5::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) refuse(where, "not an HDF5 file");
  auto file = h5::make<h5::File>(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", where);

  FileContent content;
  content.attributes = read_attributes(file.get(), where, limits);
  content.layout_version = check_identity(content.attributes, where);

  std::vector<Declared> declared;
  std::uint64_t value_bytes = 0;
  for (const std::string& name : root_link_names(file.get(), where, limits)) {
    auto object = h5::make<h5::Object>(H5Oopen(file.get(), name.c_str(), H5P_DEFAULT), "H5Oopen",
                                       where + " object '" + name + "'");
    if (H5Iget_type(object.get()) != H5I_DATASET) continue;  // groups are not ours
    Declared d;
    if (!declare(file.get(), name, path, limits, d)) continue;
    value_bytes += static_cast<std::uint64_t>(d.array.size()) * sizeof(double);
    declared.push_back(std::move(d));
  }
  const std::uint64_t budget = limits.max_value_bytes ? limits.max_value_bytes : default_value_budget();
  if (value_bytes > budget)
    refuse(where, fmt::format("its values take {} in memory, more than compare may use ({}, 40% of this "
                              "machine's memory)",
                              bytes_text(static_cast<double>(value_bytes)), bytes_text(static_cast<double>(budget))));
  check_layout(declared, where);
  if (limits.before_values) limits.before_values(value_bytes);

  for (Declared& d : declared) {
    read_values(d, d.array);
    content.unnamed_axes = content.unnamed_axes || d.unnamed_axes;
    content.arrays.push_back(std::move(d.array));
  }
  return content;  // names came in name order
}

}  // namespace

FileContent read_output_file(const std::string& path, const ReadLimits& limits) {
  const std::string where = "'" + path + "'";
  try {
    return read_checked(path, where, limits);
  } catch (const Refusal&) {
    throw;
  } catch (const OutputError& e) {
    // A failed HDF5 call on a file that passed H5Fis_hdf5 means damage.
    throw OutputError(fmt::format("{}: the file is damaged: {}", where, e.what()));
  }
}

std::string file_numeric_digest(const std::string& path) { return digest_of(read_output_file(path).arrays); }

}  // namespace ts
