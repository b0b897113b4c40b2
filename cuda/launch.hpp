#pragma once
// Kernel launches that both nvcc and the CPU emulation compile:
//   TS_LAUNCH(grid, block, shared_bytes, stream, kernel<...>)(args...);
// With nvcc this is kernel<<<grid, block, shared_bytes, stream>>>(args...);
// with TOKENSTRESS_CUDA_EMULATION it runs the kernel's threads as fibers on
// the CPU (cuda/emulation/launch.hpp). The kernel comes last so that its
// template arguments may contain commas.
#ifdef TOKENSTRESS_CUDA_EMULATION
#include "cuda/emulation/launch.hpp"
#define TS_LAUNCH(grid, block, shared_bytes, stream, ...) \
  ::ts::emu::Launch(grid, block, shared_bytes, stream, #__VA_ARGS__, __VA_ARGS__)
#else
#define TS_LAUNCH(grid, block, shared_bytes, stream, ...) __VA_ARGS__<<<grid, block, shared_bytes, stream>>>
#endif
