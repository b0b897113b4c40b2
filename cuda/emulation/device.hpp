#pragma once
// Device-side CUDA for kernel source compiled by the host compiler (DESIGN.md
// "Kernels without a GPU"). A block's threads are fibers on one CPU thread
// (cuda/emulation/block_scheduler.cpp): each runs until it reaches a barrier
// or returns, and the block moves on only when every thread stands at the
// same barrier. So `threadIdx` names the running fiber, `__shared__` is
// storage of the CPU thread running the block (one block at a time per CPU
// thread: each block sees its own), and `__syncthreads()` passes its call
// site, which the scheduler checks is the same for every waiting thread.
#include <cuda_runtime_api.h>

#include <cstddef>

namespace ts::emu {

struct ThreadPlace {
  uint3 thread;      // threadIdx
  uint3 block;       // blockIdx
  dim3 block_dim;    // blockDim
  dim3 grid_dim;     // gridDim
};

// The running fiber's place in the grid (set by the scheduler at each switch).
extern thread_local const ThreadPlace* current_place;
inline const ThreadPlace& place() { return *current_place; }

// __syncthreads(): suspends the calling thread until every thread of its
// block has reached a barrier, and reports a fault when they stand at
// different ones (file and line of each) or some have returned.
void sync_threads(const char* file, int line);

}  // namespace ts::emu

#define threadIdx (::ts::emu::place().thread)
#define blockIdx (::ts::emu::place().block)
#define blockDim (::ts::emu::place().block_dim)
#define gridDim (::ts::emu::place().grid_dim)
#define __syncthreads() ::ts::emu::sync_threads(__FILE__, __LINE__)

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
// Per CPU thread, so the block that thread runs has it to itself; like real
// shared memory it is not cleared between blocks.
#define __shared__ static thread_local
