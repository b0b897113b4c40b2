#pragma once
// The numeric content of a result, in memory or in an output file, and its
// digest: SHA-256 over every coordinate and variable array with its name,
// type and shape, in name order. Provenance (wall time, host, ...) is not
// numeric content, so two runs that computed the same numbers have the same
// digest whatever machine or backend produced them (DESIGN.md principle 4).
// The byte layout hashed is documented in results/README.md.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "host/output/run_result.hpp"

namespace ts {

// How a variable's values are stored in the file. Values are held as double
// in memory either way: the integer variables are indices far below 2^53.
enum class StoredType { float64, int64 };

// One named array: a coordinate or a variable of the output file.
struct NumericArray {
  std::string name;
  std::vector<std::string> dims;      // dimension names, outermost first
  std::vector<std::size_t> shape;     // same length as dims
  StoredType type = StoredType::float64;
  std::map<std::string, std::string> attrs;  // string attributes (units, ...)
  bool is_coordinate = false;  // labels an axis (no _FillValue); not hashed

  // Values, row-major: a view into a RunResult (so that writing does not
  // copy the statistics) or owned.
  const double* view = nullptr;
  std::vector<double> owned;

  const double* values() const { return view ? view : owned.data(); }
  std::size_t size() const;  // product of shape
};

// SHA-256 of the arrays' names, types, shapes and values, visited in name
// order; lowercase hex, 64 characters.
std::string digest_of(const std::vector<NumericArray>& arrays);

// SHA-256 of bytes, lower-case hex (run identities, state-file checksums).
std::string sha256_hex(const std::string& bytes);

// The digest of what write_result_hdf5 writes for r (equal to the file's
// `digest` attribute). Throws OutputError when r is inconsistent.
std::string numeric_digest(const RunResult& r);

}  // namespace ts
