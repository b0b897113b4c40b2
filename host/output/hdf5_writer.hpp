#pragma once
// Writes a RunResult as one HDF5 file in the netCDF-4 layout (DESIGN.md,
// "Output file"; schema in results/README.md), atomically: a temporary file
// in the same folder is written, closed, synced and renamed over the target,
// so the target is either the old file or the complete new one (principle 8).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/output/digest.hpp"
#include "host/output/run_result.hpp"

namespace ts {

// Any failure to lay out, write or read an output file. The message names the
// file and, for HDF5 failures, the call that failed.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The version of the file layout, written as the global attribute
// `layout_version` (uint64). Readers check it before reading data: 1 was
// every file before the attribute existed (provenance numbers as strings);
// 2 stores numeric provenance as numbers.
constexpr std::uint64_t kLayoutVersion = 2;

// The arrays the file holds for r, in the order they are written:
// coordinates (point, time, quantile, path, param_*) then, per metric,
// <m>_mean _std _sem _min _max _q, per event p_<e> p_<e>_lo p_<e>_hi
// time_to_<e>_q, then <m>_traj. Checks r first: mismatched array sizes, bad
// or clashing names and reserved attribute keys throw OutputError.
std::vector<NumericArray> output_arrays(const RunResult& r);

// The writer's temporary for `path` is `.NAME.tmp-PID` in the same folder
// (NAME: path's file name); this is that name without the PID, so that a
// later run can find the temporaries of killed ones.
std::string temporary_name_prefix(const std::string& path);

// Throws OutputError; on failure the target is untouched and no temporary
// file is left behind. Creates the parent folder when it is missing.
void write_result_hdf5(const RunResult& r, const std::string& path);

}  // namespace ts
