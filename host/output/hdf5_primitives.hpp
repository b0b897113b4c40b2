#pragma once
// Small HDF5 and file primitives shared by the output writer and the run
// state files: scalar attributes (strings as variable-length UTF-8, read as
// text by every netCDF reader), fsync before rename, and a temporary file
// removed unless the write reached its rename.
#include <hdf5.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "host/output/hdf5_handles.hpp"

namespace ts {

void write_string_attribute(hid_t obj, const std::string& name, const std::string& value, const std::string& where);

template <class T>
void write_scalar_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type, T value,
                            const std::string& where) {
  auto space = h5::make<h5::Dataspace>(H5Screate(H5S_SCALAR), "H5Screate", where);
  std::string at = where + " attribute '" + name + "'";
  auto attr = h5::make<h5::Attribute>(H5Acreate2(obj, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                      "H5Acreate2", at);
  h5::check(H5Awrite(attr.get(), mem_type, &value), "H5Awrite", at);
}

// fsync so that the rename cannot reach the disk before the data does.
void sync_file(const std::string& path);

// Removes the temporary file unless the write reached the rename.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};


}  // namespace ts
