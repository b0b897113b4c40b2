#pragma once
// The instruction set the CPU executor's vectorised parts run with: the best
// of x86-64 baseline, x86-64-v3 (AVX2) and x86-64-v4 (AVX-512) the CPU has,
// or the one TOKENSTRESS_CPU_PATH names (baseline, x86-64-v3, x86-64-v4; an
// unknown name or one the CPU lacks is an error). Chosen once; every path
// gives the same bits, so the choice only changes speed.
#include <string>

namespace ts {

enum class CpuPath { baseline = 0, v3 = 1, v4 = 2 };

CpuPath cpu_path();                      // chosen at first use
bool cpu_has(CpuPath path);              // this CPU can run it
const char* cpu_path_name(CpuPath path);
std::string cpu_path_description();      // for `tokenstress info`

}  // namespace ts
