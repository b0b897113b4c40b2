#pragma once
// Host side of the CUDA executor (compiled by the host compiler): plans
// batches from free device memory, owns every buffer with RAII (allocated
// once per point and reused by its batches; halved on out-of-memory),
// launches the kernels a range of steps at a time, and then either reduces
// the batch on the device to a digest (a run: cuda/batch_digest.hpp, only
// runs per bucket and the few per-path rows the statistics keep come back)
// or copies every snapshot back through pinned memory (the parity tests).
// The digest's runs fold into the accumulators to the same bits as the CPU
// executor's values do, so both backends' files are equal when their
// snapshots are.
#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "cuda/baseline_snapshots.hpp"
#include "cuda/batch.hpp"
#include "cuda/batch_digest.hpp"
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
// buffers the results are copied back into (every path's snapshots only
// when no digest is asked for).
template <class M>
struct BatchBuffers {
  BatchBuffers(const typename M::Params& p, std::int64_t paths, std::int32_t n_time, bool all_snapshots)
      : agents(paths * M::agent_slots(p)), networks(paths), real_a(paths * M::agent_slots(p)),
        real_b(paths * M::agent_slots(p)), amount_a(paths * M::agent_slots(p)), amount_b(paths * M::agent_slots(p)),
        snapshots(paths * n_time), host_snapshots(all_snapshots ? paths * n_time : 0), host_networks(paths) {}
  DeviceBuffer<typename M::Agent> agents;
  DeviceBuffer<typename M::Network> networks;
  DeviceBuffer<double> real_a, real_b;
  DeviceBuffer<Micro> amount_a, amount_b;
  DeviceBuffer<Snapshot> snapshots;
  PinnedBuffer<Snapshot> host_snapshots;
  PinnedBuffer<typename M::Network> host_networks;
};

// A digest's device side: the carried metrics' ids, the reduction's
// workspace and the horizon rows.
struct DigestBuffers {
  DigestBuffers(const BatchRequest& request, std::int64_t paths, std::int32_t n_time)
      : metric_ids(request.metrics.size()), workspace(workspace_items(request, paths, n_time)),
        horizon(static_cast<std::size_t>(paths) * request.metrics.size()) {}
  static std::size_t workspace_items(const BatchRequest& r, std::int64_t paths, std::int32_t n_time) {
    constexpr std::size_t kChunkItems = std::size_t{1} << 22;   // ~0.6 GB of device memory
    const std::size_t all = static_cast<std::size_t>(paths) * n_time * r.metrics.size();
    return std::min(all, std::max(kChunkItems, static_cast<std::size_t>(paths)));
  }
  DeviceBuffer<std::uint32_t> metric_ids;
  DigestWorkspace workspace;
  DeviceBuffer<double> horizon;
};

// Snapshot rows [path][time] of n paths, copied back to the host, into
// out's cells for the metrics it carries.
inline void copy_snapshot_rows(const Snapshot* rows, std::int64_t n, std::int32_t n_time, PointPaths& out,
                               std::int64_t out_first) {
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int32_t t = 0; t < n_time; ++t)
      for (std::size_t k = 0; k < out.metrics.size(); ++k)
        out.at(out_first + i, t, k) = rows[static_cast<std::size_t>(i) * n_time + t].value[static_cast<int>(out.metrics[k])];
}

// Every cell of the n paths' snapshots (or of their differences to
// `baseline`) reduced on the device into cells[time][k], appended to what
// earlier device batches of the same call left there.
inline void digest_cells(DigestInput in, const BatchRequest& request, DigestBuffers& dig, const Stream& stream,
                         std::vector<stats::CellDigest>& cells) {
  const std::int64_t n_cells = static_cast<std::int64_t>(in.n_time) * in.n_metrics;
  const std::int64_t per_chunk =
      std::max<std::int64_t>(1, static_cast<std::int64_t>(dig.workspace.max_items() / in.n_paths));
  std::vector<stats::DigestRun> runs;
  std::vector<std::uint64_t> codes;
  std::vector<double> values;
  for (std::int64_t c0 = 0; c0 < n_cells; c0 += per_chunk) {
    const std::int64_t nc = std::min(per_chunk, n_cells - c0);
    const std::uint32_t n_runs = digest_chunk(in, c0, nc, dig.workspace, stream.get());
    runs.resize(n_runs);
    codes.resize(n_runs);
    dig.workspace.runs.copy_to_host(runs.data(), n_runs, stream.get());
    dig.workspace.unique_codes.copy_to_host(codes.data(), n_runs, stream.get());
    const std::size_t items = static_cast<std::size_t>(nc) * in.n_paths;
    if (request.exact_values) {
      values.resize(items);
      dig.workspace.sorted_values.copy_to_host(values.data(), items, stream.get());
    }
    stream.synchronize();
    for (std::uint32_t r = 0; r < n_runs; ++r)
      cells[static_cast<std::size_t>(c0) + (codes[r] >> stats::kDigestCodeBits)].runs.push_back(runs[r]);
    if (request.exact_values)
      for (std::int64_t c = 0; c < nc; ++c) {
        auto& v = cells[static_cast<std::size_t>(c0 + c)].values;
        v.insert(v.end(), values.begin() + c * in.n_paths, values.begin() + (c + 1) * in.n_paths);
      }
  }
}

