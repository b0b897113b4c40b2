// The IO.net model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/ionet/model.hpp"

namespace ts::cuda {
template void launch_init<ionet::IonetModel>(const DeviceBatch<ionet::IonetModel>&, cudaStream_t);
template void launch_steps<ionet::IonetModel>(const DeviceBatch<ionet::IonetModel>&, std::int32_t, std::int32_t,
                                              cudaStream_t);
}  // namespace ts::cuda
