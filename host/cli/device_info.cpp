#include "host/cli/device_info.hpp"

#ifdef TOKENSTRESS_HAVE_CUDA
#include "cuda/device_query.hpp"
#endif

#include <fmt/format.h>

#include <fstream>
#include <string>
#include <thread>

namespace ts::cli {

namespace {
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}
}  // namespace

std::string describe_devices() {
  std::string out = fmt::format("device cpu: {} ({} hardware threads)\n", cpu_model(), std::thread::hardware_concurrency());
#ifdef TOKENSTRESS_HAVE_CUDA
  out += ts::cuda::describe_devices();
#else
  out += "device cuda: not configured in this build\n";
#endif
  return out;
}

}  // namespace ts::cli
