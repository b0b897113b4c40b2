// The emulation's CUDA runtime (the API of include/cuda_runtime_api.h) on
// the CPU. Device memory is host memory filled with 0xCD, inside a device of
// settings().device_memory bytes; streams are in order and every operation
// completes before the call returns (a real stream would only have queued
// it, so a program that is right here may still forget a synchronisation:
// that is one of the things only a GPU shows). Errors follow the runtime's
// rules: a failed call sets the last error (cudaGetLastError reads and
// clears it); a kernel fault is sticky, and every later call returns it.
#include <cuda_runtime_api.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "cuda/emulation/block_scheduler.hpp"
#include "cuda/emulation/launch.hpp"
#include "cuda/emulation/settings.hpp"

struct CUstream_st {
  unsigned flags;
};

namespace ts::emu {

namespace {

constexpr unsigned char kGarbage = 0xCD;   // what fresh device memory holds

struct Runtime {
  std::mutex lock;
  std::map<std::uintptr_t, std::size_t> device;   // allocation start -> bytes
  std::map<std::uintptr_t, std::size_t> pinned;
  std::set<cudaStream_t> streams;
  std::size_t device_used = 0;
  std::uint64_t mallocs = 0;   // cudaMalloc calls so far
  cudaError_t last = cudaSuccess;
  cudaError_t sticky = cudaSuccess;
  std::string sticky_message;  // cudaGetErrorString of the sticky error
  int device_id = 0;
};

Runtime& rt() {
  static Runtime r;
  return r;
}

cudaError_t fail(Runtime& r, cudaError_t e) {
  r.last = e;
  return e;
}

// The error every call returns before doing anything, if any.
cudaError_t blocked(Runtime& r) {
  if (settings().init_error != 0) return fail(r, static_cast<cudaError_t>(settings().init_error));
  if (r.sticky != cudaSuccess) return fail(r, r.sticky);
  if (settings().devices <= 0) return fail(r, cudaErrorNoDevice);
  return cudaSuccess;
}

// The allocation of `table` holding [p, p + bytes), or nullptr.
bool inside(const std::map<std::uintptr_t, std::size_t>& table, const void* p, std::size_t bytes) {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  auto it = table.upper_bound(a);
  if (it == table.begin()) return false;
  --it;
  return a >= it->first && a + bytes <= it->first + it->second;
}

bool is_device(Runtime& r, const void* p, std::size_t bytes) { return inside(r.device, p, bytes); }

cudaError_t copy(Runtime& r, void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
  if (const cudaError_t e = blocked(r)) return e;
  if (bytes == 0) return cudaSuccess;
  const bool dst_dev = is_device(r, dst, bytes), src_dev = is_device(r, src, bytes);
  bool ok = false;
  switch (kind) {
    case cudaMemcpyHostToDevice: ok = dst_dev && !inside(r.device, src, 1); break;
    case cudaMemcpyDeviceToHost: ok = src_dev && !inside(r.device, dst, 1); break;
    case cudaMemcpyDeviceToDevice: ok = dst_dev && src_dev; break;
    case cudaMemcpyHostToHost: ok = !inside(r.device, dst, 1) && !inside(r.device, src, 1); break;
    case cudaMemcpyDefault: ok = (dst_dev || !inside(r.device, dst, 1)) && (src_dev || !inside(r.device, src, 1)); break;
    default: return fail(r, cudaErrorInvalidMemcpyDirection);
  }
  if (!ok) return fail(r, cudaErrorInvalidValue);   // outside an allocation, or the wrong side
  std::memmove(dst, src, bytes);
  return cudaSuccess;
}

bool stream_ok(Runtime& r, cudaStream_t s) { return s == nullptr || r.streams.count(s) > 0; }

}  // namespace

void reset_runtime() {
  Runtime& r = rt();
  std::lock_guard<std::mutex> g(r.lock);
  for (const auto& [p, n] : r.device) std::free(reinterpret_cast<void*>(p));
  for (const auto& [p, n] : r.pinned) std::free(reinterpret_cast<void*>(p));
  for (cudaStream_t s : r.streams) delete s;
  r.device.clear();
  r.pinned.clear();
  r.streams.clear();
  r.device_used = 0;
  r.mallocs = 0;
  r.last = r.sticky = cudaSuccess;
  r.sticky_message.clear();
}

RuntimeCounters runtime_counters() {
  Runtime& r = rt();
  std::lock_guard<std::mutex> g(r.lock);
  return RuntimeCounters{r.mallocs, r.device.size(), r.device_used};
}

void launch_kernel(const char* kernel_name, dim3 grid, dim3 block, std::size_t shared_bytes, cudaStream_t stream,
                   const std::function<void()>& thread_body) {
  Runtime& r = rt();
  {
    std::lock_guard<std::mutex> g(r.lock);
    if (blocked(r)) return;
    const std::uint64_t threads = static_cast<std::uint64_t>(block.x) * block.y * block.z;
    if (threads == 0 || threads > 1024 || block.z > 64 || grid.x == 0 || grid.y == 0 || grid.z == 0 ||
        grid.y > 65535 || grid.z > 65535 || shared_bytes > (48u << 10)) {
      fail(r, cudaErrorInvalidConfiguration);
      return;
    }
    if (!stream_ok(r, stream)) {
      fail(r, cudaErrorInvalidResourceHandle);
      return;
    }
  }
  const std::string fault = run_grid(kernel_name, grid, block, thread_body);
  if (fault.empty()) return;
  std::lock_guard<std::mutex> g(r.lock);
  r.sticky = r.last = cudaErrorLaunchFailure;
  r.sticky_message = "unspecified launch failure (CUDA emulation: " + fault + ")";
  std::fprintf(stderr, "tokenstress CUDA emulation: kernel fault: %s\n", fault.c_str());
}

}  // namespace ts::emu

