// The CUDA executor's stand-in for builds without nvcc: it says so.
#ifndef TOKENSTRESS_HAVE_CUDA
#include <stdexcept>

#include "cuda/cuda_executor.hpp"
#include "models/protocols/ionet/model.hpp"

namespace ts::cuda {

bool configured() { return false; }
int device_count() { return 0; }
std::string describe_devices() { return "device cuda: not configured in this build (nvcc was not found)\n"; }

template <class M>
void run_paths_cuda(const typename M::Params&, std::uint64_t, std::int64_t, std::int64_t, const CudaOptions&,
                    Progress*, PointPaths&) {
  throw std::runtime_error("the CUDA executor is not configured in this build (nvcc was not found at configure time)");
}

template void run_paths_cuda<ionet::IonetModel>(const ionet::Params&, std::uint64_t, std::int64_t, std::int64_t,
                                                const CudaOptions&, Progress*, PointPaths&);

}  // namespace ts::cuda
#endif
