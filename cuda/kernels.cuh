#pragma once
// Any protocol model on the GPU: the same functions as the CPU executor's
// path driver (models/engine/path_driver.hpp), one path per block, agent
// slots spread over the block's threads, network phases on thread 0, and the
// per-step population sums by block reductions over integers (block_sums.cuh),
// so the order of the sum cannot change a bit (DESIGN.md principle 4). State
// stays in device memory between launches, a launch runs a range of steps.
#include "cuda/batch.hpp"
#include "cuda/block_sums.cuh"
#include "cuda/cuda_check.hpp"
#include "cuda/launch.hpp"
#include "models/engine/path_driver.hpp"

namespace ts::cuda {

namespace detail {

template <class M>
__device__ SnapshotScratch scratch_of(const DeviceBatch<M>& b, std::uint32_t local, std::int32_t slots) {
  const std::size_t at = static_cast<std::size_t>(local) * slots;
  return SnapshotScratch{b.real_a + at, b.real_b + at, b.amount_a + at, b.amount_b + at};
}

// Snapshot `index` of path i of the batch, from its state in device memory.
template <class M>
__device__ void take_path_snapshot(const DeviceBatch<M>& b, std::uint32_t i, std::int32_t index) {
  const typename M::Params& p = *b.params;
  const std::int32_t slots = M::agent_slots(p);
  Snapshot& out = b.snapshots[static_cast<std::size_t>(i) * b.n_time + index];
  clear_snapshot(out);
  M::snapshot(p, b.networks[i], b.agents + static_cast<std::size_t>(i) * slots, scratch_of(b, i, slots), out);
}

template <class M>
__global__ void init_kernel(DeviceBatch<M> b) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= b.n_paths) return;
  const typename M::Params& p = *b.params;
  const PathContext ctx{RandomKey{b.seed}, b.first_path + i};
  M::init(p, ctx, b.networks[i], b.agents + static_cast<std::size_t>(i) * M::agent_slots(p));
  take_path_snapshot(b, i, 0);
}

template <class M, int kThreads>
__global__ void __launch_bounds__(kThreads, kMinBlocksPerSm) steps_kernel(DeviceBatch<M> b, std::int32_t t0, std::int32_t t1) {
  using Reduce1 = BlockSums<typename M::Sums1, kThreads>;
  using Reduce2 = BlockSums<typename M::Sums2, kThreads>;
  using Reduce3 = BlockSums<typename M::Sums3, kThreads>;
  __shared__ union {
    typename Reduce1::TempStorage r1;
    typename Reduce2::TempStorage r2;
    typename Reduce3::TempStorage r3;
  } storage;
  // Raw storage: a __shared__ variable may not have a constructor.
  alignas(typename M::Network) __shared__ unsigned char net_storage[sizeof(typename M::Network)];
  typename M::Network& net = *reinterpret_cast<typename M::Network*>(net_storage);

  const std::uint32_t local = blockIdx.x;
  const int tid = threadIdx.x;
  const typename M::Params& p = *b.params;
  const std::int32_t n = M::agent_slots(p);
  const PathContext ctx{RandomKey{b.seed}, b.first_path + local};
  typename M::Agent* agents = b.agents + static_cast<std::size_t>(local) * n;

  if (tid == 0) net = b.networks[local];
  __syncthreads();
  for (std::int32_t t = t0; t < t1; ++t) {
    if (tid == 0) M::begin_step(p, ctx, t, net);
    __syncthreads();

    typename M::Sums1 s1;
    for (std::int32_t s = tid; s < n; s += kThreads) M::phase1(p, ctx, t, net, agents[s], s, s1);
    s1 = Reduce1::reduce(storage.r1, s1);
    __syncthreads();   // every slot written, the reduce storage free again
    if (tid == 0) M::after1(p, ctx, t, net, s1);
    __syncthreads();   // thread 0 wrote the network; the slots read it next (tests/scripts/emu_mutation.sh drops this one)

    typename M::Sums2 s2;
    for (std::int32_t s = tid; s < n; s += kThreads) M::phase2(p, ctx, t, net, agents[s], s, s2);
    s2 = Reduce2::reduce(storage.r2, s2);
    __syncthreads();
    if (tid == 0) M::after2(p, ctx, t, net, s2);
    __syncthreads();

    typename M::Sums3 s3;
    for (std::int32_t s = tid; s < n; s += kThreads) M::phase3(p, ctx, t, net, agents[s], s, s3);
    s3 = Reduce3::reduce(storage.r3, s3);
    __syncthreads();
    if (tid == 0) M::end_step(p, ctx, t, net, s3, agents);
    __syncthreads();
  }
  if (tid == 0) b.networks[local] = net;
}

template <class M>
__global__ void snapshot_kernel(DeviceBatch<M> b, std::int32_t index) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < b.n_paths) take_path_snapshot(b, i, index);
}

}  // namespace detail

// One thread per path, 64 to a block (init and snapshots).
inline unsigned path_blocks(std::uint32_t paths, int threads) { return (paths + threads - 1) / threads; }

template <class M>
void launch_init(const DeviceBatch<M>& batch, cudaStream_t stream) {
  constexpr int kThreads = 64;
  TS_LAUNCH(path_blocks(batch.n_paths, kThreads), kThreads, 0, stream, detail::init_kernel<M>)(batch);
  TS_CUDA_CHECK(cudaGetLastError());
}

template <class M>
void launch_snapshot(const DeviceBatch<M>& batch, std::int32_t index, cudaStream_t stream) {
  constexpr int kThreads = 64;
  TS_LAUNCH(path_blocks(batch.n_paths, kThreads), kThreads, 0, stream, detail::snapshot_kernel<M>)(batch, index);
  TS_CUDA_CHECK(cudaGetLastError());
}

template <class M>
void launch_steps(const DeviceBatch<M>& batch, std::int32_t t0, std::int32_t t1, cudaStream_t stream) {
  TS_LAUNCH(batch.n_paths, kBlockThreads, 0, stream, detail::steps_kernel<M, kBlockThreads>)(batch, t0, t1);
  TS_CUDA_CHECK(cudaGetLastError());
}

}  // namespace ts::cuda

#define TS_INSTANTIATE_KERNELS(MODEL)                                                                        \
  template void ts::cuda::launch_init<MODEL>(const ts::cuda::DeviceBatch<MODEL>&, cudaStream_t);             \
  template void ts::cuda::launch_steps<MODEL>(const ts::cuda::DeviceBatch<MODEL>&, std::int32_t, std::int32_t, \
                                              cudaStream_t);          \
  template void ts::cuda::launch_snapshot<MODEL>(const ts::cuda::DeviceBatch<MODEL>&, std::int32_t, cudaStream_t);