using ts::emu::rt;
using ts::emu::Runtime;
using ts::emu::settings;

#define TS_EMU_GUARD                        \
  Runtime& r = rt();                        \
  std::lock_guard<std::mutex> guard(r.lock); \
  if (const cudaError_t e = ts::emu::blocked(r)) return e

cudaError_t cudaGetDeviceCount(int* count) {
  Runtime& r = rt();
  std::lock_guard<std::mutex> guard(r.lock);
  *count = 0;
  if (settings().init_error != 0) return ts::emu::fail(r, static_cast<cudaError_t>(settings().init_error));
  if (settings().devices <= 0) return ts::emu::fail(r, cudaErrorNoDevice);
  *count = settings().devices;
  return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
  TS_EMU_GUARD;
  if (device < 0 || device >= settings().devices) return ts::emu::fail(r, cudaErrorInvalidDevice);
  std::memset(prop, 0, sizeof *prop);
  const int workers = settings().workers > 0 ? settings().workers : static_cast<int>(std::thread::hardware_concurrency());
  std::snprintf(prop->name, sizeof prop->name, "CUDA emulation on the CPU (fibers, %s thread order)",
                settings().order == ts::emu::ThreadOrder::forward   ? "forward"
                : settings().order == ts::emu::ThreadOrder::reverse ? "reverse"
                                                                    : "shuffled");
  prop->totalGlobalMem = settings().device_memory;
  prop->sharedMemPerBlock = 48u << 10;
  prop->regsPerBlock = 65536;
  prop->warpSize = 32;
  prop->maxThreadsPerBlock = 1024;
  prop->maxThreadsDim[0] = prop->maxThreadsDim[1] = 1024;
  prop->maxThreadsDim[2] = 64;
  prop->maxGridSize[0] = 0x7fffffff;
  prop->maxGridSize[1] = prop->maxGridSize[2] = 65535;
  prop->major = 9;
  prop->minor = 0;
  prop->multiProcessorCount = workers;
  prop->maxThreadsPerMultiProcessor = 2048;
  return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
  TS_EMU_GUARD;
  if (device < 0 || device >= settings().devices) return ts::emu::fail(r, cudaErrorInvalidDevice);
  r.device_id = device;
  return cudaSuccess;
}

cudaError_t cudaGetDevice(int* device) {
  TS_EMU_GUARD;
  *device = r.device_id;
  return cudaSuccess;
}

// The emulation stands for the toolkit it is built beside: 13.0.
cudaError_t cudaDriverGetVersion(int* version) {
  *version = settings().init_error == cudaErrorInsufficientDriver ? 12020 : 13000;
  return cudaSuccess;
}
cudaError_t cudaRuntimeGetVersion(int* version) {
  *version = 13000;
  return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize() {
  TS_EMU_GUARD;
  return cudaSuccess;
}

cudaError_t cudaMalloc(void** ptr, std::size_t bytes) {
  *ptr = nullptr;
  TS_EMU_GUARD;
  ++r.mallocs;
  const auto& failing = settings().failing_allocations;
  if (std::find(failing.begin(), failing.end(), r.mallocs) != failing.end())
    return ts::emu::fail(r, cudaErrorMemoryAllocation);
  if (bytes > settings().device_memory - r.device_used) return ts::emu::fail(r, cudaErrorMemoryAllocation);
  if (bytes == 0) return cudaSuccess;
  void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);   // cudaMalloc aligns to at least 256 bytes
  if (p == nullptr) return ts::emu::fail(r, cudaErrorMemoryAllocation);
  std::memset(p, ts::emu::kGarbage, bytes);
  r.device[reinterpret_cast<std::uintptr_t>(p)] = bytes;
  r.device_used += bytes;
  *ptr = p;
  return cudaSuccess;
}

cudaError_t cudaFree(void* ptr) {
  if (ptr == nullptr) return cudaSuccess;
  TS_EMU_GUARD;
  const auto it = r.device.find(reinterpret_cast<std::uintptr_t>(ptr));
  if (it == r.device.end()) return ts::emu::fail(r, cudaErrorInvalidValue);
  r.device_used -= it->second;
  std::free(ptr);
  r.device.erase(it);
  return cudaSuccess;
}

