#pragma once
// Runs a grid's blocks on CPU threads, each block's threads as fibers
// (Boost.Context: a user-space context switch, no system call).
#include <cuda_runtime_api.h>

#include <functional>
#include <string>

namespace ts::emu {

// Every thread of every block calls `thread_body`. Blocks run in parallel on
// the settings' workers, one block at a time per worker. Returns "" when
// every thread returned, else what went wrong in the first faulting block
// (by block index): threads at different barriers, threads that returned
// while others wait at a barrier, or an exception escaping a thread.
std::string run_grid(const char* kernel_name, dim3 grid, dim3 block, const std::function<void()>& thread_body);

}  // namespace ts::emu
