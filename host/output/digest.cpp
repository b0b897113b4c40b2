// SHA-256 (OpenSSL EVP) over a canonical byte stream of the numeric arrays,
// and the reader that recovers those arrays from an output file. The stream
// (results/README.md, "Digest") is:
//   "tokenstress-numeric-digest-v1\n"
//   then for every array, in byte-wise order of names:
//     u64 len, name; u64 len, type ("float64" | "int64");
//     u64 rank, u64 extent per axis; the values, 8 bytes each
// with all integers and values little-endian (doubles as IEEE-754 bits, so
// NaN payloads and -0.0 count: equal digests mean bitwise equal content).
#include "host/output/digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <hdf5_hl.h>

#include "host/output/hdf5_handles.hpp"
#include "host/output/hdf5_writer.hpp"

namespace ts {
namespace {

// netCDF-C marks a dimension that has no coordinate variable with a dataset
// of this NAME; it carries no numbers.
constexpr const char* kNetcdfDimensionOnly = "This is a netCDF dimension but not a netCDF variable";

const char* type_name(StoredType t) { return t == StoredType::float64 ? "float64" : "int64"; }

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw OutputError("OpenSSL: cannot initialise SHA-256");
  }
  void update(const void* data, std::size_t n) {
    if (n && EVP_DigestUpdate(ctx_.get(), data, n) != 1) throw OutputError("OpenSSL: SHA-256 update failed");
  }
  void u64(std::uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    update(b, 8);
  }
  void text(const std::string& s) {
    u64(s.size());
    update(s.data(), s.size());
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md, &n) != 1) throw OutputError("OpenSSL: SHA-256 final failed");
    std::string out;
    for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

// Values go through a buffer of little-endian words: one EVP call per 64 KiB.
void hash_values(Sha256& sha, const NumericArray& a) {
  constexpr std::size_t kBlock = 8192;
  unsigned char buf[kBlock * 8];
  const double* v = a.values();
  const std::size_t n = a.size();
  for (std::size_t start = 0; start < n; start += kBlock) {
    std::size_t count = std::min(kBlock, n - start);
    for (std::size_t i = 0; i < count; ++i) {
      std::uint64_t bits;
      if (a.type == StoredType::float64) {
        std::memcpy(&bits, &v[start + i], 8);
      } else {
        bits = static_cast<std::uint64_t>(static_cast<std::int64_t>(v[start + i]));
      }
      for (int b = 0; b < 8; ++b) buf[i * 8 + b] = static_cast<unsigned char>(bits >> (8 * b));
    }
    sha.update(buf, count * 8);
  }
}

// ---- reading ------------------------------------------------------------------

// A string attribute's text, or nothing when the attribute is not a scalar
// (or one-element) string.
bool read_string_attribute(hid_t attr, std::string& out, const std::string& where) {
  auto type = h5::make<h5::Datatype>(H5Aget_type(attr), "H5Aget_type", where);
  if (H5Tget_class(type.get()) != H5T_STRING) return false;
  auto space = h5::make<h5::Dataspace>(H5Aget_space(attr), "H5Aget_space", where);
  H5S_class_t space_class = H5Sget_simple_extent_type(space.get());
  if (space_class == H5S_NULL) {
    out.clear();
    return true;
  }
  if (H5Sget_simple_extent_npoints(space.get()) != 1) return false;
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
    std::size_t n = H5Tget_size(type.get());
    std::vector<char> buf(n + 1, '\0');
    h5::check(H5Tset_size(mem.get(), n + 1), "H5Tset_size", where);
    h5::check(H5Tset_strpad(mem.get(), H5T_STR_NULLTERM), "H5Tset_strpad", where);
    h5::check(H5Aread(attr, mem.get(), buf.data()), "H5Aread", where);
    out.assign(buf.data());
  }
  return true;
}

std::map<std::string, std::string> read_string_attributes(hid_t obj, const std::string& where) {
  std::vector<std::string> names;
  auto visit = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  h5::check(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names), "H5Aiterate2", where);
  std::map<std::string, std::string> attrs;
  for (const std::string& name : names) {
    std::string at = where + " attribute '" + name + "'";
    auto attr = h5::make<h5::Attribute>(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", at);
    std::string value;
    if (read_string_attribute(attr.get(), value, at)) attrs[name] = value;
  }
  return attrs;
}

// The link name of the dataset that labels axis `axis` of ds, or "" if none.
std::string scale_name(hid_t ds, unsigned axis, const std::string& where) {
  int n = H5DSget_num_scales(ds, axis);
  if (n <= 0) return "";
  std::string name;
  auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
    ssize_t len = H5Iget_name(scale, nullptr, 0);
    if (len <= 0) return -1;
    std::string path(static_cast<std::size_t>(len), '\0');
    H5Iget_name(scale, path.data(), path.size() + 1);
    *static_cast<std::string*>(data) = path.substr(path.rfind('/') + 1);
    return 1;  // the first scale names the axis, as in netCDF-C
  };
  h5::check(H5DSiterate_scales(ds, axis, nullptr, visit, &name), "H5DSiterate_scales", where);
  return name;
}

