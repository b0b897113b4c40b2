// Tests of the CUDA emulation itself (cuda/emulation/): small kernels that
// a correct emulation must run, and faulty ones it must catch, so that the
// parity suite's "equal" means something. Then the executor's use of the
// runtime: device buffers allocated once per point and reused by its
// batches, and a batch halved when the device runs out of memory.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include <cub/block/block_reduce.cuh>
#include <cub/device/device_radix_sort.cuh>

#include "cuda/block_sums.cuh"
#include "cuda/cuda_executor.hpp"
#include "cuda/emulation/settings.hpp"
#include "cuda/launch.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/exec/point_accumulators.hpp"
#include "host/protocols/ionet_params.hpp"
#include "host/protocols/registry.hpp"
#include "models/protocols/ionet/model.hpp"

namespace {

// Every test starts from a fresh runtime and the default settings.
class Emulation : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = ts::emu::settings();
    ts::emu::reset_runtime();
  }
  void TearDown() override {
    ts::emu::settings() = saved_;
    ts::emu::reset_runtime();
  }
  ts::emu::Settings saved_;
};

template <typename T>
T* device_array(std::size_t n) {
  void* p = nullptr;
  EXPECT_EQ(cudaMalloc(&p, n * sizeof(T)), cudaSuccess);
  return static_cast<T*>(p);
}

template <typename T>
std::vector<T> to_host(const T* d, std::size_t n) {
  std::vector<T> h(n);
  EXPECT_EQ(cudaMemcpy(h.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost), cudaSuccess);
  return h;
}

// ---- barriers -----------------------------------------------------------

__global__ void divergent_barrier(int* out) {
  if (threadIdx.x < 16) {
    __syncthreads();
  } else {
    __syncthreads();
  }
  out[threadIdx.x] = 1;
}

__global__ void early_return(int* out) {
  if (threadIdx.x == 3) return;
  __syncthreads();
  out[threadIdx.x] = 1;
}

TEST_F(Emulation, ThreadsAtDifferentBarriersFaultTheLaunchAndTheErrorSticks) {
  int* out = device_array<int>(64);
  TS_LAUNCH(1, 64, 0, nullptr, divergent_barrier)(out);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaErrorLaunchFailure);
  const std::string what = cudaGetErrorString(cudaErrorLaunchFailure);
  EXPECT_NE(what.find("different barriers"), std::string::npos) << what;
  EXPECT_NE(what.find("threads 0-15"), std::string::npos) << what;
  // Sticky, as on a GPU: every later call fails until the context is gone.
  void* p = nullptr;
  EXPECT_EQ(cudaMalloc(&p, 16), cudaErrorLaunchFailure);
  EXPECT_EQ(cudaGetLastError(), cudaErrorLaunchFailure);
  EXPECT_EQ(cudaMemcpy(&p, out, sizeof(int), cudaMemcpyDeviceToHost), cudaErrorLaunchFailure);
}

TEST_F(Emulation, AThreadThatReturnsWhileOthersWaitFaultsTheLaunch) {
  int* out = device_array<int>(64);
  TS_LAUNCH(1, 64, 0, nullptr, early_return)(out);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaErrorLaunchFailure);
  const std::string what = cudaGetErrorString(cudaErrorLaunchFailure);
  EXPECT_NE(what.find("threads 3 returned while"), std::string::npos) << what;
}

// ---- thread order -------------------------------------------------------

// Each thread reads its neighbour's shared slot: with the barrier the result
// is (t + 1) % 64 in every order; without it the order decides.
template <bool kBarrier>
__global__ void neighbour(int* out) {
  __shared__ int slot[64];
  const int t = threadIdx.x;
  slot[t] = -1;
  __syncthreads();
  slot[t] = t;
  if (kBarrier) __syncthreads();
  out[t] = slot[(t + 1) % 64];
}

std::vector<int> run_neighbour(bool barrier, ts::emu::ThreadOrder order, std::uint64_t seed = 1) {
  ts::emu::settings().order = order;
  ts::emu::settings().shuffle_seed = seed;
  int* out = device_array<int>(64);
  if (barrier)
    TS_LAUNCH(1, 64, 0, nullptr, neighbour<true>)(out);
  else
    TS_LAUNCH(1, 64, 0, nullptr, neighbour<false>)(out);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  auto h = to_host(out, 64);
  cudaFree(out);
  return h;
}

