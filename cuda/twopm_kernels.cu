// The 2PM.Network model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/twopm/model.hpp"

TS_INSTANTIATE_KERNELS(ts::twopm::TwopmModel)
