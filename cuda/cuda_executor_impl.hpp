#pragma once
// Host side of the CUDA executor (compiled by the host compiler): plans
// batches from free device memory, owns every buffer with RAII (allocated
// once per point and reused by its batches; halved on out-of-memory),
// launches the kernels a range of steps at a time and copies the snapshots
// back through pinned memory.
// Statistics across paths are computed by the same host code as for the
// CPU executor, so both backends' files are equal when their snapshots are.
#include <algorithm>
#include <cstring>
#include <memory>

#include "cuda/batch.hpp"
#include "cuda/cuda_check.hpp"
#include "cuda/cuda_executor.hpp"
#include "cuda/device_buffer.hpp"
#include "models/engine/path_driver.hpp"
#include "stats/host_memory.hpp"

namespace ts::cuda {

namespace detail {

template <class M>
std::size_t bytes_per_path(const typename M::Params& p, std::int32_t n_time) {
  const std::size_t slots = static_cast<std::size_t>(M::agent_slots(p));
  return slots * (sizeof(typename M::Agent) + 2 * sizeof(double) + 2 * sizeof(Micro)) + sizeof(typename M::Network) +
         static_cast<std::size_t>(n_time) * sizeof(Snapshot);
}

// Everything one batch of up to `paths` paths needs, allocated once and
// reused by every batch of the point (allocation is slow on a device and
// would dominate short batches): device state and snapshots, and pinned host
// buffers the results are copied back into.
template <class M>
struct BatchBuffers {
  BatchBuffers(const typename M::Params& p, std::int64_t paths, std::int32_t n_time)
      : agents(paths * M::agent_slots(p)), networks(paths), real_a(paths * M::agent_slots(p)),
        real_b(paths * M::agent_slots(p)), amount_a(paths * M::agent_slots(p)), amount_b(paths * M::agent_slots(p)),
        snapshots(paths * n_time), host_snapshots(paths * n_time), host_networks(paths) {}
  DeviceBuffer<typename M::Agent> agents;
  DeviceBuffer<typename M::Network> networks;
  DeviceBuffer<double> real_a, real_b;
  DeviceBuffer<Micro> amount_a, amount_b;
  DeviceBuffer<Snapshot> snapshots;
  PinnedBuffer<Snapshot> host_snapshots;
  PinnedBuffer<typename M::Network> host_networks;
};

template <class M>
void run_batch(const DeviceBuffer<typename M::Params>& params, const typename M::Params& host_params,
               std::uint64_t seed, std::int64_t global_first, std::int64_t n, std::int32_t n_time,
               const CudaOptions& opt, BatchBuffers<M>& buf, const Stream& stream, const PathsDone* progress,
               PointPaths& out, std::int64_t out_first) {
  DeviceBatch<M> b{};
  b.params = params.data();
  b.seed = seed;
  b.first_path = static_cast<std::uint32_t>(global_first);
  b.n_paths = static_cast<std::uint32_t>(n);
  b.n_time = n_time;
  b.agents = buf.agents.data();
  b.networks = buf.networks.data();
  b.real_a = buf.real_a.data();
  b.real_b = buf.real_b.data();
  b.amount_a = buf.amount_a.data();
  b.amount_b = buf.amount_b.data();
  b.snapshots = buf.snapshots.data();
  launch_init<M>(b, stream.get());
  // Launches of at most steps_per_launch steps, each ending at the next
  // snapshot if one comes first, where the snapshot kernel takes over.
  const std::int32_t chunk = std::max<std::int32_t>(1, opt.steps_per_launch);
  const std::int32_t steps = M::n_steps(host_params);
  const std::int32_t every = M::snapshot_every(host_params);
  for (std::int32_t t0 = 0; t0 < steps;) {
    std::int32_t t1 = std::min(t0 + chunk, steps);
    if (every > 0) t1 = std::min(t1, (t0 / every + 1) * every);
    launch_steps<M>(b, t0, t1, stream.get());
    const std::int32_t due = snapshot_due(t1, steps, every);
    if (due >= 0) launch_snapshot<M>(b, due, stream.get());
    stream.synchronize();   // surfaces a kernel fault near the step it happened
    t0 = t1;
  }
  const std::size_t n_snapshots = static_cast<std::size_t>(n) * n_time;
  buf.snapshots.copy_to_host(buf.host_snapshots.data(), n_snapshots, stream.get());
  buf.networks.copy_to_host(buf.host_networks.data(), static_cast<std::size_t>(n), stream.get());
  stream.synchronize();
  // Snapshots are laid out [path][time] exactly like PointPaths::values.
  std::memcpy(out.snapshot(out_first, 0), buf.host_snapshots.data(), n_snapshots * sizeof(Snapshot));
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int32_t* first = M::event_first(buf.host_networks.data()[i]);
    for (int e = 0; e < kEventCount; ++e)
      out.event_step[static_cast<std::size_t>(out_first + i) * kEventCount + e] = first[e];
  }
  if (progress != nullptr && *progress) (*progress)(n);
}

}  // namespace detail

template <class M>
void run_paths_cuda(const typename M::Params& params, std::uint64_t seed, std::int64_t first_path,
                    std::int64_t n_paths, const CudaOptions& opt, const PathsDone* progress, PointPaths& out) {
  static_assert(sizeof(Snapshot) == kMetricCount * sizeof(double), "Snapshot must match PointPaths' layout");
  TS_CUDA_CHECK(cudaSetDevice(opt.device));
  const std::int32_t n_time = snapshot_count<M>(params);
  out.resize(n_paths, n_time);

  Stream stream;
  DeviceBuffer<typename M::Params> device_params(1);
  device_params.copy_from_host(&params, 1, stream.get());

  std::size_t free_bytes = 0, total_bytes = 0;
  TS_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  std::int64_t batch = static_cast<std::int64_t>(0.7 * static_cast<double>(free_bytes) /
                                                 static_cast<double>(detail::bytes_per_path<M>(params, n_time)));
  // The pinned copy-back buffers may take at most a quarter of host memory.
  const double host_bytes = host_memory_bytes();
  const double pinned_per_path =
      static_cast<double>(n_time) * sizeof(Snapshot) + static_cast<double>(sizeof(typename M::Network));
  if (host_bytes > 0) batch = std::min(batch, static_cast<std::int64_t>(0.25 * host_bytes / pinned_per_path));
  if (opt.max_batch_paths > 0) batch = std::min(batch, opt.max_batch_paths);
  batch = std::max<std::int64_t>(1, std::min(batch, n_paths));

  std::int64_t done = 0;
  std::unique_ptr<detail::BatchBuffers<M>> buf;
  while (done < n_paths) {
    const std::int64_t n = std::min(batch, n_paths - done);
    try {
      if (!buf) buf = std::make_unique<detail::BatchBuffers<M>>(params, batch, n_time);
      detail::run_batch<M>(device_params, params, seed, first_path + done, n, n_time, opt, *buf, stream, progress,
                           out, done);
      done += n;
    } catch (const CudaError& e) {
      // Out of memory: a smaller batch, not a crash (RAII frees the buffers).
      if (!e.out_of_memory() || batch == 1) throw;
      cudaGetLastError();
      buf.reset();
      batch = std::max<std::int64_t>(1, batch / 2);
    }
  }
}

}  // namespace ts::cuda
