#pragma once
// Each protocol instantiates the CUDA executor for its model in its own
// host file (host/protocols/<name>_run.cpp) with TS_INSTANTIATE_CUDA_EXECUTOR,
// and its kernels in cuda/<name>_kernels.cu with TS_INSTANTIATE_KERNELS.
// In a build without nvcc the executor is a stub that says "not configured".
#include <stdexcept>

#include "cuda/cuda_executor.hpp"

#ifdef TOKENSTRESS_HAVE_CUDA
#include "cuda/cuda_executor_impl.hpp"
#else
namespace ts::cuda {
template <class M>
void run_paths_cuda(const typename M::Params&, std::uint64_t, std::int64_t, std::int64_t, const CudaOptions&,
                    const PathsDone*, PointPaths&) {
  throw std::runtime_error("the CUDA executor is not configured in this build (nvcc was not found at configure time)");
}
}  // namespace ts::cuda
#endif

#define TS_INSTANTIATE_CUDA_EXECUTOR(MODEL)                                                                 \
  template void ts::cuda::run_paths_cuda<MODEL>(const MODEL::Params&, std::uint64_t, std::int64_t,         \
                                                std::int64_t, const ts::cuda::CudaOptions&, const ts::PathsDone*, \
                                                ts::PointPaths&);
