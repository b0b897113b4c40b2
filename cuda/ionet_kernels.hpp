#pragma once
// Launchers of the IO.net kernels, callable from host-compiled code. All
// pointers are device memory; one path per block of kIonetBlockThreads.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "models/metrics.hpp"
#include "models/protocols/ionet/params.hpp"
#include "models/protocols/ionet/state.hpp"

namespace ts::cuda {

inline constexpr int kIonetBlockThreads = 128;

struct IonetBatch {
  const ionet::Params* params;   // one point's parameters
  std::uint64_t seed;
  std::uint32_t first_path;      // global index of the batch's first path
  std::uint32_t n_paths;         // paths in this batch (one block each)
  std::int32_t n_time;           // snapshots per path
  ionet::Provider* slots;        // [path][max_providers]
  ionet::Network* networks;      // [path]
  double* income;                // [path][max_providers] snapshot scratch
  double* payback;
  Micro* rewards;
  Micro* stakes;
  Snapshot* snapshots;           // [path][time]
};

// Genesis and the snapshot at t = 0.
void launch_ionet_init(const IonetBatch& batch, cudaStream_t stream);

// Steps [t0, t1) of every path of the batch, with the snapshots that fall in them.
void launch_ionet_steps(const IonetBatch& batch, std::int32_t t0, std::int32_t t1, cudaStream_t stream);

}  // namespace ts::cuda
