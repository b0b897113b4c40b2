#pragma once
// The reduction of a batch's snapshots to accumulator input on the device
// (DESIGN.md "Statistics"), callable from host-compiled code; the kernels and
// the CUB calls are in cuda/digest_kernels.cu, compiled once for every model
// (they read Snapshot, not a model's state).
//
// A chunk of cells (metric x snapshot) at a time: every path's value of each
// cell is gathered with its code (the cell's index above its bucket's
// digest_code, stats/cell_digest.hpp), CUB sorts the codes with the values
// (DeviceRadixSort) and run-length counts them (DeviceRunLengthEncode), a
// scan gives each run's first value, and one thread per run sums its values
// into a DigestRun. Only the runs come back (and, while a point's sketches
// are exact, the values: at most stats.exact_paths per cell).
#include <cuda_runtime_api.h>

#include <cstdint>

#include "cuda/device_buffer.hpp"
#include "models/metrics.hpp"
#include "stats/cell_digest.hpp"

namespace ts::cuda {

struct DigestInput {
  const Snapshot* snapshots;    // [path][time] of the batch
  const Snapshot* baseline;     // the baseline's same paths, or nullptr: differences when set
  std::uint32_t n_paths;
  std::int32_t n_time;
  const std::uint32_t* metric_ids;   // device: the carried metrics
  std::int32_t n_metrics;
  int bucket_bits;
};

// Device memory for chunks of up to `max_items` values (cells x paths),
// allocated once per batch and reused by its chunks.
class DigestWorkspace {
 public:
  explicit DigestWorkspace(std::size_t max_items);
  std::size_t max_items() const { return max_items_; }

  DeviceBuffer<std::uint64_t> codes, sorted_codes, unique_codes;
  DeviceBuffer<double> values, sorted_values;
  DeviceBuffer<std::uint32_t> run_counts, run_offsets, run_total;
  DeviceBuffer<stats::DigestRun> runs;
  DeviceBuffer<unsigned char> temp;

 private:
  std::size_t max_items_;
};

// Cells [cell_begin, cell_begin + cells) of the batch into ws.runs (in code
// order, so grouped by cell) and ws.sorted_values; returns the run count.
// cells * n_paths <= ws.max_items(). Synchronises the stream.
std::uint32_t digest_chunk(const DigestInput& in, std::int64_t cell_begin, std::int64_t cells, DigestWorkspace& ws,
                           cudaStream_t stream);

// out[row][k] = the carried metrics at the last snapshot, rows [0, rows).
void gather_horizon(const DigestInput& in, std::uint32_t rows, double* out_device, cudaStream_t stream);

}  // namespace ts::cuda
