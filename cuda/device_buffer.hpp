#pragma once
// RAII owners of device memory, pinned host memory and streams, compiled by the host compiler
// (Celeritas' DeviceVector, pbrt-v4's allocators): nothing leaks on an
// exception, and an out-of-memory error reaches the caller as a CudaError it
// can answer with a smaller batch.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>

#include "cuda/cuda_check.hpp"

namespace ts::cuda {

// Device memory and page-locked host memory: the two kinds the executor
// owns, each a pair of runtime calls.
struct DeviceMemory {
  static constexpr const char* kAllocate = "cudaMalloc";
  static cudaError_t allocate(void** p, std::size_t bytes) { return cudaMalloc(p, bytes); }
  static void release(void* p) { cudaFree(p); }
};
// Page-locked host memory for what the kernels' results are copied back
// into: the copy runs at the link's full rate instead of through a staging
// buffer.
struct PinnedMemory {
  static constexpr const char* kAllocate = "cudaMallocHost";
  static cudaError_t allocate(void** p, std::size_t bytes) { return cudaMallocHost(p, bytes); }
  static void release(void* p) { cudaFreeHost(p); }
};

// n elements of T in memory of kind `Memory`, freed on destruction.
template <typename T, class Memory>
class Allocation {
 public:
  Allocation() = default;
  explicit Allocation(std::size_t n) : n_(n) {
    if (n > 0) check(Memory::allocate(reinterpret_cast<void**>(&ptr_), n * sizeof(T)), Memory::kAllocate, __FILE__,
                     __LINE__);
  }
  ~Allocation() {
    if (ptr_) Memory::release(ptr_);
  }
  Allocation(const Allocation&) = delete;
  Allocation& operator=(const Allocation&) = delete;
  Allocation(Allocation&& o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  Allocation& operator=(Allocation&& o) noexcept {
    if (this != &o) {
      if (ptr_) Memory::release(ptr_);
      ptr_ = std::exchange(o.ptr_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }

  T* data() { return ptr_; }
  const T* data() const { return ptr_; }
  std::size_t size() const { return n_; }

 private:
  T* ptr_ = nullptr;
  std::size_t n_ = 0;
};

template <typename T>
class DeviceBuffer : public Allocation<T, DeviceMemory> {
 public:
  using Allocation<T, DeviceMemory>::Allocation;

  void copy_from_host(const T* src, std::size_t n, cudaStream_t stream) {
    TS_CUDA_CHECK(cudaMemcpyAsync(this->data(), src, n * sizeof(T), cudaMemcpyHostToDevice, stream));
  }
  void copy_to_host(T* dst, std::size_t n, cudaStream_t stream) const {
    TS_CUDA_CHECK(cudaMemcpyAsync(dst, this->data(), n * sizeof(T), cudaMemcpyDeviceToHost, stream));
  }
};

template <typename T>
using PinnedBuffer = Allocation<T, PinnedMemory>;

class Stream {
 public:
  Stream() { TS_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
  ~Stream() {
    if (s_) cudaStreamDestroy(s_);
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  cudaStream_t get() const { return s_; }
  void synchronize() const { TS_CUDA_CHECK(cudaStreamSynchronize(s_)); }

 private:
  cudaStream_t s_ = nullptr;
};

}  // namespace ts::cuda
