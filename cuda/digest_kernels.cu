// The device reduction of a batch's snapshots (cuda/batch_digest.hpp): two
// small kernels around three CUB algorithms. Compiled by nvcc, and by the
// host compiler against the emulation's CUB (cuda/emulation/include/cub).
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_run_length_encode.cuh>
#include <cub/device/device_scan.cuh>

#include <algorithm>
#include <stdexcept>

#include "cuda/batch_digest.hpp"
#include "cuda/cuda_check.hpp"
#include "cuda/launch.hpp"

namespace ts::cuda {

namespace detail {

// Item j of the chunk: cell c = j / n_paths, path i = j % n_paths. The value
// (or its difference to the baseline: the same subtraction as the host's
// PointAccumulators::add_difference) and its code, the chunk's cell above
// the bucket's code, so one sort groups by cell, then by bucket.
__global__ void gather_cells_kernel(DigestInput in, std::int64_t cell_begin, std::uint64_t items,
                                    std::uint64_t* codes, double* values) {
  const std::uint64_t j = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (j >= items) return;
  const std::uint64_t c = j / in.n_paths, i = j % in.n_paths;
  const std::int64_t cell = cell_begin + static_cast<std::int64_t>(c);
  const std::int32_t t = static_cast<std::int32_t>(cell / in.n_metrics);
  const std::uint32_t m = in.metric_ids[cell % in.n_metrics];
  const std::size_t at = static_cast<std::size_t>(i) * in.n_time + t;
  double x = in.snapshots[at].value[m];
  if (in.baseline != nullptr) x = x - in.baseline[at].value[m];
  codes[j] = (c << stats::kDigestCodeBits) | stats::digest_code(x, in.bucket_bits);
  values[j] = x;
}

// One thread per run: its values (contiguous after the sort) into a DigestRun.
__global__ void digest_runs_kernel(const std::uint64_t* unique_codes, const std::uint32_t* offsets,
                                   const std::uint32_t* counts, const double* values, std::uint32_t n_runs,
                                   stats::DigestRun* runs) {
  const std::uint32_t r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= n_runs) return;
  constexpr std::uint64_t kCodeMask = (std::uint64_t{1} << stats::kDigestCodeBits) - 1;
  const double* v = values + offsets[r];
  stats::DigestRun run;
  run.start(unique_codes[r] & kCodeMask, v[0]);
  for (std::uint32_t k = 1; k < counts[r]; ++k) run.add(v[k]);
  runs[r] = run;
}

__global__ void gather_horizon_kernel(DigestInput in, std::uint32_t rows, double* out) {
  const std::uint32_t j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j >= rows * static_cast<std::uint32_t>(in.n_metrics)) return;
  const std::uint32_t i = j / in.n_metrics, k = j % in.n_metrics;
  out[j] = in.snapshots[static_cast<std::size_t>(i) * in.n_time + (in.n_time - 1)].value[in.metric_ids[k]];
}

constexpr int kThreads = 256;
unsigned blocks_for(std::uint64_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

// The temporary storage the three CUB calls need for n items (the largest).
std::size_t temp_bytes_for(std::size_t n) {
  const int items = static_cast<int>(n);
  std::size_t sort = 0, encode = 0, scan = 0;
  TS_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(nullptr, sort, static_cast<const std::uint64_t*>(nullptr),
                                                static_cast<std::uint64_t*>(nullptr),
                                                static_cast<const double*>(nullptr), static_cast<double*>(nullptr),
                                                items));
  TS_CUDA_CHECK(cub::DeviceRunLengthEncode::Encode(nullptr, encode, static_cast<const std::uint64_t*>(nullptr),
                                                   static_cast<std::uint64_t*>(nullptr),
                                                   static_cast<std::uint32_t*>(nullptr),
                                                   static_cast<std::uint32_t*>(nullptr), items));
  TS_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(nullptr, scan, static_cast<const std::uint32_t*>(nullptr),
                                              static_cast<std::uint32_t*>(nullptr), items));
  return std::max({sort, encode, scan, std::size_t{1}});
}

}  // namespace detail

DigestWorkspace::DigestWorkspace(std::size_t max_items)
    : codes(max_items), sorted_codes(max_items), unique_codes(max_items), values(max_items),
      sorted_values(max_items), run_counts(max_items), run_offsets(max_items), run_total(1), runs(max_items),
      temp(detail::temp_bytes_for(max_items)), max_items_(max_items) {
  if (max_items == 0 || max_items > 0x7fffffffULL) throw std::invalid_argument("digest workspace: 1 .. 2^31-1 items");
}

std::uint32_t digest_chunk(const DigestInput& in, std::int64_t cell_begin, std::int64_t cells, DigestWorkspace& ws,
                           cudaStream_t stream) {
  const std::uint64_t items = static_cast<std::uint64_t>(cells) * in.n_paths;
  if (items == 0 || items > ws.max_items()) throw std::invalid_argument("digest_chunk: chunk larger than its workspace");
  TS_LAUNCH(detail::blocks_for(items), detail::kThreads, 0, stream, detail::gather_cells_kernel)(
      in, cell_begin, items, ws.codes.data(), ws.values.data());
  TS_CUDA_CHECK(cudaGetLastError());
  // Only the bits in use are sorted: the bucket code and the chunk's cell.
  int cell_bits = 0;
  while ((std::int64_t{1} << cell_bits) < cells) ++cell_bits;
  const int n = static_cast<int>(items);
  std::size_t temp_bytes = ws.temp.size();
  TS_CUDA_CHECK(cub::DeviceRadixSort::SortPairs(ws.temp.data(), temp_bytes, ws.codes.data(), ws.sorted_codes.data(),
                                                ws.values.data(), ws.sorted_values.data(), n, 0,
                                                stats::kDigestCodeBits + cell_bits, stream));
  temp_bytes = ws.temp.size();
  TS_CUDA_CHECK(cub::DeviceRunLengthEncode::Encode(ws.temp.data(), temp_bytes, ws.sorted_codes.data(),
                                                   ws.unique_codes.data(), ws.run_counts.data(), ws.run_total.data(),
                                                   n, stream));
  std::uint32_t n_runs = 0;
  ws.run_total.copy_to_host(&n_runs, 1, stream);
  TS_CUDA_CHECK(cudaStreamSynchronize(stream));
  temp_bytes = ws.temp.size();
  TS_CUDA_CHECK(cub::DeviceScan::ExclusiveSum(ws.temp.data(), temp_bytes, ws.run_counts.data(), ws.run_offsets.data(),
                                              static_cast<int>(n_runs), stream));
  TS_LAUNCH(detail::blocks_for(n_runs), detail::kThreads, 0, stream, detail::digest_runs_kernel)(
      ws.unique_codes.data(), ws.run_offsets.data(), ws.run_counts.data(), ws.sorted_values.data(), n_runs,
      ws.runs.data());
  TS_CUDA_CHECK(cudaGetLastError());
  TS_CUDA_CHECK(cudaStreamSynchronize(stream));
  return n_runs;
}

void gather_horizon(const DigestInput& in, std::uint32_t rows, double* out_device, cudaStream_t stream) {
  const std::uint64_t items = static_cast<std::uint64_t>(rows) * in.n_metrics;
  if (items == 0) return;
  TS_LAUNCH(detail::blocks_for(items), detail::kThreads, 0, stream, detail::gather_horizon_kernel)(in, rows, out_device);
  TS_CUDA_CHECK(cudaGetLastError());
}

}  // namespace ts::cuda
