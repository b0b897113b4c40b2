// The IO.net model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/ionet/model.hpp"

TS_INSTANTIATE_KERNELS(ts::ionet::IonetModel)
