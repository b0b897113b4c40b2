// The IO.net path driver of models/ compiled for the device, one path per
// thread. It proves, in every build with nvcc, that models/ stays device
// code (no heap, no std:: containers, no exceptions, no virtual calls).
// The parallel CUDA executor (agent slots across threads) builds on it.
#include <cstdint>

#include "models/protocols/ionet/path.hpp"

namespace ts::cuda {

__global__ void ionet_paths_one_thread_each(const ionet::Params* params, std::uint64_t seed,
                                            std::uint32_t first_path, std::uint32_t n_paths,
                                            ionet::Provider* slots, double* income, double* payback,
                                            Micro* rewards, Micro* stakes, ionet::Network* networks,
                                            Snapshot* snapshots, std::int32_t* event_step) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n_paths) return;
  const ionet::Params& p = *params;
  const std::size_t slot0 = static_cast<std::size_t>(i) * p.max_providers;
  const ionet::SnapshotScratch scratch{income + slot0, payback + slot0, rewards + slot0, stakes + slot0};
  const ionet::PathContext ctx{RandomKey{seed}, first_path + i};
  ionet::simulate_path(p, ctx, networks[i], slots + slot0, scratch,
                       snapshots + static_cast<std::size_t>(i) * ionet::snapshot_count(p),
                       event_step + static_cast<std::size_t>(i) * kEventCount);
}

}  // namespace ts::cuda
