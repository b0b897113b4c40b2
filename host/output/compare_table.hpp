#pragma once
// The side-by-side table of `tokenstress compare A.h5 B.h5`: for one point
// of each file, every metric's mean at the last snapshot in A and in B, and
// the difference B - A with a 95% interval; every risk event's probability
// by the horizon likewise. When both runs used the same seed and number of
// paths, path k of A and of B saw the same shocks (common random numbers)
// and the interval is of the paired differences, much narrower than the
// spread of either run; otherwise the runs are treated as independent.
#include <cstddef>
#include <iosfwd>
#include <string>

#include "host/output/output_reader.hpp"

namespace ts {

// Returns false (and says why on `err`) when a file lacks per-path values;
// throws std::runtime_error for a point past a file's sweep. file_a and
// file_b name the files in the table's header.
bool print_side_by_side(const FileContent& a, const std::string& file_a, const FileContent& b,
                        const std::string& file_b, std::size_t point_a, std::size_t point_b, std::ostream& out,
                        std::ostream& err);

}  // namespace ts
