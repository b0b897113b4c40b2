// IO.net on the GPU: the same phases of models/protocols/ionet/step.hpp as
// the CPU executor, one path per block, agent slots spread over the block's
// threads, network phases on thread 0, and the per-step population sums by
// CUB block reductions over integers, so the order of the sum cannot change
// a bit (DESIGN.md principle 4).
#include <cub/block/block_reduce.cuh>

#include "cuda/cuda_check.hpp"
#include "cuda/ionet_kernels.hpp"
#include "models/protocols/ionet/path.hpp"

namespace ts::cuda {

namespace {

struct AddSums {
  template <typename S>
  __device__ S operator()(S a, const S& b) const {
    a.add(b);
    return a;
  }
};

__device__ ionet::SnapshotScratch scratch_of(const IonetBatch& b, std::uint32_t local_path, std::int32_t n_slots) {
  const std::size_t at = static_cast<std::size_t>(local_path) * n_slots;
  return ionet::SnapshotScratch{b.income + at, b.payback + at, b.rewards + at, b.stakes + at};
}

// One thread per path: genesis is sequential over the initial providers.
__global__ void ionet_init_kernel(IonetBatch b) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= b.n_paths) return;
  const ionet::Params& p = *b.params;
  const ionet::PathContext ctx{RandomKey{b.seed}, b.first_path + i};
  ionet::Provider* slots = b.slots + static_cast<std::size_t>(i) * p.max_providers;
  ionet::init_path(p, ctx, b.networks[i], slots);
  ionet::take_snapshot(p, b.networks[i], slots, scratch_of(b, i, p.max_providers),
                       b.snapshots[static_cast<std::size_t>(i) * b.n_time]);
}

template <int kThreads>
__global__ void __launch_bounds__(kThreads) ionet_steps_kernel(IonetBatch b, std::int32_t t0, std::int32_t t1) {
  using ReduceOnline = cub::BlockReduce<ionet::OnlineSums, kThreads>;
  using ReduceMarket = cub::BlockReduce<ionet::MarketSums, kThreads>;
  using ReduceSettle = cub::BlockReduce<ionet::SettleSums, kThreads>;
  __shared__ union {
    typename ReduceOnline::TempStorage online;
    typename ReduceMarket::TempStorage market;
    typename ReduceSettle::TempStorage settle;
  } reduce_storage;
  // Raw storage: a __shared__ variable may not have a constructor.
  __shared__ alignas(ionet::Network) unsigned char net_storage[sizeof(ionet::Network)];
  ionet::Network& net = *reinterpret_cast<ionet::Network*>(net_storage);

  const std::uint32_t local = blockIdx.x;
  const int tid = threadIdx.x;
  const ionet::Params& p = *b.params;
  const std::int32_t n = p.max_providers;
  const ionet::PathContext ctx{RandomKey{b.seed}, b.first_path + local};
  ionet::Provider* slots = b.slots + static_cast<std::size_t>(local) * n;

  if (tid == 0) net = b.networks[local];
  __syncthreads();

  for (std::int32_t t = t0; t < t1; ++t) {
    if (tid == 0) ionet::network_begin_step(p, ctx, t, net);
    __syncthreads();

    ionet::OnlineSums online;
    for (std::int32_t s = tid; s < n; s += kThreads) ionet::provider_online_phase(p, ctx, t, net, slots[s], s, online);
    online = ReduceOnline(reduce_storage.online).Reduce(online, AddSums{});
    __syncthreads();   // every slot written and the reduce storage free again
    if (tid == 0) ionet::network_clear_market(p, net, online);
    __syncthreads();

    ionet::MarketSums market;
    for (std::int32_t s = tid; s < n; s += kThreads) ionet::provider_market_phase(p, t, net, slots[s], market);
    market = ReduceMarket(reduce_storage.market).Reduce(market, AddSums{});
    __syncthreads();
    if (tid == 0) ionet::network_settle_payments(p, net, market);
    __syncthreads();

    ionet::SettleSums settle;
    for (std::int32_t s = tid; s < n; s += kThreads) ionet::provider_settle_phase(p, t, net, slots[s], settle);
    settle = ReduceSettle(reduce_storage.settle).Reduce(settle, AddSums{});
    __syncthreads();
    if (tid == 0) {
      const std::int32_t entrants = ionet::network_end_step(p, ctx, t, net, settle);
      ionet::mark_entrants(p, slots, entrants);
      if ((t + 1) % p.snapshot_every == 0)
        ionet::take_snapshot(p, net, slots, scratch_of(b, local, n),
                             b.snapshots[static_cast<std::size_t>(local) * b.n_time + (t + 1) / p.snapshot_every]);
    }
    __syncthreads();
  }
  if (tid == 0) b.networks[local] = net;
}

}  // namespace

void launch_ionet_init(const IonetBatch& batch, cudaStream_t stream) {
  constexpr int kThreads = 64;
  const unsigned blocks = (batch.n_paths + kThreads - 1) / kThreads;
  ionet_init_kernel<<<blocks, kThreads, 0, stream>>>(batch);
  TS_CUDA_CHECK(cudaGetLastError());
}

void launch_ionet_steps(const IonetBatch& batch, std::int32_t t0, std::int32_t t1, cudaStream_t stream) {
  ionet_steps_kernel<kIonetBlockThreads><<<batch.n_paths, kIonetBlockThreads, 0, stream>>>(batch, t0, t1);
  TS_CUDA_CHECK(cudaGetLastError());
}

}  // namespace ts::cuda
