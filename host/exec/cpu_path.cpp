#include "host/exec/cpu_path.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ts {

bool cpu_has(CpuPath path) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  switch (path) {
    case CpuPath::baseline: return true;
    case CpuPath::v3:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("fma");
    case CpuPath::v4:
      return cpu_has(CpuPath::v3) && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  }
  return false;
#else
  return path == CpuPath::baseline;
#endif
}

namespace {

CpuPath choose() {
  const char* forced = std::getenv("TOKENSTRESS_CPU_PATH");
  if (forced != nullptr && *forced != '\0') {
    const std::string name = forced;
    for (CpuPath p : {CpuPath::baseline, CpuPath::v3, CpuPath::v4}) {
      if (name != cpu_path_name(p)) continue;
      if (!cpu_has(p)) throw std::runtime_error(fmt::format("TOKENSTRESS_CPU_PATH={}: this CPU lacks it", name));
      return p;
    }
    throw std::runtime_error(
        fmt::format("TOKENSTRESS_CPU_PATH={}: unknown; use baseline, x86-64-v3 or x86-64-v4", name));
  }
  if (cpu_has(CpuPath::v4)) return CpuPath::v4;
  if (cpu_has(CpuPath::v3)) return CpuPath::v3;
  return CpuPath::baseline;
}

}  // namespace

CpuPath cpu_path() {
  static const CpuPath chosen = choose();
  return chosen;
}

const char* cpu_path_name(CpuPath path) {
  switch (path) {
    case CpuPath::v3: return "x86-64-v3";
    case CpuPath::v4: return "x86-64-v4";
    default: return "baseline";
  }
}

std::string cpu_path_description() {
  std::string has;
  for (CpuPath p : {CpuPath::baseline, CpuPath::v3, CpuPath::v4})
    if (cpu_has(p)) has += std::string(has.empty() ? "" : ", ") + cpu_path_name(p);
  return fmt::format("{} (this CPU has {}; TOKENSTRESS_CPU_PATH chooses)", cpu_path_name(cpu_path()), has);
}

}  // namespace ts