cudaError_t cudaHostAlloc(void** ptr, std::size_t bytes, unsigned int) {
  *ptr = nullptr;
  TS_EMU_GUARD;
  void* p = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096 + 4096);
  if (p == nullptr) return ts::emu::fail(r, cudaErrorMemoryAllocation);
  std::memset(p, ts::emu::kGarbage, bytes);
  r.pinned[reinterpret_cast<std::uintptr_t>(p)] = bytes;
  *ptr = p;
  return cudaSuccess;
}

cudaError_t cudaMallocHost(void** ptr, std::size_t bytes) { return cudaHostAlloc(ptr, bytes, cudaHostAllocDefault); }

cudaError_t cudaFreeHost(void* ptr) {
  if (ptr == nullptr) return cudaSuccess;
  TS_EMU_GUARD;
  const auto it = r.pinned.find(reinterpret_cast<std::uintptr_t>(ptr));
  if (it == r.pinned.end()) return ts::emu::fail(r, cudaErrorInvalidValue);
  std::free(ptr);
  r.pinned.erase(it);
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(std::size_t* free_bytes, std::size_t* total_bytes) {
  TS_EMU_GUARD;
  *total_bytes = settings().device_memory;
  *free_bytes = settings().device_memory - r.device_used;
  return cudaSuccess;
}

cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
  Runtime& r = rt();
  std::lock_guard<std::mutex> guard(r.lock);
  return ts::emu::copy(r, dst, src, bytes, kind);
}

cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind, cudaStream_t s) {
  Runtime& r = rt();
  std::lock_guard<std::mutex> guard(r.lock);
  if (!ts::emu::stream_ok(r, s)) return ts::emu::fail(r, cudaErrorInvalidResourceHandle);
  return ts::emu::copy(r, dst, src, bytes, kind);
}

cudaError_t cudaMemset(void* ptr, int value, std::size_t bytes) {
  TS_EMU_GUARD;
  if (!ts::emu::is_device(r, ptr, bytes)) return ts::emu::fail(r, cudaErrorInvalidValue);
  std::memset(ptr, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemsetAsync(void* ptr, int value, std::size_t bytes, cudaStream_t s) {
  {
    Runtime& r = rt();
    std::lock_guard<std::mutex> guard(r.lock);
    if (!ts::emu::stream_ok(r, s)) return ts::emu::fail(r, cudaErrorInvalidResourceHandle);
  }
  return cudaMemset(ptr, value, bytes);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags) {
  *stream = nullptr;
  TS_EMU_GUARD;
  *stream = new CUstream_st{flags};
  r.streams.insert(*stream);
  return cudaSuccess;
}

cudaError_t cudaStreamCreate(cudaStream_t* stream) { return cudaStreamCreateWithFlags(stream, cudaStreamDefault); }

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  TS_EMU_GUARD;
  if (r.streams.erase(stream) == 0) return ts::emu::fail(r, cudaErrorInvalidResourceHandle);
  delete stream;
  return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  TS_EMU_GUARD;
  if (!ts::emu::stream_ok(r, stream)) return ts::emu::fail(r, cudaErrorInvalidResourceHandle);
  return cudaSuccess;
}

cudaError_t cudaGetLastError() {
  Runtime& r = rt();
  std::lock_guard<std::mutex> guard(r.lock);
  const cudaError_t e = r.last;
  r.last = r.sticky;   // a sticky error cannot be cleared
  return e;
}

cudaError_t cudaPeekAtLastError() {
  Runtime& r = rt();
  std::lock_guard<std::mutex> guard(r.lock);
  return r.last;
}

const char* cudaGetErrorName(cudaError_t error) {
  switch (error) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInitializationError: return "cudaErrorInitializationError";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorInvalidMemcpyDirection: return "cudaErrorInvalidMemcpyDirection";
    case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
    case cudaErrorNoDevice: return "cudaErrorNoDevice";
    case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
    case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
    case cudaErrorNotReady: return "cudaErrorNotReady";
    case cudaErrorIllegalAddress: return "cudaErrorIllegalAddress";
    case cudaErrorLaunchOutOfResources: return "cudaErrorLaunchOutOfResources";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    default: return "cudaErrorUnknown";
  }
}

const char* cudaGetErrorString(cudaError_t error) {
  Runtime& r = rt();
  {
    std::lock_guard<std::mutex> guard(r.lock);
    if (error == r.sticky && !r.sticky_message.empty()) return r.sticky_message.c_str();
  }
  switch (error) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInitializationError: return "initialization error";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorInvalidMemcpyDirection: return "invalid copy direction for memcpy";
    case cudaErrorInsufficientDriver: return "CUDA driver version is insufficient for CUDA runtime version";
    case cudaErrorNoDevice: return "no CUDA-capable device is detected";
    case cudaErrorInvalidDevice: return "invalid device ordinal";
    case cudaErrorInvalidResourceHandle: return "invalid resource handle";
    case cudaErrorNotReady: return "device not ready";
    case cudaErrorIllegalAddress: return "an illegal memory access was encountered";
    case cudaErrorLaunchOutOfResources: return "too many resources requested for launch";
    case cudaErrorLaunchFailure: return "unspecified launch failure";
    default: return "unknown error";
  }
}
