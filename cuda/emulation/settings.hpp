#pragma once
// How the emulation runs kernels and what it pretends the device is. Read
// once from the environment (names below), changeable by tests through
// settings(); the executor itself never sees any of it.
//
//   TOKENSTRESS_EMU_ORDER         forward | reverse | shuffle[:SEED]: the order
//                                 in which a block's threads run between two
//                                 barriers (shuffle: a new seeded permutation
//                                 per block and barrier interval)
//   TOKENSTRESS_EMU_WORKERS       CPU threads running blocks (default: all)
//   TOKENSTRESS_EMU_MEMORY        device memory in bytes (default 4 GiB)
//   TOKENSTRESS_EMU_FAIL_ALLOC    N[,M...]: the N-th (1-based) cudaMalloc of the
//                                 process fails with cudaErrorMemoryAllocation
//   TOKENSTRESS_EMU_DROP_BARRIER  FILE:LINE[,FILE:LINE...]: __syncthreads() at
//                                 that site does nothing (mutation tests: a
//                                 kernel without that barrier); FILE is the
//                                 file's name without folders
//   TOKENSTRESS_EMU_DEVICES       device count (default 1; 0: no device)
//   TOKENSTRESS_EMU_INIT_ERROR    a cudaError_t number every call returns, as
//                                 a runtime that cannot start (e.g. 35,
//                                 cudaErrorInsufficientDriver)
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ts::emu {

enum class ThreadOrder { forward, reverse, shuffled };

struct Settings {
  ThreadOrder order = ThreadOrder::forward;
  std::uint64_t shuffle_seed = 1;
  int workers = 0;                               // 0: the machine's hardware threads
  std::size_t device_memory = std::size_t{4} << 30;
  std::vector<std::uint64_t> failing_allocations;   // 1-based cudaMalloc call numbers
  std::vector<std::string> dropped_barriers;      // "kernels.cuh:80"
  int devices = 1;
  int init_error = 0;                            // cudaError_t, 0 = none
};

// The process's settings, initialised from the environment on first use.
// A malformed variable is reported on stderr and the process exits with 2.
Settings& settings();

// Back to a fresh runtime (no allocations, no errors, call counters at 0),
// for tests that provoke faults; settings are kept.
void reset_runtime();

// What the fake runtime has done so far (tests of the executor's use of it:
// buffers allocated once per point, not per batch).
struct RuntimeCounters {
  std::uint64_t mallocs = 0;          // cudaMalloc calls, failed ones included
  std::size_t live_allocations = 0;   // device allocations not yet freed
  std::size_t device_bytes = 0;       // bytes they hold
};
RuntimeCounters runtime_counters();

}  // namespace ts::emu
