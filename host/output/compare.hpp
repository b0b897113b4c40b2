#pragma once
// `tokenstress compare A.h5 B.h5`: are two output files the same result?
// Every numeric dataset of either file is compared (a variable missing from
// one file, or of another shape, is a difference). Global attributes are
// provenance and do not count, except that a different scenario_toml or
// seed is mentioned as a note.
#include <cstddef>
#include <iosfwd>
#include <string>

#include "host/output/output_reader.hpp"

namespace ts {

struct CompareOptions {
  bool exact = false;       // bitwise equality of doubles (NaN == NaN with the same bits)
  double rtol = 1e-9;       // otherwise |a - b| <= atol + rtol * |b|; NaN equals only NaN
  double atol = 0.0;
  std::size_t max_report = 20;  // difference lines printed before a count of the rest
};

// 0 equal, 1 different (report on out), 2 error (message on err): a file
// that cannot be read, is not a tokenstress result, or is damaged.
int compare_files(const std::string& a, const std::string& b, const CompareOptions& opt, std::ostream& out,
                  std::ostream& err);

// The same verdict for two files already read.
int compare_contents(const FileContent& a, const FileContent& b, const CompareOptions& opt, std::ostream& out,
                     std::ostream& err);

}  // namespace ts
