#include "host/config/suggest.hpp"

#include <algorithm>
#include <tuple>

namespace ts::config {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice for the swap rule, which looks two rows back.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[n];
}

namespace {

std::string_view last_component(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// How many edits still read as a typo rather than a different word.
std::size_t tolerance(std::string_view word) { return std::max<std::size_t>(1, word.size() / 3); }

}  // namespace

std::optional<std::string> closest_name(const std::string& word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::tuple<std::size_t, std::size_t> best_score{~std::size_t{0}, ~std::size_t{0}};
  const std::string_view word_last = last_component(word);
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;
    const std::size_t whole = edit_distance(word, candidate);
    const std::size_t last = edit_distance(word_last, last_component(candidate));
    const bool close_whole = whole <= tolerance(word);
    const bool close_last = last <= tolerance(word_last) && last < word_last.size();
    if (!close_whole && !close_last) continue;
    // Rank by the better of the two distances, then by the whole-name one;
    // ties keep the schema's order.
    const std::tuple<std::size_t, std::size_t> score{
        std::min(close_whole ? whole : last, close_last ? last : whole), whole};
    if (score < best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates,
                         const std::string& open, const std::string& close) {
  const auto best = closest_name(word, candidates);
  return best ? " (did you mean " + open + *best + close + "?)" : std::string();
}

}  // namespace ts::config
