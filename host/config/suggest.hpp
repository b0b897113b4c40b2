#pragma once
// "Did you mean": the closest known name to a misspelt one, so an unknown
// key error can point at the key the analyst meant.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ts::config {

// Edit distance counting insertions, deletions, substitutions and swaps of
// two neighbouring characters (optimal string alignment), so "buyabck"
// is one edit from "buyback".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or nothing when none is close. Dotted
// names are compared whole and by their last component, so a key put in
// the wrong table ("demand.buyback_share") still finds "fees.buyback_share".
std::optional<std::string> closest_name(const std::string& word,
                                        const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close; `open`/`close` wrap
// the suggestion (e.g. "[" and "]" for tables).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates,
                         const std::string& open = "'", const std::string& close = "'");

}  // namespace ts::config
