// The emulation's settings from the environment (settings.hpp lists them).
#include "cuda/emulation/settings.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace ts::emu {

namespace {

[[noreturn]] void bad(const char* name, const std::string& value, const char* expected) {
  std::fprintf(stderr, "tokenstress CUDA emulation: %s=%s: expected %s\n", name, value.c_str(), expected);
  std::exit(2);
}

std::uint64_t number(const char* name, const std::string& text, const char* expected) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
    bad(name, text, expected);
  return std::stoull(text);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    const std::size_t comma = s.find(',', at);
    out.push_back(s.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

Settings from_environment() {
  Settings s;
  if (const char* v = std::getenv("TOKENSTRESS_EMU_ORDER")) {
    const std::string o = v;
    if (o == "forward") s.order = ThreadOrder::forward;
    else if (o == "reverse") s.order = ThreadOrder::reverse;
    else if (o == "shuffle") s.order = ThreadOrder::shuffled;
    else if (o.rfind("shuffle:", 0) == 0) {
      s.order = ThreadOrder::shuffled;
      s.shuffle_seed = number("TOKENSTRESS_EMU_ORDER", o.substr(8), "forward, reverse, shuffle or shuffle:SEED");
    } else bad("TOKENSTRESS_EMU_ORDER", o, "forward, reverse, shuffle or shuffle:SEED");
  }
  if (const char* v = std::getenv("TOKENSTRESS_EMU_WORKERS"))
    s.workers = static_cast<int>(number("TOKENSTRESS_EMU_WORKERS", v, "a number of CPU threads"));
  if (const char* v = std::getenv("TOKENSTRESS_EMU_MEMORY"))
    s.device_memory = number("TOKENSTRESS_EMU_MEMORY", v, "a number of bytes");
  if (const char* v = std::getenv("TOKENSTRESS_EMU_FAIL_ALLOC"))
    for (const std::string& n : split(v))
      s.failing_allocations.push_back(number("TOKENSTRESS_EMU_FAIL_ALLOC", n, "call numbers N[,M...] (1-based)"));
  if (const char* v = std::getenv("TOKENSTRESS_EMU_DROP_BARRIER"))
    for (const std::string& site : split(v)) {
      const std::size_t colon = site.rfind(':');
      if (colon == std::string::npos || colon == 0 || site.find('/') != std::string::npos)
        bad("TOKENSTRESS_EMU_DROP_BARRIER", site, "FILE:LINE[,FILE:LINE...] with FILE a name without folders");
      number("TOKENSTRESS_EMU_DROP_BARRIER", site.substr(colon + 1), "FILE:LINE with LINE a number");
      s.dropped_barriers.push_back(site);
    }
  if (const char* v = std::getenv("TOKENSTRESS_EMU_DEVICES"))
    s.devices = static_cast<int>(number("TOKENSTRESS_EMU_DEVICES", v, "a device count"));
  if (const char* v = std::getenv("TOKENSTRESS_EMU_INIT_ERROR"))
    s.init_error = static_cast<int>(number("TOKENSTRESS_EMU_INIT_ERROR", v, "a cudaError_t number"));
  return s;
}

}  // namespace

Settings& settings() {
  static Settings s = from_environment();
  return s;
}

}  // namespace ts::emu
