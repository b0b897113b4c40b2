#pragma once
// Every CUDA call is checked (DESIGN.md principle 7): a failure throws with
// the call, the file and line, and CUDA's own message. Compiled by the host
// compiler and by nvcc alike.
#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace ts::cuda {

class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t code, const std::string& what) : std::runtime_error(what), code_(code) {}
  cudaError_t code() const { return code_; }
  bool out_of_memory() const { return code_ == cudaErrorMemoryAllocation; }

 private:
  cudaError_t code_;
};

inline void check(cudaError_t rc, const char* call, const char* file, int line) {
  if (rc == cudaSuccess) return;
  throw CudaError(rc, std::string(file) + ":" + std::to_string(line) + ": " + call + ": " + cudaGetErrorName(rc) +
                          " (" + cudaGetErrorString(rc) + ")");
}

}  // namespace ts::cuda

#define TS_CUDA_CHECK(call) ::ts::cuda::check((call), #call, __FILE__, __LINE__)