bool read_dataset(hid_t file, const std::string& name, const std::string& path, NumericArray& a) {
  std::string where = "'" + path + "' variable '" + name + "'";
  auto ds = h5::make<h5::Dataset>(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "H5Dopen2", where);
  auto type = h5::make<h5::Datatype>(H5Dget_type(ds.get()), "H5Dget_type", where);
  H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) return false;

  a.name = name;
  a.attrs = read_string_attributes(ds.get(), where);
  auto is_dim_only = a.attrs.find("NAME");
  if (is_dim_only != a.attrs.end() && is_dim_only->second.rfind(kNetcdfDimensionOnly, 0) == 0) return false;
  a.attrs.erase("NAME");
  a.attrs.erase("CLASS");

  auto space = h5::make<h5::Dataspace>(H5Dget_space(ds.get()), "H5Dget_space", where);
  int rank = H5Sget_simple_extent_ndims(space.get());
  h5::check(rank, "H5Sget_simple_extent_ndims", where);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  h5::check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "H5Sget_simple_extent_dims", where);
  a.shape.assign(dims.begin(), dims.end());
  htri_t is_scale = H5DSis_scale(ds.get());
  h5::check(is_scale, "H5DSis_scale", where);
  for (unsigned axis = 0; axis < dims.size(); ++axis) {
    std::string dim = is_scale > 0 ? name : scale_name(ds.get(), axis, where);
    a.dims.push_back(dim.empty() ? fmt::format("dim{}", axis) : dim);
  }

  a.owned.resize(a.size());
  if (cls == H5T_FLOAT) {
    a.type = StoredType::float64;
    if (!a.owned.empty())
      h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.owned.data()), "H5Dread",
                where);
  } else {
    a.type = StoredType::int64;
    std::vector<std::int64_t> ints(a.size());
    if (!ints.empty())
      h5::check(H5Dread(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints.data()), "H5Dread", where);
    for (std::size_t i = 0; i < ints.size(); ++i) a.owned[i] = static_cast<double>(ints[i]);
  }
  return true;
}

// Names of the root group's hard links, in name order. The link-info type
// differs between HDF5 1.10 and 1.12, hence the generic lambda.
std::vector<std::string> root_link_names(hid_t file, const std::string& where) {
  std::vector<std::string> names;
  auto visit = [](hid_t, const char* name, const auto* info, void* data) -> herr_t {
    if (info->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  h5::check(H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names), "H5Literate", where);
  return names;
}

}  // namespace

std::size_t NumericArray::size() const {
  std::size_t n = 1;
  for (std::size_t s : shape) n *= s;
  return n;
}

std::string digest_of(const std::vector<NumericArray>& arrays) {
  std::vector<const NumericArray*> sorted;
  for (const NumericArray& a : arrays) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](auto* x, auto* y) { return x->name < y->name; });
  Sha256 sha;
  const std::string magic = "tokenstress-numeric-digest-v1\n";
  sha.update(magic.data(), magic.size());
  for (const NumericArray* a : sorted) {
    sha.text(a->name);
    sha.text(type_name(a->type));
    sha.u64(a->shape.size());
    for (std::size_t s : a->shape) sha.u64(s);
    hash_values(sha, *a);
  }
  return sha.hex();
}

std::string numeric_digest(const RunResult& r) { return digest_of(output_arrays(r)); }

FileContent read_output_file(const std::string& path) {
  const std::string where = "'" + path + "'";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw OutputError(fmt::format("{}: no such file", where));
  if (!std::filesystem::is_regular_file(path, ec)) throw OutputError(fmt::format("{}: not a regular file", where));
  h5::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) throw OutputError(fmt::format("{}: not an HDF5 file", where));
  auto file = h5::make<h5::File>(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", where);

  FileContent content;
  content.attributes = read_string_attributes(file.get(), where);
  for (const std::string& name : root_link_names(file.get(), where)) {
    auto object = h5::make<h5::Object>(H5Oopen(file.get(), name.c_str(), H5P_DEFAULT), "H5Oopen",
                                       where + " object '" + name + "'");
    if (H5Iget_type(object.get()) != H5I_DATASET) continue;  // groups are not ours
    NumericArray a;
    if (read_dataset(file.get(), name, path, a)) content.arrays.push_back(std::move(a));
  }
  return content;  // names came in name order
}

std::string file_numeric_digest(const std::string& path) { return digest_of(read_output_file(path).arrays); }

}  // namespace ts
