#include "host/output/hdf5_primitives.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace ts {

void write_string_attribute(hid_t obj, const std::string& name, const std::string& value,
                            const std::string& where) {
  auto type = h5::make<h5::Datatype>(H5Tcopy(H5T_C_S1), "H5Tcopy", where);
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size", where);
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", where);
  auto space = h5::make<h5::Dataspace>(H5Screate(H5S_SCALAR), "H5Screate", where);
  std::string at = where + " attribute '" + name + "'";
  auto attr = h5::make<h5::Attribute>(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                      "H5Acreate2", at);
  const char* text = value.c_str();
  h5::check(H5Awrite(attr.get(), type.get(), &text), "H5Awrite", at);
}

void sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw OutputError(fmt::format("cannot open '{}' to sync it: {}", path, std::strerror(errno)));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) throw OutputError(fmt::format("fsync of '{}' failed: {}", path, std::strerror(err)));
}

}  // namespace ts
