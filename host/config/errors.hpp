#pragma once
// Errors in a scenario, reported like a compiler reports a source error:
// `FILE:LINE:COL: error: MESSAGE`. The CLI prints what() and exits 2
// (DESIGN.md principle 7). One ConfigError may carry several diagnostics
// (e.g. every missing key); the first is the primary one and fills
// `where`, `key` and `message`.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/config/scenario.hpp"

namespace ts::config {

struct Diagnostic {
  Source where;
  std::string key;       // dotted key the problem is about; "" for syntax errors
  std::string message;   // what is wrong and what is allowed
};

// "FILE:LINE:COL: error: MESSAGE"; the column (or line and column) is left
// out when unknown, e.g. "--set: error: ..." or "x.toml: error: ...".
inline std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.where.file.empty() ? std::string("<scenario>") : d.where.file;
  if (d.where.line > 0) {
    out += ":" + std::to_string(d.where.line);
    if (d.where.column > 0) out += ":" + std::to_string(d.where.column);
  }
  // A message quotes what the user wrote; a 2 MB key must not make a 2 MB
  // message. Cut at a UTF-8 character boundary.
  constexpr std::size_t kMaxMessage = 1000;
  if (d.message.size() <= kMaxMessage) return out + ": error: " + d.message;
  std::size_t cut = kMaxMessage;
  while (cut > 0 && (static_cast<unsigned char>(d.message[cut]) & 0xC0) == 0x80) --cut;
  return out + ": error: " + d.message.substr(0, cut) + "... [" + std::to_string(d.message.size()) +
         "-byte message cut]";
}

class ConfigError : public std::runtime_error {
 public:
  ConfigError(Source where_, std::string key_, std::string message_)
      : ConfigError(std::vector<Diagnostic>{{std::move(where_), std::move(key_), std::move(message_)}}) {}

  // `all` must not be empty; all[0] is the primary diagnostic.
  explicit ConfigError(std::vector<Diagnostic> all)
      : std::runtime_error(format_all(all)),
        where(all.at(0).where),
        key(all.at(0).key),
        message(all.at(0).message),
        diagnostics(std::move(all)) {}

  Source where;
  std::string key;
  std::string message;                  // the primary message, without the position
  std::vector<Diagnostic> diagnostics;  // every problem found, primary first

 private:
  // One line per problem; a file that sets nothing would list every key of
  // the schema, so the text stops after a screenful (`diagnostics` has all).
  static std::string format_all(const std::vector<Diagnostic>& all) {
    constexpr std::size_t kMaxLines = 20;
    std::string text;
    for (std::size_t i = 0; i < all.size() && i < kMaxLines; ++i) {
      if (!text.empty()) text += "\n";
      text += format_diagnostic(all[i]);
    }
    if (all.size() > kMaxLines) text += "\n... and " + std::to_string(all.size() - kMaxLines) + " more";
    return text;
  }
};

}  // namespace ts::config
