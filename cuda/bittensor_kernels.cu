// Bittensor kernels (cuda/kernels.cuh): one block per path, miners' columns
// of the weight and bond matrices across the block's threads.
#include "cuda/kernels.cuh"
#include "models/protocols/bittensor/model.hpp"

TS_INSTANTIATE_KERNELS(ts::bittensor::BittensorModel)
