#pragma once
// Durations in scenario files: a number and one unit letter, e.g. "2y",
// "90d", "8760h", "1w", "6m", "1.5y". Values are kept in hours. A month is
// a twelfth of a year and a year is 365.25 days, so "12m" == "1y".
#include <string>

namespace ts::config {

constexpr double kHoursPerDay = 24.0;
constexpr double kHoursPerWeek = 7 * kHoursPerDay;
constexpr double kHoursPerYear = 365.25 * kHoursPerDay;   // 8766 h
constexpr double kHoursPerMonth = kHoursPerYear / 12.0;   // 730.5 h

// Hours in `text`; throws std::invalid_argument with the reason (empty,
// negative, no unit, unknown unit, not a number) for an analyst to read.
double parse_duration_hours(const std::string& text);

// The accepted units, for error messages.
std::string duration_units_help();

}  // namespace ts::config
