#pragma once
// Compiled by the host compiler: what the CUDA runtime sees, for `info`.
#include <string>

namespace ts::cuda {
int device_count();                 // 0 without a driver or device
std::string describe_devices();     // one line per device
}  // namespace ts::cuda
