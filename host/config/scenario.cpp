#include "host/config/scenario.hpp"

#include <stdexcept>

namespace ts::config {

namespace {

const Value& find_value(const std::map<std::string, Value>& values, const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end()) throw std::out_of_range("scenario has no key '" + key + "'");
  return it->second;
}

}  // namespace

double Scenario::number(const std::string& key) const { return find_value(values, key).number; }

const std::string& Scenario::text(const std::string& key) const { return find_value(values, key).text; }

std::size_t Scenario::point_count() const {
  if (!design.is_grid()) return sweep.empty() ? 1 : sweep.front().values.size();
  std::size_t count = 1;
  for (const SweepAxis& axis : sweep) count *= axis.values.size();
  return count;
}

bool Scenario::is_swept(const std::string& key) const {
  for (const SweepAxis& axis : sweep)
    if (axis.key == key) return true;
  return false;
}

}  // namespace ts::config
