#pragma once
#include <string>

namespace ts::cli {
// One line per device the executors can use (CPU always; GPUs when the CUDA
// executor is built and a device is present).
std::string describe_devices();
}  // namespace ts::cli
