// The Phala model's kernels (one instantiation per protocol keeps nvcc lean).
#include "cuda/kernels.cuh"
#include "models/protocols/phala/model.hpp"

TS_INSTANTIATE_KERNELS(ts::phala::PhalaModel)