// The digest's host side for paths [first_path, +n_paths): cells, the
// rows of kept trajectories and horizon values the request asks for.
inline void prepare_digest(const BatchRequest& request, std::int64_t first_path, std::int64_t n_paths,
                           std::int32_t n_time, bool differences, PointPaths& out) {
  if (request.metrics.empty()) throw std::logic_error("a digest needs the carried metrics");
  out.resize(0, n_time, request.metrics);
  out.n_paths = n_paths;
  out.event_step.assign(static_cast<std::size_t>(n_paths) * kEventCount, kNeverReached);
  out.digested = true;
  out.kept_rows = std::clamp<std::int64_t>(request.keep - first_path, 0, n_paths);
  out.horizon_rows = std::clamp<std::int64_t>(request.samples - first_path, 0, n_paths);
  out.hold_rows(out.kept_rows);
  out.horizon.assign(static_cast<std::size_t>(out.horizon_rows) * out.n_metrics(), 0.0);
  const std::size_t cells = static_cast<std::size_t>(n_time) * out.n_metrics();
  out.cells.assign(cells, stats::CellDigest{});
  out.differences.assign(differences ? cells : 0, stats::CellDigest{});
}

// The statistics' share of a device batch (paths [global_first, +n) at row
// out_first of `out`): the baseline's snapshots kept or differenced, the kept
// trajectories and horizon rows copied, every cell reduced.
inline void digest_batch(const CudaOptions& opt, DigestBuffers& dig, const Snapshot* snapshots,
                         std::int64_t global_first, std::int64_t n, std::int32_t n_time, const Stream& stream,
                         PointPaths& out, std::int64_t out_first) {
  const BatchRequest& request = *opt.digest;
  const std::size_t nm = out.n_metrics();
  const std::size_t n_snapshots = static_cast<std::size_t>(n) * n_time;
  DigestInput in{snapshots, nullptr, static_cast<std::uint32_t>(n), n_time, dig.metric_ids.data(),
                 static_cast<std::int32_t>(nm), request.bucket_bits};
  BaselineSnapshots::Held* base = opt.baseline != nullptr ? opt.baseline->held.get() : nullptr;
  if (opt.keep_baseline) {
    TS_CUDA_CHECK(cudaMemcpyAsync(base->snapshots.data() + static_cast<std::size_t>(out_first) * n_time, snapshots,
                                  n_snapshots * sizeof(Snapshot), cudaMemcpyDeviceToDevice, stream.get()));
  }
  // Trajectories of the kept paths: their whole rows, the carried metrics picked here.
  const std::int64_t kept = std::clamp<std::int64_t>(request.keep - global_first, 0, n);
  if (kept > 0) {
    std::vector<Snapshot> rows(static_cast<std::size_t>(kept) * n_time);
    TS_CUDA_CHECK(cudaMemcpyAsync(rows.data(), snapshots, rows.size() * sizeof(Snapshot), cudaMemcpyDeviceToHost,
                                  stream.get()));
    stream.synchronize();
    copy_snapshot_rows(rows.data(), kept, n_time, out, out_first);
  }
  const std::int64_t horizon = std::clamp<std::int64_t>(request.samples - global_first, 0, n);
  if (horizon > 0) {
    gather_horizon(in, static_cast<std::uint32_t>(horizon), dig.horizon.data(), stream.get());
    dig.horizon.copy_to_host(out.horizon.data() + static_cast<std::size_t>(out_first) * nm,
                             static_cast<std::size_t>(horizon) * nm, stream.get());
  }
  digest_cells(in, request, dig, stream, out.cells);
  if (opt.baseline != nullptr && !opt.keep_baseline) {
    if (base == nullptr || base->first_path + out_first != global_first || base->n_paths < out_first + n ||
        base->n_time != n_time)
      throw std::logic_error("the CUDA executor was asked for differences to a baseline it does not hold");
    in.baseline = base->snapshots.data() + static_cast<std::size_t>(out_first) * n_time;
    digest_cells(in, request, dig, stream, out.differences);
  }
}

