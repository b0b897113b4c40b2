#include "host/config/design_csv.hpp"

#include <fstream>
#include <sstream>

#include "host/config/errors.hpp"

namespace ts::config {

namespace {

// Fields of one line split at commas; a field in double quotes may hold
// commas and "" for a quote.
std::vector<CsvCell> split_fields(const std::string& line, const std::string& file, int line_no) {
  std::vector<CsvCell> cells;
  std::size_t i = 0;
  while (true) {
    CsvCell cell;
    cell.where = Source{file, line_no, static_cast<int>(i) + 1};
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (i < line.size()) {
        if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          cell.text += '"';
          i += 2;
        } else if (line[i] == '"') {
          ++i;
          break;
        } else {
          cell.text += line[i++];
        }
      }
      while (i < line.size() && line[i] != ',') ++i;
    } else {
      const std::size_t end = line.find(',', i);
      cell.text = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? line.size() : end;
      while (!cell.text.empty() && (cell.text.back() == ' ' || cell.text.back() == '\t')) cell.text.pop_back();
    }
    cells.push_back(std::move(cell));
    if (i >= line.size()) break;
    ++i;   // the comma
  }
  return cells;
}

}  // namespace

CsvTable read_csv_table(const std::string& path, const Source& requested_at, const std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(requested_at, key, "cannot read the design file '" + path + "': no such file");
  CsvTable table;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);   // a spreadsheet's BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<CsvCell> cells = split_fields(line, path, line_no);
    if (table.header.empty()) {
      table.header = std::move(cells);
      continue;
    }
    if (cells.size() != table.header.size())
      throw ConfigError(Source{path, line_no, 1}, table.header.front().text,
                        "row has " + std::to_string(cells.size()) + " fields, the header " +
                            std::to_string(table.header.size()) + " (one column per swept key)");
    table.rows.push_back(std::move(cells));
  }
  if (table.header.empty())
    throw ConfigError(Source{path, 1, 1}, key, "the design file '" + path + "' is empty: it needs a header of keys and rows of points");
  if (table.rows.empty())
    throw ConfigError(Source{path, line_no, 1}, table.header.front().text,
                      "the design file '" + path + "' has a header but no points");
  return table;
}

}  // namespace ts::config
