#include "host/output/state_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "host/output/digest.hpp"
#include "host/output/hdf5_handles.hpp"
#include "host/output/hdf5_primitives.hpp"
#include "host/output/hdf5_writer.hpp"

namespace ts {
namespace {

constexpr const char* kKind = "tokenstress run state";

// Fault injection for the resume tests: TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=N
// kills the process with SIGKILL halfway through writing its N-th state
// file, so a test can show that a half-written one never replaces the last
// complete one.
void kill_here_if_asked(hid_t file) {
  static int written = 0;
  static const char* at = std::getenv("TOKENSTRESS_TEST_KILL_AT_CHECKPOINT");
  if (at != nullptr && ++written == std::atoi(at)) {
    H5Fflush(file, H5F_SCOPE_GLOBAL);
    std::raise(SIGKILL);
  }
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

// Any contiguous container (a vector, or the bytes of a string).
template <class C>
void write_vector(hid_t file, const std::string& name, hid_t file_type, hid_t mem_type, const C& v,
                  const std::string& where) {
  const hsize_t n = v.size();
  auto space = h5::make<h5::Dataspace>(H5Screate_simple(1, &n, nullptr), "H5Screate_simple", where);
  const std::string at = where + " dataset '" + name + "'";
  auto set = h5::make<h5::Dataset>(
      H5Dcreate2(file, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Dcreate2", at);
  if (n > 0) h5::check(H5Dwrite(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "H5Dwrite", at);
}

void write_strings(hid_t file, const std::string& name, const std::vector<std::string>& v, const std::string& where) {
  auto type = h5::make<h5::Datatype>(H5Tcopy(H5T_C_S1), "H5Tcopy", where);
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size", where);
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", where);
  std::vector<const char*> text;
  for (const std::string& s : v) text.push_back(s.c_str());
  write_vector(file, name, type.get(), type.get(), text, where);
}

// ---- reading ------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw OutputError(fmt::format("'{}': no such file", path));
    if (H5Fis_hdf5(path.c_str()) <= 0)
      throw OutputError(fmt::format("'{}' is not a complete HDF5 file (truncated, or not a state file)", path));
    file_ = h5::make<h5::File>(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", "'" + path + "'");
  }

  bool has_attribute(const std::string& name) const { return H5Aexists(file_.get(), name.c_str()) > 0; }

  std::string text(const std::string& name) const {
    auto attr = open_attribute(name);
    auto type = h5::make<h5::Datatype>(H5Aget_type(attr.get()), "H5Aget_type", where(name));
    if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0) bad(name, "is not a text");
    auto mem = h5::make<h5::Datatype>(H5Tcopy(H5T_C_S1), "H5Tcopy", where(name));
    h5::check(H5Tset_size(mem.get(), H5T_VARIABLE), "H5Tset_size", where(name));
    h5::check(H5Tset_cset(mem.get(), H5T_CSET_UTF8), "H5Tset_cset", where(name));
    char* raw = nullptr;
    h5::check(H5Aread(attr.get(), mem.get(), &raw), "H5Aread", where(name));
    std::string out = raw ? raw : "";
    H5free_memory(raw);
    return out;
  }

  template <class T>
  T scalar(const std::string& name, hid_t mem_type) const {
    auto attr = open_attribute(name);
    T value{};
    h5::check(H5Aread(attr.get(), mem_type, &value), "H5Aread", where(name));
    return value;
  }

  template <class T>
  std::vector<T> vector(const std::string& name, hid_t mem_type) const {
    auto set = open_dataset(name);
    std::vector<T> v(extent(set.get(), name));
    if (!v.empty()) h5::check(H5Dread(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "H5Dread", where(name));
    return v;
  }

  std::string bytes(const std::string& name) const {
    auto set = open_dataset(name);
    std::string v(extent(set.get(), name), '\0');
    if (!v.empty()) h5::check(H5Dread(set.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "H5Dread", where(name));
    return v;
  }

  std::vector<std::string> strings(const std::string& name) const {
    auto set = open_dataset(name);
    std::vector<char*> raw(extent(set.get(), name), nullptr);
    auto mem = h5::make<h5::Datatype>(H5Tcopy(H5T_C_S1), "H5Tcopy", where(name));
    h5::check(H5Tset_size(mem.get(), H5T_VARIABLE), "H5Tset_size", where(name));
    h5::check(H5Tset_cset(mem.get(), H5T_CSET_UTF8), "H5Tset_cset", where(name));
    if (!raw.empty()) h5::check(H5Dread(set.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "H5Dread", where(name));
    std::vector<std::string> out;
    for (char* s : raw) {
      out.emplace_back(s ? s : "");
      H5free_memory(s);
    }
    return out;
  }

  [[noreturn]] void bad(const std::string& name, const std::string& what) const {
    throw OutputError(fmt::format("'{}': '{}' {}", path_, name, what));
  }

 private:
  std::string where(const std::string& name) const { return fmt::format("'{}' ('{}')", path_, name); }
  h5::Attribute open_attribute(const std::string& name) const {
    if (!has_attribute(name)) bad(name, "is missing: not a complete tokenstress state file");
    return h5::make<h5::Attribute>(H5Aopen(file_.get(), name.c_str(), H5P_DEFAULT), "H5Aopen", where(name));
  }
  h5::Dataset open_dataset(const std::string& name) const {
    if (H5Lexists(file_.get(), name.c_str(), H5P_DEFAULT) <= 0) bad(name, "is missing: not a complete tokenstress state file");
    return h5::make<h5::Dataset>(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT), "H5Dopen2", where(name));
  }
  std::size_t extent(hid_t set, const std::string& name) const {
    auto space = h5::make<h5::Dataspace>(H5Dget_space(set), "H5Dget_space", where(name));
    if (H5Sget_simple_extent_ndims(space.get()) != 1) bad(name, "is not one-dimensional");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    return static_cast<std::size_t>(n);
  }

  std::string path_;
  h5::File file_;
};

}  // namespace

void write_state_file(const StateRecord& r, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (!target.parent_path().empty()) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw OutputError(fmt::format("cannot create the folder of '{}': {}", path, ec.message()));
  }
  TemporaryFile tmp(path + ".tmp-" + std::to_string(::getpid()));
  ::unlink(tmp.path().c_str());
  {
    h5::QuietErrors quiet;
    const std::string where = "'" + tmp.path() + "'";
    auto file = h5::make<h5::File>(H5Fcreate(tmp.path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "H5Fcreate", where);
    const hid_t f = file.get();
    write_string_attribute(f, "kind", kKind, where);
    write_scalar_attribute(f, "state_layout_version", H5T_STD_U64LE, H5T_NATIVE_UINT64, kStateLayoutVersion, where);
    write_string_attribute(f, "run_id", r.run_id, where);
    write_string_attribute(f, "scenario_name", r.scenario_name, where);
    write_string_attribute(f, "scenario_file", r.scenario_file, where);
    write_string_attribute(f, "scenario_toml", r.scenario_toml, where);
    write_string_attribute(f, "backend", r.backend, where);
    write_string_attribute(f, "tool_version", r.tool_version, where);
    write_string_attribute(f, "git_commit", r.git_commit, where);
    write_scalar_attribute(f, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.seed, where);
    write_scalar_attribute(f, "paths", H5T_STD_I64LE, H5T_NATIVE_INT64, r.paths, where);
    write_scalar_attribute(f, "unit_paths", H5T_STD_I64LE, H5T_NATIVE_INT64, r.unit_paths, where);
    write_scalar_attribute(f, "points", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.points, where);
    write_scalar_attribute(f, "shard_index", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.shard_index, where);
    write_scalar_attribute(f, "shard_count", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.shard_count, where);
    write_scalar_attribute(f, "simulate_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, r.simulate_seconds, where);
    write_scalar_attribute(f, "statistics_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, r.statistics_seconds, where);
    write_string_attribute(f, "violations", joined(r.violations), where);
    write_string_attribute(f, "unit_status_meanings", "0 pending, 1 done, 2 failed", where);
    write_vector(f, "unit_point", H5T_STD_I64LE, H5T_NATIVE_INT64, r.unit_point, where);
    write_vector(f, "unit_first_path", H5T_STD_I64LE, H5T_NATIVE_INT64, r.unit_first_path, where);
    write_vector(f, "unit_n_paths", H5T_STD_I64LE, H5T_NATIVE_INT64, r.unit_n_paths, where);
    write_vector(f, "unit_status", H5T_STD_U8LE, H5T_NATIVE_UINT8, r.unit_status, where);
    write_strings(f, "unit_failure", r.unit_failure, where);
    kill_here_if_asked(f);
    write_vector(f, "accumulators", H5T_STD_U8LE, H5T_NATIVE_UINT8, r.accumulators, where);
    write_string_attribute(f, "accumulators_sha256", sha256_hex(r.accumulators), where);
    if (file.close() < 0) h5::fail("H5Fclose", where);
  }
  sync_file(tmp.path());
  if (std::rename(tmp.path().c_str(), path.c_str()) != 0)
    throw OutputError(fmt::format("cannot rename '{}' to '{}': {}", tmp.path(), path, std::strerror(errno)));
  tmp.release();
}

StateRecord read_state_file(const std::string& path) {
  h5::QuietErrors quiet;
  const Reader in(path);
  if (!in.has_attribute("kind") || in.text("kind") != kKind)
    throw OutputError(fmt::format("'{}' is not a tokenstress state file (a shard or a checkpoint)", path));
  const auto layout = in.scalar<std::uint64_t>("state_layout_version", H5T_NATIVE_UINT64);
  if (layout != kStateLayoutVersion)
    throw OutputError(fmt::format("'{}' was written with state layout version {}; this build ({}) reads version {}: "
                                  "merge it with the tokenstress that wrote it, or run that shard again",
                                  path, layout, in.text("tool_version"), kStateLayoutVersion));
  StateRecord r;
  r.run_id = in.text("run_id");
  r.scenario_name = in.text("scenario_name");
  r.scenario_file = in.text("scenario_file");
  r.scenario_toml = in.text("scenario_toml");
  r.backend = in.text("backend");
  r.tool_version = in.text("tool_version");
  r.git_commit = in.text("git_commit");
  r.seed = in.scalar<std::uint64_t>("seed", H5T_NATIVE_UINT64);
  r.paths = in.scalar<std::int64_t>("paths", H5T_NATIVE_INT64);
  r.unit_paths = in.scalar<std::int64_t>("unit_paths", H5T_NATIVE_INT64);
  r.points = in.scalar<std::uint64_t>("points", H5T_NATIVE_UINT64);
  r.shard_index = in.scalar<std::uint64_t>("shard_index", H5T_NATIVE_UINT64);
  r.shard_count = in.scalar<std::uint64_t>("shard_count", H5T_NATIVE_UINT64);
  r.simulate_seconds = in.scalar<double>("simulate_seconds", H5T_NATIVE_DOUBLE);
  r.statistics_seconds = in.scalar<double>("statistics_seconds", H5T_NATIVE_DOUBLE);
  r.violations = split_lines(in.text("violations"));
  r.unit_point = in.vector<std::int64_t>("unit_point", H5T_NATIVE_INT64);
  r.unit_first_path = in.vector<std::int64_t>("unit_first_path", H5T_NATIVE_INT64);
  r.unit_n_paths = in.vector<std::int64_t>("unit_n_paths", H5T_NATIVE_INT64);
  r.unit_status = in.vector<std::uint8_t>("unit_status", H5T_NATIVE_UINT8);
  r.unit_failure = in.strings("unit_failure");
  const std::size_t n = r.unit_point.size();
  if (r.unit_first_path.size() != n || r.unit_n_paths.size() != n || r.unit_status.size() != n || r.unit_failure.size() != n)
    in.bad("unit_status", "does not match the plan's other arrays in length: the file is damaged");
  r.accumulators = in.bytes("accumulators");
  if (sha256_hex(r.accumulators) != in.text("accumulators_sha256"))
    in.bad("accumulators", "does not match its SHA-256: the file is damaged");
  return r;
}

}  // namespace ts
