#pragma once
// RAII owners for HDF5 identifiers (DESIGN.md: RAII owns every HDF5 handle)
// and the checks that turn a failed HDF5 call into a loud ts::OutputError
// naming the call, the file and what the HDF5 error stack said.
#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

#include "host/output/hdf5_writer.hpp"  // ts::OutputError

namespace ts::h5 {

// One owned hid_t, closed by Close when the owner goes. Move-only.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Close now and report the status: a file's close is where HDF5 flushes
  // its metadata, so the writer must see it fail rather than lose it in a
  // destructor.
  herr_t close() {
    herr_t rc = 0;
    if (id_ >= 0) rc = Close(id_);
    id_ = H5I_INVALID_HID;
    return rc;
  }
  void reset() { (void)close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropList = Handle<H5Pclose>;
using Object = Handle<H5Oclose>;  // any object opened with H5Oopen

// While alive, HDF5 does not print its error stack to stderr; our exceptions
// carry the useful part of it instead (error_stack_text). The previous
// handler is restored on exit, so nothing outlives the scope.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

// The innermost messages of the current error stack (the most specific ones,
// e.g. "unable to open file ... errno = 2"). Must be called right after the
// failing call: the next HDF5 API call clears the stack.
inline std::string error_stack_text() {
  std::vector<std::string> lines;
  auto visit = [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
    auto* out = static_cast<std::vector<std::string>*>(data);
    std::string line = e->func_name ? e->func_name : "?";
    line += ": ";
    line += e->desc ? e->desc : "";
    out->push_back(std::move(line));
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, visit, &lines);
  if (lines.empty()) return "no HDF5 error message";
  // The walk goes from the API call inwards; keep the API call and the
  // two innermost causes.
  std::string text = lines.front();
  std::size_t first_inner = lines.size() > 3 ? lines.size() - 2 : 1;
  for (std::size_t i = first_inner; i < lines.size(); ++i) text += " <- " + lines[i];
  return text;
}

[[noreturn]] inline void fail(const std::string& call, const std::string& where) {
  throw OutputError(call + " failed for " + where + ": " + error_stack_text());
}

// herr_t / htri_t results: negative is failure.
inline void check(herr_t rc, const std::string& call, const std::string& where) {
  if (rc < 0) fail(call, where);
}

// Wrap a freshly returned identifier, or throw if the call failed.
template <class H>
H make(hid_t id, const std::string& call, const std::string& where) {
  if (id < 0) fail(call, where);
  return H(id);
}

}  // namespace ts::h5