TEST_F(Emulation, AMissingBarrierShowsAsADifferenceBetweenThreadOrders) {
  using O = ts::emu::ThreadOrder;
  const auto fwd = run_neighbour(false, O::forward), rev = run_neighbour(false, O::reverse);
  EXPECT_EQ(fwd[0], -1);   // thread 1 had not run yet
  EXPECT_EQ(rev[0], 1);    // thread 1 had run
  EXPECT_NE(fwd, rev);
  // Seeded shuffles: the same seed gives the same result, another seed another one.
  EXPECT_EQ(run_neighbour(false, O::shuffled, 7), run_neighbour(false, O::shuffled, 7));
  EXPECT_NE(run_neighbour(false, O::shuffled, 7), run_neighbour(false, O::shuffled, 8));
  std::vector<int> expected(64);
  for (int t = 0; t < 64; ++t) expected[t] = (t + 1) % 64;
  for (O o : {O::forward, O::reverse, O::shuffled}) EXPECT_EQ(run_neighbour(true, o, 3), expected);
}

// ---- CUB stand-in and the large-sums reduction --------------------------

__global__ void block_sum(const double* in, double* out) {
  using Reduce = cub::BlockReduce<double, 128>;
  __shared__ typename Reduce::TempStorage storage;
  out[threadIdx.x] = Reduce(storage).Reduce(in[threadIdx.x], cub::Sum());
}

TEST_F(Emulation, BlockReduceAddsInCubsWarpTreeOrderAndPoisonsOtherThreads) {
  // Values whose double sum depends on the order of the additions: 1e16
  // absorbs a lone 1.0 (half an ulp, ties to even) but not a pair.
  std::vector<double> v(128, 1.0);
  v[0] = 1e16;
  double* in = device_array<double>(128);
  double* out = device_array<double>(128);
  ASSERT_EQ(cudaMemcpy(in, v.data(), 128 * sizeof(double), cudaMemcpyHostToDevice), cudaSuccess);
  TS_LAUNCH(1, 128, 0, nullptr, block_sum)(in, out);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  const auto got = to_host(out, 128);
  // CUB's order (BLOCK_REDUCE_WARP_REDUCTIONS): a pairwise tree within each
  // warp of 32, then the warps' totals added in warp order on thread 0.
  double total = 0.0;
  for (int w = 0; w < 4; ++w) {
    std::vector<double> lane(v.begin() + 32 * w, v.begin() + 32 * w + 32);
    for (int stride = 1; stride < 32; stride *= 2)
      for (int l = 0; l + stride < 32; l += 2 * stride) lane[l] += lane[l + stride];
    total = w == 0 ? lane[0] : total + lane[0];
  }
  const double sequential = std::accumulate(v.begin(), v.end(), 0.0);
  ASSERT_NE(std::memcmp(&total, &sequential, sizeof total), 0) << "the values should tell the orders apart";
  EXPECT_EQ(std::memcmp(&got[0], &total, sizeof total), 0) << got[0] << " vs " << total;
  for (int t = 1; t < 128; ++t) {
    unsigned char bytes[sizeof(double)];
    std::memcpy(bytes, &got[t], sizeof bytes);
    for (unsigned char b : bytes) ASSERT_EQ(b, 0xA5) << "thread " << t << " must not see the result";
  }
}

struct WideSums {   // a Sums the size of Bittensor's: reduced in shared memory
  std::int64_t row[64] = {};
  std::int32_t count = 0;
  __device__ __host__ void add(const WideSums& o) {
    for (int i = 0; i < 64; ++i) row[i] += o.row[i];
    count += o.count;
  }
};
static_assert(sizeof(WideSums) > ts::cuda::kRegisterSumsBytes, "takes the shared-memory form");

__global__ void wide_sum(WideSums* out) {
  using Reduce = ts::cuda::BlockSums<WideSums, 128>;
  __shared__ typename Reduce::TempStorage storage;
  WideSums mine;
  mine.row[threadIdx.x % 64] = threadIdx.x + 1;
  mine.count = 1;
  const WideSums total = Reduce::reduce(storage, mine);
  if (threadIdx.x == 0) *out = total;
}

TEST_F(Emulation, LargeSumsReduceThroughSharedMemoryInEveryThreadOrder) {
  for (auto order : {ts::emu::ThreadOrder::forward, ts::emu::ThreadOrder::reverse, ts::emu::ThreadOrder::shuffled}) {
    ts::emu::settings().order = order;
    WideSums* out = device_array<WideSums>(1);
    TS_LAUNCH(1, 128, 0, nullptr, wide_sum)(out);
    ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    const WideSums got = to_host(out, 1)[0];
    EXPECT_EQ(got.count, 128);
    for (int i = 0; i < 64; ++i) EXPECT_EQ(got.row[i], (i + 1) + (i + 65)) << "row " << i;
    cudaFree(out);
  }
}

// ---- the fake runtime ---------------------------------------------------

