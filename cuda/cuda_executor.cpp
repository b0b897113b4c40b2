// Host side of the CUDA executor (compiled by the host compiler): plans
// batches from free device memory, owns every buffer with RAII, launches the
// kernels week by week and copies the snapshots back. Statistics across
// paths are then computed by the same host code as for the CPU executor, so
// the two backends' files are equal when their snapshots are.
#include "cuda/cuda_executor.hpp"

#include <algorithm>
#include <vector>

#include "cuda/cuda_check.hpp"
#include "cuda/device_buffer.hpp"
#include "cuda/ionet_kernels.hpp"
#include "models/protocols/ionet/path.hpp"

namespace ts::cuda {

namespace {

// Device bytes one path needs.
std::size_t bytes_per_path(const ionet::Params& p, std::int32_t n_time) {
  const std::size_t slots = static_cast<std::size_t>(p.max_providers);
  return slots * (sizeof(ionet::Provider) + 2 * sizeof(double) + 2 * sizeof(Micro)) + sizeof(ionet::Network) +
         static_cast<std::size_t>(n_time) * sizeof(Snapshot);
}

struct BatchBuffers {
  BatchBuffers(const ionet::Params& p, std::int64_t paths, std::int32_t n_time)
      : slots(paths * p.max_providers), networks(paths), income(paths * p.max_providers),
        payback(paths * p.max_providers), rewards(paths * p.max_providers), stakes(paths * p.max_providers),
        snapshots(paths * n_time) {}
  DeviceBuffer<ionet::Provider> slots;
  DeviceBuffer<ionet::Network> networks;
  DeviceBuffer<double> income, payback;
  DeviceBuffer<Micro> rewards, stakes;
  DeviceBuffer<Snapshot> snapshots;
};

void run_batch(const DeviceBuffer<ionet::Params>& params, const ionet::Params& host_params, std::uint64_t seed,
               std::int64_t global_first, std::int64_t n, std::int32_t n_time, const CudaOptions& opt,
               BatchBuffers& buf, const Stream& stream, Progress* progress, PointPaths& out, std::int64_t out_first) {
  IonetBatch b{};
  b.params = params.data();
  b.seed = seed;
  b.first_path = static_cast<std::uint32_t>(global_first);
  b.n_paths = static_cast<std::uint32_t>(n);
  b.n_time = n_time;
  b.slots = buf.slots.data();
  b.networks = buf.networks.data();
  b.income = buf.income.data();
  b.payback = buf.payback.data();
  b.rewards = buf.rewards.data();
  b.stakes = buf.stakes.data();
  b.snapshots = buf.snapshots.data();
  launch_ionet_init(b, stream.get());
  const std::int32_t chunk = std::max<std::int32_t>(1, opt.steps_per_launch);
  for (std::int32_t t0 = 0; t0 < host_params.n_steps; t0 += chunk) {
    launch_ionet_steps(b, t0, std::min(t0 + chunk, host_params.n_steps), stream.get());
    stream.synchronize();   // surfaces a kernel fault at the week it happened
  }
  // Snapshots are laid out [path][time] exactly like PointPaths::values.
  buf.snapshots.copy_to_host(reinterpret_cast<Snapshot*>(out.snapshot(out_first, 0)),
                             static_cast<std::size_t>(n) * n_time, stream.get());
  std::vector<ionet::Network> nets(static_cast<std::size_t>(n));
  buf.networks.copy_to_host(nets.data(), nets.size(), stream.get());
  stream.synchronize();
  for (std::int64_t i = 0; i < n; ++i)
    for (int e = 0; e < kEventCount; ++e)
      out.event_step[static_cast<std::size_t>(out_first + i) * kEventCount + e] = nets[i].event_first[e];
  if (progress) progress->paths_done(n);
}

}  // namespace

bool configured() { return true; }

void run_ionet_paths_cuda(const ionet::Params& params, std::uint64_t seed, std::int64_t first_path,
                          std::int64_t n_paths, const CudaOptions& opt, Progress* progress, PointPaths& out) {
  static_assert(sizeof(Snapshot) == kMetricCount * sizeof(double), "Snapshot must match PointPaths' layout");
  TS_CUDA_CHECK(cudaSetDevice(opt.device));
  const std::int32_t n_time = ionet::snapshot_count(params);
  out.resize(n_paths, n_time);

  Stream stream;
  DeviceBuffer<ionet::Params> device_params(1);
  device_params.copy_from_host(&params, 1, stream.get());

  std::size_t free_bytes = 0, total_bytes = 0;
  TS_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  std::int64_t batch = static_cast<std::int64_t>(0.7 * static_cast<double>(free_bytes) /
                                                 static_cast<double>(bytes_per_path(params, n_time)));
  if (opt.max_batch_paths > 0) batch = std::min(batch, opt.max_batch_paths);
  batch = std::max<std::int64_t>(1, std::min(batch, n_paths));

  std::int64_t done = 0;
  while (done < n_paths) {
    const std::int64_t n = std::min(batch, n_paths - done);
    try {
      BatchBuffers buf(params, n, n_time);
      run_batch(device_params, params, seed, first_path + done, n, n_time, opt, buf, stream, progress, out, done);
      done += n;
    } catch (const CudaError& e) {
      // Out of memory: a smaller batch, not a crash (the failed allocation
      // left nothing behind; RAII freed the rest).
      if (!e.out_of_memory() || batch == 1) throw;
      cudaGetLastError();
      batch = std::max<std::int64_t>(1, batch / 2);
    }
  }
}

}  // namespace ts::cuda
