#include "host/cli/device_info.hpp"

#include "cuda/cuda_executor.hpp"

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
  out += ts::cuda::describe_devices();
  return out;
}

}  // namespace ts::cli
