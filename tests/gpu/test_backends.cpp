// The same checks on both backends (one test body, parameterised by the
// backend), and bit-for-bit parity of the CUDA executor with the CPU
// executor on every shipped scenario (DESIGN.md principle 4; CCCL's tests
// run one algorithm on host and device and assert equality).
//
// Without a CUDA device the CUDA cases skip; TOKENSTRESS_REQUIRE_GPU=1 turns
// the skip into a failure, for machines that must have one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "cuda/cuda_executor.hpp"
#include "host/config/loader.hpp"
#include "host/config/sweep.hpp"
#include "host/exec/cpu_executor.hpp"
#include "host/protocols/ionet_params.hpp"
#include "host/protocols/protocol_run.hpp"
#include "host/protocols/registry.hpp"
#include "models/protocols/ionet/model.hpp"

namespace {

namespace fs = std::filesystem;

bool gpu_required() {
  const char* v = std::getenv("TOKENSTRESS_REQUIRE_GPU");
  return v != nullptr && std::string(v) == "1";
}

bool gpu_present() { return ts::cuda::configured() && ts::cuda::device_count() > 0; }

#define TS_REQUIRE_GPU_OR_SKIP()                                                                         \
  do {                                                                                                  \
    if (!gpu_present()) {                                                                               \
      if (gpu_required()) FAIL() << "TOKENSTRESS_REQUIRE_GPU=1 but no CUDA device is usable (configured=" \
                                 << ts::cuda::configured() << ")";                                       \
      GTEST_SKIP() << "no CUDA device";                                                                 \
    }                                                                                                   \
  } while (0)

enum class Backend { cpu, cuda };
void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::cpu ? "cpu" : "cuda"); }

ts::PointPaths run(Backend b, const ts::ionet::Params& p, std::int64_t first, std::int64_t paths,
                   std::int64_t batch) {
  ts::PointPaths out;
  if (b == Backend::cpu) {
    ts::CpuOptions opt;
    opt.threads = 2;
    opt.batch_paths = batch;
    ts::run_paths_cpu<ts::ionet::IonetModel>(p, 20240605, first, paths, opt, nullptr, out);
  } else {
    ts::cuda::CudaOptions opt;
    opt.max_batch_paths = batch;
    opt.steps_per_launch = 100;   // not a divisor of the horizon: chunk edges are tested too
    ts::cuda::run_paths_cuda<ts::ionet::IonetModel>(p, 20240605, first, paths, opt, nullptr, out);
  }
  return out;
}

ts::config::Scenario load(const std::string& file, std::vector<std::string> overrides) {
  return ts::config::load_scenario(file, overrides, ts::protocol_registry());
}

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(std::string(TS_SOURCE_DIR) + "/configs"))
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// ---- one test body, both backends

class BothBackends : public ::testing::TestWithParam<Backend> {};

TEST_P(BothBackends, IonetLedgerConservedInEveryPath) {
  if (GetParam() == Backend::cuda) TS_REQUIRE_GPU_OR_SKIP();
  const auto sc = load(std::string(TS_SOURCE_DIR) + "/configs/ionet-fake-uptime.toml",
                       {"simulation.horizon=30d", "simulation.snapshot_every=1d"});
  const auto p = ts::build_ionet_params(sc, ts::config::expand_sweep(sc).front());
  const auto r = run(GetParam(), p, 0, 8, 3);
  for (std::int64_t i = 0; i < r.n_paths; ++i)
    for (std::int32_t t = 0; t < r.n_time; ++t)
      ASSERT_EQ(r.value(i, t, static_cast<int>(ts::Metric::ledger_residual)), 0.0) << "path " << i << " t " << t;
}

TEST_P(BothBackends, PathResultDependsOnlyOnItsIndex) {
  if (GetParam() == Backend::cuda) TS_REQUIRE_GPU_OR_SKIP();
  const auto sc = load(std::string(TS_SOURCE_DIR) + "/configs/ionet.toml",
                       {"simulation.horizon=14d", "simulation.snapshot_every=1d"});
  const auto p = ts::build_ionet_params(sc, ts::config::expand_sweep(sc).front());
  const auto all = run(GetParam(), p, 0, 6, 6);
  const auto tail = run(GetParam(), p, 3, 3, 1);   // paths 3..5 alone, one per batch
  for (std::int64_t i = 0; i < 3; ++i)
    for (std::int32_t t = 0; t < all.n_time; ++t)
      for (int m = 0; m < ts::kMetricCount; ++m)
        ASSERT_EQ(std::memcmp(&all.at(3 + i, t, m), &tail.at(i, t, m), sizeof(double)), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, BothBackends, ::testing::Values(Backend::cpu, Backend::cuda),
                         [](const auto& info) { return info.param == Backend::cpu ? "cpu" : "cuda"; });

// ---- parity: every shipped scenario of every protocol, several points,
// batches of 3 paths, through the protocol-generic ProtocolRun

TEST(CudaParity, EveryShippedScenarioBitForBit) {
  TS_REQUIRE_GPU_OR_SKIP();
  for (const std::string& file : shipped_scenarios()) {
    const auto sc = load(file, {"simulation.horizon=21d", "simulation.snapshot_every=1d"});
    const auto run = ts::make_protocol_run(sc);
    const std::size_t n = run->point_count();
    for (std::size_t k = 0; k < n; k += n > 3 ? n / 3 : 1) {
      ts::CpuOptions cpu_opt;
      cpu_opt.threads = 2;
      ts::cuda::CudaOptions gpu_opt;
      gpu_opt.max_batch_paths = 3;
      gpu_opt.steps_per_launch = 100;
      ts::PointPaths cpu, gpu;
      run->run_point(k, false, 20240605, 0, 7, cpu_opt, gpu_opt, nullptr, cpu);
      run->run_point(k, true, 20240605, 0, 7, cpu_opt, gpu_opt, nullptr, gpu);
      ASSERT_EQ(cpu.values.size(), gpu.values.size());
      ASSERT_EQ(cpu.metrics, gpu.metrics);
      for (std::int64_t path = 0; path < cpu.n_paths; ++path)
        for (std::int32_t t = 0; t < cpu.n_time; ++t)
          for (std::size_t m = 0; m < cpu.n_metrics(); ++m)
            if (std::memcmp(&cpu.at(path, t, m), &gpu.at(path, t, m), sizeof(double)) != 0)
              FAIL() << fs::path(file).filename() << " point " << k << ": path " << path << " snapshot " << t
                     << " metric " << ts::kMetricInfo[static_cast<int>(cpu.metrics[m])].name << ": cpu "
                     << cpu.at(path, t, m) << " cuda " << gpu.at(path, t, m);
      EXPECT_EQ(cpu.event_step, gpu.event_step) << fs::path(file).filename() << " point " << k;
    }
  }
}

}  // namespace
