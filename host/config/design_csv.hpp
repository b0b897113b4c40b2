#pragma once
// A design table from outside (SALib, scipy.stats.qmc, a spreadsheet): a
// CSV file whose header names the swept keys and whose every later row is
// one point. Read here into cells with their positions; the loader checks
// keys and values against the schema. Accepted: a UTF-8 byte-order mark,
// CRLF line ends, blank lines and lines starting with '#', fields in
// double quotes.
#include <string>
#include <vector>

#include "host/config/scenario.hpp"

namespace ts::config {

struct CsvCell {
  std::string text;
  Source where;   // the file, its line and the field's first column
};

struct CsvTable {
  std::vector<CsvCell> header;
  std::vector<std::vector<CsvCell>> rows;
};

// Throws ConfigError at `requested_at` / `key` when the file cannot be read,
// and at the file's own line for an empty table or a row whose field count
// differs from the header's.
CsvTable read_csv_table(const std::string& path, const Source& requested_at, const std::string& key);

}  // namespace ts::config
