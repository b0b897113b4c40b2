#pragma once
// Reads an output file in a child process, so that a file crafted or
// damaged to crash the HDF5 library (12 of 170 such files made it segfault
// in tests; h5py crashes on the same ones) or to hang it costs the child,
// not the tool: the parent reports the file as corrupt and `compare` exits
// 2. The child also runs under a memory cap derived from what the file
// declares, and a time limit.
#include <cstdint>
#include <functional>
#include <string>

#include "host/output/output_reader.hpp"

namespace ts {

struct IsolationLimits {
  ReadLimits read;
  // A damaged file can send the HDF5 library into an endless loop (a zeroed
  // global heap does): the child may use this much CPU time, plus one
  // second per cpu_bytes_per_second of file, before it is stopped. Reading
  // a sound file takes well under a tenth of that.
  unsigned cpu_seconds = 2;
  double cpu_bytes_per_second = 16.0 * (1 << 20);
  // And this much wall time (a stalled disk, a reader waiting forever).
  unsigned wall_seconds = 600;
};

// Throws OutputError naming the file: the reader's own refusals (not a
// tokenstress file, sizes, layout ...) as read_output_file words them, and
// "the file is corrupt: the HDF5 library crashed reading it" or "used more
// than N s of CPU time" when the child died or was stopped.
FileContent read_output_file_isolated(const std::string& path, const IsolationLimits& limits = {});

// The mechanism: runs `work` in a forked child under a CPU-time and a
// wall-time limit and returns the bytes it returned. An exception in the
// child comes back as OutputError with its message; a signal, a limit, a
// reply beyond max_reply bytes or a failed exit become OutputError about
// `where`.
struct ChildLimits {
  unsigned cpu_seconds = 10;
  unsigned wall_seconds = 600;
  std::uint64_t max_reply = std::uint64_t{1} << 30;
};
std::string run_in_child(const std::string& where, const ChildLimits& limits, const std::function<std::string()>& work);

}  // namespace ts
