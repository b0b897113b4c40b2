#include "host/config/duration.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace ts::config {

std::string duration_units_help() {
  return "write a number and a unit: h (hours), d (days), w (weeks), m (months of 730.5 h), "
         "y (years of 8766 h), e.g. \"90d\" or \"2y\"";
}

namespace {

double hours_per_unit(char unit) {
  switch (unit) {
    case 'h': return 1.0;
    case 'd': return kHoursPerDay;
    case 'w': return kHoursPerWeek;
    case 'm': return kHoursPerMonth;
    case 'y': return kHoursPerYear;
    default: return 0.0;
  }
}

}  // namespace

double parse_duration_hours(const std::string& text) {
  if (text.empty()) throw std::invalid_argument("empty duration; " + duration_units_help());
  if (text[0] == '-') throw std::invalid_argument("a duration cannot be negative");
  // Digits, at most one decimal point, then the unit: nothing else, so that
  // "1e3d", "+2y", " 2y" and "2 y" are refused rather than half-read.
  std::size_t digits_end = 0;
  bool seen_point = false, seen_digit = false;
  for (; digits_end < text.size(); ++digits_end) {
    const char c = text[digits_end];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit)
    throw std::invalid_argument("'" + text + "' does not start with a number; " + duration_units_help());
  const std::string unit = text.substr(digits_end);
  if (unit.empty())
    throw std::invalid_argument("'" + text + "' has no unit; " + duration_units_help());
  if (unit.size() != 1 || hours_per_unit(unit[0]) == 0.0)
    throw std::invalid_argument("unknown duration unit '" + unit + "' in '" + text + "'; " +
                                duration_units_help());
  const double amount = std::strtod(text.substr(0, digits_end).c_str(), nullptr);
  const double hours = amount * hours_per_unit(unit[0]);
  if (!std::isfinite(hours)) throw std::invalid_argument("'" + text + "' is too long a duration");
  return hours;
}

}  // namespace ts::config
