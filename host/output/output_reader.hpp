#pragma once
// Reading an output file back: what `compare` (and a merge of shards) sees.
// Files come from anywhere (a colleague, a cluster's scratch disk, a damaged
// copy, a crafted file), so before any number is read the reader checks
// that the file is a tokenstress result of a layout it knows, with the
// coordinates every result has, variables whose extents agree with those
// coordinates, and declared sizes that fit both the bytes the file stores
// and the memory it may use. Each refusal says which file and why.
// read_output_file_isolated (isolated_read.hpp) also contains a crash or a
// hang of the HDF5 library itself.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "host/output/digest.hpp"

namespace ts {

struct ReadLimits {
  std::size_t max_objects = 4096;               // links at the root (a result has a few hundred)
  std::size_t max_attributes = 256;             // per object (a result has about 30 global ones)
  std::size_t max_attribute_bytes = 64u << 20;  // one attribute's stored value
  std::size_t max_rank = 8;                     // a result's variables have rank <= 3
  // All numeric values, 8 bytes each in memory; 0: 40% of this machine's
  // memory (two files are compared, and the machine keeps some for itself).
  std::uint64_t max_value_bytes = 0;
  // Declared bytes of one variable per byte it stores, beyond 1 MiB: zlib
  // cannot expand more than ~1032:1, so a variable above this is damaged
  // or crafted (a 290 KB file declaring a 4 GB dataset).
  double max_expansion = 2048;
  // Called once the sizes are checked, with the bytes the values will take,
  // before any value is read (the isolated reader caps its memory here).
  std::function<void(std::uint64_t)> before_values;
};

// What a reader sees in an output file: its global attributes as text
// (numbers formatted: "42", "1.25"), the layout version (1 for files written
// before `layout_version` existed) and every numeric dataset of the root
// group, sorted by name, with dimension names (from its dimension scales;
// "dim0", "dim1" ... where a file has none, as h5py copies leave it) and
// string attributes.
struct FileContent {
  std::map<std::string, std::string> attributes;
  std::uint64_t layout_version = 0;
  bool unnamed_axes = false;  // some variable had an axis without a dimension scale
  std::vector<NumericArray> arrays;
};

// "dim0", "dim1", ...: the name the reader gives an axis without a
// dimension scale.
bool is_unnamed_axis(const std::string& dim);

// The byte budget max_value_bytes = 0 stands for.
std::uint64_t default_value_budget();

// Throws OutputError, naming the file, when it cannot be opened or read or
// is not a tokenstress result this version can read.
FileContent read_output_file(const std::string& path, const ReadLimits& limits = {});

// The digest recomputed from a file's numeric content.
std::string file_numeric_digest(const std::string& path);

}  // namespace ts
