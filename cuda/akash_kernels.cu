// The Akash model's kernels.
#include "cuda/kernels.cuh"
#include "models/protocols/akash/model.hpp"

TS_INSTANTIATE_KERNELS(ts::akash::AkashModel)