template <class M>
void run_batch(const DeviceBuffer<typename M::Params>& params, const typename M::Params& host_params,
               std::uint64_t seed, std::int64_t global_first, std::int64_t n, std::int32_t n_time,
               const CudaOptions& opt, BatchBuffers<M>& buf, DigestBuffers* dig, const Stream& stream,
               const PathsDone* progress, PointPaths& out, std::int64_t out_first) {
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
  buf.networks.copy_to_host(buf.host_networks.data(), static_cast<std::size_t>(n), stream.get());
  if (dig == nullptr) {
    buf.snapshots.copy_to_host(buf.host_snapshots.data(), n_snapshots, stream.get());
    stream.synchronize();
    copy_snapshot_rows(buf.host_snapshots.data(), n, n_time, out, out_first);
  } else {
    digest_batch(opt, *dig, b.snapshots, global_first, n, n_time, stream, out, out_first);
  }
  stream.synchronize();
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
  const BatchRequest* request = opt.digest;
  if (request == nullptr && (opt.baseline != nullptr || opt.keep_baseline))
    throw std::logic_error("differences to a baseline need a digest");
  if (request != nullptr) detail::prepare_digest(*request, first_path, n_paths, n_time, opt.baseline != nullptr && !opt.keep_baseline, out);
  else out.resize(n_paths, n_time, {});

  Stream stream;
  DeviceBuffer<typename M::Params> device_params(1);
  device_params.copy_from_host(&params, 1, stream.get());
  if (opt.keep_baseline) {
    if (opt.baseline == nullptr) throw std::logic_error("keep_baseline without a BaselineSnapshots");
    auto& held = opt.baseline->held;
    const std::size_t need = static_cast<std::size_t>(n_paths) * n_time;
    if (!held || held->snapshots.size() < need) {
      held.reset();   // the old one's memory first
      held = std::make_unique<BaselineSnapshots::Held>();
      held->snapshots = DeviceBuffer<Snapshot>(need);
    }
    held->first_path = first_path;
    held->n_paths = n_paths;
    held->n_time = n_time;
  }

  std::size_t free_bytes = 0, total_bytes = 0;
  TS_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  std::int64_t batch = static_cast<std::int64_t>(0.7 * static_cast<double>(free_bytes) /
                                                 static_cast<double>(detail::bytes_per_path<M>(params, n_time)));
  // Every path's snapshots come back through pinned buffers that may take at
  // most a quarter of host memory; a digest brings back only its runs.
  const double host_bytes = host_memory_bytes();
  const double pinned_per_path = static_cast<double>(request == nullptr ? n_time * sizeof(Snapshot) : 0) +
                                 static_cast<double>(sizeof(typename M::Network));
  if (host_bytes > 0) batch = std::min(batch, static_cast<std::int64_t>(0.25 * host_bytes / pinned_per_path));
  if (opt.max_batch_paths > 0) batch = std::min(batch, opt.max_batch_paths);
  batch = std::max<std::int64_t>(1, std::min(batch, n_paths));

  std::int64_t done = 0;
  std::unique_ptr<detail::BatchBuffers<M>> buf;
  std::unique_ptr<detail::DigestBuffers> dig;
  while (done < n_paths) {
    const std::int64_t n = std::min(batch, n_paths - done);
    try {
      if (!buf) buf = std::make_unique<detail::BatchBuffers<M>>(params, batch, n_time, request == nullptr);
      if (request != nullptr && !dig) {
        dig = std::make_unique<detail::DigestBuffers>(*request, batch, n_time);
        std::vector<std::uint32_t> ids;
        for (const Metric m : request->metrics) ids.push_back(static_cast<std::uint32_t>(m));
        dig->metric_ids.copy_from_host(ids.data(), ids.size(), stream.get());
        stream.synchronize();
      }
      detail::run_batch<M>(device_params, params, seed, first_path + done, n, n_time, opt, *buf, dig.get(), stream,
                           progress, out, done);
      done += n;
    } catch (const CudaError& e) {
      // Out of memory: a smaller batch, not a crash (RAII frees the buffers).
      if (!e.out_of_memory() || batch == 1) throw;
      cudaGetLastError();
      buf.reset();
      dig.reset();
      batch = std::max<std::int64_t>(1, batch / 2);
    }
  }
}

}  // namespace ts::cuda