TEST_F(Emulation, FreshDeviceMemoryHoldsGarbageNotZeros) {
  unsigned char* p = device_array<unsigned char>(1000);
  const auto h = to_host(p, 1000);
  for (unsigned char b : h) ASSERT_EQ(b, 0xCD);
}

TEST_F(Emulation, OutOfMemoryIsInjectedByCallNumberAndByCapacity) {
  ts::emu::settings().failing_allocations = {2};
  void* a = nullptr;
  void* b = nullptr;
  void* c = nullptr;
  EXPECT_EQ(cudaMalloc(&a, 64), cudaSuccess);
  EXPECT_EQ(cudaMalloc(&b, 64), cudaErrorMemoryAllocation);
  EXPECT_EQ(b, nullptr);
  EXPECT_EQ(cudaGetLastError(), cudaErrorMemoryAllocation);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);   // not sticky
  EXPECT_EQ(cudaMalloc(&c, 64), cudaSuccess);
  ts::emu::settings().device_memory = 1 << 20;
  void* big = nullptr;
  EXPECT_EQ(cudaMalloc(&big, 2 << 20), cudaErrorMemoryAllocation);
  EXPECT_EQ(ts::emu::runtime_counters().live_allocations, 2u);
}

TEST_F(Emulation, CopiesOutsideAnAllocationAreRejected) {
  char* d = device_array<char>(16);
  char h[32] = {};
  EXPECT_NE(cudaMemcpy(h, d, 32, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_NE(cudaMemcpy(d + 8, h, 16, cudaMemcpyHostToDevice), cudaSuccess);
  EXPECT_EQ(cudaMemcpy(d, h, 16, cudaMemcpyHostToDevice), cudaSuccess);
}

// ---- the executor on the fake runtime -----------------------------------

ts::ionet::Params ionet_params() {
  const auto sc = ts::config::load_scenario(std::string(TS_SOURCE_DIR) + "/configs/ionet-small-network.toml",
                                            {"simulation.horizon=3d", "simulation.snapshot_every=1d"},
                                            ts::protocol_registry());
  return ts::build_ionet_params(sc, ts::config::expand_sweep(sc).front());
}

ts::PointPaths run_cuda(const ts::ionet::Params& p, std::int64_t paths, std::int64_t batch) {
  ts::cuda::CudaOptions opt;
  opt.max_batch_paths = batch;
  ts::PointPaths out;
  ts::cuda::run_paths_cuda<ts::ionet::IonetModel>(p, 11, 0, paths, opt, nullptr, out);
  return out;
}

ts::PointPaths run_cpu(const ts::ionet::Params& p, std::int64_t paths) {
  ts::CpuOptions opt;
  opt.threads = 1;
  ts::PointPaths out;
  ts::run_paths_cpu<ts::ionet::IonetModel>(p, 11, 0, paths, opt, nullptr, out);
  return out;
}

void expect_same_bits(const ts::PointPaths& a, const ts::PointPaths& b) {
  ASSERT_EQ(a.values.size(), b.values.size());
  EXPECT_EQ(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)), 0);
  EXPECT_EQ(a.event_step, b.event_step);
}

TEST_F(Emulation, ExecutorAllocatesDeviceBuffersOncePerPointNotPerBatch) {
  const auto p = ionet_params();
  run_cuda(p, 2, 1);   // the runtime's own first-use allocations out of the way
  const auto before_two = ts::emu::runtime_counters().mallocs;
  const auto two_batches = run_cuda(p, 4, 2);
  const auto for_two = ts::emu::runtime_counters().mallocs - before_two;
  const auto before_four = ts::emu::runtime_counters().mallocs;
  const auto four_batches = run_cuda(p, 4, 1);
  const auto for_four = ts::emu::runtime_counters().mallocs - before_four;
  EXPECT_GT(for_two, 0u);
  EXPECT_EQ(for_two, for_four) << "allocations must not grow with the number of batches";
  EXPECT_EQ(ts::emu::runtime_counters().live_allocations, 0u) << "every buffer freed after the point";
  expect_same_bits(two_batches, four_batches);
}

TEST_F(Emulation, ExecutorHalvesTheBatchWhenTheDeviceRunsOutOfMemory) {
  const auto p = ionet_params();
  const auto cpu = run_cpu(p, 4);
  // Fail the point's first batch buffer (call 1 is the parameters): the
  // executor must retry with half the batch and still give the CPU's bits.
  ts::emu::reset_runtime();
  ts::emu::settings().failing_allocations = {2};
  const auto gpu = run_cuda(p, 4, 4);
  expect_same_bits(cpu, gpu);
}

}  // namespace

