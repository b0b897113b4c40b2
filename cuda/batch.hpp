#pragma once
// A batch of paths of one point in device memory, and the launchers of the
// kernels that run a model on it (defined in kernels.cuh, instantiated per
// protocol in <protocol>_kernels.cu). Callable from host-compiled code.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "models/core/amount.hpp"
#include "models/metrics.hpp"

namespace ts::cuda {

inline constexpr int kBlockThreads = 128;   // threads per path (agent slots are strided over them)
// Blocks of the steps kernel each SM must hold (__launch_bounds__): caps a
// thread at 65536 / (4 x 128) = 128 registers, 16 warps per SM. Without it
// Akash, Clore and Bittensor took 255 registers and ran 2 blocks per SM.
inline constexpr int kMinBlocksPerSm = 4;

template <class M>
struct DeviceBatch {
  const typename M::Params* params;  // one point's parameters
  std::uint64_t seed;
  std::uint32_t first_path;          // global index of the batch's first path
  std::uint32_t n_paths;             // paths in this batch (one block each)
  std::int32_t n_time;               // snapshots per path
  typename M::Agent* agents;         // [path][agent_slots]
  typename M::Network* networks;     // [path]
  double* real_a;                    // [path][agent_slots] snapshot scratch
  double* real_b;
  Micro* amount_a;
  Micro* amount_b;
  Snapshot* snapshots;               // [path][time]
};

// Genesis and the snapshot at t = 0, one thread per path.
template <class M>
void launch_init(const DeviceBatch<M>& batch, cudaStream_t stream);

// Steps [t0, t1) of every path of the batch, one block per path. A range
// never crosses a snapshot: the executor ends it at one and calls
// launch_snapshot.
template <class M>
void launch_steps(const DeviceBatch<M>& batch, std::int32_t t0, std::int32_t t1, cudaStream_t stream);

// Snapshot `index` of every path from its state after the last launch_steps,
// one thread per path: the population statistics (sorts over up to 512
// slots for medians, Gini, Nakamoto) run on every thread of the grid instead
// of on thread 0 of each path's block while its other 127 threads wait.
template <class M>
void launch_snapshot(const DeviceBatch<M>& batch, std::int32_t index, cudaStream_t stream);

}  // namespace ts::cuda
