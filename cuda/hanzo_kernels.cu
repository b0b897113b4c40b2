// The Hanzo model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/hanzo/model.hpp"

TS_INSTANTIATE_KERNELS(ts::hanzo::HanzoModel)