namespace {

// ---- the device reduction of a batch (cuda/digest_kernels.cu) -------------

TEST_F(Emulation, DeviceWideCubStandInsRefuseHostMemoryAndShortStorage) {
  std::uint64_t host_keys[4] = {3, 1, 2, 0};
  double host_values[4] = {0, 1, 2, 3};
  std::size_t bytes = 0;
  ASSERT_EQ(cub::DeviceRadixSort::SortPairs(nullptr, bytes, host_keys, host_keys, host_values, host_values, 4),
            cudaSuccess);
  void* temp = nullptr;
  ASSERT_EQ(cudaMalloc(&temp, bytes), cudaSuccess);
  EXPECT_NE(cub::DeviceRadixSort::SortPairs(temp, bytes, host_keys, host_keys, host_values, host_values, 4),
            cudaSuccess) << "host pointers must fail as on a device";
  ts::emu::reset_runtime();
  ASSERT_EQ(cudaMalloc(&temp, bytes), cudaSuccess);
  std::size_t short_bytes = bytes - 1;
  EXPECT_NE(cub::DeviceRadixSort::SortPairs(temp, short_bytes, host_keys, host_keys, host_values, host_values, 4),
            cudaSuccess) << "too little temporary storage must fail";
}

// The executor's digest of a point against the host's reduction of the CPU
// executor's values, with device batches of 2 paths (their runs concatenated):
// every cell folds to the same accumulator, and the kept rows are the CPU's.
TEST_F(Emulation, DigestOnTheDeviceFoldsToTheCpuValuesBits) {
  const auto p = ionet_params();
  constexpr std::int64_t paths = 5;
  ts::BatchRequest request;
  request.metrics = {ts::Metric::price_usd, ts::Metric::providers_active, ts::Metric::ledger_residual,
                     ts::Metric::burned_cum};
  request.samples = 4;
  request.keep = 2;
  request.bucket_bits = 6;
  ts::CpuOptions cpu_opt;
  cpu_opt.metrics = request.metrics;
  ts::PointPaths cpu;
  ts::run_paths_cpu<ts::ionet::IonetModel>(p, 11, 0, paths, cpu_opt, nullptr, cpu);
  for (const bool exact : {true, false}) {
    request.exact_values = exact;
    ts::cuda::CudaOptions opt;
    opt.max_batch_paths = 2;
    opt.digest = &request;
    ts::PointPaths gpu;
    ts::cuda::run_paths_cuda<ts::ionet::IonetModel>(p, 11, 0, paths, opt, nullptr, gpu);
    ASSERT_TRUE(gpu.digested);
    EXPECT_EQ(gpu.event_step, cpu.event_step);
    ASSERT_EQ(gpu.kept_rows, 2);
    ASSERT_EQ(gpu.horizon_rows, 4);
    for (std::int64_t i = 0; i < gpu.kept_rows; ++i)
      for (std::int32_t t = 0; t < cpu.n_time; ++t)
        for (std::size_t k = 0; k < cpu.n_metrics(); ++k) EXPECT_EQ(gpu.at(i, t, k), cpu.at(i, t, k));
    for (std::int64_t i = 0; i < gpu.horizon_rows; ++i)
      for (std::size_t k = 0; k < cpu.n_metrics(); ++k)
        EXPECT_EQ(gpu.horizon[static_cast<std::size_t>(i) * cpu.n_metrics() + k], cpu.at(i, cpu.n_time - 1, k));
    ASSERT_EQ(gpu.cells.size(), static_cast<std::size_t>(cpu.n_time) * cpu.n_metrics());
    for (std::size_t c = 0; c < gpu.cells.size(); ++c) {
      const auto t = static_cast<std::int32_t>(c / cpu.n_metrics());
      const std::size_t k = c % cpu.n_metrics();
      ts::stats::ValueAccumulator by_value(exact ? 100 : 1, 6), by_digest(exact ? 100 : 1, 6);
      for (std::int64_t i = 0; i < paths; ++i) by_value.add(cpu.at(i, t, k));
      by_digest.add_digest(gpu.cells[c]);
      EXPECT_EQ(by_digest.count(), static_cast<std::uint64_t>(paths));
      EXPECT_EQ(std::memcmp(&by_value.moments(), &by_digest.moments(), sizeof(ts::stats::MomentSums)), 0) << c;
      const auto a = by_value.summary(), b = by_digest.summary();
      EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0) << c;
      for (double q : {0.0, 0.3, 0.5, 1.0}) EXPECT_EQ(by_value.quantile(q), by_digest.quantile(q)) << c;
      EXPECT_EQ(gpu.cells[c].values.size(), exact ? static_cast<std::size_t>(paths) : 0u);
    }
  }
  EXPECT_EQ(ts::emu::runtime_counters().live_allocations, 0u) << "every buffer freed after the point";
}

}  // namespace
