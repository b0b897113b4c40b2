// The CUDA executor's host side, instantiated for every protocol model.
#include "cuda/cuda_executor_impl.hpp"
#include "models/protocols/ionet/model.hpp"

namespace ts::cuda {

bool configured() { return true; }

template void run_paths_cuda<ionet::IonetModel>(const ionet::Params&, std::uint64_t, std::int64_t, std::int64_t,
                                                const CudaOptions&, Progress*, PointPaths&);

}  // namespace ts::cuda
